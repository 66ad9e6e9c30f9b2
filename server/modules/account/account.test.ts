// Account statement: balance and its wording inputs, running balance with the balance carried
// over, open items with overdue marker, year filter, upcoming instalments (12 and 11 a year), the
// CSV export (German Excel format, formula cells neutralised, audited), isolation between
// accounts, the module gate and bad input.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAccountStatement } from '../../../api/account.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp } from '../../../test/factories.ts';
import { caller, signedInCustomer } from '../../../test/http.ts';
import { addSupply } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { addBookings, addDocument, addInvoice, tenantWith } from '../documents/documents.fixtures.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { accountSummary } from './account.service.ts';
import { decimalComma, textCell } from './statement-csv.ts';

let database: Database;
let app: FastifyInstance;
const now = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'Kontoauszug am Monatsende';
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database, { extra: { clock: () => now } });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function customerOf(tenant: Tenant) {
  seq += 1;
  return signedInCustomer(database, caller(app, tenant), tenant, seq, PASSWORD);
}

async function statement(tenant: Tenant, cookie: string, query = ''): Promise<TAccountStatement> {
  const res = await caller(app, tenant)('GET', `/api/v1/customer/account${query}`, { cookie });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json();
}

/** A year of a household: last December's instalment paid in January, a paid bill, an unpaid instalment with a dunning fee, a credit not yet paid out and a new bill not yet due. */
async function householdAccount(tenant: Tenant, customerId: string): Promise<{ documentId: string }> {
  const documentId = await addDocument(database, tenant, customerId, { kind: 'invoice', title: 'Jahresabrechnung 2025', createdAt: new Date('2026-01-12T06:00:00Z') });
  const invoiceId = await addInvoice(database, tenant, customerId, { number: 'R2026000815', invoiceDate: '2026-01-12', periodStart: '2025-01-01', periodEnd: '2025-12-31', grossCents: 1_280_00, paidCents: 1_200_00, dueDate: '2026-01-26', documentId });
  await addBookings(database, tenant, customerId, [
    { bookingDate: '2025-12-01', dueDate: '2025-12-15', kind: 'instalment', description: 'Abschlag Dezember 2025', amountCents: 100_00, reference: 'AB-202512', cleared: true },
    { bookingDate: '2026-01-05', kind: 'payment', description: 'Zahlung per Überweisung', amountCents: -100_00, reference: 'AB-202512', cleared: true },
    { bookingDate: '2026-01-12', dueDate: '2026-01-26', kind: 'invoice', description: 'Jahresabrechnung 2025 – Nachzahlung', amountCents: 80_00, reference: 'R2026000815', invoiceId, cleared: true },
    { bookingDate: '2026-01-26', kind: 'payment', description: 'Zahlung per Überweisung', amountCents: -80_00, reference: 'R2026000815', invoiceId, cleared: true },
    { bookingDate: '2026-10-01', dueDate: '2026-10-15', kind: 'instalment', description: 'Abschlag Oktober 2026', amountCents: 100_00, reference: 'AB-202610' },
    { bookingDate: '2026-10-30', dueDate: '2026-11-06', kind: 'fee', description: 'Mahngebühr (AB-202610)', amountCents: 2_50, reference: 'AB-202610' },
    { bookingDate: '2026-11-01', dueDate: '2026-11-15', kind: 'instalment', description: 'Abschlag November 2026', amountCents: 100_00, reference: 'AB-202611', cleared: true },
    { bookingDate: '2026-11-15', kind: 'payment', description: 'Zahlung per Überweisung', amountCents: -100_00, reference: 'AB-202611', cleared: true },
    { bookingDate: '2026-11-20', dueDate: '2026-11-20', kind: 'credit', description: 'Gutschrift Treuebonus', amountCents: -30_00 },
    { bookingDate: '2026-11-20', dueDate: '2026-12-04', kind: 'invoice', description: 'Zwischenrechnung – Nachzahlung', amountCents: 50_00, reference: 'R2026009999' },
  ]);
  return { documentId };
}

