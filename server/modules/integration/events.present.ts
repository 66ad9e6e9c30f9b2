// The wire form of an integration event: the same object is a feed item and a webhook body.
import { ZEventType, type TIntegrationEvent } from '../../../api/integration-events.ts';
import type { EventRow } from './events.repository.ts';

export function presentEvent(row: EventRow): TIntegrationEvent {
  return {
    id: row.id,
    cursor: String(row.seq),
    type: ZEventType.parse(row.type),
    occurred_at: row.createdAt.toISOString(),
    subject: { type: row.subjectType, id: row.subjectId },
    data: typeof row.payload === 'object' && row.payload !== null ? (row.payload as Record<string, unknown>) : {},
  };
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Keys that never leave the portal, whatever a module put into a request's payload. */
const secretKeys = new Set(['iban', 'iban_sealed', 'password', 'secret', 'token']);

/**
 * A module's JSON (request payloads are camelCase) in the feed's snake_case, without secrets. Only
 * plain JSON goes in: dates become ISO strings, undefined is dropped.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const name = snake(key);
      if (inner === undefined || secretKeys.has(name)) continue;
      out[name] = toWire(inner);
    }
    return out;
  }
  return value;
}
