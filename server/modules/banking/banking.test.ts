// Bank details and SEPA mandates through HTTP: the overview per consumption point, changes (direct
// debit and transfer) with step-up, request, sealed IBAN, mails, audit and PDF; bad input, double
// submits, another account's and another tenant's ids (SEC-16), unknown fields (SEC-17), the module gate.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBankChangeResult, TBankingOverview } from '../../../api/banking.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, hostOf, mailsTo, TEST_SECRETS_KEY, tenantFile } from '../../../test/factories.ts';
import { caller, sessionCookieOf, signedInCustomer as signedInCustomerVia, type Call } from '../../../test/http.ts';
import { pdfText } from '../../../test/pdf.ts';
import { addSupply } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { unseal } from '../identity/secret-box.ts';
import { changeStatus } from '../requests/requests.service.ts';
import { getTenantBySlug, upsertTenantFromFile, type Tenant } from '../tenants/tenants.service.ts';
import { ibanSealPurpose } from './bank-account.ts';
import { MANDATE_TEXT_VERSION } from './mandate.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let plain: Tenant;
// The server's clock: tests move it to let the password confirmation of the sign-in grow old.
let now = new Date('2026-05-04T08:00:00Z');
const TODAY = '2026-05-04';
const PASSWORD = 'Leuchtturm im Nebel 7';
const IBAN = 'DE89370400440532013000';
let n = 0;
let call: Call;

async function bankingTenant(): Promise<Tenant> {
  const file = tenantFile();
  await upsertTenantFromFile(
    database.db,
    { ...file, config: { ...file.config, modules: [...file.config.modules, 'banking', 'requests'], sepa: { creditorId: 'DE98ZZZ09999999999' } } },
    process.cwd(),
  );
  const created = await getTenantBySlug(database.db, file.slug);
  if (!created) throw new Error('tenant not created');
  return created;
}

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await bankingTenant();
  other = await bankingTenant();
  plain = await createTenant(database);
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

