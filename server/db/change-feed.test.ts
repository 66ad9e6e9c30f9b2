// The change feed (ADR 0019): a write to a table behind the start page or the session marks exactly
// the affected customer, login or session as changed in every listening process; shared rows mark the
// whole tenant; a lost subscription makes nothing current until it is back.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import { createCustomer, createTenant } from '../../test/factories.ts';
import { addSupply } from '../../test/supply.ts';
import { addDocument } from '../modules/documents/documents.fixtures.ts';
import type { Tenant } from '../modules/tenants/tenants.service.ts';
import { ChangeFeed, CurrentCache } from './change-feed.ts';
import { withTenant, type Database } from './database.ts';

let database: Database;
let feed: ChangeFeed;
let other: ChangeFeed;
let tenant: Tenant;
let n = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  const log = { warn: () => undefined };
  feed = await ChangeFeed.start(database, log);
  other = await ChangeFeed.start(database, log);
  tenant = await createTenant(database);
});
afterAll(async () => {
  await feed.close();
  await other.close();
  await database.close();
});

async function customer() {
  n += 1;
  return createCustomer(database, tenant, { customerNumber: `7${String(n).padStart(6, '0')}`, meterNumber: `CF${n}` });
}

describe('the change feed', () => {
  it('marks only the customer whose start-page data changed, in every process', async () => {
    const a = await customer();
    const b = await customer();
    const supply = await addSupply(database, tenant, a.customerId, {});
    await feed.sync();
    await other.sync();
    const changes: Array<[string, () => Promise<unknown>]> = [
      ['document', () => addDocument(database, tenant, a.customerId, { title: 'Brief', createdAt: new Date() })],
      ['document read', () => withTenant(database, tenant.id, (trx) => trx.updateTable('documents').set({ read_at: new Date() }).where('customer_id', '=', a.customerId).execute())],
      ['meter reading (through register, meter and consumption point)', () =>
        withTenant(database, tenant.id, (trx) =>
          trx.insertInto('meter_readings').values({ tenant_id: tenant.id, register_id: supply.registerIds[0]!, read_on: '2026-11-01', value: '1234', source: 'utility', status: 'accepted', created_at: new Date() }).execute(),
        )],
      ['instalment plan (through the contract)', () =>
        withTenant(database, tenant.id, (trx) =>
          trx.insertInto('instalment_plans').values({ tenant_id: tenant.id, contract_id: supply.contractId, amount_cents: 5_000, valid_from: '2027-01-01', due_day: 15, created_at: new Date() }).execute(),
        )],
      ['customer', () => withTenant(database, tenant.id, (trx) => trx.updateTable('customers').set({ phone: '0301234567' }).where('id', '=', a.customerId).execute())],
    ];
    for (const [what, change] of changes) {
      const mark = feed.mark();
      const otherMark = other.mark();
      await change();
      await feed.sync();
      await other.sync();
      expect(feed.isCurrent(mark, tenant.id, [['customer', a.customerId]]), what).toBe(false);
      expect(other.isCurrent(otherMark, tenant.id, [['customer', a.customerId]]), what).toBe(false);
      expect(feed.isCurrent(mark, tenant.id, [['customer', b.customerId]]), what).toBe(true);
    }
  });

  it('marks the whole tenant for shared rows (tariffs) and leaves other tenants alone', async () => {
    const a = await customer();
    const supply = await addSupply(database, tenant, a.customerId, {});
    const elsewhere = await createTenant(database);
    await feed.sync();
    const mark = feed.mark();
    await withTenant(database, tenant.id, (trx) => trx.updateTable('tariffs').set({ name: 'Strom Klassik neu' }).where('id', '=', supply.tariffId).execute());
    await feed.sync();
    expect(feed.isCurrent(mark, tenant.id, [['customer', a.customerId]])).toBe(false);
    expect(feed.isCurrent(mark, tenant.id, [])).toBe(false);
    expect(feed.isCurrent(mark, elsewhere.id, [['customer', a.customerId]])).toBe(true);
  });

  it('names sessions and logins', async () => {
    await feed.sync();
    const mark = feed.mark();
    const id = '00000000-0000-4000-8000-000000000001';
    await sql`select pg_notify('kp_changes', ${`${tenant.id} session ${id}`}), pg_notify('kp_changes', ${`${tenant.id} login ${id}`})`.execute(database.db);
    await feed.sync();
    expect(feed.isCurrent(mark, tenant.id, [['session', id]])).toBe(false);
    expect(feed.isCurrent(mark, tenant.id, [['login', id]])).toBe(false);
    expect(feed.isCurrent(mark, tenant.id, [['customer', id]])).toBe(true);
  });

  it('keeps a cache entry only while its subjects are unchanged, and never stores one read before a change', async () => {
    const a = await customer();
    const cache = new CurrentCache<string>(feed, 2);
    await feed.sync();
    const before = feed.mark();
    cache.set('a', before, tenant.id, [['customer', a.customerId]], 'old');
    expect(cache.get('a')).toBe('old');
    await addDocument(database, tenant, a.customerId, { title: 'Neu', createdAt: new Date() });
    await feed.sync();
    expect(cache.get('a')).toBeUndefined();
    // Read before the change, stored after it: refused.
    cache.set('a', before, tenant.id, [['customer', a.customerId]], 'stale');
    expect(cache.get('a')).toBeUndefined();
    // Bounded: the oldest entry goes.
    const mark = feed.mark();
    for (const key of ['x', 'y', 'z']) cache.set(key, mark, tenant.id, [], key);
    expect([cache.get('x'), cache.get('y'), cache.get('z')]).toEqual([undefined, 'y', 'z']);
  });

  it('counts nothing as current while the subscription is lost, and nothing read before it came back', async () => {
    const lonely = await ChangeFeed.start(database, { warn: () => undefined });
    try {
      const mark = lonely.mark();
      expect(lonely.isCurrent(mark, tenant.id, [])).toBe(true);
      lonely.notice('garbled');
      expect(lonely.isCurrent(mark, tenant.id, [])).toBe(false);
      if (database.engine === 'postgres') {
        const fresh = lonely.mark();
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen "kp_changes"' and datname = current_database() and pid <> pg_backend_pid()`.execute(database.db);
        await expect.poll(() => lonely.isLive, { timeout: 5_000 }).toBe(false);
        expect(lonely.isCurrent(fresh, tenant.id, [])).toBe(false);
        await expect.poll(() => lonely.isLive, { timeout: 10_000 }).toBe(true);
        expect(lonely.isCurrent(fresh, tenant.id, [])).toBe(false);
        expect(lonely.isCurrent(lonely.mark(), tenant.id, [])).toBe(true);
      }
    } finally {
      await lonely.close();
    }
  });
});
