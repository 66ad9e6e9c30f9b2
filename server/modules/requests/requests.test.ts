// Customer requests: the contact form, list, detail, attachments, status changes and their mails,
// double submits, IDOR (SEC-16), unknown fields (SEC-17) and the selected account.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, hostOf, mailsTo } from '../../../test/factories.ts';
import { caller, signedInCustomer as signedInCustomerVia, type Call } from '../../../test/http.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { checkAttachment, contentDisposition } from './attachments.ts';
import { changeStatus, createRequest } from './requests.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
const now = new Date('2026-05-04T08:00:00Z');
const PASSWORD = 'Leuchtturm im Nebel 7';
let n = 0;
let call: Call;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  other = await createTenant(database);
  app = await buildTestApp(database, { extra: { clock: () => now } });
  call = caller(app, tenant);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function customer(on: Tenant = tenant) {
  n += 1;
  return signedInCustomerVia(database, caller(app, on), on, n, PASSWORD);
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const PDF = Buffer.from('%PDF-1.4\n% test\n%%EOF\n');

function message(overrides: Record<string, unknown> = {}) {
  return { subject: 'Frage zur Rechnung', message: 'Warum ist der Abschlag gestiegen?', phone: '0123 456789', ...overrides };
}

async function countRequests(on: Tenant = tenant): Promise<number> {
  return withTenant(database, on.id, async (trx) => {
    const rows = await trx.selectFrom('customer_requests').select('id').execute();
    const files = await trx.selectFrom('request_attachments').select('id').execute();
    return rows.length + files.length;
  });
}

async function premisesOf(cookie: string): Promise<Array<{ id: string; address: string }>> {
  const res = await call('GET', '/api/v1/customer/premises', { cookie });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('the contact form', () => {
  it('creates a request with reference, history and attachment, mails a confirmation and lists it newest first', async () => {
    const c = await customer();
    const [premise] = await premisesOf(c.cookie);
    expect(premise?.address).toBe('Hauptstraße 5, 12345 Teststadt');

    const first = await call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, body: message({ subject: 'Erstes Anliegen' }) });
    expect(first.statusCode, first.body).toBe(201);
    const res = await call('POST', '/api/v1/customer/requests/messages', {
      cookie: c.cookie,
      body: message({ premiseId: premise!.id, attachment: { fileName: 'C:\\Scans\\Zähler foto.png', contentType: 'image/png', contentBase64: PNG.toString('base64') } }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ id: string; reference: string; status: string }>();
    expect(created.reference).toMatch(/^A-2026-\d{6}$/);
    expect(created.status).toBe('received');
    expect(Number(created.reference.slice(-6))).toBe(Number(first.json<{ reference: string }>().reference.slice(-6)) + 1);

    const list = await call('GET', '/api/v1/customer/requests', { cookie: c.cookie });
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.json<Array<{ subject: string; status: string }>>().map((r) => [r.subject, r.status])).toEqual([
      ['Frage zur Rechnung', 'received'],
      ['Erstes Anliegen', 'received'],
    ]);

    const detail = await call('GET', `/api/v1/customer/requests/${created.id}`, { cookie: c.cookie });
    expect(detail.statusCode).toBe(200);
    const body = detail.json();
    expect(body).toMatchObject({
      reference: created.reference,
      kind: 'message',
      status: 'received',
      premise: { id: premise!.id, address: 'Hauptstraße 5, 12345 Teststadt' },
      message: { text: 'Warum ist der Abschlag gestiegen?', phone: '0123 456789' },
      events: [{ status: 'received', reason: null, actor: 'customer', at: now.toISOString() }],
      attachments: [{ fileName: 'Zähler foto.png', contentType: 'image/png', sizeBytes: PNG.length }],
    });

    const download = await call('GET', `/api/v1/customer/requests/${created.id}/attachments/${body.attachments[0].id as string}`, { cookie: c.cookie });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['cache-control']).toBe('no-store');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="Z_hler foto.png"; filename*=UTF-8''Z%C3%A4hler%20foto.png`);
    expect(download.rawPayload.equals(PNG)).toBe(true);

    const [mail] = await mailsTo(database, tenant, c.email);
    expect(mail?.subject).toBe(`Ihr Anliegen ${created.reference} ist bei uns eingegangen – ${tenant.config.displayName}`);
    expect(mail?.text).toContain('Frage zur Rechnung');
    expect(mail?.text).toContain(`/anliegen/${created.id}`);
  });

  it('creates one request for a double submit with the same idempotency key', async () => {
    const c = await customer();
    const before = await countRequests();
    const body = message({ idempotencyKey: 'form-1234567890abcdef' });
    const [a, b] = await Promise.all([
      call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, body }),
      call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, body }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json<{ id: string }>().id).toBe(b.json<{ id: string }>().id);
    expect(await countRequests()).toBe(before + 1);
    const again = await call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, body });
    expect(again.statusCode).toBe(200);
    expect((await mailsTo(database, tenant, c.email)).filter((m) => m.subject.startsWith('Ihr Anliegen'))).toHaveLength(1);
  });

  it('refuses missing fields with translated messages and creates nothing', async () => {
    const c = await customer();
    const before = await countRequests();
    const de = await call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, body: { subject: ' ', message: '', phone: 'abc' } });
    expect(de.statusCode).toBe(400);
    expect(de.json().errors).toEqual([
      { field: 'subject', message: 'Bitte geben Sie einen Betreff ein.' },
      { field: 'message', message: 'Bitte beschreiben Sie Ihr Anliegen.' },
      { field: 'phone', message: expect.stringContaining('nur mit Ziffern') as unknown },
    ]);
    const en = await call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, locale: 'en', body: { subject: 'x', message: 'y', phone: '' } });
    expect(en.json().errors).toEqual([{ field: 'phone', message: 'Please enter a phone number we can reach you at.' }]);
    expect(await countRequests()).toBe(before);
  });

  it('refuses oversized and wrong-type attachments with a clear message and stores nothing', async () => {
    const c = await customer();
    const before = await countRequests();
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    const tooBig = await call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, body: message({ attachment: { fileName: 'gross.pdf', contentType: 'application/pdf', contentBase64: big.toString('base64') } }) });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().errors).toEqual([{ field: 'attachment', message: 'Der Anhang ist zu groß. Erlaubt sind Dateien bis 5 MB.' }]);

    const fake = await call('POST', '/api/v1/customer/requests/messages', {
      cookie: c.cookie,
      locale: 'en',
      body: message({ attachment: { fileName: 'rechnung.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('MZ\x90\x00 not a pdf').toString('base64') } }),
    });
    expect(fake.json().errors).toEqual([{ field: 'attachment', message: 'We cannot accept this file format. Please send a PDF, JPEG or PNG.' }]);

    const mismatch = await call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, body: message({ attachment: { fileName: 'bild.pdf', contentType: 'application/pdf', contentBase64: PNG.toString('base64') } }) });
    expect(mismatch.json().errors[0].field).toBe('attachment');

    const huge = await app.inject({
      method: 'POST',
      url: '/api/v1/customer/requests/messages',
      headers: { host: hostOf(tenant), cookie: c.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify(message({ attachment: { fileName: 'x.pdf', contentType: 'application/pdf', contentBase64: 'A'.repeat(10 * 1024 * 1024) } })),
    });
    expect(huge.statusCode).toBe(413);
    expect(await countRequests()).toBe(before);
  });

  it('refuses unknown fields (SEC-17)', async () => {
    const c = await customer();
    const res = await call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, body: message({ status: 'done' }) });
    expect(res.statusCode).toBe(400);
    const nested = await call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, body: message({ attachment: { fileName: 'a.png', contentType: 'image/png', contentBase64: PNG.toString('base64'), sizeBytes: 1 } }) });
    expect(nested.statusCode).toBe(400);
  });

  it('needs a signed-in login with a selected account', async () => {
    expect((await call('GET', '/api/v1/customer/requests')).statusCode).toBe(401);
    const c = await customer();
    await withTenant(database, tenant.id, (trx) => trx.deleteFrom('login_customers').where('tenant_id', '=', tenant.id).where('customer_id', '=', c.customerId).execute());
    const res = await call('GET', '/api/v1/customer/requests', { cookie: c.cookie });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('account_not_selected');
    expect((await call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, body: message() })).statusCode).toBe(409);
  });
});

describe('other customers and tenants (SEC-16)', () => {
  it("answers 404 for another customer's or tenant's requests, attachments and premises", async () => {
    const owner = await customer();
    const res = await call('POST', '/api/v1/customer/requests/messages', {
      cookie: owner.cookie,
      body: message({ attachment: { fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') } }),
    });
    const { id } = res.json<{ id: string }>();
    const detail = await call('GET', `/api/v1/customer/requests/${id}`, { cookie: owner.cookie });
    const attachmentId = detail.json<{ attachments: Array<{ id: string }> }>().attachments[0]!.id;
    const [ownerPremise] = await premisesOf(owner.cookie);

    const stranger = await customer();
    expect((await call('GET', `/api/v1/customer/requests/${id}`, { cookie: stranger.cookie })).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/customer/requests/${id}/attachments/${attachmentId}`, { cookie: stranger.cookie })).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/customer/requests', { cookie: stranger.cookie })).json()).toEqual([]);
    const foreignPremise = await call('POST', '/api/v1/customer/requests/messages', { cookie: stranger.cookie, body: message({ premiseId: ownerPremise!.id }) });
    expect(foreignPremise.statusCode).toBe(404);

    const elsewhere = await customer(other);
    const otherCall = caller(app, other);
    expect((await otherCall('GET', `/api/v1/customer/requests/${id}`, { cookie: elsewhere.cookie })).statusCode).toBe(404);
    expect((await otherCall('GET', `/api/v1/customer/requests/${id}/attachments/${attachmentId}`, { cookie: elsewhere.cookie })).statusCode).toBe(404);
    // The owner's cookie does not work on the other tenant's host.
    expect((await otherCall('GET', `/api/v1/customer/requests/${id}`, { cookie: owner.cookie })).statusCode).toBe(401);
  });
});