async function overview(cookie: string, locale = 'de', on: Tenant = tenant): Promise<TBankingOverview> {
  const res = await caller(app, on)('GET', '/api/v1/customer/banking', { cookie, locale });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

function directDebit(view: TBankingOverview, overrides: Record<string, unknown> = {}) {
  return {
    paymentMethod: 'direct_debit',
    iban: 'de89 3704 0044 0532 0130 00',
    holder: 'Erika  Mustermann',
    validFrom: TODAY,
    allPremises: true,
    premiseIds: [],
    mandateConsent: true,
    mandateTextVersion: view.mandateText.version,
    mandateReference: view.nextMandateReference,
    ...overrides,
  };
}

async function counts(on: Tenant = tenant): Promise<{ accounts: number; requests: number; links: number }> {
  return withTenant(database, on.id, async (trx) => ({
    accounts: (await trx.selectFrom('bank_accounts').select('id').execute()).length,
    requests: (await trx.selectFrom('customer_requests').select('id').execute()).length,
    links: (await trx.selectFrom('bank_account_premises').select('premise_id').execute()).length,
  }));
}

function fieldMessages(body: string): Record<string, string> {
  const problem = JSON.parse(body) as { errors?: Array<{ field: string; message: string }> };
  return Object.fromEntries((problem.errors ?? []).map((f) => [f.field, f.message]));
}

describe('the overview', () => {
  it('shows each consumption point without bank details as payment by transfer, the creditor, the next mandate reference and the mandate text', async () => {
    const c = await customer();
    const view = await overview(c.cookie);
    expect(view.creditor).toEqual({ name: tenant.config.legalName, street: 'Marktplatz 1', postalCode: '12345', city: 'Teststadt', creditorId: 'DE98ZZZ09999999999' });
    expect(view.customer).toEqual({ customerNumber: c.customerNumber, name: 'Erika Mustermann', address: 'Hauptstraße 5, 12345 Teststadt' });
    expect(view.premises).toHaveLength(1);
    expect(view.premises[0]).toMatchObject({ address: 'Hauptstraße 5, 12345 Teststadt', current: null, upcoming: null });
    expect(view.arrangements).toEqual([]);
    expect(view.nextMandateReference).toBe(`${c.customerNumber}-M01`);
    expect(view.today).toBe(TODAY);
    expect(view.latestValidFrom).toBe('2027-05-04');
    expect(view.mandateText.version).toBe(MANDATE_TEXT_VERSION);
    const text = view.mandateText.paragraphs.join(' ');
    expect(text).toContain(`Ich ermächtige den Zahlungsempfänger ${tenant.config.legalName}`);
    expect(text).toContain('innerhalb von acht Wochen, beginnend mit dem Belastungsdatum');
    expect(text).toContain('spätestens 14 Tage vorher');
    const english = await overview(c.cookie, 'en');
    expect(english.mandateText.title).toBe('SEPA direct debit mandate');
    expect(english.mandateText.paragraphs.join(' ')).toContain('within eight weeks');
  });

  it('answers 401 without a session and after the idle timeout, and 404 module_disabled where the utility does not offer it', async () => {
    expect((await call('GET', '/api/v1/customer/banking')).statusCode).toBe(401);
    const c = await customer();
    const saved = now;
    now = new Date(now.getTime() + 16 * 60_000);
    try {
      const expired = await call('GET', '/api/v1/customer/banking', { cookie: c.cookie });
      expect(expired.statusCode).toBe(401);
      expect(expired.json<{ code: string }>().code).toBe('session_expired');
    } finally {
      now = saved;
    }
    const p = await customer(plain);
    const disabled = await caller(app, plain)('GET', '/api/v1/customer/banking', { cookie: p.cookie });
    expect(disabled.statusCode).toBe(404);
    expect(disabled.json<{ code: string; title: string }>()).toMatchObject({ code: 'module_disabled', title: 'Diesen Bereich bietet Ihr Versorger im Kundenportal nicht an.' });
    const post = await caller(app, plain)('POST', '/api/v1/customer/banking/changes', { cookie: p.cookie, body: { paymentMethod: 'transfer', validFrom: TODAY, allPremises: true } });
    expect(post.statusCode).toBe(404);
  });
});

describe('a new direct debit mandate', () => {
  it('creates a request with the mandate PDF and a pending arrangement; the IBAN is sealed and masked everywhere', async () => {
    const c = await customer();
    const view = await overview(c.cookie);
    const res = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view, { idempotencyKey: 'bank-change-000000000001' }) });
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json<TBankChangeResult>();
    expect(result.request.reference).toMatch(/^A-2026-\d{6}$/);
    expect(result.arrangement).toMatchObject({
      paymentMethod: 'direct_debit',
      holder: 'Erika Mustermann',
      ibanMasked: 'DE89 **** **** **** **30 00',
      bic: 'COBADEFFXXX',
      validFrom: TODAY,
      mandateReference: `${c.customerNumber}-M01`,
      status: 'pending',
      allPremises: true,
      premiseIds: [],
      request: { id: result.request.id, reference: result.request.reference, status: 'received' },
    });

    // The page: the change waits for the utility; nothing applies yet.
    const after = await overview(c.cookie);
    expect(after.premises[0]?.current).toBeNull();
    expect(after.premises[0]?.upcoming?.id).toBe(result.arrangement.id);
    expect(after.nextMandateReference).toBe(`${c.customerNumber}-M02`);

    // Meine Anliegen: a request of kind 'bank' with the mandate PDF as attachment.
    const detail = await call('GET', `/api/v1/customer/requests/${result.request.id}`, { cookie: c.cookie });
    expect(detail.statusCode).toBe(200);
    const request = detail.json<{ kind: string; subject: string; status: string; attachments: Array<{ id: string; fileName: string; contentType: string }> }>();
    expect(request).toMatchObject({ kind: 'bank', subject: 'Neue Bankverbindung und SEPA-Lastschriftmandat', status: 'received' });
    expect(request.attachments).toEqual([expect.objectContaining({ fileName: `SEPA-Lastschriftmandat-${c.customerNumber}-M01.pdf`, contentType: 'application/pdf' })]);
    const attached = await call('GET', `/api/v1/customer/requests/${result.request.id}/attachments/${request.attachments[0]!.id}`, { cookie: c.cookie });
    expect(attached.statusCode).toBe(200);

    // The stored data: sealed IBAN (bound to tenant and customer), masked copy, consent record, no clear IBAN anywhere.
    const stored = await withTenant(database, tenant.id, async (trx) => ({
      account: await trx.selectFrom('bank_accounts').selectAll().where('id', '=', result.arrangement.id).executeTakeFirstOrThrow(),
      request: await trx.selectFrom('customer_requests').select(['payload', 'kind']).where('id', '=', result.request.id).executeTakeFirstOrThrow(),
      audit: await trx.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', result.arrangement.id).execute(),
    }));
    expect(stored.account.iban_sealed).not.toContain(IBAN);
    expect(unseal(Buffer.from(TEST_SECRETS_KEY, 'base64'), stored.account.iban_sealed!, ibanSealPurpose(tenant.id, c.customerId))).toBe(IBAN);
    expect(() => unseal(Buffer.from(TEST_SECRETS_KEY, 'base64'), stored.account.iban_sealed!, ibanSealPurpose(other.id, c.customerId))).toThrow();
    expect(stored.account).toMatchObject({
      iban_masked: 'DE89 **** **** **** **30 00',
      iban_last4: '3000',
      iban_country: 'DE',
      creditor_id: 'DE98ZZZ09999999999',
      consent_text_version: MANDATE_TEXT_VERSION,
      consent_locale: 'de',
      consent_channel: 'portal',
      status: 'pending',
    });
    expect(stored.account.consented_at?.toISOString()).toBe(now.toISOString());
    expect(stored.account.consent_text).toContain('Gläubiger-Identifikationsnummer: DE98ZZZ09999999999');
    expect(stored.account.consent_text).toContain(`Mandatsreferenz: ${c.customerNumber}-M01`);
    expect(stored.account.consent_text).toContain('acht Wochen');
    expect(stored.account.consent_text).not.toContain(IBAN);
    expect(JSON.stringify(stored.request.payload)).not.toContain(IBAN);
    expect(stored.request.payload).toMatchObject({ ibanMasked: 'DE89 **** **** **** **30 00', mandateReference: `${c.customerNumber}-M01` });
    expect(stored.audit).toEqual([{ action: 'bank_details.change_requested', details: expect.objectContaining({ ibanLast4: '3000', paymentMethod: 'direct_debit' }) }]);
    expect(JSON.stringify(stored.audit)).not.toContain(IBAN);

    // Mails: the confirmation with the reference and the masked IBAN, and the security notice (not
    // also the generic receipt of the request); never the IBAN.
    const mails = await mailsTo(database, tenant, c.email);
    const subjects = mails.map((m) => m.subject).filter((subject) => !subject.startsWith('Bitte bestätigen Sie Ihre E-Mail-Adresse'));
    expect(subjects.sort()).toEqual([`Ihre neue Bankverbindung ist bei uns eingegangen – ${tenant.config.displayName}`, 'Ihre Bankverbindung wurde geändert – waren Sie das nicht?'].sort());
    const confirmation = mails.find((m) => m.subject.startsWith('Ihre neue Bankverbindung'))!;
    expect(confirmation.text).toContain('IBAN: DE89 **** **** **** **30 00');
    expect(confirmation.text).toContain(`Mandatsreferenz: ${c.customerNumber}-M01`);
    expect(confirmation.text).toContain('Gläubiger-ID: DE98ZZZ09999999999');
    expect(confirmation.text).toContain('/bankverbindung');
    expect(confirmation.text).toContain(result.request.reference);
    const notice = mails.find((m) => m.subject.startsWith('Ihre Bankverbindung wurde geändert'))!;
    expect(notice.text).toContain(`Kundenkonto ${c.customerNumber}`);
    expect(notice.text).not.toContain('DE89');
    for (const mail of mails) expect(mail.text.replace(/\s/g, '')).not.toContain(IBAN);
  });

  it('renders the mandate as a PDF: payee, creditor id, reference, holder, masked IBAN, 8-week refund note, pre-notification', async () => {
    const c = await customer();
    const view = await overview(c.cookie);
    const result = (await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view, { validFrom: '2026-06-01' }) })).json<TBankChangeResult>();
    const res = await call('GET', `/api/v1/customer/banking/arrangements/${result.arrangement.id}/mandate.pdf`, { cookie: c.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`SEPA-Lastschriftmandat-${c.customerNumber}-M01.pdf`);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    for (const expected of [
      'SEPA-Lastschriftmandat',
      tenant.config.legalName,
      'DE98ZZZ09999999999',
      `${c.customerNumber}-M01`,
      'Erika Mustermann',
      'DE89 **** **** **** **30 00',
      'COBADEFFXXX',
      '01.06.2026',
      'Wiederkehrende Zahlungen',
      'alle Verbrauchsstellen des Kundenkontos',
      'innerhalb von acht Wochen',
      'spätestens 14 Tage vorher',
      'elektronisch im Kundenportal am 04.05.2026, 10:00 Uhr',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text.replace(/\s/g, '')).not.toContain(IBAN);
  });

  it('needs a recent password confirmation (403 step_up_required, nothing stored), then works', async () => {
    const c = await customer();
    const view = await overview(c.cookie);
    const before = await counts();
    const saved = now;
    now = new Date(now.getTime() + 6 * 60_000);
    try {
      const refused = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view) });
      expect(refused.statusCode).toBe(403);
      expect(refused.json<{ code: string; title: string }>()).toMatchObject({ code: 'step_up_required', title: 'Bitte bestätigen Sie diese Änderung mit Ihrem Passwort.' });
      expect(await counts()).toEqual(before);
      const reauth = await call('POST', '/api/v1/auth/reauth', { cookie: c.cookie, body: { password: PASSWORD } });
      expect(reauth.statusCode, reauth.body).toBe(204);
      const cookie = sessionCookieOf(reauth);
      const ok = await call('POST', '/api/v1/customer/banking/changes', { cookie, body: directDebit(view) });
      expect(ok.statusCode, ok.body).toBe(201);
    } finally {
      now = saved;
    }
  });

  it('asks for the password again after the dev helper aged the confirmation (browser tests), never in production', async () => {
    const c = await customer();
    const view = await overview(c.cookie);
    expect((await call('POST', '/dev/session/age-password-confirmation')).statusCode).toBe(401);
    expect((await call('POST', '/dev/session/age-password-confirmation', { cookie: c.cookie })).statusCode).toBe(204);
    const refused = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view) });
    expect(refused.json<{ code: string }>().code).toBe('step_up_required');
    const production = await buildTestApp(database, { env: { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525', BASE_DOMAIN: 'portal.example' } });
    try {
      const res = await production.inject({ method: 'POST', url: '/dev/session/age-password-confirmation', headers: { host: `${tenant.slug}.portal.example`, cookie: c.cookie } });
      expect(res.statusCode).toBe(404);
    } finally {
      await production.close();
    }
  });

  it('makes one change for a double submit with the same idempotency key', async () => {
    const c = await customer();
    const view = await overview(c.cookie);
    const before = await counts();
    const body = directDebit(view, { idempotencyKey: 'double-submit-key-0000000001' });
    const [first, second] = await Promise.all([
      call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body }),
      call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body }),
    ]);
    expect([first.statusCode, second.statusCode].sort(), `${first.body} ${second.body}`).toEqual([200, 201]);
    expect(first.json<TBankChangeResult>().arrangement.id).toBe(second.json<TBankChangeResult>().arrangement.id);
    const third = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body });
    expect(third.statusCode).toBe(200);
    expect(await counts()).toEqual({ ...before, accounts: before.accounts + 1, requests: before.requests + 1 });
    const mails = await mailsTo(database, tenant, c.email);
    expect(mails.filter((m) => m.subject.startsWith('Ihre neue Bankverbindung'))).toHaveLength(1);
    expect(mails.filter((m) => m.subject.startsWith('Ihre Bankverbindung wurde geändert'))).toHaveLength(1);
  });

  it('numbers the mandates of an account (…-M01, …-M02) and refuses a stale reference or mandate text with 409', async () => {
    const c = await customer();
    const view = await overview(c.cookie);
    expect((await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view) })).statusCode).toBe(201);
    const before = await counts();
    const stale = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ detail: string }>().detail).toContain('hat sich die Mandatsreferenz geändert');
    const oldText = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view, { mandateTextVersion: 'sepa-core-2020-01' }), locale: 'en' });
    expect(oldText.statusCode).toBe(409);
    expect(oldText.json<{ detail: string }>().detail).toContain('The text of the direct debit mandate has changed');
    expect(await counts()).toEqual(before);
    const fresh = await overview(c.cookie);
    const second = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(fresh, { iban: 'NL91ABNA0417164300' }) });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json<TBankChangeResult>().arrangement).toMatchObject({ mandateReference: `${c.customerNumber}-M02`, ibanMasked: 'NL91 **** **** **43 00', bic: 'ABNANL2A' });
  });
});

