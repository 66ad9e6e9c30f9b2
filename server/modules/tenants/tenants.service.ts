// Tenant configuration: parsing, creation from a JSON file, the public view and host resolution.
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import {
  ZTenantConfig,
  ZTenantFile,
  type TLocale,
  type TModule,
  type TPublicTenant,
  type TTenantConfig,
  type TTenantFile,
} from '../../../api/tenant.ts';
import type { DB } from '../../db/schema.generated.ts';
import { AppError } from '../../errors.ts';
import * as repo from './tenants.repository.ts';

export type Tenant = {
  id: string;
  slug: string;
  config: TTenantConfig;
  hasLogo: boolean;
  updatedAt: Date;
};

function toTenant(row: repo.TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    config: ZTenantConfig.parse(row.config),
    hasLogo: row.logoType !== null,
    updatedAt: row.updatedAt,
  };
}

/** Refuses (404 module_disabled) when the utility does not offer a self-service module. */
export function requireModule(tenant: Tenant, module: TModule): void {
  if (!tenant.config.modules.includes(module)) throw new AppError('module_disabled');
}

export function localized(text: { de: string; en?: string | undefined }, locale: TLocale): string {
  return locale === 'en' && text.en ? text.en : text.de;
}

export function toPublicTenant(tenant: Tenant, demo: boolean): TPublicTenant {
  const c = tenant.config;
  return {
    slug: tenant.slug,
    displayName: c.displayName,
    legalName: c.legalName,
    country: c.country,
    timeZone: c.timeZone,
    defaultLocale: c.defaultLocale,
    address: c.address,
    contact: c.contact,
    branding: {
      primaryColor: c.branding.primaryColor,
      accentColor: c.branding.accentColor,
      logoUrl: tenant.hasLogo ? `/api/v1/tenant/logo?v=${tenant.updatedAt.getTime()}` : null,
    },
    divisions: c.divisions,
    customerNumber: c.customerNumber,
    meterNumberHelp: c.meterNumber.help,
    registrationMethods: c.registrationMethods,
    modules: c.modules,
    idleTimeoutMinutes: c.session.idleTimeoutMinutes,
    passwordMinLength: c.passwordMinLength,
    demo,
  };
}

/** Parses a tenant JSON file (as the CLI reads it) with readable errors. */
export function parseTenantFile(json: unknown): TTenantFile {
  const parsed = ZTenantFile.safeParse(json);
  if (!parsed.success) {
    throw new AppError('validation_failed', {
      detail: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
      fields: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    });
  }
  try {
    new RegExp(parsed.data.config.customerNumber.pattern, 'u');
  } catch {
    throw new AppError('validation_failed', { detail: 'config.customerNumber.pattern: not a valid regular expression' });
  }
  if (!new RegExp(`^(?:${parsed.data.config.customerNumber.pattern})$`, 'u').test(parsed.data.config.customerNumber.example)) {
    throw new AppError('validation_failed', {
      detail: 'config.customerNumber.example: does not match config.customerNumber.pattern',
    });
  }
  return parsed.data;
}

function readLogo(file: TTenantFile, baseDir: string): repo.TenantWrite['logo'] {
  if (!file.logo) return null;
  const logoPath = path.resolve(baseDir, file.logo);
  const data = fs.readFileSync(logoPath);
  if (logoPath.endsWith('.svg')) return { data, type: 'image/svg+xml' };
  if (logoPath.endsWith('.png')) return { data, type: 'image/png' };
  throw new AppError('validation_failed', { detail: `logo: ${file.logo} must be an .svg or .png file` });
}

/** Creates the tenant, or updates it when the slug exists. Returns the tenant id. */
export async function upsertTenantFromFile(
  db: Kysely<DB>,
  file: TTenantFile,
  baseDir: string,
  options: { id?: string } = {},
): Promise<{ id: string; created: boolean }> {
  const write: repo.TenantWrite = { slug: file.slug, config: file.config, domains: file.domains, logo: readLogo(file, baseDir) };
  const existing = await repo.findTenantBySlug(db, file.slug);
  if (existing) {
    await repo.updateTenant(db, existing.id, write);
    return { id: existing.id, created: false };
  }
  return { id: await repo.insertTenant(db, { ...write, ...(options.id ? { id: options.id } : {}) }), created: true };
}

