// "Meine Daten": the ZIP with everything stored about a login and its linked accounts (GDPR-01):
// file list, JSON content, German Excel CSV, documents and attachments as files, nothing of other
// customers or tenants, no secrets; step-up, rate limit, audit entry, notice mail, 401.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createCustomer, createTenant, hostOf, mailsTo } from '../../../test/factories.ts';
import { caller, sessionCookieOf, signedInCustomer, type Call } from '../../../test/http.ts';
import { addSupply } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { cell, csvDocument } from './csv.ts';
import { safeName } from './sections.ts';
import { quartersOf } from './time.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
const START = new Date('2026-05-04T08:00:00Z');
let now = START;
const PASSWORD = 'Leuchtturm im Nebel 7';
let seq = 0;
let call: Call;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  other = await createTenant(database);
  app = await buildTestApp(database, { extra: { clock: () => now } });
  call = caller(app, tenant);
});
// Every test starts at the same time with logins of its own.
beforeEach(() => {
  now = START;
});
afterAll(async () => {
  await app.close();
  await database.close();
});

function later(seconds: number): void {
  now = new Date(now.getTime() + seconds * 1000);
}

async function customer(on: Tenant = tenant) {
  seq += 1;
  return signedInCustomer(database, caller(app, on), on, seq, PASSWORD);
}