describe('bad input', () => {
  const ibanCases: Array<[string, string, string]> = [
    ['DE88370400440532013000', 'de', 'Die Prüfziffer der IBAN stimmt nicht. Bitte vergleichen Sie die IBAN Zeichen für Zeichen mit Ihrer Bankkarte oder Ihrem Kontoauszug.'],
    ['DE8937040044053201300', 'de', 'Eine IBAN aus Deutschland hat 22 Stellen; Sie haben 21 eingegeben.'],
    ['AT61190430023457320', 'de', 'Eine IBAN aus Österreich hat 20 Stellen; Sie haben 19 eingegeben.'],
    ['XX89370400440532013000', 'de', '„XX“ ist kein Ländercode, für den es IBANs gibt. Eine IBAN beginnt mit dem Ländercode, z. B. DE oder AT.'],
    ['BR1800360305000010009795493C1', 'de', 'Konten in Brasilien (BR) gehören nicht zum SEPA-Raum; davon können wir nicht abbuchen. Bitte geben Sie ein Konto in einem SEPA-Land an.'],
    ['DE89-3704.0044', 'de', 'Die IBAN besteht nur aus Buchstaben und Ziffern (Leerzeichen dürfen Sie mit eingeben).'],
    ['', 'de', 'Bitte geben Sie Ihre IBAN ein.'],
    ['DE88370400440532013000', 'en', "The IBAN's check digits do not match. Please compare the IBAN character by character with your bank card or statement."],
    ['DE8937040044053201300', 'en', 'An IBAN from Germany has 22 characters; you entered 21.'],
  ];

  it.each(ibanCases)('refuses the IBAN %j with a message that says what to fix (%s)', async (iban, locale, message) => {
    const c = await customer();
    const view = await overview(c.cookie);
    const before = await counts();
    const res = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view, { iban }), locale });
    expect(res.statusCode).toBe(400);
    expect(fieldMessages(res.body).iban).toBe(message);
    expect(await counts()).toEqual(before);
  });

  it('accepts the IBAN test vectors of DE, AT and NL', async () => {
    for (const [iban, masked] of [
      ['DE89370400440532013000', 'DE89 **** **** **** **30 00'],
      ['AT611904300234573201', 'AT61 **** **** **** 3201'],
      ['NL91ABNA0417164300', 'NL91 **** **** **43 00'],
    ] as const) {
      const c = await customer();
      const res = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(await overview(c.cookie), { iban }) });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<TBankChangeResult>().arrangement.ibanMasked).toBe(masked);
    }
  });

  it('names every missing or wrong field: holder, consent, date in the past, too far ahead or not a date, no consumption point chosen', async () => {
    const c = await customer();
    const view = await overview(c.cookie);
    const before = await counts();
    const missing = await call('POST', '/api/v1/customer/banking/changes', {
      cookie: c.cookie,
      body: directDebit(view, { holder: '   ', mandateConsent: false, validFrom: '2026-05-03', allPremises: false, premiseIds: [] }),
    });
    expect(missing.statusCode).toBe(400);
    expect(fieldMessages(missing.body)).toEqual({
      holder: 'Bitte geben Sie den Namen der Kontoinhaberin oder des Kontoinhabers ein.',
      mandateConsent: 'Bitte erteilen Sie das SEPA-Lastschriftmandat, indem Sie das Kästchen ankreuzen. Ohne Mandat können wir nicht von Ihrem Konto abbuchen.',
      validFrom: 'Die Änderung kann frühestens ab heute gelten (04.05.2026).',
      premiseIds: 'Bitte wählen Sie mindestens eine Verbrauchsstelle oder „alle Verbrauchsstellen“.',
    });
    const wrong = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view, { holder: 'x'.repeat(71), validFrom: '2027-05-05' }), locale: 'en' });
    expect(fieldMessages(wrong.body)).toEqual({
      holder: "The account holder's name may be at most 70 characters long.",
      validFrom: 'A change can be made at most one year ahead, that is up to 04/05/2027.',
    });
    const odd = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view, { holder: '<script>', validFrom: '2026-02-30' }) });
    expect(fieldMessages(odd.body)).toEqual({
      holder: "Bitte geben Sie den Namen nur mit Buchstaben, Ziffern, Leerzeichen und den Zeichen . , - ' & / + ( ) ein.",
      validFrom: 'Bitte geben Sie ein gültiges Datum ein, z. B. 01.03.2027.',
    });
    const empty = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: { paymentMethod: 'transfer', validFrom: '', allPremises: true } });
    expect(fieldMessages(empty.body)).toEqual({ validFrom: 'Bitte geben Sie an, ab wann die Änderung gelten soll.' });
    expect(await counts()).toEqual(before);
  });

  it('rejects unknown fields, wrong types and oversized bodies without changing anything', async () => {
    const c = await customer();
    const view = await overview(c.cookie);
    const before = await counts();
    const unknown = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: { ...directDebit(view), status: 'active' } });
    expect(unknown.statusCode).toBe(400);
    const proto = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: JSON.parse(`{"__proto__":{"status":"active"},${JSON.stringify(directDebit(view)).slice(1)}`) as unknown });
    expect(proto.statusCode).toBe(400);
    const wrongType = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view, { allPremises: 'yes', premiseIds: ['not-a-uuid'] }) });
    expect(wrongType.statusCode).toBe(400);
    const method = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view, { paymentMethod: 'cash' }) });
    expect(method.statusCode).toBe(400);
    const huge = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view, { holder: 'x'.repeat(2_000_000) }) });
    expect(huge.statusCode).toBe(413);
    expect(await counts()).toEqual(before);
  });
});

