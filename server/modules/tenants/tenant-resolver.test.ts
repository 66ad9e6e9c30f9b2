// The TenantResolver's cache: with the change feed (ADR 0019) a tenant stays cached until a tenant
// notice from any process; without the feed, while it is down, and for unknown hosts it lives 10 s.
// Two apps on one database stand for two processes: settings saved in one show in the other at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, hostOf } from '../../../test/factories.ts';
import { createStaff, signInStaff } from '../../../test/staff.ts';
import type { Database } from '../../db/database.ts';
import { TenantResolver, type TenantChangeFeed } from './tenants.service.ts';

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** A feed the test drives: notices raise the counter of one tenant. */
class FakeFeed implements TenantChangeFeed {
  isLive = true;
  private seq = 0;
  private readonly tenants = new Map<string, number>();
  mark(): number {
    return this.seq;
  }
  isCurrent(mark: number, tenantId: string): boolean {
    return this.isLive && (this.tenants.get(tenantId) ?? 0) <= mark;
  }
  notice(tenantId: string): void {
    this.tenants.set(tenantId, ++this.seq);
  }
}

async function rename(tenantId: string, displayName: string): Promise<void> {
  const row = await database.db.selectFrom('tenants').select('config').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const config = { ...(row.config as Record<string, unknown>), displayName };
  await database.db.updateTable('tenants').set({ config: JSON.stringify(config) }).where('id', '=', tenantId).execute();
}

describe('TenantResolver', () => {
  it('keeps a tenant until its notice (not a 10 s period), and only that tenant', async () => {
    const tenant = await createTenant(database);
    const other = await createTenant(database);
    let now = 1_000_000;
    const feed = new FakeFeed();
    const resolver = new TenantResolver(database.db, null, { feed, now: () => now });
    const name = async (t: { slug: string }) => (await resolver.resolve(hostOf(t)))?.config.displayName;
    const before = await name(tenant);
    const otherBefore = await name(other);
    await rename(tenant.id, 'Stadtwerke Neu');
    await rename(other.id, 'Stadtwerke Anders');
    now += 60_000;
    // A minute later, no notice: still the cached configuration (no database read per request).
    expect(await name(tenant)).toBe(before);
    feed.notice(tenant.id);
    expect(await name(tenant)).toBe('Stadtwerke Neu');
    expect(await name(other)).toBe(otherBefore);
    // The safety net: at most five minutes even without a notice.
    now += 300_000;
    expect(await name(other)).toBe('Stadtwerke Anders');
  });

  it('falls back to 10 s while the feed is down, and without a feed', async () => {
    const tenant = await createTenant(database);
    let now = 1_000_000;
    const feed = new FakeFeed();
    const resolver = new TenantResolver(database.db, null, { feed, now: () => now });
    const plain = new TenantResolver(database.db, null, { now: () => now });
    const name = async (r: TenantResolver) => (await r.resolve(hostOf(tenant)))?.config.displayName;
    const before = await name(resolver);
    expect(await name(plain)).toBe(before);
    feed.isLive = false;
    await rename(tenant.id, 'Stadtwerke Später');
    now += 5_000;
    expect(await name(resolver)).toBe(before);
    expect(await name(plain)).toBe(before);
    now += 5_001;
    expect(await name(resolver)).toBe('Stadtwerke Später');
    expect(await name(plain)).toBe('Stadtwerke Später');
  });

  it('remembers unknown hosts for 10 s only, even with a live feed', async () => {
    let now = 1_000_000;
    const resolver = new TenantResolver(database.db, null, { feed: new FakeFeed(), now: () => now });
    const tenant = await createTenant(database);
    const host = `${tenant.slug}-x.localhost`;
    expect(await resolver.resolve(host)).toBeNull();
    await database.db.updateTable('tenants').set({ slug: `${tenant.slug}-x` }).where('id', '=', tenant.id).execute();
    expect(await resolver.resolve(host)).toBeNull();
    now += 10_001;
    expect((await resolver.resolve(host))?.id).toBe(tenant.id);
  });
});

describe('two processes', () => {
  it('settings saved through one app are seen by the other with its next request', async () => {
    const now = new Date();
    const first = await buildTestApp(database, { extra: { clock: () => now } });
    const second = await buildTestApp(database, { extra: { clock: () => now } });
    try {
      const tenant = await createTenant(database);
      const admin = await signInStaff(first, tenant, await createStaff(database, tenant, 'admin'), now);
      const publicTenant = async () =>
        (await second.inject({ method: 'GET', url: '/api/v1/tenant', headers: { host: hostOf(tenant) } })).json<{ displayName: string; branding: { primaryColor: string } }>();
      // Warm the second app's resolver.
      expect((await publicTenant()).branding.primaryColor).toBe('#0b5394');
      const saved = await first.inject({
        method: 'PATCH',
        url: '/api/v1/backoffice/settings',
        headers: { host: hostOf(tenant), cookie: admin, 'content-type': 'application/json' },
        payload: JSON.stringify({ branding: { primaryColor: '#004d40' }, general: { displayName: 'Stadtwerke Sofort' } }),
      });
      expect(saved.statusCode, saved.body).toBe(200);
      // The notice was sent on commit; the second app has it once it heard everything committed so far.
      await second.changeFeed?.sync();
      const seen = await publicTenant();
      expect(seen.branding.primaryColor).toBe('#004d40');
      expect(seen.displayName).toBe('Stadtwerke Sofort');
    } finally {
      await first.close();
      await second.close();
    }
  });
});