/** Confirms the password (step-up) and returns the rotated session cookie. */
async function stepUp(cookie: string, on: Call = call): Promise<string> {
  const res = await on('POST', '/api/v1/auth/reauth', { cookie, body: { password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(204);
  return sessionCookieOf(res);
}

function exportZip(cookie: string, options: { locale?: string; on?: Call } = {}): Promise<LightMyRequestResponse> {
  return (options.on ?? call)('POST', '/api/v1/me/personal-data/export', { cookie, ...(options.locale ? { locale: options.locale } : {}) });
}

async function loginIdOf(email: string): Promise<string> {
  const row = await withTenant(database, tenant.id, (trx) => trx.selectFrom('logins').select('id').where('email', '=', email).executeTakeFirstOrThrow());
  return row.id;
}

async function exportsOf(loginId: string): Promise<Array<{ actor_type: string; target_type: string | null; details: unknown }>> {
  return withTenant(database, tenant.id, (trx) =>
    trx.selectFrom('audit_log').select(['actor_type', 'target_type', 'details']).where('action', '=', 'personal_data.exported').where('actor_id', '=', loginId).orderBy('id').execute(),
  );
}

function folderOf(c: { customerNumber: string }): string {
  return `customer-${c.customerNumber}/`;
}

function unzip(res: LightMyRequestResponse): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(res.rawPayload));
}

function text(files: Record<string, Uint8Array>, path: string): string {
  const file = files[path];
  if (!file) throw new Error(`${path} is not in the archive: ${Object.keys(files).join(', ')}`);
  return Buffer.from(file).toString('utf8');
}

function json(files: Record<string, Uint8Array>, path: string): unknown {
  return JSON.parse(text(files, path));
}

/** The CSV's rows as cells (the test data has no quoted line breaks). */
function csv(files: Record<string, Uint8Array>, path: string): string[][] {
  const content = text(files, path);
  expect([...files[path]!.subarray(0, 3)], `${path} starts with the UTF-8 BOM`).toEqual([0xef, 0xbb, 0xbf]);
  expect(content.endsWith('\r\n')).toBe(true);
  return content
    .slice(1, -2)
    .split('\r\n')
    .map((line) => line.split(';'));
}

const PDF = Buffer.from('%PDF-1.4\n% Jahresrechnung 2025 Testinhalt\n%%EOF\n');

/** A customer with a full supply history: readings, daily and 15-minute values, invoice, document, transactions. */
async function withSupplyData(customerId: string) {
  const meterNumber = `1ESY116${String(seq).padStart(7, '0')}`;
  const contractNumber = `V-9${String(seq).padStart(5, '0')}`;
  const supply = await addSupply(database, tenant, customerId, {
    meterNumber,
    meterKind: 'smart',
    dataGranularity: 'QUARTER_HOUR',
    tariff: { name: 'Stadtstrom Öko', energyPriceCt: '31.2500', basePriceCentsPerYear: 14_990 },
    contract: { number: contractNumber, annualForecastKwh: 2500 },
    instalment: { amountCents: 8500, validFrom: '2026-01-01' },
  });
  const registerId = supply.registerIds[0]!;
  await withTenant(database, tenant.id, async (trx) => {
    await trx
      .insertInto('meter_readings')
      .values([
        { tenant_id: tenant.id, register_id: registerId, read_on: '2025-12-31', value: '12345.5', source: 'utility', reason: 'billing' },
        { tenant_id: tenant.id, register_id: registerId, read_on: '2026-04-30', value: '13001', source: 'customer' },
      ])
      .execute();
    await trx
      .insertInto('consumption_daily')
      .values([
        { tenant_id: tenant.id, register_id: registerId, day: '2026-04-29', quantity_milli: 7250 },
        { tenant_id: tenant.id, register_id: registerId, day: '2026-04-30', quantity_milli: 6125 },
      ])
      .execute();
    const values = (count: number) => Array.from({ length: count }, (_, i) => 100 + i);
    await trx
      .insertInto('interval_values')
      .values([
        { tenant_id: tenant.id, register_id: registerId, day: '2025-10-26', values_milli: values(100) },
        { tenant_id: tenant.id, register_id: registerId, day: '2026-03-29', values_milli: values(92) },
        { tenant_id: tenant.id, register_id: registerId, day: '2026-03-30', values_milli: values(96) },
      ])
      .execute();
    const document = await trx
      .insertInto('documents')
      .values({ tenant_id: tenant.id, customer_id: customerId, kind: 'invoice', title: 'Jahresrechnung 2025', file_name: 'Jahresrechnung-2025.pdf', content_type: 'application/pdf', size_bytes: PDF.length, content: PDF, created_at: new Date('2026-02-01T09:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    const invoice = await trx
      .insertInto('invoices')
      .values({
        tenant_id: tenant.id,
        customer_id: customerId,
        invoice_number: `R-${String(seq)}-2025`,
        kind: 'annual',
        invoice_date: '2026-02-01',
        period_start: '2025-01-01',
        period_end: '2025-12-31',
        net_cents: 84_034,
        vat_cents: 15_966,
        gross_cents: 100_000,
        instalments_paid_cents: 102_000,
        balance_cents: -2000,
        due_date: '2026-02-15',
        document_id: document.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('account_transactions')
      .values([
        { tenant_id: tenant.id, customer_id: customerId, booking_date: '2026-02-01', kind: 'invoice', description: 'Jahresrechnung 2025', amount_cents: -2000, invoice_id: invoice.id, cleared: true },
        { tenant_id: tenant.id, customer_id: customerId, booking_date: '2026-04-15', due_date: '2026-04-15', kind: 'instalment', description: '=Abschlag April', amount_cents: 8500 },
      ])
      .execute();
  });
  return { ...supply, meterNumber, contractNumber };
}

describe('the export', () => {
  it('needs a confirmed password, then streams a zip with everything about the login and its accounts', async () => {
    const c = await customer();
    const { meterNumber, contractNumber, meterId } = await withSupplyData(c.customerId);
    const intervals = `${folderOf(c)}interval-values/${meterNumber}_1-0-1-8-0`;
    // A second account linked to the same login gets its own folder.
    const second = await createCustomer(database, tenant, { customerNumber: '49990001', meterNumber: 'Z-ZWEI', lastName: 'Zweitkonto' });
    const loginId = await loginIdOf(c.email);
    await withTenant(database, tenant.id, (trx) => trx.insertInto('login_customers').values({ tenant_id: tenant.id, login_id: loginId, customer_id: second.customerId }).execute());
    await withTenant(database, tenant.id, (trx) =>
      trx
        .insertInto('reading_submissions')
        .values({ tenant_id: tenant.id, customer_id: c.customerId, meter_id: meterId, login_id: loginId, read_on: '2026-04-30', status: 'accepted', comment: 'Neuer Kühlschrank', request_hash: 'h', result: JSON.stringify({}), created_at: START })
        .execute(),
    );
    const sent = await call('POST', '/api/v1/customer/requests/messages', {
      cookie: c.cookie,
      body: { subject: 'Frage; "Abschlag"', message: 'Bitte um Rückruf.', phone: '0123 456789', attachment: { fileName: 'Zählerfoto.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') } },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const reference = sent.json<{ reference: string }>().reference;

    // The password from signing in counts for five minutes; after that it must be confirmed again.
    later(6 * 60);
    const refused = await exportZip(c.cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('step_up_required');

    const cookie = await stepUp(c.cookie);
    const res = await exportZip(cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="kundenportal-daten-2026-05-04.zip"; filename*=UTF-8''kundenportal-daten-2026-05-04.zip`);
    expect(res.headers['cache-control']).toBe('no-store');

    const files = unzip(res);
    const folder = `customer-${c.customerNumber}/`;
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'README.txt',
        'login.json',
        'audit-log.json',
        'audit-log.csv',
        ...['customer', 'consumption-points', 'contracts', 'meters', 'readings', 'consumption-daily', 'invoices', 'documents', 'account-transactions', 'instalment-plans', 'requests', 'audit-log'].flatMap((base) => [
          `${folder}${base}.json`,
          `${folder}${base}.csv`,
        ]),
        `${folder}request-history.csv`,
        `${intervals}_2025.csv`,
        `${intervals}_2026.json`,
        `${folder}documents/2026-02-01_Jahresrechnung-2025.pdf`,
        `${folder}requests/${reference}/Zählerfoto.pdf`,
        'customer-49990001/customer.json',
      ]),
    );
    expect(Buffer.from(files[`${folder}documents/2026-02-01_Jahresrechnung-2025.pdf`]!).equals(PDF)).toBe(true);
    expect(Buffer.from(files[`${folder}requests/${reference}/Zählerfoto.pdf`]!).equals(PDF)).toBe(true);

    const readme = text(files, 'README.txt');
    expect(readme).toContain('Ihre Daten im Kundenportal');
    expect(readme).toContain('Your data in the customer portal');
    expect(readme).toContain('Erstellt am: 04.05.2026 10:06:00 (Europe/Berlin)');
    expect(readme).toContain(tenant.config.contact.phone);
    expect(readme).toContain(`${c.customerNumber} (Ordner customer-${c.customerNumber}/)`);

    const login = json(files, 'login.json') as { login: Record<string, unknown>; linkedCustomerAccounts: unknown[]; sessions: Array<Record<string, unknown>>; mailsSent: Array<{ template: string }> };
    expect(login.login).toMatchObject({ email: c.email, locale: 'de', status: 'active', registrationMethod: 'customer_meter' });
    expect(login.login.emailVerifiedAt).toEqual(expect.any(String));
    expect(login.linkedCustomerAccounts).toEqual([
      { customerNumber: c.customerNumber, linkedAt: expect.any(String) as unknown, folder },
      { customerNumber: '49990001', linkedAt: expect.any(String) as unknown, folder: 'customer-49990001/' },
    ]);
    expect(login.sessions.filter((s) => s.current)).toHaveLength(1);
    expect(login.mailsSent.map((m) => m.template)).toEqual(expect.arrayContaining(['activation', 'request_received']));

    expect(json(files, `${folder}customer.json`)).toMatchObject({ customerNumber: c.customerNumber, lastName: 'Mustermann', street: 'Hauptstraße' });
    const contracts = csv(files, `${folder}contracts.csv`);
    expect(contracts[0]).toContain('Arbeitspreis (ct je Einheit, netto)');
    const contract = Object.fromEntries(contracts[0]!.map((header, i) => [header, contracts[1]![i]]));
    expect(contract).toMatchObject({ Vertragsnummer: contractNumber, Sparte: 'Strom', Tarif: 'Stadtstrom Öko', 'Arbeitspreis (ct je Einheit, netto)': '31,2500', 'Grundpreis (EUR pro Jahr, netto)': '149,90', Vertragsbeginn: '01.01.2020', Jahresverbrauchsprognose: '2500,000' });

    const readings = csv(files, `${folder}readings.csv`);
    expect(readings[0]).toEqual(['Zählernummer', 'Sparte', 'OBIS-Kennzahl', 'Zählwerk', 'Einheit', 'Ablesedatum', 'Zählerstand', 'Herkunft', 'Anlass', 'Status', 'Erfasst am']);
    expect(readings.slice(1).map((r) => r.slice(0, 9))).toEqual([
      [meterNumber, 'Strom', '1-0:1.8.0', '', 'kWh', '31.12.2025', '12345,500', 'Versorger', 'Abrechnung'],
      [meterNumber, 'Strom', '1-0:1.8.0', '', 'kWh', '30.04.2026', '13001,000', 'Kunde', 'Turnusablesung'],
    ]);
    expect((json(files, `${folder}readings.json`) as Array<{ value: number; readOn: string }>).map((r) => [r.readOn, r.value])).toEqual([
      ['2025-12-31', 12345.5],
      ['2026-04-30', 13001],
    ]);
    expect(csv(files, `${folder}consumption-daily.csv`).slice(1).map((r) => [r[5], r[6]])).toEqual([
      ['29.04.2026', '7,250'],
      ['30.04.2026', '6,125'],
    ]);
    expect(csv(files, `${folder}instalment-plans.csv`)[1]).toEqual([contractNumber, 'Strom', '85,00', '01.01.2026', '', '15', expect.stringMatching(/^\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d$/) as unknown]);
    const transactions = csv(files, `${folder}account-transactions.csv`);
    expect(transactions.slice(1).map((r) => [r[2], r[3], r[4], r[7]])).toEqual([
      ['Rechnung', 'Jahresrechnung 2025', '-20,00', 'ja'],
      ['Abschlag', "'=Abschlag April", '85,00', 'nein'],
    ]);
    const invoices = json(files, `${folder}invoices.json`) as Array<Record<string, unknown>>;
    expect(invoices).toEqual([expect.objectContaining({ kind: 'annual', grossCents: 100_000, balanceCents: -2000, file: 'documents/2026-02-01_Jahresrechnung-2025.pdf' })]);

    // 15-minute values: one file per year; the DST days have 92 and 100 quarter hours in local time.
    const autumn = csv(files, `${intervals}_2025.csv`);
    expect(autumn[0]).toEqual(['Tag', 'Beginn (Ortszeit)', 'Ende (Ortszeit)', 'Beginn (UTC)', 'Menge (kWh)', 'Qualität']);
    expect(autumn).toHaveLength(101);
    expect(autumn.slice(9, 14).map((r) => r[1])).toEqual(['02:00', '02:15', '02:30', '02:45', '02:00']);
    expect(autumn[1]).toEqual(['26.10.2025', '00:00', '00:15', '2025-10-25T22:00:00.000Z', '0,100', '220']);
    const spring = csv(files, `${intervals}_2026.csv`);
    expect(spring).toHaveLength(1 + 92 + 96);
    expect(spring.slice(8, 10).map((r) => [r[1], r[2]])).toEqual([
      ['01:45', '03:00'],
      ['03:00', '03:15'],
    ]);
    expect((json(files, `${intervals}_2026.json`) as { days: Array<{ day: string; valuesMilli: number[] }> }).days.map((d) => [d.day, d.valuesMilli.length])).toEqual([
      ['2026-03-29', 92],
      ['2026-03-30', 96],
    ]);

    expect(csv(files, `${folder}reading-submissions.csv`).slice(1)).toEqual([[meterNumber, '30.04.2026', 'übernommen', 'Neuer Kühlschrank', '', '', 'ja', '04.05.2026 10:00:00']]);
    const requests = json(files, `${folder}requests.json`) as Array<Record<string, unknown>>;
    expect(requests).toEqual([
      expect.objectContaining({
        reference,
        kind: 'message',
        subject: 'Frage; "Abschlag"',
        status: 'received',
        data: { text: 'Bitte um Rückruf.', phone: '0123 456789' },
        history: [{ status: 'received', reason: null, by: 'customer', at: START.toISOString() }],
        attachments: [{ fileName: 'Zählerfoto.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, file: `requests/${reference}/Zählerfoto.pdf` }],
      }),
    ]);
    // A cell with the separator or quotes is quoted.
    expect(text(files, `${folder}requests.csv`)).toContain(`${reference};Nachricht;"Frage; ""Abschlag""";Bitte um Rückruf.;0123 456789;`);
    expect(csv(files, `${folder}request-history.csv`)[1]).toEqual([reference, 'eingegangen', '', 'Kunde', '04.05.2026 10:00:00']);
    const customerAudit = json(files, `${folder}audit-log.json`) as Array<{ action: string; target: string }>;
    expect(customerAudit.map((a) => [a.action, a.target])).toEqual(expect.arrayContaining([['registration.requested', c.customerNumber], ['request.created', reference]]));
    const loginAudit = json(files, 'audit-log.json') as Array<{ action: string; byThisLogin: boolean }>;
    expect(loginAudit.map((a) => a.action)).toEqual(expect.arrayContaining(['registration.activated', 'login.succeeded', 'session.reauthenticated']));
    expect(loginAudit.every((a) => a.byThisLogin || a.action === 'registration.requested')).toBe(true);

    // The export is audited and the login is told by mail.
    expect(await exportsOf(loginId)).toEqual([{ actor_type: 'customer', target_type: 'login', details: { customerNumbers: [c.customerNumber, '49990001'], files: expect.any(Number) as unknown } }]);
    const [mail] = await mailsTo(database, tenant, c.email);
    expect(mail?.subject).toBe(`Ihre Daten wurden heruntergeladen – Kundenportal ${tenant.config.displayName}`);
    expect(mail?.text).toContain('am 4. Mai 2026 um 10:06');
    expect(mail?.text).toContain('/meine-daten');

    const summary = await call('GET', '/api/v1/me/personal-data', { cookie });
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toEqual({ lastExportAt: expect.any(String) as unknown, customerNumbers: [c.customerNumber, '49990001'] });
  });

  it('writes CSV headers in English for an English request, the formats stay German Excel', async () => {
    const c = await customer();
    await withSupplyData(c.customerId);
    const res = await exportZip(await stepUp(c.cookie), { locale: 'en' });
    expect(res.statusCode).toBe(200);
    const files = unzip(res);
    const readings = csv(files, `customer-${c.customerNumber}/readings.csv`);
    expect(readings[0]!.slice(5, 8)).toEqual(['Reading date', 'Reading', 'Source']);
    expect(readings[1]!.slice(5, 8)).toEqual(['31.12.2025', '12345,500', 'utility']);
    expect(csv(files, `customer-${c.customerNumber}/account-transactions.csv`)[1]![7]).toBe('yes');
  });

  it("contains nothing of another customer, another tenant, and no password hashes or secrets", async () => {
    const c = await customer();
    const stranger = await customer();
    const elsewhere = await customer(other);
    const otherCall = caller(app, other);
    const MARKER_CUSTOMER = 'MARKER-ANDERER-KUNDE-7f3a';
    const MARKER_TENANT = 'MARKER-ANDERER-MANDANT-91c2';
    await withTenant(database, tenant.id, (trx) => trx.updateTable('customers').set({ last_name: MARKER_CUSTOMER }).where('id', '=', stranger.customerId).execute());
    await call('POST', '/api/v1/customer/requests/messages', { cookie: stranger.cookie, body: { subject: MARKER_CUSTOMER, message: MARKER_CUSTOMER, phone: '0123 456789' } });
    await withSupplyData(stranger.customerId);
    await withTenant(database, other.id, (trx) => trx.updateTable('customers').set({ last_name: MARKER_TENANT }).where('id', '=', elsewhere.customerId).execute());
    await otherCall('POST', '/api/v1/customer/requests/messages', { cookie: elsewhere.cookie, body: { subject: MARKER_TENANT, message: MARKER_TENANT, phone: '0123 456789' } });
    // Secrets of the login itself: a TOTP factor and recovery codes.
    const SECRET = 'SEALED-TOTP-SECRET-MARKER';
    const SEALED_IBAN = 'v1.SEALED-IBAN-MARKER';
    const loginRow = await withTenant(database, tenant.id, async (trx) => {
      const row = await trx.selectFrom('logins').select(['id', 'password_hash']).where('email', '=', c.email).executeTakeFirstOrThrow();
      await trx.insertInto('login_factors').values({ tenant_id: tenant.id, login_id: row.id, kind: 'totp', label: 'Authenticator-App', totp_secret_sealed: SECRET, created_at: now, confirmed_at: now }).execute();
      await trx
        .insertInto('bank_accounts')
        .values({
          tenant_id: tenant.id,
          customer_id: c.customerId,
          payment_method: 'direct_debit',
          all_premises: true,
          holder: 'Erika Mustermann',
          iban_sealed: SEALED_IBAN,
          iban_masked: 'DE89 **** **** **** **30 00',
          iban_last4: '3000',
          iban_country: 'DE',
          valid_from: '2026-05-01',
          creditor_id: 'DE98ZZZ09999999999',
          mandate_reference: 'M-4711',
          consent_text_version: '2026-1',
          consent_text: 'Ich ermächtige die Stadtwerke, Zahlungen mittels Lastschrift einzuziehen.',
          consent_locale: 'de',
          consented_at: now,
          consent_channel: 'portal',
          status: 'active',
          created_at: now,
        })
        .execute();
      await trx.insertInto('recovery_codes').values([1, 2, 3].map((i) => ({ tenant_id: tenant.id, login_id: row.id, code_hash: Buffer.alloc(32, i), created_at: now, used_at: i === 1 ? now : null }))).execute();
      return row;
    });

    const res = await exportZip(await stepUp(c.cookie));
    expect(res.statusCode).toBe(200);
    const files = unzip(res);
    const everything = Object.values(files)
      .map((bytes) => Buffer.from(bytes).toString('utf8'))
      .join('\n');
    expect(everything).toContain(c.customerNumber);
    for (const forbidden of [MARKER_CUSTOMER, MARKER_TENANT, stranger.customerNumber, stranger.email, elsewhere.email, SECRET, SEALED_IBAN, 'DE89370400440532013000', loginRow.password_hash!, '$argon2', 'token_hash', 'code_hash']) {
      expect(everything, forbidden).not.toContain(forbidden);
    }
    expect(Object.keys(files).some((path) => path.includes(stranger.customerNumber))).toBe(false);
    const login = json(files, 'login.json') as { secondFactors: unknown[]; recoveryCodes: unknown };
    expect(login.secondFactors).toEqual([{ kind: 'totp', label: 'Authenticator-App', createdAt: now.toISOString(), confirmedAt: now.toISOString(), lastUsedAt: null }]);
    expect(login.recoveryCodes).toEqual({ total: 3, used: 1, createdAt: now.toISOString() });
    const bank = csv(files, `${folderOf(c)}bank-details.csv`);
    const mandate = Object.fromEntries(bank[0]!.map((header, i) => [header, bank[1]![i]]));
    expect(mandate).toMatchObject({ Zahlungsart: 'SEPA-Lastschrift', 'IBAN (maskiert)': 'DE89 **** **** **** **30 00', Verbrauchsstellen: 'alle', Mandatsreferenz: 'M-4711', 'Einwilligung über': 'Kundenportal', Status: 'aktiv' });
    expect(json(files, `${folderOf(c)}bank-details.json`)).toEqual([
      expect.objectContaining({ consumptionPoints: null, consent: { at: now.toISOString(), channel: 'portal', textVersion: '2026-1', locale: 'de', text: 'Ich ermächtige die Stadtwerke, Zahlungen mittels Lastschrift einzuziehen.' } }),
    ]);

    // The other tenant's login exports its own data only.
    const theirs = unzip(await exportZip(await stepUp(elsewhere.cookie, otherCall), { on: otherCall }));
    const all = Object.values(theirs)
      .map((bytes) => Buffer.from(bytes).toString('utf8'))
      .join('\n');
    expect(all).toContain(MARKER_TENANT);
    expect(all).not.toContain(c.email);
    expect(all).not.toContain(MARKER_CUSTOMER);
  });
});

describe('limits', () => {
  it('allows one export per minute and login (429 with Retry-After), then again', async () => {
    const c = await customer();
    const cookie = await stepUp(c.cookie);
    expect((await exportZip(cookie)).statusCode).toBe(200);
    later(20);
    const again = await exportZip(cookie);
    expect(again.statusCode).toBe(429);
    expect(again.json().code).toBe('rate_limited');
    expect(again.headers['retry-after']).toBe('40');
    later(41);
    expect((await exportZip(cookie)).statusCode).toBe(200);
    expect(await exportsOf(await loginIdOf(c.email))).toHaveLength(2);
  });

  it('refuses without a session, with an expired one, without a recent password confirmation, and from another site', async () => {
    expect((await exportZip('')).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/me/personal-data')).statusCode).toBe(401);
    const c = await customer();
    const cookie = await stepUp(c.cookie);
    later(6 * 60);
    const stale = await exportZip(cookie);
    expect(stale.statusCode).toBe(403);
    expect(stale.json().code).toBe('step_up_required');
    const confirmed = await stepUp(cookie);
    const crossSite = await app.inject({ method: 'POST', url: '/api/v1/me/personal-data/export', headers: { host: hostOf(tenant), cookie: confirmed, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe('csrf_rejected');
    // After the idle timeout (15 minutes) the session is gone, confirmed or not.
    later(16 * 60);
    const expired = await exportZip(confirmed);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('session_expired');
    expect(await exportsOf(await loginIdOf(c.email))).toEqual([]);
    expect((await mailsTo(database, tenant, c.email)).some((m) => m.subject.startsWith('Ihre Daten wurden heruntergeladen'))).toBe(false);
  });
});

describe('CSV cells', () => {
  const de = { locale: 'de' as const, timeZone: 'Europe/Berlin' };
  it('writes numbers, dates and text as German Excel reads them', () => {
    expect(cell('cents', 123456, de)).toBe('1234,56');
    expect(cell('cents', -5, de)).toBe('-0,05');
    expect(cell('milli', 1500, de)).toBe('1,500');
    expect(cell('decimal', '31.2500', de)).toBe('31,2500');
    expect(cell('date', '2026-02-01', de)).toBe('01.02.2026');
    expect(cell('datetime', new Date('2026-07-01T22:30:00Z'), de)).toBe('02.07.2026 00:30:00');
    expect(cell('text', '+49 123', de)).toBe("'+49 123");
    expect(cell('text', '@SUM(A1)', de)).toBe("'@SUM(A1)");
    expect(cell('boolean', false, { ...de, locale: 'en' })).toBe('no');
    expect(cell('text', null, de)).toBe('');
    expect(safeName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeName('Zähler\u0000foto:1.png')).toBe('Zähler_foto_1.png');
    expect(safeName(' .. ')).toBe('datei');
    expect(csvDocument(['a', 'b'], [['x;y', 'say "hi"'], ['1\n2', '']])).toBe('\uFEFFa;b\r\n"x;y";"say ""hi"""\r\n"1\n2";\r\n');
  });

  it('gives each quarter hour its local clock time, also on the days the clocks change', () => {
    expect(quartersOf('2026-03-29', 92, 'Europe/Vienna').slice(7, 9)).toEqual([
      { start: Date.parse('2026-03-29T00:45:00Z'), localStart: '01:45', localEnd: '03:00' },
      { start: Date.parse('2026-03-29T01:00:00Z'), localStart: '03:00', localEnd: '03:15' },
    ]);
    const autumn = quartersOf('2026-10-25', 100, 'Europe/Berlin');
    expect(autumn.map((q) => q.localStart).filter((t) => t === '02:00')).toHaveLength(2);
    expect(autumn.at(-1)).toEqual({ start: Date.parse('2026-10-25T22:45:00Z'), localStart: '23:45', localEnd: '00:00' });
    expect(quartersOf('2024-02-29', 96, 'Europe/Berlin')[0]!.start).toBe(Date.parse('2024-02-28T23:00:00Z'));
  });
});