describe('consumption points and other accounts', () => {
  it('changes the account of one consumption point only; the others keep theirs; a later change for all supersedes it', async () => {
    const c = await customer();
    const second = await addSupply(database, tenant, c.customerId, { street: 'Gartenweg', houseNumber: '9', division: 'gas' });
    const view = await overview(c.cookie);
    const home = view.premises.find((p) => p.id !== second.premiseId)!;
    const all = (await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view) })).json<TBankChangeResult>();
    await withTenant(database, tenant.id, (trx) => changeStatus(trx, tenant, all.request.id, { status: 'done', actor: { type: 'staff', id: null }, now }));

    const afterAll = await overview(c.cookie);
    for (const premise of afterAll.premises) expect(premise.current?.id).toBe(all.arrangement.id);

    const garden = await call('POST', '/api/v1/customer/banking/changes', {
      cookie: c.cookie,
      body: directDebit(afterAll, { iban: 'AT611904300234573201', holder: 'Max Mustermann', allPremises: false, premiseIds: [second.premiseId, second.premiseId] }),
    });
    expect(garden.statusCode, garden.body).toBe(201);
    const gardenChange = garden.json<TBankChangeResult>();
    expect(gardenChange.arrangement).toMatchObject({ allPremises: false, premiseIds: [second.premiseId] });
    const detail = await call('GET', `/api/v1/customer/requests/${gardenChange.request.id}`, { cookie: c.cookie });
    expect(detail.json<{ premise: { address: string } | null }>().premise?.address).toBe('Gartenweg 9, 12345 Teststadt');
    await withTenant(database, tenant.id, (trx) => changeStatus(trx, tenant, gardenChange.request.id, { status: 'done', actor: { type: 'staff', id: null }, now }));

    const split = await overview(c.cookie);
    expect(split.premises.find((p) => p.id === home.id)?.current?.ibanMasked).toBe('DE89 **** **** **** **30 00');
    expect(split.premises.find((p) => p.id === second.premiseId)?.current).toMatchObject({ ibanMasked: 'AT61 **** **** **** 3201', holder: 'Max Mustermann', status: 'active' });

    // Payment by transfer for all points from a later date: upcoming everywhere, current unchanged until then.
    const transfer = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: { paymentMethod: 'transfer', validFrom: '2026-07-01', allPremises: true, idempotencyKey: 'transfer-change-0000000001' } });
    expect(transfer.statusCode, transfer.body).toBe(201);
    const t = transfer.json<TBankChangeResult>();
    expect(t.arrangement).toMatchObject({ paymentMethod: 'transfer', holder: null, ibanMasked: null, mandateReference: null, status: 'pending' });
    const later = await overview(c.cookie);
    for (const premise of later.premises) expect(premise.upcoming?.id).toBe(t.arrangement.id);
    expect(later.premises.find((p) => p.id === second.premiseId)?.current?.ibanMasked).toBe('AT61 **** **** **** 3201');
    expect((await call('GET', `/api/v1/customer/banking/arrangements/${t.arrangement.id}/mandate.pdf`, { cookie: c.cookie })).statusCode).toBe(404);
    const mails = await mailsTo(database, tenant, c.email);
    expect(mails.some((m) => m.subject.startsWith('Ihre Zahlungsweise: Änderung eingegangen') && m.text.includes('Zahlungsweise: Überweisung'))).toBe(true);

    // Refused by the utility: the change never takes effect.
    await withTenant(database, tenant.id, (trx) => changeStatus(trx, tenant, t.request.id, { status: 'rejected', reason: 'Bitte rufen Sie uns an.', actor: { type: 'staff', id: null }, now }));
    const refused = await overview(c.cookie);
    expect(refused.arrangements.find((a) => a.id === t.arrangement.id)?.status).toBe('revoked');
    for (const premise of refused.premises) expect(premise.upcoming).toBeNull();
  });

  it("answers 404 for another account's or another tenant's consumption points and mandates, and changes nothing", async () => {
    const c = await customer();
    const stranger = await customer();
    const foreign = await customer(other);
    const strangerView = await overview(stranger.cookie);
    const strangerChange = (await call('POST', '/api/v1/customer/banking/changes', { cookie: stranger.cookie, body: directDebit(strangerView) })).json<TBankChangeResult>();
    const foreignView = await overview(foreign.cookie, 'de', other);
    const view = await overview(c.cookie);
    const before = await counts();
    for (const premiseId of [strangerView.premises[0]!.id, foreignView.premises[0]!.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(view, { allPremises: false, premiseIds: [view.premises[0]!.id, premiseId] }) });
      expect(res.statusCode).toBe(404);
    }
    expect(await counts()).toEqual(before);
    expect((await call('GET', `/api/v1/customer/banking/arrangements/${strangerChange.arrangement.id}/mandate.pdf`, { cookie: c.cookie })).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/customer/banking/arrangements/00000000-0000-4000-8000-000000000000/mandate.pdf', { cookie: c.cookie })).statusCode).toBe(404);
    // A cookie of this tenant does not work on the other tenant's host.
    expect((await call('GET', '/api/v1/customer/banking', { cookie: c.cookie, host: hostOf(other) })).statusCode).toBe(401);
  });

  it('sends the security notice to every login of the customer account, in its language', async () => {
    const c = await customer();
    const partner = await customer();
    await withTenant(database, tenant.id, async (trx) => {
      const login = await trx.selectFrom('logins').select('id').where('email', '=', partner.email).executeTakeFirstOrThrow();
      await trx.updateTable('logins').set({ locale: 'en' }).where('id', '=', login.id).execute();
      await trx.insertInto('login_customers').values({ tenant_id: tenant.id, login_id: login.id, customer_id: c.customerId }).execute();
    });
    const res = await call('POST', '/api/v1/customer/banking/changes', { cookie: c.cookie, body: directDebit(await overview(c.cookie)) });
    expect(res.statusCode).toBe(201);
    const partnerMails = (await mailsTo(database, tenant, partner.email)).filter((m) => m.subject.includes('bank details'));
    expect(partnerMails.map((m) => m.subject)).toEqual(['Your bank details were changed – was this not you?']);
    expect(partnerMails[0]!.text).toContain(`customer account ${c.customerNumber}`);
    expect(partnerMails[0]!.text).not.toContain('DE89');
  });
});
