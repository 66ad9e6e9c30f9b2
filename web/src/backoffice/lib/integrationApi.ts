// The integration endpoints of the back office (admins): API clients of the billing system,
// webhooks with their delivery log, and the import runs. Paths relative to /api/v1/backoffice.
import { z } from 'zod';
import { ZImportRun } from '../../../../api/backoffice.ts';
import { ZCreatedClient, ZIntegrationClient, type TCreateClientRequest } from '../../../../api/integration.ts';
import { ZWebhookDelivery, ZWebhookSubscription, ZWebhookTestResult, ZWebhookUpdated, ZWebhookWithSecret, type TWebhookCreate, type TWebhookUpdate } from '../../../../api/integration-events.ts';
import { get, send, sendWithoutBody } from './api.ts';

const id = (value: string) => encodeURIComponent(value);

export function listClients(signal?: AbortSignal) {
  return get('/integration/clients', z.array(ZIntegrationClient), signal);
}

export function createClient(body: TCreateClientRequest) {
  return send('/integration/clients', ZCreatedClient, { method: 'POST', body });
}

export function revokeClient(clientId: string) {
  return send(`/integration/clients/${id(clientId)}/revoke`, ZIntegrationClient, { method: 'POST' });
}

export function listWebhooks(signal?: AbortSignal) {
  return get('/integration/webhooks', z.array(ZWebhookSubscription), signal);
}

export function createWebhook(body: TWebhookCreate) {
  return send('/integration/webhooks', ZWebhookWithSecret, { method: 'POST', body });
}

export function setWebhookActive(webhookId: string, active: boolean) {
  return send(`/integration/webhooks/${id(webhookId)}`, ZWebhookUpdated, { method: 'PATCH', body: { active } });
}

/** Changes URL, description or event types; with `rotate_secret` the answer carries the new secret (shown once). */
export function updateWebhook(webhookId: string, body: TWebhookUpdate) {
  return send(`/integration/webhooks/${id(webhookId)}`, ZWebhookUpdated, { method: 'PATCH', body });
}

export function deleteWebhook(webhookId: string): Promise<void> {
  return sendWithoutBody(`/integration/webhooks/${id(webhookId)}`, { method: 'DELETE' });
}

export function testWebhook(webhookId: string) {
  return send(`/integration/webhooks/${id(webhookId)}/test`, ZWebhookTestResult, { method: 'POST' });
}

export function webhookDeliveries(webhookId: string, signal?: AbortSignal) {
  return get(`/integration/webhooks/${id(webhookId)}/deliveries?limit=50`, z.array(ZWebhookDelivery), signal);
}

export function importRuns(signal?: AbortSignal) {
  return get('/import-runs?limit=20', z.array(ZImportRun), signal);
}
