// Demo data: three fictitious utilities (Stadtwerke Musterstadt, DE; Stadtwerke Alpenstadt, AT; the
// grid operator Netz Nord, DE) with customers, contracts, meters, readings, smart meter series,
// invoices or feed-in credit notes with PDFs, account statements and a few registered demo logins.
// Deterministic for a given `today`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import type { TDemoAccounts, TTenantFile } from '../../api/tenant.ts';
import { withTenant, type Database, type TenantTransaction } from '../db/database.ts';
import { hashPassword } from '../modules/identity/password.ts';
import { getTenantBySlug, parseTenantFile, upsertTenantFromFile } from '../modules/tenants/tenants.service.ts';
import { bankAccountRows, insertBankAccounts } from './bank-accounts.ts';
import { alpenstadtLogins, musterstadtLogins, netzNordLogins, type DemoLogin } from './catalog.ts';
import { documentPlans, letterheadFor, logoFromSvg, type DocumentPlan } from './documents.ts';
import { generateTenant, tenantRows, TENANT_IDS, type TenantData, type TenantRows, type TenantSlug } from './generate.ts';
import { createPdfPool, yieldToEventLoop } from './pdf-pool.ts';
import { dayNumber, isoDay } from './profiles.ts';
import { seriesRows, type DailyRow, type IntervalRow } from './series.ts';
import { currentDemoCode, demoStaff, seedDemoStaff } from './staff.ts';
import { DEMO_OPERATOR, seedDemoOperator } from './operators.ts';

/** Password of every demo login (shown on the demo accounts page). */
export const DEMO_PASSWORD = 'Zählerstand-2024';

const TENANT_DIR = fileURLToPath(new URL('./tenants/', import.meta.url));
const SEED_ORDER: TenantSlug[] = ['alpenstadt', 'netz-nord', 'musterstadt'];
/** Order on the demo accounts page. */
const LIST_ORDER: TenantSlug[] = ['musterstadt', 'alpenstadt', 'netz-nord'];
const LOGINS: Record<TenantSlug, DemoLogin[]> = { musterstadt: musterstadtLogins, alpenstadt: alpenstadtLogins, 'netz-nord': netzNordLogins };

export function demoTenantFile(slug: TenantSlug): TTenantFile {
  return parseTenantFile(JSON.parse(fs.readFileSync(path.join(TENANT_DIR, `${slug}.json`), 'utf8')) as unknown);
}

async function chunked<T>(rows: readonly T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await insert(rows.slice(i, i + size));
    // PDF workers get their next batches only when the event loop delivers their messages.
    await yieldToEventLoop();
  }
}

async function insertMasterData(trx: TenantTransaction, rows: TenantRows): Promise<void> {
  await chunked(rows.tariffs, 500, (c) => trx.insertInto('tariffs').values(c).execute());
  await chunked(rows.customers, 500, (c) => trx.insertInto('customers').values(c).execute());
  await chunked(rows.premises, 500, (c) => trx.insertInto('premises').values(c).execute());
  await chunked(rows.contracts, 500, (c) => trx.insertInto('contracts').values(c).execute());
  await chunked(rows.meters, 500, (c) => trx.insertInto('meters').values(c).execute());
  await chunked(rows.meter_registers, 1000, (c) => trx.insertInto('meter_registers').values(c).execute());
  await chunked(rows.meter_readings, 1000, (c) => trx.insertInto('meter_readings').values(c).execute());
  await chunked(rows.instalment_plans, 1000, (c) => trx.insertInto('instalment_plans').values(c).execute());
}

async function insertLogins(trx: TenantTransaction, data: TenantData, passwordHash: string): Promise<void> {
  if (data.logins.length === 0) return;
  await trx
    .insertInto('logins')
    .values(
      data.logins.map((login) => ({
        tenant_id: data.spec.tenantId,
        id: login.id,
        email: login.email.toLowerCase(),
        password_hash: passwordHash,
        email_verified_at: new Date(login.createdAt.getTime() + 4 * 60_000),
        status: 'active',
        registration_method: 'demo',
        locale: login.locale,
        created_at: login.createdAt,
        last_login_at: login.lastLoginAt,
      })),
    )
    .execute();
  await trx
    .insertInto('login_customers')
    .values(
      data.logins.flatMap((login) =>
        login.customers.map((customer, i) => ({
          tenant_id: data.spec.tenantId,
          login_id: login.id,
          customer_id: customer.id,
          linked_at: new Date(login.createdAt.getTime() + (5 + i * 60 * 24 * 7) * 60_000),
        })),
      ),
    )
    .execute();
}

