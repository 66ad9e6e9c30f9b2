// Customer data through HTTP: what is on file, the contact data change (applied at once, recorded as
// a request), the billing address change (password in the same request, one open change, postal
// codes by country), translated field errors that change nothing, double submits, unknown fields,
// sessions of another tenant and expired sessions, and the selected one of several accounts.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCustomerData } from '../../../api/customer-data.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, mailsTo } from '../../../test/factories.ts';
import { caller, sessionCookieOf, signedInCustomer, type Call } from '../../../test/http.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let call: Call;
const now = new Date('2026-05-04T08:00:00Z');
const PASSWORD = 'Rechnung an die Ostsee 4';
let n = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database, { extra: { clock: () => now } });
  tenant = await createTenant(database);
  call = caller(app, tenant);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function customer(on: Tenant = tenant) {
  n += 1;
  return signedInCustomer(database, caller(app, on), on, n, PASSWORD);
}

async function data(cookie: string): Promise<TCustomerData> {
  const res = await call('GET', '/api/v1/customer/data', { cookie });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json();
}

async function requestsOf(customerId: string, on: Tenant = tenant) {
  return withTenant(database, on.id, (trx) =>
    trx.selectFrom('customer_requests').select(['id', 'kind', 'subject', 'payload', 'status', 'reference']).where('customer_id', '=', customerId).orderBy('reference').execute(),
  );
}

function fieldErrors(body: string): Record<string, string> {
  const parsed = JSON.parse(body) as { errors?: Array<{ field: string; message: string }> };
  return Object.fromEntries((parsed.errors ?? []).map((e) => [e.field, e.message]));
}

function address(overrides: Record<string, unknown> = {}) {
  return { street: 'Neue Straße', houseNumber: '12a', postalCode: '54321', city: 'Neustadt', country: 'DE', validFrom: '2026-06-01', password: PASSWORD, ...overrides };
}

describe('the customer data page', () => {
  it('shows name, customer number, billing address, contact data and the login e-mail address', async () => {
    const c = await customer();
    await withTenant(database, tenant.id, (trx) => trx.updateTable('customers').set({ phone: '0123 456789', email: 'erika@privat.example' }).where('id', '=', c.customerId).execute());
    expect(await data(c.cookie)).toEqual({
      customerNumber: c.customerNumber,
      kind: 'person',
      name: 'Erika Mustermann',
      billingAddress: { street: 'Hauptstraße', houseNumber: '5', postalCode: '12345', city: 'Teststadt', country: 'DE' },
      phone: '0123 456789',
      contactEmail: 'erika@privat.example',
      loginEmail: c.email,
      pendingAddressChange: null,
    });
  });

  it('shows the selected one of several linked accounts (a company by its name)', async () => {
    const c = await customer();
    const firm = await customer();
    await withTenant(database, tenant.id, async (trx) => {
      await trx.updateTable('customers').set({ kind: 'company', company_name: 'Bäckerei Krause GmbH', first_name: null, last_name: null }).where('id', '=', firm.customerId).execute();
      await trx.insertInto('login_customers').values({ tenant_id: tenant.id, login_id: trx.selectFrom('logins').select('id').where('email', '=', c.email), customer_id: firm.customerId }).execute();
    });
    expect((await data(c.cookie)).customerNumber).toBe(c.customerNumber);
    expect((await call('POST', '/api/v1/auth/select-account', { cookie: c.cookie, body: { customerId: firm.customerId } })).statusCode).toBe(200);
    expect(await data(c.cookie)).toMatchObject({ customerNumber: firm.customerNumber, kind: 'company', name: 'Bäckerei Krause GmbH', loginEmail: c.email });
    const res = await call('POST', '/api/v1/customer/data/contact', { cookie: c.cookie, body: { phone: '030 1234567', contactEmail: '' } });
    expect(res.statusCode, res.body).toBe(201);
    expect((await data(c.cookie)).phone).toBe('030 1234567');
    expect(await requestsOf(firm.customerId)).toHaveLength(1);
    expect(await requestsOf(c.customerId)).toEqual([]);
  });
});

