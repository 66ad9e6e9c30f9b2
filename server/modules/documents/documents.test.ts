// Invoices and documents: the list (newest first, invoice facts, filters, unread count), the
// new-documents notice, the download (headers, PDF text, marks read once, audited), another
// account's and another tenant's ids (404), the module gate, expired sessions and bad input.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDocumentList, TNewDocuments } from '../../../api/documents.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp } from '../../../test/factories.ts';
import { caller, signedInCustomer } from '../../../test/http.ts';
import { pdfText } from '../../../test/pdf.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { addDocument, addInvoice, tenantWith } from './documents.fixtures.ts';
import { newDocuments } from './documents.service.ts';
import { renderInvoicePdf, type InvoicePdfData } from './invoice-pdf.ts';

let database: Database;
let app: FastifyInstance;
let clock = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'Rechnung im Briefkasten 4';
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database, { extra: { clock: () => clock } });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function customerOf(tenant: Tenant) {
  seq += 1;
  return signedInCustomer(database, caller(app, tenant), tenant, seq, PASSWORD);
}

async function list(tenant: Tenant, cookie: string, query = ''): Promise<TDocumentList> {
  const res = await caller(app, tenant)('GET', `/api/v1/customer/documents${query}`, { cookie });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json();
}

function invoiceData(number: string, grossCents: number): InvoicePdfData {
  return {
    letterhead: {
      legalName: 'Stadtwerke Teststadt GmbH',
      displayName: 'Stadtwerke Teststadt',
      tagline: 'Strom und Gas',
      street: 'Marktplatz 1',
      postalCode: '12345',
      city: 'Teststadt',
      phone: '01234 5678-0',
      email: 'service@example.org',
      hours: 'Mo–Fr 8–16 Uhr',
      primaryColor: '#0b5394',
      footerColumns: [['Stadtwerke Teststadt GmbH']],
    },
    recipient: ['Erika Mustermann', 'Hauptstraße 5', '12345 Teststadt'],
    title: 'Jahresabrechnung 2025',
    customerNumber: '43000001',
    invoiceNumber: number,
    invoiceDate: '2026-01-12',
    periodStart: '2025-01-01',
    periodEnd: '2025-12-31',
    dueDate: '2026-01-26',
    salutation: 'Sehr geehrte Frau Mustermann,',
    intro: 'hiermit erhalten Sie Ihre Jahresabrechnung.',
    sections: [],
    vat: [{ percent: 19, netCents: Math.round(grossCents / 1.19), vatCents: grossCents - Math.round(grossCents / 1.19) }],
    netCents: Math.round(grossCents / 1.19),
    vatCents: grossCents - Math.round(grossCents / 1.19),
    grossCents,
    instalmentLabel: 'Abschläge',
    instalmentsPaidCents: 0,
    balanceCents: grossCents,
    paymentNote: 'Bitte überweisen Sie den Betrag bis zum 26.01.2026.',
    nextInstalments: [],
    closing: ['Mit freundlichen Grüßen'],
  };
}