/**
 * Series rows are many (about 130,000 daily values and 50,000 days of 15-minute values), so they go
 * in as one JSON parameter per chunk (json_populate_recordset) instead of thousands of parameters.
 */
async function insertSeries(trx: TenantTransaction, data: TenantData): Promise<void> {
  let intervals: IntervalRow[] = [];
  let dailies: DailyRow[] = [];
  const flushIntervals = async (): Promise<void> => {
    if (intervals.length === 0) return;
    const json = JSON.stringify(intervals);
    intervals = [];
    await trx
      .insertInto('interval_values')
      .columns(['tenant_id', 'register_id', 'day', 'values_milli', 'quality'])
      .expression((eb) =>
        eb
          .selectFrom(sql<IntervalRow>`json_populate_recordset(null::interval_values, ${json})`.as('r'))
          .select(['r.tenant_id', 'r.register_id', 'r.day', 'r.values_milli', 'r.quality']),
      )
      .execute();
    await yieldToEventLoop();
  };
  const flushDailies = async (): Promise<void> => {
    if (dailies.length === 0) return;
    const json = JSON.stringify(dailies);
    dailies = [];
    await trx
      .insertInto('consumption_daily')
      .columns(['tenant_id', 'register_id', 'day', 'quantity_milli', 'quality'])
      .expression((eb) =>
        eb
          .selectFrom(sql<DailyRow>`json_populate_recordset(null::consumption_daily, ${json})`.as('r'))
          .select(['r.tenant_id', 'r.register_id', 'r.day', 'r.quantity_milli', 'r.quality']),
      )
      .execute();
    await yieldToEventLoop();
  };
  for (const row of seriesRows(data)) {
    if (row.interval) intervals.push(row.interval);
    dailies.push(row.daily);
    if (intervals.length >= 2000) await flushIntervals();
    if (dailies.length >= 10_000) await flushDailies();
  }
  await flushIntervals();
  await flushDailies();
}

async function insertDocumentsAndBilling(
  trx: TenantTransaction,
  data: TenantData,
  documents: DocumentPlan[],
  pdfs: (start: number, end: number) => Promise<Buffer[]>,
): Promise<void> {
  // Documents are stored chunk by chunk as their PDFs come in from the workers.
  const chunk = 40;
  for (let start = 0; start < documents.length; start += chunk) {
    const end = Math.min(documents.length, start + chunk);
    const contents = await pdfs(start, end);
    const rows = documents.slice(start, end).map((plan, i) => {
      const content = contents[i];
      if (!content) throw new Error(`PDF ${plan.meta.file_name} missing`);
      return { ...plan.meta, content, size_bytes: content.length };
    });
    await trx.insertInto('documents').values(rows).execute();
    await yieldToEventLoop();
  }
  const tenant_id = data.spec.tenantId;
  await chunked(
    data.invoices.map((invoice) => ({
      tenant_id,
      id: invoice.id,
      customer_id: invoice.customer.id,
      invoice_number: invoice.number,
      kind: invoice.kind,
      invoice_date: isoDay(invoice.day),
      period_start: isoDay(invoice.periodStart),
      period_end: isoDay(invoice.periodEnd),
      net_cents: invoice.netCents,
      vat_cents: invoice.vatCents,
      gross_cents: invoice.grossCents,
      instalments_paid_cents: invoice.paidCents,
      balance_cents: invoice.balanceCents,
      due_date: isoDay(invoice.dueDay),
      document_id: invoice.documentId,
      created_at: new Date(invoice.day * 86_400_000 + 6 * 3_600_000),
    })),
    1000,
    (c) => trx.insertInto('invoices').values(c).execute(),
  );
  await chunked(data.transactions, 1000, (c) => trx.insertInto('account_transactions').values(c).execute());
}

/** Demo tenants that have no customers yet (missing, or created by an interrupted seed). */
async function unseededTenants(database: Database): Promise<TenantSlug[]> {
  const result: TenantSlug[] = [];
  for (const slug of SEED_ORDER) {
    const tenant = await getTenantBySlug(database.db, slug);
    const customer = tenant
      ? await withTenant(database, tenant.id, (trx) => trx.selectFrom('customers').select('id').limit(1).executeTakeFirst())
      : undefined;
    if (!customer) result.push(slug);
  }
  return result;
}

/**
 * The files define the demo tenants: a demo tenant seeded earlier gets the configuration of its file
 * (e.g. a registration method added since), its data stays as it is.
 */
