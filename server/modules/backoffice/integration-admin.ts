// The back office's view of the integration (admins; ADR 0020, 0021, 0023): API clients of the
// billing system (the secret is shown once), webhook subscriptions with their delivery log, and the
// import runs. Thin: the integration module owns the rules; this adds the staff member as actor.
import type { TImportRun } from '../../../api/backoffice.ts';
import type { TCreatedClient, TCreateClientRequest, TIntegrationClient } from '../../../api/integration.ts';
import type { TWebhookCreate, TWebhookDelivery, TWebhookSubscription, TWebhookUpdate, TWebhookWithSecret } from '../../../api/integration-events.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { createClient, listClients, revokeClient } from '../integration/clients.service.ts';
import { listImportRuns } from '../integration/interval-import.service.ts';
import { positionText } from '../integration/interval-values.ts';
import * as webhooks from '../integration/webhooks.service.ts';
import type { StaffAuth } from '../staff/staff-auth.ts';

type Meta = { now: Date; locale: TLocale; requestId: string };

export async function clients(database: Database, auth: StaffAuth): Promise<TIntegrationClient[]> {
  return withTenant(database, auth.tenant.id, (trx) => listClients(trx, auth.tenant.id));
}

export async function newClient(database: Database, auth: StaffAuth, input: TCreateClientRequest, meta: Meta): Promise<TCreatedClient> {
  return withTenant(database, auth.tenant.id, (trx) =>
    createClient(trx, auth.tenant.id, { name: input.name, scopes: input.scopes, createdBy: auth.staffId, actorType: 'staff', now: meta.now, requestId: meta.requestId }),
  );
}

export async function endClient(database: Database, auth: StaffAuth, id: string, meta: Meta): Promise<TIntegrationClient> {
  return withTenant(database, auth.tenant.id, (trx) => revokeClient(trx, auth.tenant.id, id, { revokedBy: auth.staffId, actorType: 'staff', now: meta.now, requestId: meta.requestId }));
}

const actor = (auth: StaffAuth) => ({ type: 'staff' as const, id: auth.staffId });
const manageMeta = (meta: Meta) => ({ now: meta.now, locale: meta.locale, traceId: meta.requestId });

export async function listWebhooks(database: Database, auth: StaffAuth): Promise<TWebhookSubscription[]> {
  return withTenant(database, auth.tenant.id, (trx) => webhooks.listWebhooks(trx, auth.tenant.id));
}

export async function createWebhook(database: Database, auth: StaffAuth, input: TWebhookCreate, deps: webhooks.WebhookDeps, meta: Meta): Promise<TWebhookWithSecret> {
  return withTenant(database, auth.tenant.id, (trx) => webhooks.createWebhook(trx, auth.tenant.id, input, actor(auth), deps, manageMeta(meta)));
}

export async function updateWebhook(database: Database, auth: StaffAuth, id: string, patch: TWebhookUpdate, deps: webhooks.WebhookDeps, meta: Meta) {
  return withTenant(database, auth.tenant.id, (trx) => webhooks.updateWebhook(trx, auth.tenant.id, id, patch, actor(auth), deps, manageMeta(meta)));
}

export async function deleteWebhook(database: Database, auth: StaffAuth, id: string, meta: Meta): Promise<void> {
  await withTenant(database, auth.tenant.id, (trx) => webhooks.deleteWebhook(trx, auth.tenant.id, id, actor(auth), manageMeta(meta)));
}

export async function testWebhook(database: Database, auth: StaffAuth, id: string, meta: Meta): Promise<{ event_id: string }> {
  return withTenant(database, auth.tenant.id, (trx) => webhooks.sendTestEvent(trx, auth.tenant.id, id, actor(auth), manageMeta(meta)));
}

export async function deliveries(database: Database, auth: StaffAuth, id: string, query: { limit: number; before?: number | undefined }): Promise<TWebhookDelivery[]> {
  return withTenant(database, auth.tenant.id, (trx) => webhooks.listWebhookDeliveries(trx, auth.tenant.id, { subscriptionId: id, ...query }));
}

export async function importRuns(database: Database, auth: StaffAuth, locale: TLocale, limit: number): Promise<TImportRun[]> {
  return withTenant(database, auth.tenant.id, async (trx) =>
    (await listImportRuns(trx, auth.tenant.id, { limit })).map((run) => ({
      id: run.id,
      kind: run.kind,
      source: run.source,
      format: run.format,
      fileName: run.fileName,
      actor: run.actor,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      status: run.status,
      records: run.records,
      series: run.series,
      values: run.values,
      days: run.days,
      errorCount: run.errorCount,
      errors: run.errors.slice(0, 20).map((error) => ({ position: positionText(error), message: error.message[locale] })),
    })),
  );
}
