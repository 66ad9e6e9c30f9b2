// Tenants and their domains are global tables (looked up before a tenant is known); they are read
// through the owner connection and written only by the CLI and the platform operator.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.generated.ts';

export type TenantRow = {
  id: string;
  slug: string;
  config: unknown;
  logoType: string | null;
  updatedAt: Date;
};

const columns = ['id', 'slug', 'config', 'logo_type as logoType', 'updated_at as updatedAt'] as const;

export async function findTenantBySlug(db: Kysely<DB>, slug: string): Promise<TenantRow | undefined> {
  return db.selectFrom('tenants').select(columns).where('slug', '=', slug).executeTakeFirst();
}

export async function findTenantByDomain(db: Kysely<DB>, domain: string): Promise<TenantRow | undefined> {
  return db
    .selectFrom('tenant_domains')
    .innerJoin('tenants', 'tenants.id', 'tenant_domains.tenant_id')
    .select(['tenants.id', 'tenants.slug', 'tenants.config', 'tenants.logo_type as logoType', 'tenants.updated_at as updatedAt'])
    .where('tenant_domains.domain', '=', domain)
    .executeTakeFirst();
}

export async function listTenants(db: Kysely<DB>): Promise<TenantRow[]> {
  return db.selectFrom('tenants').select(columns).orderBy('slug').execute();
}

export async function listDomains(db: Kysely<DB>, tenantId: string): Promise<string[]> {
  const rows = await db.selectFrom('tenant_domains').select('domain').where('tenant_id', '=', tenantId).orderBy('domain').execute();
  return rows.map((row) => row.domain);
}

export async function findTenantLogo(
  db: Kysely<DB>,
  tenantId: string,
): Promise<{ logo: Buffer; logoType: string } | undefined> {
  const row = await db.selectFrom('tenants').select(['logo', 'logo_type']).where('id', '=', tenantId).executeTakeFirst();
  if (!row?.logo || !row.logo_type) return undefined;
  return { logo: row.logo, logoType: row.logo_type };
}

export type TenantWrite = {
  slug: string;
  config: unknown;
  domains: string[];
  logo?: { data: Buffer; type: 'image/svg+xml' | 'image/png' } | null;
};

export async function insertTenant(db: Kysely<DB>, tenant: TenantWrite & { id?: string }): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('tenants')
      .values({
        ...(tenant.id ? { id: tenant.id } : {}),
        slug: tenant.slug,
        config: JSON.stringify(tenant.config),
        logo: tenant.logo?.data ?? null,
        logo_type: tenant.logo?.type ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (tenant.domains.length > 0) {
      await trx
        .insertInto('tenant_domains')
        .values(tenant.domains.map((domain) => ({ domain, tenant_id: row.id })))
        .execute();
    }
    return row.id;
  });
}

export async function updateTenant(db: Kysely<DB>, tenantId: string, tenant: TenantWrite): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('tenants')
      .set({
        config: JSON.stringify(tenant.config),
        updated_at: new Date(),
        ...(tenant.logo === undefined ? {} : { logo: tenant.logo?.data ?? null, logo_type: tenant.logo?.type ?? null }),
      })
      .where('id', '=', tenantId)
      .execute();
    await trx.deleteFrom('tenant_domains').where('tenant_id', '=', tenantId).execute();
    if (tenant.domains.length > 0) {
      await trx
        .insertInto('tenant_domains')
        .values(tenant.domains.map((domain) => ({ domain, tenant_id: tenantId })))
        .execute();
    }
  });
}
