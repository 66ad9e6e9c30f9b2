// Webhooks (ADR 0023): subscriptions per tenant with a signing secret sealed by the SECRETS_KEY,
// one outbox job per event and matching subscription (written with the event), a handler that
// POSTs the event signed like Standard Webhooks (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`),
// retried by the outbox with exponential backoff, and every attempt in the delivery log.
// The management functions take the caller's transaction: the integration API and the back office
// call the same ones.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import {
  WEBHOOK_LIMITS,
  ZFeedEventType,
  type TWebhookCreate,
  type TWebhookDelivery,
  type TWebhookSubscription,
  type TWebhookUpdate,
  type TWebhookWithSecret,
  ZEventType,
} from '../../../api/integration-events.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { enqueue } from '../outbox/outbox.repository.ts';
import type { OutboxHandler } from '../outbox/outbox.worker.ts';
import { seal, unseal } from '../identity/secret-box.ts';
import { presentEvent } from './events.present.ts';
import * as eventsRepo from './events.repository.ts';
import { recordIntegrationEvent } from './events.service.ts';
import * as repo from './webhooks.repository.ts';

export const WEBHOOK_TOPIC = 'webhook.deliver';
/**
 * Attempts per delivery. The outbox waits 10 s doubling to 1 h between attempts (±20 %), so 20
 * attempts span about 17 hours; then the job is 'dead' (visible, `outbox retry`), and the event
 * stays in the feed.
 */
export const WEBHOOK_MAX_ATTEMPTS = 20;
export const WEBHOOK_TIMEOUT_MS = 10_000;
const SECRET_PURPOSE = 'webhook-secret';

export type WebhookDeps = {
  /** Seals the signing secrets (the app's SECRETS_KEY). */
  secretsKey: Buffer;
  /** In production only https URLs to public hosts are accepted. */
  production: boolean;
};

/** Who manages a subscription: an integration client or a staff login (the back office). */
export type WebhookActor = { type: 'integration' | 'staff'; id: string };

// --- signing -----------------------------------------------------------------------------------------

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

/** `v1,<base64 HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>`. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secretBytes(secret)).update(`${id}.${String(timestamp)}.${body}`).digest('base64')}`;
}

/**
 * What a receiver does (also used by our tests): the signature header may hold several
 * space-separated `v1,<base64>` entries; one must match in constant time, and the timestamp must
 * be within `toleranceSeconds` of now (replays of old deliveries fail).
 */
export function verifyWebhook(
  secret: string,
  headers: { id: string | undefined; timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (!headers.id || !headers.timestamp || !headers.signature || !/^\d{1,12}$/.test(headers.timestamp)) return false;
  const timestamp = Number(headers.timestamp);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, headers.id, timestamp, body));
  return headers.signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

// --- URLs --------------------------------------------------------------------------------------------

const urlMessages = {
  invalid: { de: 'Bitte geben Sie eine vollständige URL an, z. B. https://abrechnung.example/webhooks.', en: 'Please enter a complete URL, e.g. https://billing.example/webhooks.' },
  https: {
    de: 'Webhooks werden nur an https-Adressen gesendet (http nur an localhost außerhalb des Produktivbetriebs).',
    en: 'Webhooks are sent to https addresses only (http only to localhost outside production).',
  },
  credentials: { de: 'Die URL darf keine Zugangsdaten enthalten.', en: 'The URL must not contain credentials.' },
  internal: { de: 'Webhooks werden nicht an lokale oder interne Adressen gesendet.', en: 'Webhooks are not sent to local or internal addresses.' },
};

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}

/** Addresses a production server must not post to: loopback, link-local (cloud metadata), unspecified. */
function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopbackHost(host) || host === '0.0.0.0' || host === '::') return true;
  if (isIP(host) === 4) return /^(169\.254\.|0\.)/.test(host);
  if (isIP(host) === 6) return /^(fe80:|::ffff:(127\.|169\.254\.))/.test(host);
  return false;
}

/** The reason a URL is refused, or null. */
export function webhookUrlProblem(raw: string, production: boolean): keyof typeof urlMessages | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'https';
  if (url.username || url.password) return 'credentials';
  if (url.protocol === 'http:' && (production || !isLoopbackHost(url.hostname))) return 'https';
  if (production && isInternalHost(url.hostname)) return 'internal';
  return null;
}

function checkUrl(raw: string, deps: WebhookDeps, locale: TLocale): string {
  const url = raw.trim();
  const problem = webhookUrlProblem(url, deps.production);
  if (problem) throw new AppError('validation_failed', { fields: [{ field: 'url', message: urlMessages[problem][locale] }] });
  return url;
}

// --- management --------------------------------------------------------------------------------------

function present(row: repo.SubscriptionRow): TWebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: row.eventTypes.map((type) => ZFeedEventType.parse(type)),
    active: row.active,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

type ManageMeta = { now: Date; locale?: TLocale; traceId?: string };

