// The export feed (ADR 0023): modules record integration events in the transaction of the change
// that causes them (`recordIntegrationEvent` and the helpers below); the billing system reads them
// by cursor, acknowledges what it processed, and every matching webhook subscription gets a delivery
// job in the same transaction. Events are the single source of both.
import {
  FEED_EVENT_SCOPES,
  ZFeedEventType,
  type TEventAckResult,
  type TEventFeed,
  type TEventType,
  type TFeedEventType,
} from '../../../api/integration-events.ts';
import type { TLocale } from '../../../api/tenant.ts';
import type { TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { presentEvent, toWire } from './events.present.ts';
import * as repo from './events.repository.ts';
import { enqueueWebhookDeliveries } from './webhooks.service.ts';

/** The integration client calling the API, as `requireClient` answers it. */
export type IntegrationClient = { clientId: string; clientName?: string; scopes: readonly string[] };

export type IntegrationEventInput = {
  type: TEventType;
  subject: { type: string; id: string };
  customerId: string | null;
  /** Turned into the wire form (snake_case keys, no secrets). */
  data: Record<string, unknown>;
  now: Date;
};

/**
 * Records an event in the caller's transaction: it gets the tenant's next feed position and a
 * webhook delivery job per matching active subscription (`onlySubscriptionId`: that one only, for
 * test events). Call it late in the transaction: the feed position's row lock is held until commit.
 */
export async function recordIntegrationEvent(
  trx: TenantTransaction,
  tenantId: string,
  event: IntegrationEventInput,
  options: { onlySubscriptionId?: string } = {},
): Promise<{ id: string; cursor: string }> {
  const seq = await repo.nextSeq(trx, tenantId);
  const { id } = await repo.insertEvent(trx, tenantId, {
    seq,
    type: event.type,
    subjectType: event.subject.type,
    subjectId: event.subject.id,
    customerId: event.customerId,
    payload: toWire(event.data),
    now: event.now,
  });
  await enqueueWebhookDeliveries(trx, tenantId, { id, type: event.type }, options.onlySubscriptionId);
  return { id, cursor: String(seq) };
}

// --- what the modules record -----------------------------------------------------------------------

type Actor = { type: string; id: string | null };

async function premiseData(trx: TenantTransaction, tenantId: string, premiseId: string | null): Promise<{ id: string; maloId: string | null } | null> {
  if (!premiseId) return null;
  return (await repo.premiseOf(trx, tenantId, premiseId)) ?? null;
}

/** A customer request was made (contact form, address, bank, instalment, reading review ...). */
export async function recordRequestCreated(
  trx: TenantTransaction,
  tenantId: string,
  request: { id: string; reference: string; kind: string; subject: string; customerId: string; premiseId: string | null; payload: Record<string, unknown>; actor: Actor; now: Date },
): Promise<void> {
  const attachments = await repo.attachmentsOf(trx, tenantId, request.id);
  await recordIntegrationEvent(trx, tenantId, {
    type: 'request.created',
    subject: { type: 'customer_request', id: request.id },
    customerId: request.customerId,
    now: request.now,
    data: {
      requestId: request.id,
      reference: request.reference,
      kind: request.kind,
      subject: request.subject,
      status: 'received',
      customerNumber: await repo.customerNumberOf(trx, tenantId, request.customerId),
      premise: await premiseData(trx, tenantId, request.premiseId),
      // The module's kind-specific data: a message text, a new address, a masked IBAN with the
      // mandate reference (never the full IBAN, ADR 0017/0023), an instalment amount, reading values.
      details: request.payload,
      attachments,
      actor: { type: request.actor.type },
      createdAt: request.now,
    },
  });
}

/** A customer request changed its status (back office, integration API). */
export async function recordRequestStatusChanged(
  trx: TenantTransaction,
  tenantId: string,
  change: { id: string; reference: string; kind: string; customerId: string; from: string; to: string; reason: string | null; actor: Actor; now: Date },
): Promise<void> {
  await recordIntegrationEvent(trx, tenantId, {
    type: 'request.status_changed',
    subject: { type: 'customer_request', id: change.id },
    customerId: change.customerId,
    now: change.now,
    data: {
      requestId: change.id,
      reference: change.reference,
      kind: change.kind,
      customerNumber: await repo.customerNumberOf(trx, tenantId, change.customerId),
      from: change.from,
      to: change.to,
      reason: change.reason,
      // The billing system can skip the changes it made itself (actor type 'integration' with its client id).
      actor: change.actor,
      changedAt: change.now,
    },
  });
}

export type SubmittedReading = {
  submissionId: string;
  customerId: string;
  meter: { id: string; meterNumber: string; division: string; premiseId: string };
  readOn: string;
  status: 'accepted' | 'pending_review';
  plausibility: { outcome: 'ok' | 'warning'; findings: readonly string[] };
  registers: ReadonlyArray<{ registerId: string; obis: string; unit: string; value: string; consumption: string | null; expected: string | null }>;
  comment: string | null;
  requestReference: string | null;
  now: Date;
};

/** A customer submitted a meter reading through the portal. */
export async function recordReadingSubmitted(trx: TenantTransaction, tenantId: string, reading: SubmittedReading): Promise<void> {
  await recordIntegrationEvent(trx, tenantId, {
    type: 'reading.submitted',
    subject: { type: 'reading_submission', id: reading.submissionId },
    customerId: reading.customerId,
    now: reading.now,
    data: {
      submissionId: reading.submissionId,
      customerNumber: await repo.customerNumberOf(trx, tenantId, reading.customerId),
      meterNumber: reading.meter.meterNumber,
      meterId: reading.meter.id,
      division: reading.meter.division,
      premise: await premiseData(trx, tenantId, reading.meter.premiseId),
      readOn: reading.readOn,
      status: reading.status,
      source: 'customer',
      plausibility: reading.plausibility,
      registers: reading.registers,
      comment: reading.comment,
      requestReference: reading.requestReference,
      submittedAt: reading.now,
    },
  });
}

/** Someone asked for their grid business-partner number (GP-Nr) to register. */
export async function recordGpNumberRequested(
  trx: TenantTransaction,
  tenantId: string,
  request: {
    id: string;
    name: string;
    address: { street: string; houseNumber: string; postalCode: string; city: string };
    connectionAddress?: { street: string; houseNumber: string; postalCode: string; city: string } | undefined;
    meterNumber: string;
    email: string;
    locale: string;
    now: Date;
  },
): Promise<void> {
  await recordIntegrationEvent(trx, tenantId, {
    type: 'gp_number.requested',
    subject: { type: 'gp_number_request', id: request.id },
    customerId: null,
    now: request.now,
    data: {
      gpNumberRequestId: request.id,
      name: request.name,
      address: request.address,
      connectionAddress: request.connectionAddress ?? null,
      meterNumber: request.meterNumber,
      email: request.email,
      locale: request.locale,
      requestedAt: request.now,
    },
  });
}

// --- the feed ----------------------------------------------------------------------------------------

const feedMessages = {
  unknownType: { de: 'Unbekannter Ereignistyp', en: 'Unknown event type' },
  typeNotAllowed: { de: 'Für diesen Ereignistyp fehlt dem Client die Berechtigung', en: 'The client lacks the scope for this event type' },
  beyondFeed: {
    de: 'Diese Position gibt es im Feed noch nicht; bestätigen Sie nur Positionen aus next_cursor.',
    en: 'This position does not exist in the feed yet; acknowledge only positions from next_cursor.',
  },
};

/** The feed event types a client with these scopes may read. */
export function readableTypes(scopes: readonly string[]): TFeedEventType[] {
  return ZFeedEventType.options.filter((type) => scopes.includes(FEED_EVENT_SCOPES[type]));
}

/** The types of a `types=` parameter, checked against the client's scopes; all readable ones without it. */
export function requestedTypes(raw: string | undefined, scopes: readonly string[], locale: TLocale = 'en'): TFeedEventType[] {
  const readable = readableTypes(scopes);
  if (raw === undefined || raw.trim() === '') return readable;
  const types: TFeedEventType[] = [];
  for (const name of raw.split(',').map((part) => part.trim()).filter(Boolean)) {
    const parsed = ZFeedEventType.safeParse(name);
    if (!parsed.success) throw new AppError('validation_failed', { fields: [{ field: 'types', message: `${feedMessages.unknownType[locale]}: ${name}` }] });
    if (!readable.includes(parsed.data)) throw new AppError('forbidden', { detail: `${feedMessages.typeNotAllowed[locale]}: ${name}` });
    if (!types.includes(parsed.data)) types.push(parsed.data);
  }
  return types;
}

/**
 * Events after `after` (default: after the client's acknowledged position) of the given types.
 * `next_cursor` is the last event returned, or the feed's head when the page is not full: positions
 * of types the client does not read are passed over, never a position that is not committed yet.
 */
export async function readFeed(
  trx: TenantTransaction,
  tenantId: string,
  client: IntegrationClient,
  query: { after?: string | undefined; limit: number; types: readonly TFeedEventType[] },
): Promise<TEventFeed> {
  // The head first: every position up to it is committed and visible to the next statement.
  const head = await repo.headSeq(trx, tenantId);
  const after = query.after === undefined ? await repo.ackedSeq(trx, tenantId, client.clientId) : Number(query.after);
  const rows = after >= head ? [] : await repo.listEvents(trx, tenantId, { after, upTo: head, types: query.types, limit: query.limit + 1 });
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const next = hasMore && last ? last.seq : Math.max(after, head);
  return { events: page.map(presentEvent), next_cursor: String(next), has_more: hasMore };
}

/**
 * Stores the client's acknowledged position. Acknowledging an older position than the stored one
 * changes nothing (a late or repeated ack never re-opens events nor loses any); a position beyond the
 * feed's head is refused (422): the client cannot have processed it.
 */
export async function ackFeed(trx: TenantTransaction, tenantId: string, client: IntegrationClient, cursor: string, now: Date, locale: TLocale = 'en'): Promise<TEventAckResult> {
  const seq = Number(cursor);
  if (seq > (await repo.headSeq(trx, tenantId))) throw new AppError('unprocessable', { detail: feedMessages.beyondFeed[locale] });
  const stored = await repo.storeAck(trx, tenantId, client.clientId, seq, now);
  return { cursor: String(stored.ackedSeq), acked_at: stored.ackedAt.toISOString() };
}