async function refreshDemoConfigs(database: Database, slugs: readonly TenantSlug[]): Promise<void> {
  for (const slug of slugs) {
    const stored = await getTenantBySlug(database.db, slug);
    const file = demoTenantFile(slug);
    if (stored && !isDeepStrictEqual(stored.config, file.config)) await upsertTenantFromFile(database.db, file, TENANT_DIR);
  }
}

/**
 * Creates each demo tenant and its data unless that tenant has customers already (so a database
 * seeded before a demo tenant was added gets the new one on the next start, and the others keep
 * their data; their configuration follows their files). `today` (YYYY-MM-DD) is the last day the
 * data reaches; the same `today` gives the same data. `secretsKey` seals the demo IBANs (without it no
 * bank details are seeded).
 */
export async function seedDemo(database: Database, options: { today: string; secretsKey?: Buffer }): Promise<{ seeded: boolean }> {
  dayNumber(options.today);
  const pending = await unseededTenants(database);
  await refreshDemoConfigs(database, SEED_ORDER.filter((slug) => !pending.includes(slug)));
  if (pending.length === 0) {
    await seedStaffOfDemoTenants(database, options.secretsKey);
    return { seeded: false };
  }

  const created: Array<{ slug: TenantSlug; id: string }> = [];
  // Workers start loading pdfkit and the fonts now, while the data is generated.
  const pool = createPdfPool();
  try {
    const tenants: Array<{ slug: TenantSlug; id: string; data: TenantData; documents: DocumentPlan[] }> = [];
    for (const slug of pending) {
      const file = demoTenantFile(slug);
      const result = await upsertTenantFromFile(database.db, file, TENANT_DIR, { id: TENANT_IDS[slug] });
      if (result.created) created.push({ slug, id: result.id });
      const data = generateTenant(slug, options.today, result.id);
      const logo = file.logo ? logoFromSvg(fs.readFileSync(path.join(TENANT_DIR, file.logo), 'utf8')) : undefined;
      tenants.push({ slug, id: result.id, data, documents: documentPlans(data, letterheadFor(file, logo)) });
    }

    // PDFs are rendered on worker threads while this thread writes everything else.
    const pdfs = pool.submit(tenants.flatMap((t) => t.documents.map((d) => d.job)));
    const passwordHash = await hashPassword(DEMO_PASSWORD);

    let offset = 0;
    for (const tenant of tenants) {
      const first = offset;
      offset += tenant.documents.length;
      await withTenant(database, tenant.id, async (trx) => {
        const existing = await trx.selectFrom('customers').select('id').limit(1).executeTakeFirst();
        if (existing) return;
        await insertMasterData(trx, tenantRows(tenant.data));
        if (options.secretsKey) await insertBankAccounts(trx, bankAccountRows(tenant.data, demoTenantFile(tenant.slug).config, options.secretsKey));
        await insertLogins(trx, tenant.data, passwordHash);
        await insertSeries(trx, tenant.data);
        await insertDocumentsAndBilling(trx, tenant.data, tenant.documents, (start, end) => pdfs.range(first + start, first + end));
      });
      const index = created.findIndex((c) => c.id === tenant.id);
      if (index >= 0) created.splice(index, 1);
    }
    await seedStaffOfDemoTenants(database, options.secretsKey);
    return { seeded: true };
  } catch (error) {
    // Tenants created by this call whose data did not commit are removed, so a retry starts clean.
    for (const tenant of created.reverse()) {
      await database.db.deleteFrom('tenants').where('id', '=', tenant.id).execute().catch(() => undefined);
    }
    throw error;
  } finally {
    pool.close();
  }
}

/** Back-office staff of each demo tenant and the demo platform operator (need the secrets key for their authenticator secrets). */
async function seedStaffOfDemoTenants(database: Database, secretsKey: Buffer | undefined): Promise<void> {
  if (!secretsKey) return;
  await seedDemoOperator(database, DEMO_PASSWORD, secretsKey, new Date());
  for (const slug of SEED_ORDER) {
    const tenant = await getTenantBySlug(database.db, slug);
    if (tenant) await seedDemoStaff(database, { id: tenant.id, slug }, DEMO_PASSWORD, secretsKey, new Date());
  }
}

type DemoTenantAccounts = TDemoAccounts['tenants'][number];
type Unregistered = DemoTenantAccounts['unregistered'][number];