describe('changing the contact data', () => {
  it('applies phone and contact e-mail at once, records a request of kind contact and mails the confirmation to the login', async () => {
    const c = await customer();
    const res = await call('POST', '/api/v1/customer/data/contact', { cookie: c.cookie, body: { phone: ' 0171  2345678 ', contactEmail: ' Erika.Kontakt@Example.org ' } });
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json<{ request: { id: string; reference: string; status: string }; phone: string; contactEmail: string }>();
    expect(result).toMatchObject({ phone: '0171 2345678', contactEmail: 'erika.kontakt@example.org', request: { status: 'received' } });
    expect(await data(c.cookie)).toMatchObject({ phone: '0171 2345678', contactEmail: 'erika.kontakt@example.org', loginEmail: c.email });

    const [request] = await requestsOf(c.customerId);
    expect(request).toMatchObject({ kind: 'contact', subject: 'Kontaktdaten geändert: Telefonnummer und E-Mail-Adresse', status: 'received' });
    expect(request?.payload).toMatchObject({ phone: '0171 2345678', contactEmail: 'erika.kontakt@example.org', previous: { phone: null, contactEmail: null } });
    const [mail] = await mailsTo(database, tenant, c.email);
    expect(mail?.subject).toContain(result.request.reference);
    // The new contact address is not the login: nothing is sent there.
    expect(await mailsTo(database, tenant, 'erika.kontakt@example.org')).toEqual([]);
    const audit = await withTenant(database, tenant.id, (trx) => trx.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', c.customerId).where('action', '=', 'customer.contact_changed').execute());
    expect(audit).toEqual([{ action: 'customer.contact_changed', details: { phone: true, email: true, request: result.request.reference } }]);

    // Removing the phone number (empty) is a change too.
    const removed = await call('POST', '/api/v1/customer/data/contact', { cookie: c.cookie, body: { phone: '', contactEmail: 'erika.kontakt@example.org' }, locale: 'en' });
    expect(removed.statusCode, removed.body).toBe(201);
    expect((await data(c.cookie)).phone).toBeNull();
    expect((await requestsOf(c.customerId))[1]?.subject).toBe('Contact details changed: phone number');
  });

  it('refuses invalid input and an unchanged form with translated messages and changes nothing', async () => {
    const c = await customer();
    const post = (body: unknown, locale = 'de') => call('POST', '/api/v1/customer/data/contact', { cookie: c.cookie, body, locale });
    const bad = await post({ phone: '0171-abc', contactEmail: 'erika@' });
    expect(bad.statusCode).toBe(400);
    expect(fieldErrors(bad.body)).toEqual({
      phone: 'Bitte geben Sie die Telefonnummer nur mit Ziffern, Leerzeichen und den Zeichen + / - ( ) ein, höchstens 30 Zeichen, z. B. 0123 456789.',
      contactEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de, oder lassen Sie das Feld leer.',
    });
    const long = await post({ phone: '0'.repeat(31), contactEmail: `${'a'.repeat(250)}@example.org` }, 'en');
    expect(Object.keys(fieldErrors(long.body))).toEqual(['phone', 'contactEmail']);
    const same = await post({ phone: '', contactEmail: '' });
    expect(fieldErrors(same.body)).toEqual({ phone: 'Sie haben nichts geändert. Bitte ändern Sie Ihre Telefonnummer oder Ihre E-Mail-Adresse für Rückfragen.' });
    expect((await post({ phone: '', contactEmail: '', customerId: c.customerId })).statusCode).toBe(400);
    expect((await post({ phone: '' })).statusCode).toBe(400);
    expect(await data(c.cookie)).toMatchObject({ phone: null, contactEmail: null });
    expect(await requestsOf(c.customerId)).toEqual([]);
  });

  it('changes once for a double submit with the same idempotency key', async () => {
    const c = await customer();
    const body = { phone: '0123 98765', contactEmail: '', idempotencyKey: 'contact-key-000001' };
    const [a, b] = await Promise.all([call('POST', '/api/v1/customer/data/contact', { cookie: c.cookie, body }), call('POST', '/api/v1/customer/data/contact', { cookie: c.cookie, body })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json<{ request: { id: string } }>().request.id).toBe(b.json<{ request: { id: string } }>().request.id);
    expect(await requestsOf(c.customerId)).toHaveLength(1);
  });
});

describe('changing the billing address', () => {
  it('refuses a wrong password without a trace, then with the right one creates a request, mails the login and shows it as pending', async () => {
    const c = await customer();
    const wrong = await call('POST', '/api/v1/customer/data/billing-address', { cookie: c.cookie, body: address({ password: 'falsch-falsch-falsch' }) });
    expect(wrong.statusCode).toBe(400);
    expect(fieldErrors(wrong.body)).toEqual({ password: 'Das Passwort ist nicht richtig.' });
    expect(await requestsOf(c.customerId)).toEqual([]);

    const res = await call('POST', '/api/v1/customer/data/billing-address', { cookie: c.cookie, body: address({ street: '  Neue   Straße ', postalCode: '54 321' }) });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ id: string; reference: string; status: string }>();
    const [request] = await requestsOf(c.customerId);
    expect(request).toMatchObject({ id: created.id, kind: 'address', status: 'received', subject: 'Neue Rechnungsadresse ab 01.06.2026: Neue Straße 12a, 54321 Neustadt' });
    expect(request?.payload).toEqual({
      address: { street: 'Neue Straße', houseNumber: '12a', postalCode: '54321', city: 'Neustadt', country: 'DE' },
      validFrom: '2026-06-01',
      previous: { street: 'Hauptstraße', houseNumber: '5', postalCode: '12345', city: 'Teststadt', country: 'DE' },
    });
    const [mail] = await mailsTo(database, tenant, c.email);
    expect(mail?.subject).toContain(created.reference);

    const current = await data(c.cookie);
    // The address on file changes when the utility has processed the request.
    expect(current.billingAddress.street).toBe('Hauptstraße');
    expect(current.pendingAddressChange).toMatchObject({ requestId: created.id, reference: created.reference, status: 'received', validFrom: '2026-06-01', address: { city: 'Neustadt' } });

    const second = await call('POST', '/api/v1/customer/data/billing-address', { cookie: c.cookie, body: address({ city: 'Altstadt' }), locale: 'en' });
    expect(second.statusCode).toBe(409);
    expect(second.json<{ detail: string }>().detail).toContain(`Your billing address change of 4 May 2026 (reference ${created.reference}) is being processed.`);
    expect(await requestsOf(c.customerId)).toHaveLength(1);
  });

  it('needs the password in the request itself: a recent step-up alone is not enough', async () => {
    const c = await customer();
    const reauth = await call('POST', '/api/v1/auth/reauth', { cookie: c.cookie, body: { password: PASSWORD } });
    expect(reauth.statusCode, reauth.body).toBe(204);
    const cookie = sessionCookieOf(reauth);
    const res = await call('POST', '/api/v1/customer/data/billing-address', { cookie, body: address({ password: '' }) });
    expect(res.statusCode).toBe(400);
    expect(fieldErrors(res.body)).toEqual({ password: 'Bitte bestätigen Sie die Änderung mit Ihrem Passwort.' });
    expect(await requestsOf(c.customerId)).toEqual([]);
  });

  it('checks every field with a translated message; postal codes have 5 digits in Germany and 4 in Austria', async () => {
    const c = await customer();
    const post = (body: unknown, locale = 'de') => call('POST', '/api/v1/customer/data/billing-address', { cookie: c.cookie, body, locale });
    const empty = await post(address({ street: ' ', houseNumber: '', postalCode: '', city: '', validFrom: '', password: '' }));
    expect(fieldErrors(empty.body)).toEqual({
      street: 'Bitte geben Sie die Straße ein.',
      houseNumber: 'Bitte geben Sie die Hausnummer ein.',
      postalCode: 'Bitte geben Sie die Postleitzahl ein.',
      city: 'Bitte geben Sie den Ort ein.',
      validFrom: 'Bitte geben Sie an, ab wann die neue Adresse gelten soll.',
      password: 'Bitte bestätigen Sie die Änderung mit Ihrem Passwort.',
    });
    expect(fieldErrors((await post(address({ postalCode: '1234' }))).body)).toEqual({ postalCode: 'Bitte geben Sie eine Postleitzahl mit 5 Ziffern ein (Deutschland).' });
    expect(fieldErrors((await post(address({ country: 'AT', postalCode: '54321' }), 'en')).body)).toEqual({ postalCode: 'Please enter a postcode of 4 digits (Austria).' });
    expect(fieldErrors((await post(address({ country: 'CH', postalCode: '8001' }))).body)).toEqual({ country: 'Bitte wählen Sie Deutschland oder Österreich.' });
    expect(fieldErrors((await post(address({ validFrom: '2026-05-03' }))).body)).toEqual({
      validFrom: 'Die neue Adresse kann frühestens ab heute (04.05.2026) gelten; Post, die schon unterwegs ist, erreicht Sie noch an der bisherigen Adresse.',
    });
    expect(fieldErrors((await post(address({ validFrom: '2027-05-05' }), 'en')).body)).toEqual({ validFrom: 'Please tell us about a new address at most a year ahead (until 4 May 2027).' });
    expect(fieldErrors((await post(address({ validFrom: '01.06.2026' }))).body)).toEqual({ validFrom: 'Bitte geben Sie ein gültiges Datum ein, zum Beispiel 01.04.2027.' });
    expect(fieldErrors((await post(address({ street: 'S'.repeat(101) }))).body)).toEqual({ street: 'Bitte verwenden Sie höchstens 100 Zeichen.' });
    const same = await post(address({ street: 'Hauptstraße', houseNumber: '5', postalCode: '12345', city: 'Teststadt' }));
    expect(fieldErrors(same.body)).toEqual({ street: 'Das ist bereits Ihre Rechnungsadresse.' });
    expect(await requestsOf(c.customerId)).toEqual([]);

    const vienna = await post(address({ street: 'Mariahilfer Straße', houseNumber: '1/3', postalCode: '1060', city: 'Wien', country: 'at', validFrom: '2026-05-04' }));
    expect(vienna.statusCode, vienna.body).toBe(201);
  });

  it('creates one request for a double submit with the same idempotency key; refuses unknown fields and oversized bodies', async () => {
    const c = await customer();
    const body = address({ idempotencyKey: 'address-key-0000001' });
    const first = await call('POST', '/api/v1/customer/data/billing-address', { cookie: c.cookie, body });
    const again = await call('POST', '/api/v1/customer/data/billing-address', { cookie: c.cookie, body });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    expect((await call('POST', '/api/v1/customer/data/billing-address', { cookie: c.cookie, body: { ...address(), customerId: c.customerId } })).statusCode).toBe(400);
    expect((await call('POST', '/api/v1/customer/data/billing-address', { cookie: c.cookie, body: address({ city: 'x'.repeat(2_000_000) }) })).statusCode).toBe(413);
    expect(await requestsOf(c.customerId)).toHaveLength(1);
  });
});

describe('access', () => {
  it('needs a session of this tenant; an expired one answers session_expired and changes nothing', async () => {
    const c = await customer();
    const foreignTenant = await createTenant(database);
    const foreign = await customer(foreignTenant);
    expect((await call('GET', '/api/v1/customer/data')).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/customer/data', { cookie: foreign.cookie })).statusCode).toBe(401);
    expect((await call('POST', '/api/v1/customer/data/contact', { cookie: foreign.cookie, body: { phone: '0123 4567', contactEmail: '' } })).statusCode).toBe(401);
    const later = await buildTestApp(database, { extra: { clock: () => new Date(now.getTime() + 16 * 60_000) } });
    try {
      const res = await caller(later, tenant)('POST', '/api/v1/customer/data/billing-address', { cookie: c.cookie, body: address() });
      expect(res.json<{ code: string }>().code).toBe('session_expired');
    } finally {
      await later.close();
    }
    expect(await requestsOf(c.customerId)).toEqual([]);
    expect(await requestsOf(foreign.customerId, foreignTenant)).toEqual([]);
  });
});
