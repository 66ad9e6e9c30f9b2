// The utility's own document types (ADR 0026): admins define them in the settings (bad codes,
// duplicates, long labels, too many, roles, another tenant, stale versions refused; a type in use
// cannot be deleted); the integration API's documents and invoices name one (unknown types and a
// wrong kind are positioned errors, the batch is refused whole); a new document of a type with
// `notify` mails the customer; customers see the label and filter by the type.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDocumentList } from '../../../api/documents.ts';
import type { TIntegrationScope } from '../../../api/integration.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, hostOf, mailsTo } from '../../../test/factories.ts';
import { caller, signedInCustomer } from '../../../test/http.ts';
import { createStaff, signInStaff } from '../../../test/staff.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { createClient } from '../integration/clients.service.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { tenantWith } from './documents.fixtures.ts';

let database: Database;
let app: FastifyInstance;
const now = new Date();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');

const TYPES = [
  { code: 'mahnung', label: { de: 'Zahlungserinnerung', en: 'Payment reminder' }, kind: 'notice', notify: true },
  { code: 'abschlagsplan', label: { de: 'Abschlagsplan' }, kind: 'letter', notify: false },
  { code: 'jahresabrechnung', label: { de: 'Jahresabrechnung', en: 'Annual bill' }, kind: 'invoice', notify: false },
];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database, { extra: { clock: () => now } });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function tokenFor(on: Tenant, scopes: TIntegrationScope[]): Promise<string> {
  const client = await withTenant(database, on.id, (trx) => createClient(trx, on.id, { name: 'Billing', scopes, createdBy: 'test' }));
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/integration/oauth/token',
    headers: { host: hostOf(on), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).toString(),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ access_token: string }>().access_token;
}

function settingsPatch(on: Tenant, cookie: string, body: unknown, locale = 'de') {
  return app.inject({
    method: 'PATCH',
    url: '/api/v1/backoffice/settings',
    headers: { host: hostOf(on), cookie, 'content-type': 'application/json', 'accept-language': locale },
    payload: JSON.stringify(body),
  });
}

function put(on: Tenant, token: string, entity: string, records: unknown[]) {
  return app.inject({
    method: 'PUT',
    url: `/api/v1/integration/${entity}`,
    headers: { host: hostOf(on), authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ records }),
  });
}

type Errors = { errors: Array<{ index: number; field: string; code: string; message: string }> };
type Fields = { errors: Array<{ field: string; message: string }> };

describe('document types in the settings', () => {
  it('are set by admins only, with valid, unique codes, short labels and at most 50 types', async () => {
    const tenant = await tenantWith(database, { modules: ['invoices'] });
    const other = await tenantWith(database, { modules: ['invoices'] });
    const admin = await signInStaff(app, tenant, await createStaff(database, tenant, 'admin'), now);
    const clerk = await signInStaff(app, tenant, await createStaff(database, tenant, 'clerk'), now);
    const readOnly = await signInStaff(app, tenant, await createStaff(database, tenant, 'read_only'), now);
    const foreign = await signInStaff(app, other, await createStaff(database, other, 'admin'), now);

    const read = await caller(app, tenant)('GET', '/api/v1/backoffice/settings', { cookie: admin });
    const { version, config } = read.json<{ version: string; config: { documentTypes: unknown[] } }>();
    expect(config.documentTypes).toEqual([]);
    const saved = await settingsPatch(tenant, admin, { version, documentTypes: TYPES });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<{ config: { documentTypes: unknown[] } }>().config.documentTypes).toEqual(TYPES);
    // The public tenant and the other tenant know nothing of it; a stale version is refused.
    expect((await settingsPatch(tenant, admin, { version, documentTypes: [] })).statusCode).toBe(409);

    const fieldsOf = async (body: unknown, locale = 'de') => {
      const res = await settingsPatch(tenant, admin, body, locale);
      expect(res.statusCode, res.body).toBe(400);
      return res.json<Fields>().errors;
    };
    const type = (code: string, overrides: Record<string, unknown> = {}) => ({ code, label: { de: 'Brief' }, kind: 'letter', ...overrides });
    expect((await fieldsOf({ documentTypes: [...TYPES, type('Mahnung!')] }))[0]?.field).toBe('documentTypes.3.code');
    expect((await fieldsOf({ documentTypes: [...TYPES, type('m')] }))[0]?.field).toBe('documentTypes.3.code');
    expect(await fieldsOf({ documentTypes: [...TYPES, type('mahnung')] }, 'en')).toEqual([
      { field: 'documentTypes.3.code', message: 'The code "mahnung" exists already; each code may appear only once.' },
    ]);
    expect((await fieldsOf({ documentTypes: [...TYPES, type('brief', { label: { de: 'x'.repeat(81) } })] }))[0]?.field).toBe('documentTypes.3.label.de');
    expect((await fieldsOf({ documentTypes: [...TYPES, type('brief', { label: { de: '' } })] }))[0]?.field).toBe('documentTypes.3.label.de');
    expect((await fieldsOf({ documentTypes: [...TYPES, type('brief', { kind: 'bill' })] }))[0]?.field).toBe('documentTypes.3.kind');
    expect((await fieldsOf({ documentTypes: [...TYPES, type('brief', { color: 'red' })] }))[0]?.field).toBe('documentTypes.3');
    expect((await fieldsOf({ documentTypes: Array.from({ length: 51 }, (_, i) => type(`art${String(i)}`)) }))[0]?.field).toBe('documentTypes');
    expect((await fieldsOf({ documentTypes: 'mahnung' }))[0]?.field).toBe('documentTypes');

    expect((await settingsPatch(tenant, clerk, { documentTypes: [] })).statusCode).toBe(403);
    expect((await settingsPatch(tenant, readOnly, { documentTypes: [] })).statusCode).toBe(403);
    expect((await settingsPatch(tenant, foreign, { documentTypes: [] })).statusCode).toBe(401);
    const after = await caller(app, tenant)('GET', '/api/v1/backoffice/settings', { cookie: admin });
    expect(after.json<{ config: { documentTypes: unknown[] } }>().config.documentTypes).toEqual(TYPES);
    const otherRead = await caller(app, other)('GET', '/api/v1/backoffice/settings', { cookie: foreign });
    expect(otherRead.json<{ config: { documentTypes: unknown[] } }>().config.documentTypes).toEqual([]);
  });
});