async function demoLogins(trx: TenantTransaction, catalog: readonly DemoLogin[]): Promise<DemoTenantAccounts['logins']> {
  const linked = await trx
    .selectFrom('logins')
    .innerJoin('login_customers', (join) =>
      join.onRef('login_customers.tenant_id', '=', 'logins.tenant_id').onRef('login_customers.login_id', '=', 'logins.id'),
    )
    .innerJoin('customers', (join) =>
      join.onRef('customers.tenant_id', '=', 'login_customers.tenant_id').onRef('customers.id', '=', 'login_customers.customer_id'),
    )
    .select(['logins.email', 'customers.customer_number'])
    .where(
      'logins.email',
      'in',
      catalog.map((l) => l.email),
    )
    .orderBy('customers.customer_number')
    .execute();
  return catalog
    .map((login) => ({
      email: login.email,
      password: DEMO_PASSWORD,
      customerNumbers: linked.filter((r) => r.email === login.email).map((r) => r.customer_number),
      note: login.note,
    }))
    .filter((login) => login.customerNumbers.length > 0);
}

function displayName(c: { kind: string; first_name: string | null; last_name: string | null; company_name: string | null }): string {
  return c.kind === 'company' ? (c.company_name ?? '') : `${c.first_name ?? ''} ${c.last_name ?? ''}`.trim();
}

/** Utilities: customers without a login, with their current meters and the tenant's extra proof. */
async function supplierUnregistered(trx: TenantTransaction, slug: TenantSlug): Promise<Unregistered[]> {
  const candidates = await trx
    .selectFrom('customers')
    .leftJoin('login_customers', (join) =>
      join.onRef('login_customers.tenant_id', '=', 'customers.tenant_id').onRef('login_customers.customer_id', '=', 'customers.id'),
    )
    .where('login_customers.customer_id', 'is', null)
    .select(['customers.id', 'customers.customer_number', 'customers.kind', 'customers.first_name', 'customers.last_name', 'customers.company_name'])
    .orderBy('customers.customer_number')
    .limit(25)
    .execute();
  const ids = candidates.map((c) => c.id);
  const meters =
    ids.length === 0
      ? []
      : await trx
          .selectFrom('meters')
          .innerJoin('premises', (join) =>
            join.onRef('premises.tenant_id', '=', 'meters.tenant_id').onRef('premises.id', '=', 'meters.premise_id'),
          )
          .select(['premises.customer_id', 'premises.id as premise_id', 'premises.malo_id', 'meters.meter_number', 'meters.metering_point_id'])
          .where('premises.customer_id', 'in', ids)
          .where('meters.removed_on', 'is', null)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('contracts')
                .select('contracts.id')
                .whereRef('contracts.tenant_id', '=', 'premises.tenant_id')
                .whereRef('contracts.premise_id', '=', 'premises.id')
                .where('contracts.end_date', 'is', null),
            ),
          )
          .orderBy('premises.created_at')
          .orderBy('meters.meter_number')
          .execute();
  return candidates
    .map((c) => {
      const own = meters.filter((m) => m.customer_id === c.id);
      const proof: Record<string, string> = {};
      const malo = own.find((m) => m.malo_id)?.malo_id;
      const meteringPoint = own.find((m) => m.metering_point_id)?.metering_point_id;
      if (slug === 'musterstadt' && malo) proof['MaLo-ID'] = malo;
      if (slug === 'alpenstadt' && meteringPoint) proof['Zählpunkt'] = meteringPoint;
      return { customerNumber: c.customer_number, name: displayName(c), meterNumbers: own.map((m) => m.meter_number), proof };
    })
    .filter((c) => c.meterNumbers.length > 0)
    .slice(0, 15);
}

/**
 * Grid operator: business partners without a login, registering with meter number + GP-Nr. A
 * person with consumption and feed-in has two customer records (same name and address, two GP-Nr);
 * both are listed one after the other, each naming the other GP-Nr. Persons with two GP-Nr first.
 */