/** Creates a subscription; the answer carries the signing secret, which is never shown again. */
export async function createWebhook(
  trx: TenantTransaction,
  tenantId: string,
  input: TWebhookCreate,
  actor: WebhookActor,
  deps: WebhookDeps,
  meta: ManageMeta,
): Promise<TWebhookWithSecret> {
  const url = checkUrl(input.url, deps, meta.locale ?? 'de');
  const secret = newWebhookSecret();
  const row = await repo.insertSubscription(trx, tenantId, {
    url,
    description: (input.description ?? '').trim().slice(0, WEBHOOK_LIMITS.description),
    secretSealed: seal(deps.secretsKey, secret, SECRET_PURPOSE),
    eventTypes: unique(input.event_types),
    active: input.active ?? true,
    createdBy: `${actor.type}:${actor.id}`,
    now: meta.now,
  });
  await recordAudit(trx, tenantId, {
    actorType: actor.type,
    actorId: actor.id,
    action: 'webhook.created',
    targetType: 'webhook_subscription',
    targetId: row.id,
    requestId: meta.traceId ?? null,
    details: { url, eventTypes: row.eventTypes },
  });
  return { ...present(row), secret };
}

export async function listWebhooks(trx: TenantTransaction, tenantId: string): Promise<TWebhookSubscription[]> {
  return (await repo.listSubscriptions(trx, tenantId)).map(present);
}

export async function getWebhook(trx: TenantTransaction, tenantId: string, id: string): Promise<TWebhookSubscription> {
  const row = await repo.findSubscription(trx, tenantId, id);
  if (!row) throw new AppError('not_found');
  return present(row);
}

/** Changes URL, description, types or active; `rotate_secret` answers a new secret once. 404 for an unknown id. */
export async function updateWebhook(
  trx: TenantTransaction,
  tenantId: string,
  id: string,
  patch: TWebhookUpdate,
  actor: WebhookActor,
  deps: WebhookDeps,
  meta: ManageMeta,
): Promise<TWebhookSubscription & { secret?: string }> {
  const url = patch.url === undefined ? undefined : checkUrl(patch.url, deps, meta.locale ?? 'de');
  const secret = patch.rotate_secret ? newWebhookSecret() : undefined;
  const row = await repo.updateSubscription(trx, tenantId, id, {
    ...(url === undefined ? {} : { url }),
    ...(patch.description === undefined ? {} : { description: patch.description.trim() }),
    ...(patch.event_types === undefined ? {} : { eventTypes: unique(patch.event_types) }),
    ...(patch.active === undefined ? {} : { active: patch.active }),
    ...(secret === undefined ? {} : { secretSealed: seal(deps.secretsKey, secret, SECRET_PURPOSE) }),
    now: meta.now,
  });
  if (!row) throw new AppError('not_found');
  await recordAudit(trx, tenantId, {
    actorType: actor.type,
    actorId: actor.id,
    action: 'webhook.updated',
    targetType: 'webhook_subscription',
    targetId: id,
    requestId: meta.traceId ?? null,
    // Which fields changed, never the secret.
    details: { changed: Object.keys(patch).filter((key) => patch[key as keyof TWebhookUpdate] !== undefined) },
  });
  return { ...present(row), ...(secret === undefined ? {} : { secret }) };
}

/** Deletes a subscription with its delivery log; pending deliveries are dropped by the handler. */
export async function deleteWebhook(trx: TenantTransaction, tenantId: string, id: string, actor: WebhookActor, meta: ManageMeta): Promise<void> {
  if (!(await repo.deleteSubscription(trx, tenantId, id))) throw new AppError('not_found');
  await recordAudit(trx, tenantId, {
    actorType: actor.type,
    actorId: actor.id,
    action: 'webhook.deleted',
    targetType: 'webhook_subscription',
    targetId: id,
    requestId: meta.traceId ?? null,
  });
}

/**
 * Sends a `webhook.test` event to this subscription only (also when it is inactive), through the
 * same outbox, signing and log as real events. The event is not in the feed.
 */
export async function sendTestEvent(trx: TenantTransaction, tenantId: string, id: string, actor: WebhookActor, meta: ManageMeta): Promise<{ event_id: string }> {
  if (!(await repo.findSubscription(trx, tenantId, id))) throw new AppError('not_found');
  const event = await recordIntegrationEvent(
    trx,
    tenantId,
    { type: 'webhook.test', subject: { type: 'webhook_subscription', id }, customerId: null, data: { message: 'Test event from the Kundenportal', sentBy: actor.type }, now: meta.now },
    { onlySubscriptionId: id },
  );
  await recordAudit(trx, tenantId, { actorType: actor.type, actorId: actor.id, action: 'webhook.test_sent', targetType: 'webhook_subscription', targetId: id, requestId: meta.traceId ?? null });
  return { event_id: event.id };
}

