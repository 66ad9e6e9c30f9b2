// Factories: every test builds its own tenant, so tests never depend on each other's data.
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { TRegistrationMethod, TTenantFile } from '../api/tenant.ts';
import { buildApp, type AppDeps } from '../server/app.ts';
import { loadConfig, type Config } from '../server/config.ts';
import { withTenant, type Database } from '../server/db/database.ts';
import { createMailHandler, MAIL_TOPIC } from '../server/modules/mail/mail.ts';
import { OutboxWorker } from '../server/modules/outbox/outbox.worker.ts';
import { getTenantBySlug, parseTenantFile, upsertTenantFromFile, type Tenant } from '../server/modules/tenants/tenants.service.ts';

export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export function tenantFile(
  overrides: { slug?: string; domains?: string[]; displayName?: string; registrationMethods?: TRegistrationMethod[] } = {},
): TTenantFile {
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
      registrationMethods: overrides.registrationMethods ?? ['customer_meter'],
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

/** A fixed key for sealing TOTP secrets in tests. */
export const TEST_SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO: 'false', SECRETS_KEY: TEST_SECRETS_KEY, ...env });
}

export async function buildTestApp(
  database: Database,
  options: { env?: Record<string, string>; extra?: Partial<AppDeps> } = {},
): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig(options.env), database, ...options.extra });
  // Tests change rows directly (fixtures, other "processes") between requests: each request first
  // waits until the change feed has heard of everything committed before it, as a real request
  // arriving a few milliseconds later would find.
  app.addHook('onRequest', async () => app.changeFeed?.sync());
  await app.ready();
  return app;
}

export function hostOf(tenant: { slug: string }): string {
  return `${tenant.slug}.localhost:3000`;
}

/** A customer with one consumption point and an electricity meter (register 1-0:1.8.0). */
export async function createCustomer(
  database: Database,
  tenant: Tenant,
  data: { customerNumber: string; meterNumber: string; lastName?: string; firstName?: string },
): Promise<{ customerId: string; meterId: string }> {
  return withTenant(database, tenant.id, async (trx) => {
    const customer = await trx
      .insertInto('customers')
      .values({
        tenant_id: tenant.id,
        customer_number: data.customerNumber,
        kind: 'person',
        first_name: data.firstName ?? 'Erika',
        last_name: data.lastName ?? 'Mustermann',
        street: 'Hauptstraße',
        house_number: '5',
        postal_code: '12345',
        city: 'Teststadt',
        country: 'DE',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const premise = await trx
      .insertInto('premises')
      .values({ tenant_id: tenant.id, customer_id: customer.id, street: 'Hauptstraße', house_number: '5', postal_code: '12345', city: 'Teststadt', country: 'DE' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const meter = await trx
      .insertInto('meters')
      .values({ tenant_id: tenant.id, premise_id: premise.id, meter_number: data.meterNumber, division: 'electricity', installed_on: '2020-01-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('meter_registers')
      .values({ tenant_id: tenant.id, meter_id: meter.id, obis: '1-0:1.8.0', unit: 'kWh', digits: 6 })
      .execute();
    return { customerId: customer.id, meterId: meter.id };
  });
}

/** Delivers queued mails into the dev mailbox and returns the newest mails for an address. */
export async function mailsTo(database: Database, tenant: Tenant, to: string): Promise<Array<{ subject: string; text: string }>> {
  const worker = new OutboxWorker(database, { [MAIL_TOPIC]: createMailHandler(testConfig(), database) }, silentLogger);
  while ((await worker.runOnce()) > 0) {
    // drain
  }
  return withTenant(database, tenant.id, (trx) =>
    trx.selectFrom('dev_mailbox').select(['subject', 'text_body as text']).where('to_address', '=', to).orderBy('id', 'desc').execute(),
  );
}

export const silentLogger = { error: () => undefined, warn: () => undefined, info: () => undefined } as unknown as FastifyBaseLogger;

/** The token in a mailed link (…#token=…). */
export function tokenFromMail(text: string): string {
  const match = /#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no token in mail:\n${text}`);
  return match[1];
}
