// Factories: every test builds its own tenant, so tests never depend on each other's data.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TTenantFile } from '../api/tenant.ts';
import { buildApp, type AppDeps } from '../server/app.ts';
import { loadConfig, type Config } from '../server/config.ts';
import type { Database } from '../server/db/database.ts';
import { getTenantBySlug, parseTenantFile, upsertTenantFromFile, type Tenant } from '../server/modules/tenants/tenants.service.ts';

export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export function tenantFile(overrides: { slug?: string; domains?: string[]; displayName?: string } = {}): TTenantFile {
  const slug = overrides.slug ?? uniqueSlug();
  return parseTenantFile({
    slug,
    domains: overrides.domains ?? [],
    config: {
      displayName: overrides.displayName ?? `Stadtwerke ${slug}`,
      legalName: `Stadtwerke ${slug} GmbH`,
      country: 'DE',
      timeZone: 'Europe/Berlin',
      address: { street: 'Marktplatz 1', postalCode: '12345', city: 'Teststadt' },
      contact: { phone: '01234 5678-0', email: 'service@example.org', hours: { de: 'Mo–Fr 8–16 Uhr', en: 'Mon–Fri 8am–4pm' } },
      branding: { primaryColor: '#0b5394', accentColor: '#f1c232' },
      divisions: ['electricity', 'gas'],
      customerNumber: { pattern: '4\\d{7}', example: '41234567', help: { de: 'Achtstellig, beginnt mit 4.' } },
      meterNumber: { help: { de: 'Steht auf dem Zähler.' } },
      registrationMethods: ['customer_meter'],
      modules: ['readings', 'invoices'],
      retention: { invoicesYears: 8 },
      legal: {
        imprint: { de: `# Impressum\n\nMarker ${slug} Impressum`, en: `# Imprint\n\nMarker ${slug} imprint` },
        privacy: { de: `Datenschutz ${slug}` },
        accessibility: { de: `Barrierefreiheit ${slug}` },
      },
    },
  });
}

export async function createTenant(
  database: Database,
  overrides: Parameters<typeof tenantFile>[0] = {},
): Promise<Tenant> {
  const file = tenantFile(overrides);
  await upsertTenantFromFile(database.db, file, process.cwd());
  const tenant = await getTenantBySlug(database.db, file.slug);
  if (!tenant) throw new Error('tenant not created');
  return tenant;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO: 'false', ...env });
}

export async function buildTestApp(
  database: Database,
  options: { env?: Record<string, string>; extra?: Partial<AppDeps> } = {},
): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig(options.env), database, ...options.extra });
  await app.ready();
  return app;
}

export function hostOf(tenant: { slug: string }): string {
  return `${tenant.slug}.localhost:3000`;
}
