// Idempotency-Key for integration writes (REL-02): the first successful answer per client and key is
// stored in the same transaction as the write; a replay with the same request gets it again (same
// status and body), another request under the same key is refused with 422. Concurrent requests
// with one key queue on the key's row: the first inserts it, the others wait for its commit and
// then read the stored answer, so 20 parallel submits have one effect.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key header: null when absent, 400 when malformed. */
export function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | null {
  const value = headers['idempotency-key'];
  if (value === undefined) return null;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new AppError('bad_request', { detail: 'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.' });
  }
  return value;
}

/** A stable hash of what a request asks for (method, path and body). */
export function requestHash(method: string, path: string, body: unknown): string {
  const hash = createHash('sha256').update(`${method} ${path}\n`);
  if (Buffer.isBuffer(body)) hash.update(body);
  else hash.update(JSON.stringify(body === undefined ? null : body));
  return hash.digest('hex');
}

export type StoredAnswer<T> = { status: number; body: T; replayed: boolean };

/**
 * Runs `run` once per (client, key) inside the caller's transaction and stores its answer; without
 * a key it just runs. When `run` throws, the transaction (and the key) rolls back, so a refused
 * request may be sent again under the same key.
 */
export async function withIdempotency<T>(
  trx: TenantTransaction,
  tenantId: string,
  scope: { clientId: string; key: string | null; requestHash: string; now: Date },
  run: () => Promise<{ status: number; body: T }>,
): Promise<StoredAnswer<T>> {
  if (scope.key === null) return { ...(await run()), replayed: false };
  const claimed = await trx
    .insertInto('integration_idempotency')
    .values({ tenant_id: tenantId, client_id: scope.clientId, key: scope.key, request_hash: scope.requestHash, created_at: scope.now })
    .onConflict((oc) => oc.columns(['tenant_id', 'client_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) {
    const earlier = await trx
      .selectFrom('integration_idempotency')
      .select(['request_hash', 'status_code', 'response'])
      .where('tenant_id', '=', tenantId)
      .where('client_id', '=', scope.clientId)
      .where('key', '=', scope.key)
      .executeTakeFirstOrThrow();
    if (earlier.request_hash !== scope.requestHash) throw new AppError('idempotency_key_reused');
    if (earlier.status_code === null) throw new AppError('conflict', { detail: 'A request with this Idempotency-Key is still running.' });
    return { status: earlier.status_code, body: earlier.response as T, replayed: true };
  }
  const answer = await run();
  await trx
    .updateTable('integration_idempotency')
    .set({ status_code: answer.status, response: sql`${JSON.stringify(answer.body)}::jsonb` })
    .where('tenant_id', '=', tenantId)
    .where('client_id', '=', scope.clientId)
    .where('key', '=', scope.key)
    .execute();
  return { ...answer, replayed: false };
}