describe('document types in the integration API and the customer list', () => {
  it('takes known types of the right kind, mails on `notify`, labels and filters for customers, and keeps types in use', async () => {
    const tenant = await tenantWith(database, { modules: ['invoices'] });
    const other = await tenantWith(database, { modules: ['invoices'] });
    const admin = await signInStaff(app, tenant, await createStaff(database, tenant, 'admin'), now);
    expect((await settingsPatch(tenant, admin, { documentTypes: TYPES })).statusCode).toBe(200);
    const token = await tokenFor(tenant, ['billing:write']);
    const otherToken = await tokenFor(other, ['customers:write', 'billing:write']);
    const customer = await signedInCustomer(database, caller(app, tenant), tenant, 9_100, 'Mahnung im Briefkasten 7');
    const doc = (externalId: string, overrides: Record<string, unknown> = {}) => ({
      externalId,
      customerNumber: customer.customerNumber,
      kind: 'notice',
      title: 'Zahlungserinnerung Oktober',
      fileName: 'Zahlungserinnerung.pdf',
      contentBase64: PDF,
      ...overrides,
    });

    // Unknown type and a type of another kind: positioned errors, nothing written.
    const refused = await put(tenant, token, 'documents', [
      doc('DOC-T-1', { type: 'mahnung' }),
      doc('DOC-T-2', { type: 'kuendigung' }),
      doc('DOC-T-3', { type: 'abschlagsplan' }),
    ]);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json<Errors>().errors.map((e) => [e.index, e.field, e.code])).toEqual([
      [1, 'type', 'unknown_document_type'],
      [2, 'type', 'document_type_kind'],
    ]);
    expect(refused.json<Errors>().errors[0]?.message).toContain('nicht angelegt');
    expect((await put(tenant, token, 'documents', [doc('DOC-T-4', { type: 'Mahnung!' })])).statusCode).toBe(422);
    const invoice = {
      invoiceNumber: 'R-T-1',
      customerNumber: customer.customerNumber,
      kind: 'annual',
      invoiceDate: '2026-01-20',
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      netCents: 1000,
      vatCents: 190,
      grossCents: 1190,
      balanceCents: 190,
      dueDate: '2026-02-05',
      document: { externalId: 'DOC-R-T-1', type: 'mahnung', title: 'Jahresabrechnung 2025', fileName: 'Rechnung.pdf', contentBase64: PDF },
    };
    const wrongInvoice = await put(tenant, token, 'invoices', [invoice]);
    expect(wrongInvoice.json<Errors>().errors.map((e) => [e.index, e.field, e.code])).toEqual([[0, 'document.type', 'document_type_kind']]);
    // Another tenant does not have this tenant's types.
    expect((await put(other, otherToken, 'customers', [{ customerNumber: '48000001', kind: 'person', firstName: 'Ida', lastName: 'Iske', street: 'Weg', houseNumber: '1', postalCode: '12345', city: 'Ort', country: 'DE' }])).statusCode).toBe(200);
    const foreign = await put(other, otherToken, 'documents', [doc('DOC-O-1', { type: 'mahnung', customerNumber: '48000001' })]);
    expect(foreign.json<Errors>().errors.map((e) => e.code)).toEqual(['unknown_document_type']);
    const mailsBefore = (await mailsTo(database, tenant, customer.email)).length;

    // Accepted: a reminder (mailed), a plan letter (no mail), an invoice of its type, and a plain letter.
    const accepted = await put(tenant, token, 'documents', [
      doc('DOC-T-1', { type: 'mahnung' }),
      doc('DOC-T-5', { type: 'abschlagsplan', kind: 'letter', title: 'Abschlagsplan 2026', createdAt: '2026-01-02T08:00:00Z' }),
      doc('DOC-T-6', { kind: 'letter', title: 'Brief ohne Art', createdAt: '2026-01-01T08:00:00Z' }),
    ]);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await put(tenant, token, 'invoices', [{ ...invoice, document: { ...invoice.document, type: 'jahresabrechnung' } }])).statusCode).toBe(200);
    const mails = await mailsTo(database, tenant, customer.email);
    expect(mails.length - mailsBefore).toBe(1);
    expect(mails[0]?.subject).toContain('Neues Dokument im Kundenportal: Zahlungserinnerung');
    expect(mails[0]?.text).toContain('Zahlungserinnerung Oktober');
    // The same batch again changes nothing and mails nobody.
    expect((await put(tenant, token, 'documents', [doc('DOC-T-1', { type: 'mahnung' })])).json()).toMatchObject({ unchanged: 1 });
    expect((await mailsTo(database, tenant, customer.email)).length).toBe(mails.length);

    const call = caller(app, tenant);
    const list = async (query = '') => {
      const res = await call('GET', `/api/v1/customer/documents${query}`, { cookie: customer.cookie });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<TDocumentList>();
    };
    const all = await list();
    expect(all.types).toEqual([
      { code: 'mahnung', label: { de: 'Zahlungserinnerung', en: 'Payment reminder' } },
      { code: 'abschlagsplan', label: { de: 'Abschlagsplan' } },
      { code: 'jahresabrechnung', label: { de: 'Jahresabrechnung', en: 'Annual bill' } },
    ]);
    expect(all.documents.find((d) => d.title === 'Brief ohne Art')?.type).toBeNull();
    const reminders = await list('?type=mahnung');
    expect(reminders.documents.map((d) => [d.title, d.type?.label.de])).toEqual([['Zahlungserinnerung Oktober', 'Zahlungserinnerung']]);
    expect(reminders.total).toBe(4);
    expect((await list('?type=abschlagsplan&kind=notice')).documents).toEqual([]);
    expect((await list('?type=kuendigung')).documents).toEqual([]);
    expect((await call('GET', '/api/v1/customer/documents?type=Bad!', { cookie: customer.cookie })).statusCode).toBe(400);

    // Types in use cannot be deleted; an unused one can; the reminder's type stays on the document.
    const unused = { code: 'vertragsbestaetigung', label: { de: 'Vertragsbestätigung' }, kind: 'contract', notify: false };
    expect((await settingsPatch(tenant, admin, { documentTypes: [...TYPES, unused] })).statusCode).toBe(200);
    const inUse = await settingsPatch(tenant, admin, { documentTypes: [TYPES[1], unused] });
    expect(inUse.statusCode).toBe(400);
    expect(inUse.json<Fields>().errors).toEqual([
      { field: 'documentTypes', message: 'Die Dokumentart „jahresabrechnung“ kann nicht gelöscht werden: 1 Dokument verwendet sie.' },
      { field: 'documentTypes', message: 'Die Dokumentart „mahnung“ kann nicht gelöscht werden: 1 Dokument verwendet sie.' },
    ]);
    const removed = await settingsPatch(tenant, admin, { documentTypes: TYPES });
    expect(removed.statusCode, removed.body).toBe(200);
    // A document can lose its type (null), after which the type may go.
    expect((await put(tenant, token, 'documents', [doc('DOC-T-5', { type: null, kind: 'letter', title: 'Abschlagsplan 2026', createdAt: '2026-01-02T08:00:00Z' })])).json()).toMatchObject({ updated: 1 });
    expect((await settingsPatch(tenant, admin, { documentTypes: [TYPES[0], TYPES[2]] })).statusCode).toBe(200);
    expect((await list()).types.map((t) => t.code)).toEqual(['mahnung', 'jahresabrechnung']);
  });
});