describe('GET /api/v1/customer/account', () => {
  it('shows balance, open items with overdue marker and the year with running balance and balance carried over', async () => {
    const tenant = await tenantWith(database, { modules: ['account_statement'] });
    const c = await customerOf(tenant);
    const { documentId } = await householdAccount(tenant, c.customerId);

    const view = await statement(tenant, c.cookie);
    expect(view).toMatchObject({
      today: '2026-11-22',
      balanceCents: 122_50,
      openCents: 152_50,
      overdueCents: 102_50,
      creditCents: 30_00,
      year: 2026,
      years: [2026, 2025],
      openingBalanceCents: 100_00,
      closingBalanceCents: 122_50,
      csvPath: '/api/v1/customer/account/statement.csv?year=2026',
    });
    expect(view.bookings.map((b) => [b.bookingDate, b.kind, b.amountCents, b.balanceCents])).toEqual([
      ['2026-01-05', 'payment', -100_00, 0],
      ['2026-01-12', 'invoice', 80_00, 80_00],
      ['2026-01-26', 'payment', -80_00, 0],
      ['2026-10-01', 'instalment', 100_00, 100_00],
      ['2026-10-30', 'fee', 2_50, 102_50],
      ['2026-11-01', 'instalment', 100_00, 202_50],
      ['2026-11-15', 'payment', -100_00, 102_50],
      // On one day what is owed comes before what is credited.
      ['2026-11-20', 'invoice', 50_00, 152_50],
      ['2026-11-20', 'credit', -30_00, 122_50],
    ]);
    expect(view.bookings[1]).toMatchObject({ description: 'Jahresabrechnung 2025 – Nachzahlung', reference: 'R2026000815', dueDate: '2026-01-26', cleared: true, documentPath: `/api/v1/customer/documents/${documentId}/file` });
    expect(view.openItems.map((o) => [o.dueDate, o.kind, o.amountCents, o.overdue])).toEqual([
      ['2026-10-15', 'instalment', 100_00, true],
      ['2026-11-06', 'fee', 2_50, true],
      ['2026-11-20', 'credit', -30_00, false],
      ['2026-12-04', 'invoice', 50_00, false],
    ]);

    const lastYear = await statement(tenant, c.cookie, '?year=2025');
    expect(lastYear).toMatchObject({ year: 2025, openingBalanceCents: 0, closingBalanceCents: 100_00, balanceCents: 122_50 });
    expect(lastYear.bookings.map((b) => b.description)).toEqual(['Abschlag Dezember 2025']);
    const empty = await statement(tenant, c.cookie, '?year=2019');
    expect(empty).toMatchObject({ bookings: [], openingBalanceCents: 0, closingBalanceCents: 0 });
  });

  it('shows a credit as a negative balance and an account without bookings as balanced', async () => {
    const tenant = await tenantWith(database, { modules: ['account_statement'] });
    const c = await customerOf(tenant);
    await addBookings(database, tenant, c.customerId, [
      { bookingDate: '2026-01-20', dueDate: '2026-01-20', kind: 'credit', description: 'Jahresabrechnung 2025 – Guthaben', amountCents: -64_12, reference: 'R1' },
    ]);
    expect(await statement(tenant, c.cookie)).toMatchObject({ balanceCents: -64_12, openCents: 0, overdueCents: 0, creditCents: 64_12 });
    const fresh = await customerOf(tenant);
    expect(await statement(tenant, fresh.cookie)).toMatchObject({ balanceCents: 0, openItems: [], bookings: [], years: [2026], upcomingInstalments: [] });
  });

  it('lists the next instalments due per date from the plans in force, without months already booked', async () => {
    const tenant = await tenantWith(database, { modules: ['account_statement'] });
    const c = await customerOf(tenant);
    await addSupply(database, tenant, c.customerId, { contract: { number: 'V-STROM' }, instalment: { amountCents: 100_00, validFrom: '2026-01-01' } });
    await addSupply(database, tenant, c.customerId, { division: 'water', contract: { number: 'V-WASSER', endDate: '2027-01-31' }, instalment: { amountCents: 30_00, validFrom: '2026-01-01' } });
    await addBookings(database, tenant, c.customerId, [{ bookingDate: '2026-12-01', dueDate: '2026-12-15', kind: 'instalment', description: 'Abschlag Dezember 2026', amountCents: 130_00 }]);
    const view = await statement(tenant, c.cookie);
    expect(view.upcomingInstalments).toEqual([
      {
        dueDate: '2027-01-15',
        amountCents: 130_00,
        contracts: [
          { contractNumber: 'V-STROM', division: 'electricity', amountCents: 100_00 },
          { contractNumber: 'V-WASSER', division: 'water', amountCents: 30_00 },
        ],
      },
      // The water contract ends in January.
      { dueDate: '2027-02-15', amountCents: 100_00, contracts: [{ contractNumber: 'V-STROM', division: 'electricity', amountCents: 100_00 }] },
      { dueDate: '2027-03-15', amountCents: 100_00, contracts: [{ contractNumber: 'V-STROM', division: 'electricity', amountCents: 100_00 }] },
    ]);
    // The overview's summary, inside its own transaction.
    const summary = await withTenant(database, tenant.id, (trx) => accountSummary(trx, tenant, c.customerId, now));
    expect(summary).toEqual({ balanceCents: 130_00, overdueCents: 0, nextInstalment: view.upcomingInstalments[0] });
  });

  it('skips the month of the annual bill when the utility collects 11 instalments a year', async () => {
    const tenant = await tenantWith(database, { modules: ['account_statement'], instalmentsPerYear: 11 });
    const c = await customerOf(tenant);
    await addSupply(database, tenant, c.customerId, { instalment: { amountCents: 87_00, validFrom: '2026-02-01', dueDay: 5 } });
    await addInvoice(database, tenant, c.customerId, { number: 'R-11', invoiceDate: '2026-01-09', periodStart: '2025-01-01', periodEnd: '2025-12-31', grossCents: 900_00, paidCents: 900_00, dueDate: '2026-01-23' });
    const view = await statement(tenant, c.cookie);
    expect(view.upcomingInstalments.map((i) => [i.dueDate, i.amountCents])).toEqual([
      ['2026-12-05', 87_00],
      ['2027-02-05', 87_00],
      ['2027-03-05', 87_00],
    ]);
  });

  it("never shows another account's bookings", async () => {
    const tenant = await tenantWith(database, { modules: ['account_statement'] });
    const a = await customerOf(tenant);
    const b = await customerOf(tenant);
    await householdAccount(tenant, a.customerId);
    expect(await statement(tenant, b.cookie)).toMatchObject({ balanceCents: 0, bookings: [], openItems: [] });
  });

  it('refuses bad years, unknown parameters, missing sessions and utilities without the module', async () => {
    const tenant = await tenantWith(database, { modules: ['account_statement'] });
    const without = await tenantWith(database, { modules: ['invoices'] });
    const c = await customerOf(tenant);
    const call = caller(app, tenant);
    for (const query of ['?year=letztes', '?year=99999', '?year=2026&konto=1']) {
      const res = await call('GET', `/api/v1/customer/account${query}`, { cookie: c.cookie, locale: 'en' });
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', title: 'Please check your input.' });
    }
    expect((await call('GET', '/api/v1/customer/account')).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/customer/account/statement.csv')).statusCode).toBe(401);
    const d = await customerOf(without);
    for (const url of ['/api/v1/customer/account', '/api/v1/customer/account/statement.csv']) {
      const res = await caller(app, without)('GET', url, { cookie: d.cookie });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'module_disabled' });
    }
  });
});

