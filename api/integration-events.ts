// The export feed and webhooks of the integration API (ADR 0023): what the billing system takes out
// of the portal. The wire format is snake_case like the rest of the machine-to-machine contract
// (OAuth2 token answers); the same event object is a feed item and a webhook body.
import { z } from 'zod';

/** Event types in the feed, each readable with one scope. */
export const FEED_EVENT_SCOPES = {
  'reading.submitted': 'readings:read',
  'request.created': 'requests:read',
  'request.status_changed': 'requests:read',
  'gp_number.requested': 'requests:read',
} as const;

export const ZFeedEventType = z.enum(['reading.submitted', 'request.created', 'request.status_changed', 'gp_number.requested']);
export type TFeedEventType = z.infer<typeof ZFeedEventType>;

/** Every event type; `webhook.test` goes only to the one subscription it was sent to, never into the feed. */
export const ZEventType = z.enum([...ZFeedEventType.options, 'webhook.test']);
export type TEventType = z.infer<typeof ZEventType>;

export const FEED_LIMITS = { defaultPage: 100, maxPage: 1000 } as const;

/** A feed position: the decimal number of the last event seen ("0" is before the first). */
export const ZCursor = z.string().regex(/^(0|[1-9][0-9]{0,14})$/, 'a cursor is a non-negative decimal number as returned in next_cursor');

export const ZIntegrationEvent = z
  .object({
    id: z.uuid().describe('Unique per event; also the `Webhook-Id` of its deliveries (receivers de-duplicate by it)'),
    cursor: ZCursor.describe('The feed position of this event'),
    type: ZEventType,
    occurred_at: z.iso.datetime(),
    subject: z.object({ type: z.string(), id: z.uuid() }),
    data: z.record(z.string(), z.unknown()).describe('Type-specific data, see docs/API.md "Export feed"'),
  });
export type TIntegrationEvent = z.infer<typeof ZIntegrationEvent>;

export const ZEventFeedQuery = z.strictObject({
  after: ZCursor.optional().describe('Return events after this position; without it, after the position this client acknowledged'),
  limit: z.coerce.number().int().min(1).max(FEED_LIMITS.maxPage).default(FEED_LIMITS.defaultPage),
  types: z
    .string()
    .max(500)
    .optional()
    .describe('Comma-separated event types, e.g. `reading.submitted,request.created`; default: every type the client may read'),
});

export const ZEventFeed = z.object({
  events: z.array(ZIntegrationEvent),
  next_cursor: ZCursor.describe('Pass as `after` for the next page, and acknowledge it once the events are processed'),
  has_more: z.boolean(),
});
export type TEventFeed = z.infer<typeof ZEventFeed>;

export const ZEventAck = z.strictObject({ cursor: ZCursor });
export const ZEventAckResult = z.object({
  cursor: ZCursor.describe('The acknowledged position now stored (an older cursor than the stored one changes nothing)'),
  acked_at: z.iso.datetime(),
});
export type TEventAckResult = z.infer<typeof ZEventAckResult>;

export const ZRequestReference = z.string().regex(/^A-\d{4}-\d{6}$/, 'a request reference looks like A-2026-000123');

export const ZIntegrationStatusChange = z.strictObject({
  status: z.enum(['in_progress', 'done', 'rejected']),
  reason: z.string().max(2000).optional().describe('Required for `rejected`; shown to the customer'),
});
export type TIntegrationStatusChange = z.infer<typeof ZIntegrationStatusChange>;

export const ZIntegrationStatusResult = z.object({ reference: z.string(), status: z.enum(['received', 'in_progress', 'done', 'rejected']) });

// --- webhooks --------------------------------------------------------------------------------------

export const WEBHOOK_LIMITS = { url: 2000, description: 200, deliveriesPage: 200 } as const;

export const ZWebhookCreate = z.strictObject({
  url: z.string().min(1).max(WEBHOOK_LIMITS.url).describe('https URL that receives POSTs (http://localhost only outside production)'),
  description: z.string().max(WEBHOOK_LIMITS.description).optional(),
  event_types: z.array(ZFeedEventType).min(1).max(ZFeedEventType.options.length),
  active: z.boolean().optional(),
});
export type TWebhookCreate = z.infer<typeof ZWebhookCreate>;

export const ZWebhookUpdate = z.strictObject({
  url: z.string().min(1).max(WEBHOOK_LIMITS.url).optional(),
  description: z.string().max(WEBHOOK_LIMITS.description).optional(),
  event_types: z.array(ZFeedEventType).min(1).max(ZFeedEventType.options.length).optional(),
  active: z.boolean().optional(),
  rotate_secret: z.boolean().optional().describe('Issue a new signing secret (answered once, the old one stops working)'),
});
export type TWebhookUpdate = z.infer<typeof ZWebhookUpdate>;

export const ZWebhookSubscription = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    event_types: z.array(ZFeedEventType),
    active: z.boolean(),
    created_by: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  });
export type TWebhookSubscription = z.infer<typeof ZWebhookSubscription>;

export const ZWebhookWithSecret = ZWebhookSubscription.extend({
  secret: z.string().describe('The signing secret `whsec_<base64>`; shown only now'),
});
export type TWebhookWithSecret = z.infer<typeof ZWebhookWithSecret>;

export const ZWebhookUpdated = ZWebhookSubscription.extend({ secret: z.string().optional().describe('Only after rotate_secret') });

export const ZWebhookDelivery = z
  .object({
    id: z.number().int(),
    subscription_id: z.uuid(),
    event_id: z.uuid(),
    event_type: ZEventType,
    attempt: z.number().int(),
    outcome: z.enum(['success', 'failure']),
    status_code: z.number().int().nullable(),
    duration_ms: z.number().int(),
    error: z.string().nullable(),
    attempted_at: z.iso.datetime(),
  });
export type TWebhookDelivery = z.infer<typeof ZWebhookDelivery>;

export const ZWebhookDeliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(WEBHOOK_LIMITS.deliveriesPage).default(50),
  before: z.coerce.number().int().min(1).optional().describe('Only attempts with a smaller id (the next page)'),
});

export const ZWebhookTestResult = z.object({ event_id: z.uuid() });
