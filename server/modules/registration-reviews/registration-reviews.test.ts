// Registrations needing review (ADR 0027) and invitations from the back office: the public form
// (bad input, oversized bodies, double submits, throttling, no enumeration), the queue's kinds
// (registration, GP-Nr request), the clerk's decisions (an invitation link that works once and
// activates the right customer; a rejection that is mailed), roles and other tenants' ids.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TQueuePage } from '../../../api/backoffice.ts';
import type { TRegistrationReview } from '../../../api/registration-reviews.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createCustomer, createTenant, mailsTo, tokenFromMail } from '../../../test/factories.ts';
import { caller, type Call } from '../../../test/http.ts';
import { createStaff, signInStaff } from '../../../test/staff.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let call: Call;
let callOther: Call;
const now = new Date('2026-05-04T08:00:00Z');
const PASSWORD = 'Registrierung geprüft 2026';
let clerkCookie: string;
let readOnlyCookie: string;
let otherClerkCookie: string;
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database, { extra: { clock: () => now } });
  // Self-registration only with customer + meter number: no 'invitation' method.
  tenant = await createTenant(database, { registrationMethods: ['customer_meter'] });
  other = await createTenant(database, { registrationMethods: ['customer_meter', 'meter_gp'] });
  call = caller(app, tenant);
  callOther = caller(app, other);
  clerkCookie = await signInStaff(app, tenant, await createStaff(database, tenant, 'clerk'), now);
  readOnlyCookie = await signInStaff(app, tenant, await createStaff(database, tenant, 'read_only'), now);
  otherClerkCookie = await signInStaff(app, other, await createStaff(database, other, 'clerk'), now);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

function form(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    method: 'customer_meter',
    name: 'Erika Mustermann',
    street: 'Hauptstraße',
    houseNumber: '5',
    postalCode: '12345',
    city: 'Teststadt',
    customerNumber: '41234567',
    meterNumber: 'X-999',
    email: `pruefung-${String(seq)}@example.com`,
    phone: '0123 456789',
    note: 'Die Zählernummer passt nicht, der Zähler wurde getauscht.',
    locale: 'de',
    ...overrides,
  };
}

async function submit(body: Record<string, unknown>, options: { ip?: string; on?: Call } = {}) {
  return (options.on ?? call)('POST', '/api/v1/auth/registration-review', { body, ip: options.ip ?? `198.51.100.${String(seq % 250)}` });
}

async function reviewIdOf(reference: string, cookie = clerkCookie): Promise<string> {
  const page = (await call('GET', `/api/v1/backoffice/requests?kind=registration&status=all&q=${reference}`, { cookie })).json<TQueuePage>();
  const item = page.items.find((i) => i.reference === reference);
  if (!item) throw new Error(`no queue item ${reference}`);
  return item.id;
}

describe('the public form', () => {
  it('checks the input with translated messages and bounds the body', async () => {
    const bad = await submit(form({ name: ' ', street: '', postalCode: '1234x', email: 'kein-at', customerNumber: '', meterNumber: '', phone: 'abc', note: 'x'.repeat(2001) }));
    expect(bad.statusCode).toBe(400);
    const fields = bad.json<{ errors: Array<{ field: string; message: string }> }>().errors.map((f) => f.field).sort();
    expect(fields).toEqual(['customerNumber', 'email', 'name', 'note', 'phone', 'postalCode', 'street'].sort());
    const en = await call('POST', '/api/v1/auth/registration-review', { body: form({ locale: 'en', city: '' }) });
    expect(en.json<{ errors: Array<{ message: string }> }>().errors[0]?.message).toBe('Please enter the town or city.');
    expect((await submit({ ...form(), unknown: 1 })).statusCode).toBe(400);
    expect((await submit(form({ note: 'x'.repeat(70_000) }))).statusCode).toBe(413);
    // A method the utility does not offer is as unknown as the route.
    expect((await submit(form({ method: 'meter_gp', gpNumber: '123' }))).statusCode).toBe(404);
  });

  it('answers with the reference, mails it, and a double submit creates one review', async () => {
    const body = form({ idempotencyKey: 'review-key-0000000001' });
    const first = await submit(body);
    expect(first.statusCode, first.body).toBe(202);
    const { reference } = first.json<{ reference: string }>();
    expect(reference).toMatch(/^A-2026-\d{6}$/);
    const again = await submit(body);
    expect(again.json()).toEqual({ status: 'received', reference });
    // The same key with another address is refused, not answered with someone else's reference.
    expect((await submit({ ...body, email: 'fremd@example.com' })).statusCode).toBe(409);
    const mails = await mailsTo(database, tenant, body.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain(reference);
    expect(mails[0]?.text).toContain('X-999');
    const page = (await call('GET', `/api/v1/backoffice/requests?kind=registration&q=${reference}`, { cookie: clerkCookie })).json<TQueuePage>();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ kind: 'registration', status: 'received', customer: null, person: 'Erika Mustermann', subject: '41234567 · X-999', reference });
  });

  it('is throttled per address like registration', async () => {
    const email = 'viele-versuche@example.com';
    const codes: number[] = [];
    for (let i = 0; i < 8; i += 1) codes.push((await submit(form({ email }), { ip: `192.0.2.${String(i)}` })).statusCode);
    expect(codes.slice(0, 5).every((c) => c === 202)).toBe(true);
    expect(codes).toContain(429);
  });
});