describe('the CSV export', () => {
  it('opens in German Excel: BOM, semicolons, decimal comma, German dates; audited', async () => {
    const tenant = await tenantWith(database, { modules: ['account_statement'] });
    const c = await customerOf(tenant);
    await householdAccount(tenant, c.customerId);
    const res = await caller(app, tenant)('GET', '/api/v1/customer/account/statement.csv?year=2026', { cookie: c.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Kontoauszug-${c.customerNumber}-2026.csv"; filename*=UTF-8''Kontoauszug-${c.customerNumber}-2026.csv`);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Buchungsdatum;Fällig am;Art;Buchungstext;Referenz;Soll (EUR);Haben (EUR);Saldo (EUR);Ausgeglichen');
    expect(lines[1]).toBe('01.01.2026;;;Saldovortrag;;;;100,00;');
    expect(lines[2]).toBe('05.01.2026;;Zahlung;Zahlung per Überweisung;AB-202512;;100,00;0,00;ja');
    expect(lines[5]).toBe('01.10.2026;15.10.2026;Abschlag;Abschlag Oktober 2026;AB-202610;100,00;;100,00;nein');
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe('');

    const en = await caller(app, tenant)('GET', '/api/v1/customer/account/statement.csv?year=2025&locale=en', { cookie: c.cookie });
    expect(en.headers['content-disposition']).toContain(`account-statement-${c.customerNumber}-2025.csv`);
    expect(en.rawPayload.subarray(3).toString('utf8').split('\r\n')[0]).toBe('Booking date;Due date;Type;Text;Reference;Debit (EUR);Credit (EUR);Balance (EUR);Settled');

    const audit = await withTenant(database, tenant.id, (trx) => trx.selectFrom('audit_log').select(['action', 'target_id', 'details']).where('action', '=', 'account.statement_exported').orderBy('id').execute());
    expect(audit).toEqual([
      { action: 'account.statement_exported', target_id: c.customerId, details: { year: 2026, bookings: 9 } },
      { action: 'account.statement_exported', target_id: c.customerId, details: { year: 2025, bookings: 1 } },
    ]);
  });

  it('writes amounts with a decimal comma and neutralises formula-like and quoted text', () => {
    expect(decimalComma(1_234_567)).toBe('12345,67');
    expect(decimalComma(-5)).toBe('-0,05');
    expect(decimalComma(0)).toBe('0,00');
    expect(textCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(textCell('-1+2')).toBe("'-1+2");
    expect(textCell('Abschlag; Juni')).toBe('"Abschlag; Juni"');
    expect(textCell('Mahngebühr (AB-1)')).toBe('Mahngebühr (AB-1)');
  });
});
