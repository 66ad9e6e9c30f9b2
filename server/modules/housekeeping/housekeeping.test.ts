// Housekeeping (ADR 0028): what has stopped mattering is deleted, everything still in use stays, only
// the given tenant is touched, and a second run finds nothing.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { createTenant } from '../../../test/factories.ts';
import { createStaff } from '../../../test/staff.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { housekeepTenant } from './housekeeping.service.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const ahead = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

let database: Database;
let tenant: Tenant;
let other: Tenant;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  other = await createTenant(database);
});
afterAll(async () => {
  await database.close();
});

type Rows = { label: string; id: string }[];

/** Writes one row of every purged kind per (label, age) into a tenant; returns the ids by table. */
async function fill(t: Tenant) {
  const staff = await createStaff(database, t, 'clerk', { email: `hk-${randomBytes(4).toString('hex')}@example.com` });
  return withTenant(database, t.id, async (trx) => {
    const login = await trx
      .insertInto('logins')
      .values({ tenant_id: t.id, email: `hk-${randomBytes(4).toString('hex')}@example.com`, password_hash: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const session = async (label: string, idle: Date, absolute: Date) => {
      const row = await trx
        .insertInto('sessions')
        .values({ tenant_id: t.id, token_hash: randomBytes(32), login_id: login.id, created_at: ago(400), last_seen_at: ago(400), idle_expires_at: idle, absolute_expires_at: absolute })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { label, id: row.id };
    };
    const sessions: Rows = [
      await session('ended two days ago', ago(2), ahead(1)),
      await session('absolute end two days ago', ahead(1), ago(2)),
      await session('ended an hour ago', new Date(NOW.getTime() - 3_600_000), ahead(1)),
      await session('active', ahead(0.01), ahead(0.3)),
    ];
    const staffSession = async (label: string, idle: Date) => {
      const row = await trx
        .insertInto('staff_sessions')
        .values({ tenant_id: t.id, token_hash: randomBytes(32), staff_id: staff.id, stage: 'complete', created_at: ago(3), last_seen_at: ago(3), idle_expires_at: idle, absolute_expires_at: ahead(1) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { label, id: row.id };
    };
    const staffSessions: Rows = [await staffSession('ended two days ago', ago(2)), await staffSession('active', ahead(0.01))];
    const link = async (label: string, expires: Date) => {
      const row = await trx
        .insertInto('auth_tokens')
        .values({ tenant_id: t.id, token_hash: randomBytes(32), purpose: 'activation', login_id: login.id, email: 'x@example.com', created_at: ago(40), expires_at: expires })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { label, id: row.id };
    };
    const links: Rows = [await link('expired 31 days ago', ago(31)), await link('expired 2 days ago (still answers "expired")', ago(2))];
    const throttle = async (label: string, window: Date, blocked: Date | null) => {
      const key = `hk:${label}`;
      await trx.insertInto('auth_throttle').values({ tenant_id: t.id, key, window_started_at: window, failures: 3, blocked_until: blocked }).execute();
      return { label, id: key };
    };
    const throttles: Rows = [
      await throttle('window two days ago', ago(2), null),
      await throttle('window two days ago, still blocked', ago(2), ahead(0.01)),
      await throttle('window open', new Date(NOW.getTime() - 600_000), null),
    ];
    const client = await trx
      .insertInto('integration_clients')
      .values({ tenant_id: t.id, name: 'Billing', client_id: `kpc_${randomBytes(10).toString('hex')}`, secret_hash: randomBytes(32), scopes: ['requests:read'], created_at: ago(500), created_by: 'test' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const answer = async (label: string, created: Date) => {
      await trx.insertInto('integration_idempotency').values({ tenant_id: t.id, client_id: client.id, key: label.replace(/\s/g, '-'), request_hash: 'h', status_code: 200, response: '{}', created_at: created }).execute();
      return { label, id: label.replace(/\s/g, '-') };
    };
    const answers: Rows = [await answer('eight days old', ago(8)), await answer('one day old', ago(1))];

    let seq = 0;
    const event = async (label: string, created: Date) => {
      seq += 1;
      const row = await trx
        .insertInto('integration_events')
        .values({ tenant_id: t.id, seq, type: 'reading.submitted', subject_type: 'reading', subject_id: randomUUID(), customer_id: null, payload: '{}', created_at: created })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { label, id: row.id };
    };
    const events: Rows = [
      await event('acknowledged, 100 days old', ago(100)),
      await event('acknowledged, 100 days old, named in a recent delivery', ago(100)),
      await event('acknowledged, 10 days old', ago(10)),
      await event('not acknowledged, 100 days old', ago(100)),
      await event('not acknowledged, 401 days old', ago(401)),
    ];
    await trx.insertInto('integration_event_counters').values({ tenant_id: t.id, last_seq: seq }).execute();
    await trx.insertInto('integration_feed_positions').values({ tenant_id: t.id, client_id: client.id, acked_seq: 3, acked_at: ago(5) }).execute();
    // Positions 4 and 5 come after the client's acknowledgement, but 5 is older than 400 days: the
    // events are ordered by seq, ages here are made up to test each rule on its own.
    const subscription = await trx
      .insertInto('webhook_subscriptions')
      .values({ tenant_id: t.id, url: 'https://billing.example/hook', secret_sealed: 'sealed', event_types: ['reading.submitted'], created_by: 'test', created_at: ago(200), updated_at: ago(200) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const delivery = async (label: string, eventId: string, attempted: Date) => {
      const row = await trx
        .insertInto('webhook_deliveries')
        .values({ tenant_id: t.id, subscription_id: subscription.id, event_id: eventId, attempt: 1, outcome: 'success', status_code: 204, duration_ms: 12, attempted_at: attempted })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { label, id: String(row.id) };
    };
    const deliveries: Rows = [
      await delivery('91 days ago', events[0]?.id ?? '', ago(91)),
      await delivery('yesterday', events[1]?.id ?? '', ago(1)),
    ];
    const job = async (label: string, status: string, doneAt: Date | null) => {
      const row = await trx
        .insertInto('outbox')
        .values({ tenant_id: t.id, topic: 'mail', payload: '{}', idempotency_key: randomBytes(8).toString('hex'), status, done_at: doneAt, created_at: ago(40) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { label, id: String(row.id) };
    };
    const jobs: Rows = [await job('delivered 31 days ago', 'done', ago(31)), await job('delivered yesterday', 'done', ago(1)), await job('dead 31 days ago', 'dead', null)];
    const audit = async (label: string, at: Date) => {
      const row = await trx
        .insertInto('audit_log')
        .values({ tenant_id: t.id, at, actor_type: 'system', action: `test.${label.replace(/\s/g, '_')}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { label, id: String(row.id) };
    };
    const audits: Rows = [await audit('four years old', ago(4 * 366)), await audit('two years old', ago(2 * 365))];
    return { sessions, staffSessions, links, throttles, answers, events, deliveries, jobs, audits };
  });
}

async function remaining(t: Tenant, table: string, column: string, ids: Rows): Promise<string[]> {
  const present = await withTenant(database, t.id, (trx) =>
    sql<{ id: string }>`select ${sql.ref(column)}::text as id from ${sql.table(table)} where tenant_id = ${t.id} and ${sql.ref(column)}::text = any(${ids.map((r) => r.id)}::text[])`.execute(trx),
  );
  const set = new Set(present.rows.map((r) => r.id));
  return ids.filter((r) => set.has(r.id)).map((r) => r.label);
}

describe('housekeeping', () => {
  it('deletes what no flow reads any more, keeps the rest, and touches only the tenant it runs for', async () => {
    const rows = await fill(tenant);
    const untouched = await fill(other);

    const result = await housekeepTenant(database, tenant, NOW);

    expect(await remaining(tenant, 'sessions', 'id', rows.sessions)).toEqual(['ended an hour ago', 'active']);
    expect(await remaining(tenant, 'staff_sessions', 'id', rows.staffSessions)).toEqual(['active']);
    expect(await remaining(tenant, 'auth_tokens', 'id', rows.links)).toEqual(['expired 2 days ago (still answers "expired")']);
    expect(await remaining(tenant, 'auth_throttle', 'key', rows.throttles)).toEqual(['window two days ago, still blocked', 'window open']);
    expect(await remaining(tenant, 'integration_idempotency', 'key', rows.answers)).toEqual(['one day old']);
    expect(await remaining(tenant, 'webhook_deliveries', 'id', rows.deliveries)).toEqual(['yesterday']);
    expect(await remaining(tenant, 'integration_events', 'id', rows.events)).toEqual([
      'acknowledged, 100 days old, named in a recent delivery',
      'acknowledged, 10 days old',
      'not acknowledged, 100 days old',
    ]);
    expect(await remaining(tenant, 'outbox', 'id', rows.jobs)).toEqual(['delivered yesterday', 'dead 31 days ago']);
    expect(await remaining(tenant, 'audit_log', 'id', rows.audits)).toEqual(['two years old']);
    expect(result.counts).toMatchObject({ sessions: 2, staffSessions: 1, links: 1, throttles: 1, idempotencyAnswers: 1, webhookDeliveries: 1, feedEvents: 2, auditRecords: 1 });
    expect(result.counts.deliveredJobs).toBeGreaterThanOrEqual(1);

    // The run is in the tenant's audit log with its counts.
    const entry = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('audit_log').select(['actor_type', 'details']).where('tenant_id', '=', tenant.id).where('action', '=', 'housekeeping.deleted').executeTakeFirst(),
    );
    expect(entry).toMatchObject({ actor_type: 'system', details: { sessions: 2, auditYears: 3 } });

    // The other tenant's rows are all there.
    expect(await remaining(other, 'sessions', 'id', untouched.sessions)).toHaveLength(4);
    expect(await remaining(other, 'audit_log', 'id', untouched.audits)).toHaveLength(2);
    expect(await remaining(other, 'integration_events', 'id', untouched.events)).toHaveLength(5);

    // A second run finds nothing and records nothing.
    const again = await housekeepTenant(database, tenant, NOW);
    expect(again.total).toBe(0);
  });

  it('keeps feed events of a revoked client only as long as active clients need them', async () => {
    const t = await createTenant(database);
    await withTenant(database, t.id, async (trx) => {
      const revoked = await trx
        .insertInto('integration_clients')
        .values({ tenant_id: t.id, name: 'Old', client_id: `kpc_${randomBytes(10).toString('hex')}`, secret_hash: randomBytes(32), scopes: ['requests:read'], created_at: ago(500), created_by: 'test', revoked_at: ago(200) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('integration_events').values({ tenant_id: t.id, seq: 1, type: 'reading.submitted', subject_type: 'reading', subject_id: randomUUID(), customer_id: null, payload: '{}', created_at: ago(100) }).execute();
      await trx.insertInto('integration_event_counters').values({ tenant_id: t.id, last_seq: 1 }).execute();
      // The revoked client never acknowledged anything; it does not hold the event back.
      await trx.insertInto('integration_feed_positions').values({ tenant_id: t.id, client_id: revoked.id, acked_seq: 0, acked_at: ago(300) }).execute();
    });
    const result = await housekeepTenant(database, t, NOW);
    expect(result.counts.feedEvents).toBe(1);
  });
});