describe('the clerk', () => {
  it('assigns a review to the customer account: the invitation link works once, activates that customer, and the tenant needs no invitation method', async () => {
    const { customerId } = await createCustomer(database, tenant, { customerNumber: '41234567', meterNumber: 'Z-1' });
    const body = form();
    const { reference } = (await submit(body)).json<{ reference: string }>();
    const id = await reviewIdOf(reference);

    const view = await call('GET', `/api/v1/backoffice/registration-reviews/${id}`, { cookie: readOnlyCookie });
    expect(view.statusCode).toBe(200);
    const review = view.json<TRegistrationReview>();
    expect(review).toMatchObject({ reference, status: 'received', email: body.email, customerNumber: '41234567', meterNumber: 'X-999', phone: '0123 456789' });
    expect(review.candidates.find((c) => c.id === customerId)?.matches).toEqual(expect.arrayContaining(['customer_number', 'name', 'address']));

    // Read-only staff may look, not decide; another tenant's clerk finds nothing.
    expect((await call('POST', `/api/v1/backoffice/registration-reviews/${id}/accept`, { cookie: readOnlyCookie, body: { customerId } })).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/backoffice/registration-reviews/${id}/notes`, { cookie: readOnlyCookie, body: { text: 'x' } })).statusCode).toBe(403);
    expect((await callOther('GET', `/api/v1/backoffice/registration-reviews/${id}`, { cookie: otherClerkCookie })).statusCode).toBe(404);
    expect((await callOther('POST', `/api/v1/backoffice/registration-reviews/${id}/accept`, { cookie: otherClerkCookie, body: { customerId } })).statusCode).toBe(404);
    // Another tenant's customer is unknown here.
    const foreign = await createCustomer(database, other, { customerNumber: '41234568', meterNumber: 'Z-2' });
    expect((await call('POST', `/api/v1/backoffice/registration-reviews/${id}/accept`, { cookie: clerkCookie, body: { customerId: foreign.customerId } })).statusCode).toBe(404);

    const started = (await call('POST', `/api/v1/backoffice/registration-reviews/${id}/start`, { cookie: clerkCookie })).json<TRegistrationReview>();
    expect(started.status).toBe('in_progress');
    expect(started.assignee).not.toBeNull();
    const noted = (await call('POST', `/api/v1/backoffice/registration-reviews/${id}/notes`, { cookie: clerkCookie, body: { text: 'Zählertausch 2025 bestätigt.' } })).json<TRegistrationReview>();
    expect(noted.notes.map((n) => n.text)).toEqual(['Zählertausch 2025 bestätigt.']);

    const accepted = await call('POST', `/api/v1/backoffice/registration-reviews/${id}/accept`, { cookie: clerkCookie, body: { customerId } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json<TRegistrationReview>()).toMatchObject({ status: 'done', customer: { id: customerId, customerNumber: '41234567' }, candidates: [] });
    // Decided is final: a second accept or a rejection is refused.
    expect((await call('POST', `/api/v1/backoffice/registration-reviews/${id}/accept`, { cookie: clerkCookie, body: { customerId } })).statusCode).toBe(409);
    expect((await call('POST', `/api/v1/backoffice/registration-reviews/${id}/reject`, { cookie: clerkCookie, body: { reason: 'zu spät' } })).statusCode).toBe(409);

    const [invitation] = await mailsTo(database, tenant, body.email);
    expect(invitation?.subject).toContain('Einladung zum Kundenportal');
    const token = tokenFromMail(invitation!.text);
    expect((await call('POST', '/api/v1/auth/activate', { body: { token, password: PASSWORD } })).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/auth/activate', { body: { token, password: PASSWORD } })).statusCode).toBe(410);
    const login = await call('POST', '/api/v1/auth/login', { body: { identifier: body.email, password: PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json<{ accounts: Array<{ customerNumber: string }> }>().accounts.map((a) => a.customerNumber)).toEqual(['41234567']);

    const audit = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('audit_log').select('action').where('tenant_id', '=', tenant.id).where('target_id', '=', id).execute(),
    );
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['registration_review.submitted', 'registration_review.viewed', 'registration_review.started', 'registration_review.accepted']));

    // The account now has an active access: another review cannot be assigned to it.
    const second = (await submit(form())).json<{ reference: string }>();
    const secondId = await reviewIdOf(second.reference);
    const refused = await call('POST', `/api/v1/backoffice/registration-reviews/${secondId}/accept`, { cookie: clerkCookie, body: { customerId } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ detail: string }>().detail).toContain('aktiven Zugang');
  });

  it('rejects with a reason that is mailed', async () => {
    const body = form({ locale: 'en' });
    const { reference } = (await submit(body)).json<{ reference: string }>();
    const id = await reviewIdOf(reference);
    expect((await call('POST', `/api/v1/backoffice/registration-reviews/${id}/reject`, { cookie: clerkCookie, body: { reason: '  ' } })).statusCode).toBe(400);
    expect((await call('POST', `/api/v1/backoffice/registration-reviews/${id}/reject`, { cookie: clerkCookie, body: { reason: 'x'.repeat(2001) } })).statusCode).toBe(400);
    const rejected = await call('POST', `/api/v1/backoffice/registration-reviews/${id}/reject`, { cookie: clerkCookie, body: { reason: 'We found no customer account at this address.' } });
    expect(rejected.json<TRegistrationReview>()).toMatchObject({ status: 'rejected', reason: 'We found no customer account at this address.' });
    const [mail] = await mailsTo(database, tenant, body.email);
    expect(mail?.subject).toContain(reference);
    expect(mail?.text).toContain('We found no customer account at this address.');
    const page = (await call('GET', `/api/v1/backoffice/requests?kind=registration&status=rejected&q=${reference}`, { cookie: clerkCookie })).json<TQueuePage>();
    expect(page.items.map((i) => i.status)).toEqual(['rejected']);
  });
});

describe('the queue', () => {
  it('lists GP-Nr requests under their own kind, without reference or customer', async () => {
    const res = await callOther('POST', '/api/v1/auth/gp-number-request', {
      body: { name: 'Netzkunde Nord', address: { street: 'Deichweg', houseNumber: '3', postalCode: '25746', city: 'Heide' }, meterNumber: 'GP-METER-1', email: 'netz@example.com', locale: 'de' },
    });
    expect(res.statusCode, res.body).toBe(202);
    const page = (await callOther('GET', '/api/v1/backoffice/requests?kind=gp_number', { cookie: otherClerkCookie })).json<TQueuePage>();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ kind: 'gp_number', reference: null, customer: null, person: 'Netzkunde Nord', subject: 'GP-METER-1', status: 'received', assignee: null });
    // Assigned to me: GP-Nr requests have no assignee.
    expect((await callOther('GET', '/api/v1/backoffice/requests?kind=gp_number&assigned=me', { cookie: otherClerkCookie })).json<TQueuePage>().total).toBe(0);
    // Not in the other tenant's queue.
    expect((await call('GET', '/api/v1/backoffice/requests?kind=gp_number&status=all', { cookie: clerkCookie })).json<TQueuePage>().total).toBe(0);
    expect((await call('GET', '/api/v1/backoffice/requests?kind=nonsense', { cookie: clerkCookie })).statusCode).toBe(400);
  });
});

describe('invitations from the customer view', () => {
  it('go to a customer account without access; read-only staff cannot; not when an active login exists', async () => {
    const { customerId } = await createCustomer(database, tenant, { customerNumber: '41110000', meterNumber: 'INV-BO-1' });
    const url = `/api/v1/backoffice/customers/${customerId}/invitations`;
    expect((await call('POST', url, { cookie: readOnlyCookie, body: { email: 'eingeladen@example.com', locale: 'de' } })).statusCode).toBe(403);
    expect((await call('POST', url, { cookie: clerkCookie, body: { email: 'kein-at', locale: 'de' } })).statusCode).toBe(400);
    expect((await callOther('POST', url, { cookie: otherClerkCookie, body: { email: 'eingeladen@example.com', locale: 'de' } })).statusCode).toBe(404);
    const sent = await call('POST', url, { cookie: clerkCookie, body: { email: 'Eingeladen@Example.com', locale: 'de' } });
    expect(sent.statusCode, sent.body).toBe(204);
    const [mail] = await mailsTo(database, tenant, 'eingeladen@example.com');
    const token = tokenFromMail(mail!.text);
    expect((await call('POST', '/api/v1/auth/activate', { body: { token, password: PASSWORD } })).statusCode).toBe(200);
    const again = await call('POST', url, { cookie: clerkCookie, body: { email: 'noch-jemand@example.com', locale: 'de' } });
    expect(again.statusCode).toBe(409);
    const audit = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('audit_log').select(['action', 'actor_type as actorType']).where('tenant_id', '=', tenant.id).where('target_id', '=', customerId).execute(),
    );
    expect(audit).toEqual(expect.arrayContaining([{ action: 'invitation.created', actorType: 'staff' }]));
  });
});