async function gridUnregistered(trx: TenantTransaction): Promise<Unregistered[]> {
  const customers = await trx
    .selectFrom('customers')
    .select([
      'customers.id',
      'customers.customer_number',
      'customers.kind',
      'customers.first_name',
      'customers.last_name',
      'customers.company_name',
      'customers.street',
      'customers.house_number',
      'customers.postal_code',
      'customers.city',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('login_customers')
              .select('login_customers.login_id')
              .whereRef('login_customers.tenant_id', '=', 'customers.tenant_id')
              .whereRef('login_customers.customer_id', '=', 'customers.id'),
          )
          .as('registered'),
    ])
    .orderBy('customers.customer_number')
    .execute();
  const meters = await trx
    .selectFrom('meters')
    .innerJoin('premises', (join) => join.onRef('premises.tenant_id', '=', 'meters.tenant_id').onRef('premises.id', '=', 'meters.premise_id'))
    .innerJoin('contracts', (join) =>
      join.onRef('contracts.tenant_id', '=', 'premises.tenant_id').onRef('contracts.premise_id', '=', 'premises.id').on('contracts.end_date', 'is', null),
    )
    .select(['premises.customer_id', 'contracts.direction', 'meters.meter_number', 'meters.metering_point_id'])
    .where('meters.removed_on', 'is', null)
    .orderBy('meters.meter_number')
    .execute();

  type Account = { number: string; name: string; address: string; direction: string; meterNumbers: string[]; meteringPoint: string | undefined; registered: boolean };
  const persons = new Map<string, Account[]>();
  for (const c of customers) {
    const own = meters.filter((m) => m.customer_id === c.id);
    const direction = own[0]?.direction;
    if (!direction) continue;
    const key = [c.kind, c.first_name, c.last_name, c.company_name, c.street, c.house_number, c.postal_code, c.city].join('|');
    const accounts = persons.get(key) ?? [];
    accounts.push({
      number: c.customer_number,
      name: displayName(c),
      address: `${c.street} ${c.house_number}, ${c.postal_code} ${c.city}`,
      direction,
      meterNumbers: own.map((m) => m.meter_number),
      meteringPoint: own.find((m) => m.metering_point_id)?.metering_point_id ?? undefined,
      registered: Boolean(c.registered),
    });
    persons.set(key, accounts);
  }
  const open = [...persons.values()].filter((accounts) => accounts.every((a) => !a.registered));
  const dual = open.filter((a) => a.length === 2 && a.some((x) => x.direction === 'consumption') && a.some((x) => x.direction === 'feed_in')).slice(0, 4);
  const single = open.filter((a) => a.length === 1).slice(0, 10);
  const entry = (account: Account, extra: Record<string, string>): Unregistered => ({
    customerNumber: account.number,
    name: account.name,
    meterNumbers: account.meterNumbers,
    // The postal address too: "GP-Nr anfordern" gets a letter only for the customer's own address.
    proof: { 'GP-Nr': account.number, ...(account.meteringPoint ? { Zählpunkt: account.meteringPoint } : {}), Anschrift: account.address, ...extra },
  });
  const result: Unregistered[] = [];
  for (const accounts of dual) {
    const consumption = accounts.find((a) => a.direction === 'consumption');
    const feedIn = accounts.find((a) => a.direction === 'feed_in');
    if (!consumption || !feedIn) continue;
    result.push(entry(consumption, { Art: 'Bezug', 'Zweite GP-Nr (Einspeisung)': feedIn.number }));
    result.push(entry(feedIn, { Art: 'Einspeisung', 'Erste GP-Nr (Bezug)': consumption.number }));
  }
  for (const [account] of single) if (account) result.push(entry(account, {}));
  return result;
}

/** Logins (with the demo password) and unregistered customers for the demo accounts page. */
export async function demoAccounts(database: Database, urlForSlug: (slug: string) => string): Promise<TDemoAccounts> {
  const result: TDemoAccounts = {
    tenants: [],
    operators: [{ ...DEMO_OPERATOR, password: DEMO_PASSWORD, currentCode: await currentDemoCode(DEMO_OPERATOR.totpSecret, new Date()) }],
  };
  for (const slug of LIST_ORDER) {
    const tenant = await getTenantBySlug(database.db, slug);
    if (!tenant) continue;
    const entry = await withTenant(database, tenant.id, async (trx) => ({
      logins: await demoLogins(trx, LOGINS[slug]),
      unregistered: tenant.config.registrationMethods.includes('meter_gp') ? await gridUnregistered(trx) : await supplierUnregistered(trx, slug),
    }));
    result.tenants.push({
      slug,
      displayName: tenant.config.displayName,
      url: urlForSlug(slug),
      registrationMethods: tenant.config.registrationMethods,
      logins: entry.logins,
      unregistered: entry.unregistered,
      staff: await Promise.all(
        demoStaff(slug).map(async (staff) => ({ ...staff, password: DEMO_PASSWORD, currentCode: await currentDemoCode(staff.totpSecret, new Date()) })),
      ),
    });
  }
  return result;
}