describe('status changes', () => {
  async function newRequest() {
    const c = await customer();
    const res = await call('POST', '/api/v1/customer/requests/messages', { cookie: c.cookie, body: message() });
    return { ...c, ...res.json<{ id: string; reference: string }>() };
  }
  const staff = { type: 'staff' as const, id: 'staff-1' };

  it('records the history, mails the customer and keeps done and rejected final', async () => {
    const r = await newRequest();
    await withTenant(database, tenant.id, (trx) => changeStatus(trx, tenant, r.id, { status: 'in_progress', actor: staff, now: new Date('2026-05-05T09:00:00Z') }));
    await withTenant(database, tenant.id, (trx) =>
      changeStatus(trx, tenant, r.id, { status: 'rejected', reason: 'Bitte wenden Sie sich an Ihren Netzbetreiber.', actor: { type: 'integration', id: 'billing' }, now: new Date('2026-05-06T09:00:00Z') }),
    );
    const detail = (await call('GET', `/api/v1/customer/requests/${r.id}`, { cookie: r.cookie })).json();
    expect(detail.status).toBe('rejected');
    expect(detail.updatedAt).toBe('2026-05-06T09:00:00.000Z');
    expect(detail.events).toEqual([
      { status: 'received', reason: null, actor: 'customer', at: now.toISOString() },
      { status: 'in_progress', reason: null, actor: 'staff', at: '2026-05-05T09:00:00.000Z' },
      { status: 'rejected', reason: 'Bitte wenden Sie sich an Ihren Netzbetreiber.', actor: 'integration', at: '2026-05-06T09:00:00.000Z' },
    ]);
    const mails = await mailsTo(database, tenant, r.email);
    expect(mails[0]?.subject).toBe(`Ihr Anliegen ${r.reference}: abgelehnt – ${tenant.config.displayName}`);
    expect(mails[0]?.text).toContain('Bitte wenden Sie sich an Ihren Netzbetreiber.');
    expect(mails[1]?.subject).toContain('in Bearbeitung');

    await expect(withTenant(database, tenant.id, (trx) => changeStatus(trx, tenant, r.id, { status: 'done', actor: staff, now }))).rejects.toMatchObject({ code: 'conflict' });
    const audit = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('audit_log').select(['action', 'actor_type']).where('target_id', '=', r.id).orderBy('id').execute(),
    );
    expect(audit).toEqual([
      { action: 'request.created', actor_type: 'customer' },
      { action: 'request.status_changed', actor_type: 'staff' },
      { action: 'request.status_changed', actor_type: 'integration' },
    ]);
  });

  it('needs a reason to reject, refuses going back and does not know ids of another tenant', async () => {
    const r = await newRequest();
    await expect(withTenant(database, tenant.id, (trx) => changeStatus(trx, tenant, r.id, { status: 'rejected', reason: '  ', actor: staff, now }))).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'reason', message: 'Bitte geben Sie einen Grund für die Ablehnung an.' }],
    });
    await withTenant(database, tenant.id, (trx) => changeStatus(trx, tenant, r.id, { status: 'in_progress', actor: staff, now }));
    await expect(withTenant(database, tenant.id, (trx) => changeStatus(trx, tenant, r.id, { status: 'received', actor: staff, now }))).rejects.toMatchObject({ code: 'conflict' });
    await expect(withTenant(database, other.id, (trx) => changeStatus(trx, other, r.id, { status: 'done', actor: staff, now }))).rejects.toMatchObject({ code: 'not_found' });
    await withTenant(database, tenant.id, (trx) => changeStatus(trx, tenant, r.id, { status: 'done', actor: staff, now }));
    expect((await call('GET', '/api/v1/customer/requests', { cookie: r.cookie })).json()[0].status).toBe('done');
  });

  it('keeps the request when the registration is deleted, and then mails nobody', async () => {
    const r = await newRequest();
    expect((await call('DELETE', '/api/v1/me', { cookie: r.cookie, body: { password: PASSWORD } })).statusCode).toBe(204);
    await withTenant(database, tenant.id, (trx) => changeStatus(trx, tenant, r.id, { status: 'done', actor: staff, now }));
    const row = await withTenant(database, tenant.id, (trx) => trx.selectFrom('customer_requests').select(['login_id', 'status']).where('id', '=', r.id).executeTakeFirst());
    expect(row).toEqual({ login_id: null, status: 'done' });
    expect((await mailsTo(database, tenant, r.email)).some((m) => m.subject.includes('erledigt'))).toBe(false);
  });

  it('gives unique reference numbers per tenant and year, also for requests made by other modules', async () => {
    const c = await customer();
    const refs = await Promise.all(
      Array.from({ length: 5 }, () =>
        withTenant(database, tenant.id, (trx) =>
          createRequest(trx, tenant, {
            customerId: c.customerId,
            loginId: null,
            premiseId: null,
            kind: 'address',
            subject: 'Adressänderung',
            payload: {},
            attachments: [],
            idempotencyKey: null,
            actor: { type: 'system', id: null },
            locale: 'de',
            now: new Date('2027-01-02T10:00:00Z'),
          }),
        ),
      ),
    );
    expect(new Set(refs.map((r) => r.reference)).size).toBe(5);
    expect(refs.map((r) => r.reference).sort()).toEqual(['A-2027-000001', 'A-2027-000002', 'A-2027-000003', 'A-2027-000004', 'A-2027-000005']);
    const elsewhere = await customer(other);
    const first = await withTenant(database, other.id, (trx) =>
      createRequest(trx, other, { customerId: elsewhere.customerId, loginId: null, premiseId: null, kind: 'message', subject: 'x', payload: {}, attachments: [], idempotencyKey: null, actor: { type: 'system', id: null }, locale: 'de', now: new Date('2027-01-02T10:00:00Z') }),
    );
    expect(first.reference).toBe('A-2027-000001');
  });
});

describe('attachment checks', () => {
  it('recognises files by their first bytes', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    expect(checkAttachment({ fileName: 'foto.jpg', contentType: 'image/jpg', contentBase64: jpeg.toString('base64') }, 'de')).toMatchObject({ ok: true, file: { contentType: 'image/jpeg' } });
    expect(checkAttachment({ fileName: '../../etc/passwd', contentType: '', contentBase64: PDF.toString('base64') }, 'de')).toMatchObject({ ok: true, file: { fileName: 'passwd', contentType: 'application/pdf' } });
    expect(checkAttachment({ fileName: 'a.svg', contentType: 'image/svg+xml', contentBase64: Buffer.from('<svg/>').toString('base64') }, 'de')).toMatchObject({ ok: false });
    expect(checkAttachment({ fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: '%%%' }, 'de')).toMatchObject({ ok: false });
    expect(contentDisposition('a"b.pdf')).toBe(`attachment; filename="a_b.pdf"; filename*=UTF-8''a%22b.pdf`);
  });
});
