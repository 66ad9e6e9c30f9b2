// Throttling of authentication attempts (SEC-04), per account and per client address, stored in the
// database so that it holds across several app processes. After a few free failures every further
// failure doubles the wait (capped); more than `maxPerHour` failures in an hour block until the hour
// is over. A success clears the account's counter.
import { AppError } from '../../errors.ts';
import type { TenantTransaction } from '../../db/database.ts';
import { clearThrottle, readThrottle, readThrottles, writeThrottle, type ThrottleRow } from './identity.repository.ts';

export type ThrottleRule = { freeFailures: number; maxPerHour: number; maxDelaySeconds: number };

export const accountRule: ThrottleRule = { freeFailures: 5, maxPerHour: 100, maxDelaySeconds: 15 * 60 };
export const clientRule: ThrottleRule = { freeFailures: 20, maxPerHour: 1000, maxDelaySeconds: 5 * 60 };

const hour = 3600_000;

export type ThrottleKey = { key: string; rule: ThrottleRule };

/**
 * Throws rate_limited (with Retry-After) when any key is blocked now. Returns the keys that have
 * recorded failures, so a success only clears what exists.
 */
/**
 * Where the counters live: `auth_throttle` of a tenant for customers and staff, `operator_throttle`
 * for platform operators (ADR 0025). The rules below exist once, whatever the store.
 */
export type ThrottleStore = {
  readMany(keys: string[]): Promise<Map<string, ThrottleRow>>;
  read(key: string): Promise<ThrottleRow | undefined>;
  write(key: string, row: ThrottleRow): Promise<void>;
  clear(key: string): Promise<void>;
};

/** The tenant's counters (auth_throttle), in the caller's tenant transaction. */
export function tenantThrottleStore(trx: TenantTransaction, tenantId: string): ThrottleStore {
  return {
    readMany: (keys) => readThrottles(trx, tenantId, keys),
    read: (key) => readThrottle(trx, tenantId, key),
    write: (key, row) => writeThrottle(trx, tenantId, key, row),
    clear: (key) => clearThrottle(trx, tenantId, key),
  };
}

/**
 * Throws rate_limited (with Retry-After) when any key is blocked now. Returns the keys that have
 * recorded failures, so a success only clears what exists.
 */
export async function assertNotThrottledIn(store: ThrottleStore, keys: ThrottleKey[], now: Date): Promise<Set<string>> {
  let wait = 0;
  const rows = await store.readMany(keys.map((k) => k.key));
  for (const { key, rule } of keys) {
    const row = rows.get(key);
    if (!row) continue;
    const windowOpen = now.getTime() - row.windowStartedAt.getTime() < hour;
    if (windowOpen && row.failures >= rule.maxPerHour) {
      wait = Math.max(wait, Math.ceil((row.windowStartedAt.getTime() + hour - now.getTime()) / 1000));
    }
    if (row.blockedUntil && row.blockedUntil > now) {
      wait = Math.max(wait, Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000));
    }
  }
  if (wait > 0) throw new AppError('rate_limited', { retryAfterSeconds: wait });
  return new Set(rows.keys());
}

export async function recordFailureIn(store: ThrottleStore, keys: ThrottleKey[], now: Date): Promise<void> {
  for (const { key, rule } of keys) {
    const row = await store.read(key);
    const fresh = !row || now.getTime() - row.windowStartedAt.getTime() >= hour;
    const failures = fresh ? 1 : row.failures + 1;
    const over = failures - rule.freeFailures;
    const delay = over > 0 ? Math.min(rule.maxDelaySeconds, 2 ** (over - 1)) : 0;
    await store.write(key, {
      failures,
      windowStartedAt: fresh ? now : row.windowStartedAt,
      blockedUntil: delay > 0 ? new Date(now.getTime() + delay * 1000) : null,
    });
  }
}

export async function assertNotThrottled(trx: TenantTransaction, tenantId: string, keys: ThrottleKey[], now: Date): Promise<Set<string>> {
  return assertNotThrottledIn(tenantThrottleStore(trx, tenantId), keys, now);
}

export async function recordFailure(trx: TenantTransaction, tenantId: string, keys: ThrottleKey[], now: Date): Promise<void> {
  await recordFailureIn(tenantThrottleStore(trx, tenantId), keys, now);
}

export async function recordSuccess(trx: TenantTransaction, tenantId: string, key: string): Promise<void> {
  await clearThrottle(trx, tenantId, key);
}