export async function listAllTenants(db: Kysely<DB>): Promise<Tenant[]> {
  return (await repo.listTenants(db)).map(toTenant);
}

export async function getTenantBySlug(db: Kysely<DB>, slug: string): Promise<Tenant | undefined> {
  const row = await repo.findTenantBySlug(db, slug);
  return row ? toTenant(row) : undefined;
}

/** What the resolver needs of the change feed (ADR 0019): `server/db/change-feed.ts` ChangeFeed. */
export type TenantChangeFeed = {
  readonly isLive: boolean;
  mark(): number;
  isCurrent(mark: number, tenantId: string, subjects: readonly []): boolean;
};

/**
 * Resolves the tenant of a request from its Host header:
 *   <slug>.localhost[:port], <slug>.<BASE_DOMAIN>, or a custom domain mapped to a tenant.
 * With the change feed (ADR 0019) a resolved tenant stays cached until a `<tenant> tenant *` notice
 * (settings saved in the back office, any process) or `liveTtlMs` at the latest, so every process
 * sees a change with its next request. Without the feed, or while it is down, and for unknown hosts
 * (misses), entries live `ttlMs`: several processes converge within that.
 */
export class TenantResolver {
  private readonly cache = new Map<string, { tenant: Tenant | null; fetched: number; mark: number }>();

  private readonly db: Kysely<DB>;
  private readonly baseDomain: string | null;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly feed: TenantChangeFeed | null;
  private readonly liveTtlMs: number;

  constructor(
    db: Kysely<DB>,
    baseDomain: string | null,
    options: { ttlMs?: number; liveTtlMs?: number; now?: () => number; feed?: TenantChangeFeed | null } = {},
  ) {
    this.db = db;
    this.baseDomain = baseDomain;
    this.ttlMs = options.ttlMs ?? 10_000;
    this.liveTtlMs = options.liveTtlMs ?? 300_000;
    this.now = options.now ?? Date.now;
    this.feed = options.feed ?? null;
  }

  /** The slug the host names, 'none' for bare localhost, or a custom domain to look up. */
  classify(hostHeader: string | undefined): { kind: 'slug'; slug: string } | { kind: 'root' } | { kind: 'domain'; domain: string } | { kind: 'invalid' } {
    if (!hostHeader) return { kind: 'invalid' };
    const host = hostHeader.trim().toLowerCase().replace(/\.$/, '');
    const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(host);
    if (!match?.[1]) return { kind: 'invalid' };
    const name = match[1];
    if (name === 'localhost' || name === '127.0.0.1' || name === '[::1]') return { kind: 'root' };
    const base = this.baseDomain?.replace(/:\d+$/, '') ?? null;
    if (base && name === base) return { kind: 'root' };
    for (const suffix of ['.localhost', base ? `.${base}` : null]) {
      if (suffix && name.endsWith(suffix)) {
        const slug = name.slice(0, -suffix.length);
        return /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(slug) ? { kind: 'slug', slug } : { kind: 'invalid' };
      }
    }
    return { kind: 'domain', domain: name };
  }

  /** Whether a cached entry may still answer. */
  private isFresh(entry: { tenant: Tenant | null; fetched: number; mark: number }): boolean {
    const age = this.now() - entry.fetched;
    if (entry.tenant && this.feed?.isLive) return age < this.liveTtlMs && this.feed.isCurrent(entry.mark, entry.tenant.id, []);
    return age < this.ttlMs;
  }

  async resolve(hostHeader: string | undefined): Promise<Tenant | null> {
    const key = hostHeader?.trim().toLowerCase().replace(/:\d+$/, '') ?? '';
    const cached = this.cache.get(key);
    if (cached && this.isFresh(cached)) return cached.tenant;
    // Taken before reading: a notice that arrives while the row is read makes the entry stale.
    const mark = this.feed?.mark() ?? 0;
    const target = this.classify(hostHeader);
    let row: repo.TenantRow | undefined;
    if (target.kind === 'slug') row = await repo.findTenantBySlug(this.db, target.slug);
    else if (target.kind === 'domain') row = await repo.findTenantByDomain(this.db, target.domain);
    const tenant = row ? toTenant(row) : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { tenant, fetched: this.now(), mark });
    return tenant;
  }

  /** Drops every entry (tests; the CLI changes tenants in its own process). */
  invalidate(): void {
    this.cache.clear();
  }
}
