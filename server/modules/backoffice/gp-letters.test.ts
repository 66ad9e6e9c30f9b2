// GP-Nr letters: one PDF with a letter per open request, matched by meter number, name and address;
// unmatched requests stay open with their reason; printed ones are marked sent; tenants are apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createCustomer, createTenant, hostOf, testConfig } from '../../../test/factories.ts';
import { caller } from '../../../test/http.ts';
import { createStaff, signInStaff } from '../../../test/staff.ts';
import { pdfText } from '../../../test/pdf.ts';
import { addSupply } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { requestGpNumber } from '../identity/identity.service.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { createGpLetterBatch, gpLetterBatchPdf, listGpRequests, looseMeterKey, matchRequest } from './gp-letters.ts';
import { renderGpLetters } from './gp-letters.pdf.ts';
import type { GpRequestRow, MeterCandidate } from './gp-letters.repository.ts';

let database: Database;
const STAFF = '5b0c2f1e-8d3a-4c6b-9e7f-0a1b2c3d4e5f';
const urls = testConfig();
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

function gridTenant(): Promise<Tenant> {
  return createTenant(database, { registrationMethods: ['meter_gp'] });
}

async function request(
  tenant: Tenant,
  input: { name: string; street?: string; houseNumber?: string; postalCode?: string; city?: string; meterNumber: string },
  at: string,
): Promise<void> {
  seq += 1;
  await requestGpNumber(
    database,
    tenant,
    {
      name: input.name,
      address: { street: input.street ?? 'Hauptstraße', houseNumber: input.houseNumber ?? '5', postalCode: input.postalCode ?? '12345', city: input.city ?? 'Teststadt' },
      meterNumber: input.meterNumber,
      email: `req${String(seq)}@example.com`,
      locale: 'de',
    },
    { ip: `10.9.${String(seq % 250)}.1`, now: new Date(at), requestId: `req-${String(seq)}`, userAgent: null, locale: 'de' },
  );
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('createGpLetterBatch', () => {
  it('prints one page per matched request with GP-Nr, address and steps, reports the rest and marks the printed sent', async () => {
    const grid = await gridTenant();
    await createCustomer(database, grid, { customerNumber: '41000001', meterNumber: '1ESY1160000001', firstName: 'Jürgen', lastName: 'Müller' });
    await createCustomer(database, grid, { customerNumber: '41000002', meterNumber: '1ESY1160000002', firstName: 'Heike', lastName: 'Janßen' });
    // Oldest first: Janßen (typed with a spaced, lower-case meter number) before Müller.
    await request(grid, { name: 'Heike Janssen', street: 'Hauptstr.', meterNumber: '1esy 1160 0000 02' }, '2026-11-02T09:00:00Z');
    await request(grid, { name: 'Hans-Jürgen Müller', meterNumber: '1ESY1160000001' }, '2026-11-03T09:00:00Z');
    await request(grid, { name: 'Max Unbekannt', meterNumber: '9XX0000000000' }, '2026-11-04T09:00:00Z');
    await request(grid, { name: 'Petra Fremd', meterNumber: '1ESY1160000001' }, '2026-11-05T09:00:00Z');
    await request(grid, { name: 'Jürgen Müller', street: 'Am Deich', houseNumber: '9', meterNumber: '1ESY1160000001' }, '2026-11-06T09:00:00Z');

    const result = await createGpLetterBatch(database, grid, { staffLoginId: STAFF, now: new Date('2026-11-20T10:00:00Z'), urls });
    expect(result.letters).toBe(2);
    expect(result.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.remaining).toBe(0);
    expect(result.unmatched.map((u) => [u.name, u.reason])).toEqual([
      ['Max Unbekannt', 'meter_unknown'],
      ['Petra Fremd', 'name_mismatch'],
      ['Jürgen Müller', 'address_mismatch'],
    ]);

    const text = await pdfText(result.pdf!);
    const pages = text.split('\f');
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('Heike Janssen');
    expect(pages[0]).toContain('Hauptstr. 5');
    expect(pages[0]).toContain('12345 Teststadt');
    expect(pages[0]).toContain('41000002');
    expect(pages[0]).not.toContain('41000001');
    expect(pages[0]).toContain('Ihre Geschäftspartnernummer für das Kundenportal');
    expect(pages[0]).toContain('So registrieren Sie sich');
    expect(pages[0]).toContain(`http://${grid.slug}.localhost:3000/registrieren`);
    expect(pages[0]).toMatch(/1\.\s*Öffnen Sie/);
    expect(pages[0]).toMatch(/2\.\s*Geben Sie Ihre Zählernummer 1ESY1160000002, Ihre Geschäftspartner-Nr. 41000002/);
    expect(pages[0]).toContain('Ihre Anfrage vom');
    expect(pages[0]).toContain('02.11.2026');
    expect(pages[0]).toContain('20.11.2026');
    expect(pages[0]).toContain(`Stadtwerke ${grid.slug} GmbH · Marktplatz 1 · 12345 Teststadt`);
    expect(pages[1]).toContain('Hans-Jürgen Müller');
    expect(pages[1]).toContain('41000001');
    expect(text).not.toContain('Max Unbekannt');
    expect(text).not.toContain('Petra Fremd');
    expect(text).not.toContain('Am Deich');

    const list = await withTenant(database, grid.id, (trx) => listGpRequests(trx, grid.id));
    expect(list.map((r) => [r.name, r.status, r.problem, r.letterBatchId])).toEqual([
      ['Heike Janssen', 'letter_sent', null, result.batchId],
      ['Hans-Jürgen Müller', 'letter_sent', null, result.batchId],
      ['Max Unbekannt', 'open', 'meter_unknown', null],
      ['Petra Fremd', 'open', 'name_mismatch', null],
      ['Jürgen Müller', 'open', 'address_mismatch', null],
    ]);
    expect(list[0]?.sentAt?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    const open = await withTenant(database, grid.id, (trx) => listGpRequests(trx, grid.id, { status: 'open' }));
    expect(open).toHaveLength(3);

    const audit = await withTenant(database, grid.id, (trx) =>
      trx.selectFrom('audit_log').select(['action', 'actor_type', 'actor_id', 'target_id', 'details']).where('action', 'like', 'gp_letters.%').execute(),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'gp_letters.printed', actor_type: 'staff', actor_id: STAFF, target_id: result.batchId });

    // The same PDF can be downloaded again; the download is audited.
    const again = await gpLetterBatchPdf(database, grid, result.batchId!, { staffLoginId: STAFF });
    expect(again.pdf.equals(result.pdf!)).toBe(true);
    expect(again.fileName).toBe('gp-nr-schreiben-2026-11-20.pdf');
  });

  it('does not print twice: a second run finds only the unmatched and prints nothing', async () => {
    const grid = await gridTenant();
    await createCustomer(database, grid, { customerNumber: '42000001', meterNumber: 'Z-100', lastName: 'Brandt' });
    await request(grid, { name: 'Erika Brandt', meterNumber: 'Z100' }, '2026-11-02T09:00:00Z');
    await request(grid, { name: 'Erika Brandt', meterNumber: 'Z-999' }, '2026-11-03T09:00:00Z');
    const first = await createGpLetterBatch(database, grid, { staffLoginId: STAFF, now: new Date('2026-11-20T10:00:00Z'), urls });
    expect(first.letters).toBe(1);
    const second = await createGpLetterBatch(database, grid, { staffLoginId: STAFF, now: new Date('2026-11-20T10:05:00Z'), urls });
    expect(second).toMatchObject({ batchId: null, letters: 0, pdf: null });
    expect(second.unmatched.map((u) => u.reason)).toEqual(['meter_unknown']);
    const batches = await withTenant(database, grid.id, (trx) => trx.selectFrom('gp_letter_batches').select('id').execute());
    expect(batches).toHaveLength(1);
  });

  it('answers gp_requests_none_pending when nothing is open, also when two runs come at once', async () => {
    const grid = await gridTenant();
    expect((await errorOf(createGpLetterBatch(database, grid, { staffLoginId: STAFF, now: new Date(), urls }))).code).toBe('gp_requests_none_pending');
    await createCustomer(database, grid, { customerNumber: '43000001', meterNumber: 'M1', lastName: 'Mustermann' });
    await request(grid, { name: 'Erika Mustermann', meterNumber: 'M1' }, '2026-11-02T09:00:00Z');
    const runs = await Promise.allSettled([
      createGpLetterBatch(database, grid, { staffLoginId: STAFF, now: new Date('2026-11-20T10:00:00Z'), urls }),
      createGpLetterBatch(database, grid, { staffLoginId: STAFF, now: new Date('2026-11-20T10:00:00Z'), urls }),
    ]);
    const printed = runs.filter((r) => r.status === 'fulfilled').map((r) => r.value.letters);
    const refused = runs.filter((r) => r.status === 'rejected').map((r) => (r.reason as AppError).code);
    expect(printed).toEqual([1]);
    expect(refused).toEqual(['gp_requests_none_pending']);
  });

  it("prints only the tenant's own requests and customers", async () => {
    const a = await gridTenant();
    const b = await gridTenant();
    await createCustomer(database, a, { customerNumber: '44000001', meterNumber: 'SAME-1', firstName: 'Anna', lastName: 'Albers' });
    await createCustomer(database, b, { customerNumber: '44000009', meterNumber: 'SAME-1', firstName: 'Bernd', lastName: 'Albers' });
    await request(a, { name: 'Anna Albers', meterNumber: 'SAME-1' }, '2026-11-02T09:00:00Z');
    await request(b, { name: 'Bernd Albers', meterNumber: 'SAME-1' }, '2026-11-02T09:00:00Z');
    const result = await createGpLetterBatch(database, a, { staffLoginId: STAFF, now: new Date('2026-11-20T10:00:00Z'), urls });
    const text = await pdfText(result.pdf!);
    expect(text).toContain('44000001');
    expect(text).toContain('Anna Albers');
    expect(text).not.toContain('44000009');
    expect(text).not.toContain('Bernd Albers');
    const bOpen = await withTenant(database, b.id, (trx) => listGpRequests(trx, b.id, { status: 'open' }));
    expect(bOpen).toHaveLength(1);
    // Another tenant's batch id, and ids that are no uuid, are not found.
    expect((await errorOf(gpLetterBatchPdf(database, b, result.batchId!, { staffLoginId: STAFF }))).code).toBe('not_found');
    expect((await errorOf(gpLetterBatchPdf(database, a, 'nonsense', { staffLoginId: STAFF }))).code).toBe('not_found');
    expect((await errorOf(gpLetterBatchPdf(database, a, '00000000-0000-4000-8000-000000000000', { staffLoginId: STAFF }))).code).toBe('not_found');
  });

  it('after a move the meter leads to the new occupant; the old one finds it removed', async () => {
    const grid = await gridTenant();
    const old = await createCustomer(database, grid, { customerNumber: '45000001', meterNumber: 'OTHER-1', lastName: 'Sönnichsen' });
    const moved = await createCustomer(database, grid, { customerNumber: '45000002', meterNumber: 'OTHER-2', firstName: 'Ole', lastName: 'Øster' });
    await addSupply(database, grid, old.customerId, { meterNumber: 'MV-1', installedOn: '2015-03-01', street: 'Hauptstraße', houseNumber: '5' });
    await withTenant(database, grid.id, (trx) =>
      trx.updateTable('meters').set({ removed_on: '2025-06-30' }).where('tenant_id', '=', grid.id).where('meter_number', '=', 'MV-1').execute(),
    );
    await addSupply(database, grid, moved.customerId, { meterNumber: 'MV-1', installedOn: '2025-07-01', street: 'Hauptstraße', houseNumber: '5' });
    await request(grid, { name: 'Ole Øster', meterNumber: 'mv1' }, '2026-11-02T09:00:00Z');
    await request(grid, { name: 'Erika Sönnichsen', meterNumber: 'MV-1' }, '2026-11-03T09:00:00Z');
    const result = await createGpLetterBatch(database, grid, { staffLoginId: STAFF, now: new Date('2026-11-20T10:00:00Z'), urls });
    expect(result.letters).toBe(1);
    expect(result.unmatched.map((u) => [u.name, u.reason])).toEqual([['Erika Sönnichsen', 'name_mismatch']]);
    const text = await pdfText(result.pdf!);
    expect(text).toContain('Ole Øster');
    expect(text).toContain('45000002');
    expect(text).not.toContain('45000001');
  });

  it('refuses utilities that do not register by meter number and GP-Nr', async () => {
    const supplier = await createTenant(database, { registrationMethods: ['customer_meter'] });
    expect((await errorOf(createGpLetterBatch(database, supplier, { staffLoginId: STAFF, now: new Date(), urls }))).code).toBe('module_disabled');
  });
});

describe('matching rules (pure)', () => {
  const rules = { stripCharacters: '-./', uppercase: true, stripLeadingZeros: false, help: { de: 'x' } };
  const request = (over: Partial<GpRequestRow>): GpRequestRow => ({
    id: 'r',
    name: 'Erika Mustermann',
    street: 'Hauptstraße',
    houseNumber: '5',
    postalCode: '12345',
    city: 'Teststadt',
    connectionStreet: null,
    connectionHouseNumber: null,
    connectionPostalCode: null,
    connectionCity: null,
    meterNumber: 'A-1',
    email: 'e@example.com',
    locale: 'de',
    status: 'open',
    createdAt: new Date(),
    sentAt: null,
    letterBatchId: null,
    matchProblem: null,
    matchCheckedAt: null,
    ...over,
  });
  const meter = (over: Partial<MeterCandidate>): MeterCandidate => ({
    meterNumber: 'A-1',
    installedOn: '2020-01-01',
    removedOn: null,
    premiseStreet: 'Lindenweg',
    premiseHouseNumber: '3',
    premisePostalCode: '12345',
    customerId: 'c1',
    customerNumber: '41234567',
    kind: 'person',
    firstName: 'Erika',
    lastName: 'Mustermann',
    companyName: null,
    street: 'Hauptstraße',
    houseNumber: '5',
    postalCode: '12345',
    directions: ['consumption'],
    ...over,
  });

  it('accepts the consumption point as postal address, and a meter installed later is not yet there', () => {
    expect(matchRequest(request({ street: 'Lindenweg', houseNumber: '3' }), [meter({})], rules, '2026-11-20')).toMatchObject({ kind: 'letter' });
    expect(matchRequest(request({}), [meter({ installedOn: '2026-12-01' })], rules, '2026-11-20')).toEqual({ kind: 'problem', problem: 'meter_removed' });
    expect(matchRequest(request({ postalCode: '54321' }), [meter({})], rules, '2026-11-20')).toEqual({ kind: 'problem', problem: 'address_mismatch' });
  });

  it('compares meter numbers by the tenant rules, so a loosely equal number does not match', () => {
    const caseSensitive = { ...rules, uppercase: false };
    expect(matchRequest(request({ meterNumber: 'a-1' }), [meter({})], caseSensitive, '2026-11-20')).toEqual({ kind: 'problem', problem: 'meter_unknown' });
    expect(matchRequest(request({ meterNumber: '0A1' }), [meter({})], rules, '2026-11-20')).toEqual({ kind: 'problem', problem: 'meter_unknown' });
    expect(matchRequest(request({ meterNumber: '0A1' }), [meter({})], { ...rules, stripLeadingZeros: true }, '2026-11-20')).toMatchObject({ kind: 'letter' });
  });

  it('prints two numbers only for consumption and feed-in of one meter; other sharing is for the clerk', () => {
    const bezug = meter({ customerId: 'c1', customerNumber: '41000001', directions: ['consumption'] });
    const einspeisung = meter({ customerId: 'c2', customerNumber: '41000002', directions: ['feed_in'], installedOn: '2021-01-01' });
    expect(matchRequest(request({}), [einspeisung, bezug], rules, '2026-11-20')).toEqual({
      kind: 'letter',
      meterNumber: 'A-1',
      gpNumbers: [
        { number: '41000001', label: 'Bezug' },
        { number: '41000002', label: 'Einspeisung' },
      ],
    });
    const previousTenant = meter({ customerId: 'c3', customerNumber: '41000003', directions: ['consumption'], installedOn: '2010-01-01' });
    expect(matchRequest(request({}), [bezug, previousTenant], rules, '2026-11-20')).toEqual({ kind: 'problem', problem: 'ambiguous' });
  });

  it('renders both numbers with their labels and the repeat step on one page', async () => {
    const pdf = await renderGpLetters({
      sender: { legalName: 'Netz Nord GmbH', displayName: 'Netz Nord', street: 'Hafenstraße 12', postalCode: '25813', city: 'Husum', phone: '04841 123-0', email: 'netz@example.org', hours: 'Mo–Fr 8–16 Uhr', primaryColor: '#8a3b00', portalUrl: 'https://netz-nord.example' },
      date: '20.11.2026',
      createdAt: new Date('2026-11-20T10:00:00Z'),
      letters: [{ recipient: ['Ole Sönnichsen', 'Am Hafen 2', '25813 Husum'], salutationName: 'Ole Sönnichsen', requestDate: '03.11.2026', meterNumber: '1ESY77', gpNumbers: [{ number: '3000123457', label: 'Bezug' }, { number: '3000123458', label: 'Einspeisung' }] }],
    });
    const text = await pdfText(pdf);
    expect(text.split('\f')).toHaveLength(1);
    expect(text).toContain('Geschäftspartner-Nr. Netz (Bezug):');
    expect(text).toContain('Geschäftspartner-Nr. Netz (Einspeisung):');
    expect(text).toContain('Wiederholen Sie Schritt 2 mit der zweiten Geschäftspartner-Nr. 3000123458');
    expect(text).toContain('Netz Nord GmbH · Hafenstraße 12 · 25813 Husum');
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(pdf.toString('latin1')).toContain('/Lang (de-DE)');
    expect(pdf.toString('latin1')).toContain('/MarkInfo');
  });

  it('builds the loose database key from strip characters, separators, case and leading zeros', () => {
    expect(looseMeterKey(' 00 1esy-1160/0000.01 ', '-./')).toBe('1ESY1160000001');
    expect(looseMeterKey('X:1', '')).toBe('X1');
  });
});

describe('HTTP', () => {
  it('lists, prints as PDF and downloads again for staff of the tenant only, by role', async () => {
    const now = new Date();
    const app = await buildTestApp(database, { extra: { clock: () => now } });
    try {
      const grid = await gridTenant();
      const other = await gridTenant();
      const clerk = await signInStaff(app, grid, await createStaff(database, grid, 'clerk'), now);
      const reader = await signInStaff(app, grid, await createStaff(database, grid, 'read_only'), now);
      const foreign = await signInStaff(app, other, await createStaff(database, other, 'admin'), now);
      const call = caller(app, grid);
      await createCustomer(database, grid, { customerNumber: '46000001', meterNumber: 'H-1', lastName: 'Hansen' });
      await request(grid, { name: 'Erika Hansen', meterNumber: 'H-1' }, '2026-11-02T09:00:00Z');
      await request(grid, { name: 'Erika Hansen', meterNumber: 'H-404' }, '2026-11-03T09:00:00Z');

      expect((await call('GET', '/api/v1/backoffice/gp-requests')).statusCode).toBe(401);
      const listed = await call('GET', '/api/v1/backoffice/gp-requests?status=open', { cookie: reader });
      expect(listed.statusCode, listed.body).toBe(200);
      expect(listed.json<Array<{ meterNumber: string }>>().map((r) => r.meterNumber)).toEqual(['H-1', 'H-404']);
      expect((await call('GET', '/api/v1/backoffice/gp-requests?status=lost', { cookie: reader })).statusCode).toBe(400);

      expect((await call('POST', '/api/v1/backoffice/gp-letters', { cookie: reader })).statusCode).toBe(403);
      // Another tenant's staff cookie is not a session here.
      expect((await call('POST', '/api/v1/backoffice/gp-letters', { cookie: foreign })).statusCode).toBe(401);

      const printed = await call('POST', '/api/v1/backoffice/gp-letters', { cookie: clerk });
      expect(printed.statusCode, printed.body).toBe(200);
      expect(printed.headers['content-type']).toBe('application/pdf');
      expect(printed.headers['x-letters']).toBe('1');
      expect(printed.headers['x-unmatched']).toBe('1');
      const text = await pdfText(printed.rawPayload);
      expect(text).toContain('46000001');
      const location = String(printed.headers['content-location']);
      expect(location).toMatch(/^\/api\/v1\/backoffice\/gp-letters\/[0-9a-f-]{36}$/);

      const open = await call('GET', '/api/v1/backoffice/gp-requests?status=open&locale=en', { cookie: reader });
      expect(open.json()).toEqual([expect.objectContaining({ meterNumber: 'H-404', problem: 'meter_unknown', problemText: 'Unknown meter number' })]);

      const again = await call('GET', location, { cookie: clerk });
      expect(again.statusCode).toBe(200);
      expect(again.rawPayload.equals(printed.rawPayload)).toBe(true);
      expect((await call('GET', location, { cookie: reader })).statusCode).toBe(403);
      expect((await caller(app, other)('GET', location, { cookie: foreign })).statusCode).toBe(404);
      expect((await call('GET', '/api/v1/backoffice/gp-letters/not-a-uuid', { cookie: clerk })).statusCode).toBe(404);

      // Only the unmatched one is left: nothing printable, in the clerk's language.
      const none = await app.inject({ method: 'POST', url: '/api/v1/backoffice/gp-letters', headers: { host: hostOf(grid), cookie: clerk, 'accept-language': 'en' } });
      expect(none.statusCode).toBe(422);
      expect(none.json()).toMatchObject({ code: 'gp_letters_none_printable', title: expect.stringContaining('None of the open requests') });
      await withTenant(database, grid.id, (trx) => trx.updateTable('gp_number_requests').set({ status: 'rejected' }).where('tenant_id', '=', grid.id).where('status', '=', 'open').execute());
      const empty = await call('POST', '/api/v1/backoffice/gp-letters', { cookie: clerk });
      expect(empty.statusCode).toBe(409);
      expect(empty.json()).toMatchObject({ code: 'gp_requests_none_pending', title: 'Es liegen keine offenen Anfragen nach der Geschäftspartnernummer vor.' });
    } finally {
      await app.close();
    }
  });
});