/** The delivery log for the back office, newest first (`before`: the next page). 404 for an unknown subscription. */
export async function listWebhookDeliveries(
  trx: TenantTransaction,
  tenantId: string,
  query: { subscriptionId?: string; eventId?: string; before?: number | undefined; limit: number },
): Promise<TWebhookDelivery[]> {
  if (query.subscriptionId && !(await repo.findSubscription(trx, tenantId, query.subscriptionId))) throw new AppError('not_found');
  const rows = await repo.listDeliveries(trx, tenantId, { ...query, limit: Math.min(query.limit, WEBHOOK_LIMITS.deliveriesPage) });
  return rows.map((row) => ({
    id: row.id,
    subscription_id: row.subscriptionId,
    event_id: row.eventId,
    event_type: ZEventType.parse(row.eventType),
    attempt: row.attempt,
    outcome: row.outcome === 'success' ? 'success' : 'failure',
    status_code: row.statusCode,
    duration_ms: row.durationMs,
    error: row.error,
    attempted_at: row.attemptedAt.toISOString(),
  }));
}

// --- delivery ----------------------------------------------------------------------------------------

type DeliveryJob = { subscriptionId: string; eventId: string };

/** One delivery job per matching active subscription, in the event's transaction. */
export async function enqueueWebhookDeliveries(trx: TenantTransaction, tenantId: string, event: { id: string; type: string }, onlySubscriptionId?: string): Promise<number> {
  const targets = onlySubscriptionId ? [{ id: onlySubscriptionId }] : await repo.subscriptionsFor(trx, tenantId, event.type);
  for (const target of targets) {
    const payload: DeliveryJob = { subscriptionId: target.id, eventId: event.id };
    await enqueue(trx, tenantId, { topic: WEBHOOK_TOPIC, payload, idempotencyKey: `webhook:${target.id}:${event.id}`, maxAttempts: WEBHOOK_MAX_ATTEMPTS });
  }
  return targets.length;
}

function parseJob(payload: unknown): DeliveryJob {
  const value = (typeof payload === 'string' ? JSON.parse(payload) : payload) as Partial<DeliveryJob> | null;
  if (!value || typeof value.subscriptionId !== 'string' || typeof value.eventId !== 'string') throw new Error('malformed webhook job');
  return { subscriptionId: value.subscriptionId, eventId: value.eventId };
}

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `timeout after ${String(timeoutMs)} ms`;
  if (error instanceof Error) {
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
    return detail ? `${error.message}: ${detail}` : error.message;
  }
  return String(error);
}

export type WebhookHandlerOptions = WebhookDeps & { timeoutMs?: number; userAgent?: string };

/**
 * The outbox handler of `webhook.deliver`: POSTs the event to the subscription's URL with the
 * `webhook-id` (the event id, the same on every attempt), `webhook-timestamp` and
 * `webhook-signature` headers, does not follow redirects, and logs the attempt. A non-2xx answer,
 * a redirect, a network error or a timeout throws, so the outbox retries with backoff.
 * A deleted or deactivated subscription is not delivered to (the job ends).
 */
export function createWebhookHandler(database: Database, options: WebhookHandlerOptions): OutboxHandler {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return async (job) => {
    const { subscriptionId, eventId } = parseJob(job.payload);
    const found = await withTenant(database, job.tenantId, async (trx) => ({
      subscription: await repo.findSubscription(trx, job.tenantId, subscriptionId),
      event: await eventsRepo.findEvent(trx, job.tenantId, eventId),
    }));
    const { subscription, event } = found;
    if (!subscription || !event) return;
    if (!subscription.active && event.type !== 'webhook.test') return;

    const body = JSON.stringify(presentEvent(event));
    const started = performance.now();
    const attemptedAt = new Date();
    let statusCode: number | null = null;
    let error: string | null = null;
    const problem = webhookUrlProblem(subscription.url, options.production);
    if (problem) {
      error = `url refused: ${problem}`;
    } else {
      try {
        const secret = unseal(options.secretsKey, subscription.secretSealed, SECRET_PURPOSE);
        const timestamp = Math.floor(Date.now() / 1000);
        const response = await fetch(subscription.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            'content-type': 'application/json',
            'user-agent': options.userAgent ?? 'Kundenportal-Webhooks/1',
            'webhook-id': event.id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(secret, event.id, timestamp, body),
          },
          body,
        });
        statusCode = response.status;
        await response.body?.cancel().catch(() => undefined);
        if (response.status >= 300 && response.status < 400) error = `redirect not followed (HTTP ${String(response.status)})`;
        else if (response.status < 200 || response.status >= 300) error = `HTTP ${String(response.status)}`;
      } catch (caught) {
        error = describeError(caught, timeoutMs);
      }
    }
    const durationMs = Math.max(0, Math.round(performance.now() - started));
    await withTenant(database, job.tenantId, (trx) =>
      repo.insertDelivery(trx, job.tenantId, {
        subscriptionId,
        eventId,
        attempt: job.attempts,
        outcome: error === null ? 'success' : 'failure',
        statusCode,
        durationMs,
        error: error?.slice(0, 500) ?? null,
        at: attemptedAt,
      }),
    );
    if (error !== null) throw new Error(`webhook delivery to subscription ${subscriptionId} failed: ${error}`);
  };
}