describe('the document list', () => {
  it('lists documents newest first with invoice facts, unread count, years and kinds, and filters by kind and year', async () => {
    const tenant = await tenantWith(database, { modules: ['invoices'] });
    const c = await customerOf(tenant);
    const letter = await addDocument(database, tenant, c.customerId, { kind: 'letter', title: 'Preisanpassung zum 01.01.2026', createdAt: new Date('2025-11-14T07:00:00Z'), readAt: new Date('2025-11-16T18:00:00Z') });
    const pdf = await addDocument(database, tenant, c.customerId, { kind: 'invoice', title: 'Jahresabrechnung 2025', fileName: 'Jahresabrechnung-2025-R2026001234.pdf', createdAt: new Date('2026-01-12T06:00:00Z') });
    await addInvoice(database, tenant, c.customerId, { number: 'R2026001234', invoiceDate: '2026-01-12', periodStart: '2025-01-01', periodEnd: '2025-12-31', grossCents: 1_234_56, paidCents: 1_100_00, dueDate: '2026-01-26', documentId: pdf });
    // Created late on 31 December in UTC: already 1 January in Berlin.
    const contract = await addDocument(database, tenant, c.customerId, { kind: 'contract', title: 'Vertragsbestätigung Strom', createdAt: new Date('2025-12-31T23:30:00Z') });

    const all = await list(tenant, c.cookie);
    expect(all.documents.map((d) => d.id)).toEqual([pdf, contract, letter]);
    expect(all).toMatchObject({ total: 3, unreadCount: 2, years: [2026, 2025], kinds: ['invoice', 'contract', 'letter'], types: [] });
    expect(all.documents[0]).toEqual({
      id: pdf,
      kind: 'invoice',
      title: 'Jahresabrechnung 2025',
      fileName: 'Jahresabrechnung-2025-R2026001234.pdf',
      contentType: 'application/pdf',
      sizeBytes: expect.any(Number),
      date: '2026-01-12',
      readAt: null,
      invoice: { number: 'R2026001234', kind: 'annual', periodStart: '2025-01-01', periodEnd: '2025-12-31', grossCents: 1_234_56, balanceCents: 134_56, dueDate: '2026-01-26' },
      type: null,
      downloadPath: `/api/v1/customer/documents/${pdf}/file`,
    });
    expect(all.documents[1]).toMatchObject({ date: '2026-01-01', invoice: null, readAt: null });
    expect(all.documents[2]).toMatchObject({ date: '2025-11-14', readAt: '2025-11-16T18:00:00.000Z' });

    expect((await list(tenant, c.cookie, '?kind=invoice')).documents.map((d) => d.id)).toEqual([pdf]);
    const of2025 = await list(tenant, c.cookie, '?year=2025');
    expect(of2025.documents.map((d) => d.id)).toEqual([letter]);
    // Counts and choices describe the whole account, not the filtered list.
    expect(of2025).toMatchObject({ total: 3, unreadCount: 2, years: [2026, 2025] });
    expect((await list(tenant, c.cookie, '?kind=notice&year=2026')).documents).toEqual([]);
  });

  it('refuses bad filters and unknown parameters with a translated error', async () => {
    const tenant = await tenantWith(database, { modules: ['invoices'] });
    const c = await customerOf(tenant);
    const call = caller(app, tenant);
    for (const query of ['?kind=rechnung', '?year=zwanzig', '?year=20261', '?sort=asc']) {
      const res = await call('GET', `/api/v1/customer/documents${query}`, { cookie: c.cookie });
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', title: 'Bitte prüfen Sie Ihre Eingaben.' });
    }
    expect((await call('GET', '/api/v1/customer/documents/not-a-uuid/file', { cookie: c.cookie })).statusCode).toBe(400);
  });

  it('gives the start page the number of new documents and the newest of them', async () => {
    const tenant = await tenantWith(database, { modules: ['invoices'] });
    const c = await customerOf(tenant);
    const call = caller(app, tenant);
    const empty = await call('GET', '/api/v1/customer/documents/new', { cookie: c.cookie });
    expect(empty.json()).toEqual({ unreadCount: 0, documents: [] });
    const ids: string[] = [];
    for (let month = 1; month <= 5; month++) {
      ids.push(await addDocument(database, tenant, c.customerId, { title: `Schreiben ${String(month)}`, createdAt: new Date(Date.UTC(2026, month, 3)) }));
    }
    await addDocument(database, tenant, c.customerId, { title: 'Gelesen', createdAt: new Date('2026-09-01T00:00:00Z'), readAt: new Date('2026-09-02T00:00:00Z') });
    const res = await call('GET', '/api/v1/customer/documents/new?limit=2', { cookie: c.cookie });
    expect(res.statusCode).toBe(200);
    const body = res.json<TNewDocuments>();
    expect(body.unreadCount).toBe(5);
    expect(body.documents.map((d) => d.title)).toEqual(['Schreiben 5', 'Schreiben 4']);
    expect((await call('GET', '/api/v1/customer/documents/new?limit=0', { cookie: c.cookie })).statusCode).toBe(400);
    // The same for the overview, inside its own transaction.
    const direct = await withTenant(database, tenant.id, (trx) => newDocuments(trx, tenant.id, c.customerId, tenant.config.timeZone));
    expect(direct.unreadCount).toBe(5);
    expect(direct.documents.map((d) => d.id)).toEqual([ids[4], ids[3], ids[2]]);
  });
});

describe('downloading a document', () => {
  it('sends the PDF with a good file name and no-store, marks it read once and audits every download', async () => {
    const tenant = await tenantWith(database, { modules: ['invoices'] });
    const c = await customerOf(tenant);
    const pdf = await renderInvoicePdf(invoiceData('R2026004711', 1_234_56));
    const id = await addDocument(database, tenant, c.customerId, { kind: 'invoice', title: 'Jahresabrechnung 2025', fileName: 'Jahresabrechnung-2025-R2026004711.pdf', content: pdf, createdAt: new Date('2026-01-12T06:00:00Z') });
    await addInvoice(database, tenant, c.customerId, { number: 'R2026004711', invoiceDate: '2026-01-12', periodStart: '2025-01-01', periodEnd: '2025-12-31', grossCents: 1_234_56, dueDate: '2026-01-26', documentId: id });
    const call = caller(app, tenant);

    clock = new Date('2026-11-22T10:00:00Z');
    const res = await call('GET', `/api/v1/customer/documents/${id}/file`, { cookie: c.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Jahresabrechnung-2025-R2026004711.pdf"; filename*=UTF-8''Jahresabrechnung-2025-R2026004711.pdf`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res.rawPayload.equals(pdf)).toBe(true);
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('R2026004711');
    expect(text).toContain('1.234,56 €');
    expect(text).toContain('Jahresabrechnung 2025');

    const after = await list(tenant, c.cookie);
    expect(after.unreadCount).toBe(0);
    expect(after.documents[0]!.readAt).toBe('2026-11-22T10:00:00.000Z');

    // A second download keeps the first read time, and is audited as well.
    clock = new Date('2026-11-22T10:05:00Z');
    expect((await call('GET', `/api/v1/customer/documents/${id}/file`, { cookie: c.cookie })).statusCode).toBe(200);
    expect((await list(tenant, c.cookie)).documents[0]!.readAt).toBe('2026-11-22T10:00:00.000Z');
    const audit = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('audit_log').select(['action', 'actor_type', 'target_id', 'details']).where('action', '=', 'document.downloaded').orderBy('id').execute(),
    );
    expect(audit).toEqual([
      { action: 'document.downloaded', actor_type: 'customer', target_id: id, details: { customerId: c.customerId, kind: 'invoice', firstRead: true } },
      { action: 'document.downloaded', actor_type: 'customer', target_id: id, details: { customerId: c.customerId, kind: 'invoice', firstRead: false } },
    ]);
    clock = new Date('2026-11-22T10:00:00Z');
  });

  it("answers 404 for another account's, another tenant's and unknown document ids and changes nothing", async () => {
    const tenant = await tenantWith(database, { modules: ['invoices'] });
    const other = await tenantWith(database, { modules: ['invoices'] });
    const a = await customerOf(tenant);
    const b = await customerOf(tenant);
    const elsewhere = await customerOf(other);
    const ofB = await addDocument(database, tenant, b.customerId, { title: 'Brief an B', createdAt: new Date('2026-03-01T00:00:00Z') });
    const ofOther = await addDocument(database, other, elsewhere.customerId, { title: 'Brief anderswo', createdAt: new Date('2026-03-01T00:00:00Z') });
    const call = caller(app, tenant);
    for (const id of [ofB, ofOther, '00000000-0000-4000-8000-000000000000']) {
      const res = await call('GET', `/api/v1/customer/documents/${id}/file`, { cookie: a.cookie });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
    expect((await list(tenant, a.cookie)).documents).toEqual([]);
    expect((await list(tenant, b.cookie)).unreadCount).toBe(1);
    expect((await list(other, elsewhere.cookie)).unreadCount).toBe(1);
  });

  it('refuses without a session, after the idle timeout and when the utility does not offer invoices', async () => {
    const tenant = await tenantWith(database, { modules: ['invoices'] });
    const without = await tenantWith(database, { modules: ['contracts'] });
    const c = await customerOf(tenant);
    const id = await addDocument(database, tenant, c.customerId, { title: 'Brief', createdAt: new Date('2026-03-01T00:00:00Z') });
    const call = caller(app, tenant);
    expect((await call('GET', `/api/v1/customer/documents/${id}/file`)).json()).toMatchObject({ code: 'unauthenticated' });

    const d = await customerOf(without);
    for (const url of ['/api/v1/customer/documents', '/api/v1/customer/documents/new', `/api/v1/customer/documents/${id}/file`]) {
      const res = await caller(app, without)('GET', url, { cookie: d.cookie });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ code: 'module_disabled' });
    }

    clock = new Date(clock.getTime() + 16 * 60_000);
    const expired = await call('GET', `/api/v1/customer/documents/${id}/file`, { cookie: c.cookie });
    clock = new Date('2026-11-22T10:00:00Z');
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'session_expired' });
    expect(await withTenant(database, tenant.id, (trx) => trx.selectFrom('documents').select('read_at').where('id', '=', id).executeTakeFirstOrThrow())).toEqual({ read_at: null });
  });
});
