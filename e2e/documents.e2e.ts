// Rechnungen und Dokumente, Kontoübersicht, Verträge: a business customer with two consumption
// points (Musterstadt, German, keyboard, filters by kind, year and the utility's document type), a household with an open balance on a phone-sized screen
// (Alpenstadt, English) and a PV operator's credit notes (Netz Nord); axe on every page and state.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, customerNumbersOf, DEMO_PASSWORD, expectNoHorizontalScroll, heading, isFocused, section, signIn, signInEn, type SignInLabels } from './helpers.ts';

const KRAUSE = 'buchhaltung.krause@example.com';
const MOSER = 'stefan.moser@example.org';
const HANSEN = 'birte.hansen@example.org';

const { newContext, open } = browserSuite('musterstadt');
const artifacts = path.resolve(import.meta.dirname, 'artifacts');

/** A screenshot of one part of the page (full-page shots of phone screens are too long to look at). */
async function shot(locator: Locator, name: string): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  await locator.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

async function signedIn(context: BrowserContext, tenant: string, email: string, labels?: SignInLabels): Promise<Page> {
  const page = await open(context, '/anmelden', { tenant });
  await signIn(page, email, DEMO_PASSWORD, labels);
  await page.waitForURL(/\/(uebersicht|konto-waehlen)$/);
  return page;
}

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: /Hauptnavigation|Main navigation/ }).getByRole('link', { name, exact: true });
}

/** Fetches a URL inside the page (same origin, with the session cookie). */
async function fetchInPage(page: Page, href: string): Promise<{ status: number; type: string | null; disposition: string | null; cache: string | null; bytes: number[] }> {
  return page.evaluate(async (url) => {
    const res = await fetch(url);
    const bytes = [...new Uint8Array(await res.arrayBuffer())];
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), cache: res.headers.get('cache-control'), bytes };
  }, href);
}

describe('Rechnungen und Dokumente, Kontoübersicht, Verträge', () => {
  it('shows documents with filters and download, the account statement and the contracts of a business customer (de, keyboard)', async () => {
    const context = await newContext('de');
    const page = await signedIn(context, 'musterstadt', KRAUSE);

    // Documents: newest first, unread count, "neu" markers.
    await nav(page, 'Rechnungen & Dokumente').click();
    await expect.poll(() => heading(page)).toBe('Rechnungen und Dokumente');
    const list = section(page, 'Ihre Dokumente');
    await list.locator('.documents-card').first().waitFor();
    await expectAccessible(page, 'documents (de)');
    await screenshot(page, 'documents-de');
    const unreadText = (await list.locator('.documents-unread').textContent()) ?? '';
    const unreadBefore = Number(/(\d+) neue?s? Dokument/.exec(unreadText)?.[1] ?? '0');
    expect(await list.locator('.documents-badge').count()).toBe(unreadBefore);
    const dates = await list.locator('.documents-card').count();
    expect(dates).toBeGreaterThan(3);

    // Filter by type with the keyboard: only invoices, the status line says how many.
    const kind = page.getByLabel('Art', { exact: true });
    await kind.focus();
    await kind.selectOption({ label: 'Rechnungen' });
    const status = list.getByRole('status');
    await expect.poll(() => status.textContent()).toMatch(/^\d+ von \d+ Dokumenten$/);
    const invoiceCards = list.locator('.documents-card');
    const invoices = await invoiceCards.count();
    expect(invoices).toBeGreaterThan(0);
    for (let i = 0; i < invoices; i++) {
      const text = (await invoiceCards.nth(i).textContent()) ?? '';
      expect(text).toMatch(/Jahresabrechnung|Schlussrechnung/);
      expect(text).toContain('Rechnungsnummer');
      expect(text).toContain('Zeitraum');
      expect(text).toContain('Rechnungsbetrag');
    }
    expect(page.url()).toContain('typ=invoice');
    await expectAccessible(page, 'documents filtered by type (de)');

    // Year filter on top: the newest invoice year.
    const year = page.getByLabel('Jahr', { exact: true });
    const years = await year.locator('option').allTextContents();
    await year.selectOption({ label: years[1]! });
    await expect.poll(() => page.url()).toContain(`jahr=${years[1]!}`);
    await expect.poll(async () => (await list.locator('.documents-card').first().textContent()) ?? '').toContain(years[1]!);
    await screenshot(page, 'documents-filtered-de');

    // Download the newest invoice by keyboard: a PDF with a good file name; it is read afterwards.
    const card = list.locator('.documents-card').first();
    const link = card.getByRole('link');
    const href = (await link.getAttribute('href'))!;
    const file = await fetchInPage(page, href);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
    expect(file.cache).toBe('no-store');
    expect(file.disposition).toMatch(/^attachment; filename="Jahresabrechnung-\d{4}-R\d+\.pdf"/);
    expect(Buffer.from(file.bytes.slice(0, 5)).toString()).toBe('%PDF-');
    fs.mkdirSync(artifacts, { recursive: true });
    fs.writeFileSync(path.join(artifacts, 'documents-invoice.pdf'), Buffer.from(file.bytes));
    const download = page.waitForEvent('download');
    await link.focus();
    await page.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toMatch(/^Jahresabrechnung-\d{4}-R\d+\.pdf$/);
    await expect.poll(() => card.locator('.documents-badge').count()).toBe(0);
    await page.reload();
    await list.locator('.documents-card').first().waitFor();
    expect(await list.locator('.documents-card').first().locator('.documents-badge').count()).toBe(0);

    // Filter by the utility's own document type (keyboard): every card shows that type's label.
    await page.goto(`${baseUrl('musterstadt')}/dokumente`);
    const docType = page.getByLabel('Dokumentart', { exact: true });
    await docType.waitFor();
    const typeOptions = await docType.locator('option').allTextContents();
    expect(typeOptions[0]).toBe('Alle Dokumentarten');
    expect(typeOptions).toContain('Jahresabrechnung');
    const chosenType = typeOptions.find((label) => label !== 'Jahresabrechnung' && label !== 'Alle Dokumentarten') ?? 'Jahresabrechnung';
    await docType.focus();
    await docType.selectOption({ label: chosenType });
    await expect.poll(() => page.url()).toContain('dokumentart=');
    await expect.poll(() => list.getByRole('status').textContent()).toMatch(/^\d+ von \d+ Dokumenten?$/);
    const typed = list.locator('.documents-card');
    const typedCount = await typed.count();
    expect(typedCount).toBeGreaterThan(0);
    for (let i = 0; i < typedCount; i++) expect(await typed.nth(i).locator('dd').nth(1).textContent()).toBe(chosenType);
    await expectAccessible(page, 'documents filtered by document type (de)');
    await screenshot(page, 'documents-type-filter-de');

    // Account statement.
    await nav(page, 'Kontoübersicht').click();
    await expect.poll(() => heading(page)).toBe('Kontoübersicht');
    const balance = section(page, 'Ihr Kontostand');
    await balance.waitFor();
    expect(await balance.locator('.account-balance__total').textContent()).toMatch(/^(Offener Betrag: [\d.]+,\d\d €|Sie haben ein Guthaben von [\d.]+,\d\d €\.|Ihr Kundenkonto ist ausgeglichen\.)$/);
    const bookings = section(page, 'Buchungen');
    const table = bookings.getByRole('table');
    expect(await table.locator('caption').textContent()).toMatch(/^Buchungen \d{4} mit Saldo$/);
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Datum', 'Buchungstext', 'Fällig am', 'Soll', 'Haben', 'Saldo']);
    expect(await table.getByRole('rowheader').first().textContent()).toBe('Saldovortrag');
    expect(await section(page, 'Nächste Abschläge').getByRole('table').locator('tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'account statement (de)');
    await screenshot(page, 'account-de');

    // Last year: an annual bill with its PDF; the CSV opens in German Excel.
    const yearSelect = bookings.getByLabel('Jahr', { exact: true });
    const statementYears = await yearSelect.locator('option').allTextContents();
    await yearSelect.focus();
    await yearSelect.selectOption({ label: statementYears[1]! });
    await expect.poll(() => table.locator('caption').textContent()).toBe(`Buchungen ${statementYears[1]!} mit Saldo`);
    expect(await table.getByRole('link', { name: /Rechnung \(PDF\)/ }).count()).toBeGreaterThan(0);
    const csvLink = bookings.getByRole('link', { name: `Buchungen ${statementYears[1]!} als CSV (Excel)` });
    const csv = await fetchInPage(page, (await csvLink.getAttribute('href'))!);
    expect(csv.status).toBe(200);
    expect(csv.bytes.slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
    const csvText = Buffer.from(csv.bytes.slice(3)).toString('utf8');
    expect(csvText.split('\r\n')[0]).toBe('Buchungsdatum;Fällig am;Art;Buchungstext;Referenz;Soll (EUR);Haben (EUR);Saldo (EUR);Ausgeglichen');
    expect(csvText).toMatch(/;\d+,\d\d;/);
    await expectAccessible(page, 'account statement, last year (de)');

    // Contracts: both consumption points with prices incl. VAT, term and notice.
    await nav(page, 'Verträge').click();
    await expect.poll(() => heading(page)).toBe('Verträge und Tarife');
    const premises = page.locator('main').getByRole('heading', { level: 2, name: /^Verbrauchsstelle / });
    await premises.first().waitFor();
    expect(await premises.count()).toBe(2);
    const main = (await page.locator('main').textContent()) ?? '';
    for (const text of ['ct/kWh', '€/m³', 'inkl. 19 % Mehrwertsteuer', 'inkl. 7 % Mehrwertsteuer', 'Grundpreis', 'Mindestlaufzeit', 'Kündigungsfrist', 'Frühestes Vertragsende', 'Abschlag', 'Marktlokations-ID', 'Vertragsnummer', 'Zähler']) {
      expect(main, text).toContain(text);
    }
    expect(await page.locator('.contracts-card').count()).toBeGreaterThanOrEqual(5);
    await expectAccessible(page, 'contracts (de)');
    await screenshot(page, 'contracts-de');

    // The main navigation marks the page; focus lands on the heading after navigating.
    expect(await nav(page, 'Verträge').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => isFocused(page.getByRole('heading', { level: 1 }))).toBe(true);
    await context.close();
  });

  it('shows the open balance, documents and contracts on a phone-sized screen (en)', async () => {
    const context = await newContext('en', 390);
    const page = await signedIn(context, 'alpenstadt', MOSER, signInEn);

    await page.goto(`${baseUrl('alpenstadt')}/konto`);
    await expect.poll(() => heading(page)).toBe('Account statement');
    const balance = section(page, 'Your balance');
    await balance.waitFor();
    expect(await balance.locator('.account-balance__total').textContent()).toMatch(/^Outstanding amount: €[\d,]+\.\d\d$/);
    expect(await balance.textContent()).toContain('overdue');
    const open = section(page, 'Open items');
    expect(await open.locator('.account-badge--overdue').count()).toBeGreaterThan(0);
    expect(await section(page, 'Next instalments').getByRole('table').locator('tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'account statement (en, phone)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'account-en-mobile');
    await shot(balance, 'account-en-mobile-balance');
    await shot(open, 'account-en-mobile-open');
    await shot(section(page, 'Next instalments'), 'account-en-mobile-upcoming');

    await page.goto(`${baseUrl('alpenstadt')}/dokumente`);
    await expect.poll(() => heading(page)).toBe('Invoices and documents');
    const list = section(page, 'Your documents');
    await list.locator('.documents-card').first().waitFor();
    expect(await list.textContent()).toMatch(/Amount to pay €[\d,]+\.\d\d/);
    // The utility's document types in English (German where it gave no English label).
    expect(await page.getByLabel('Document type', { exact: true }).locator('option').allTextContents()).toContain('Annual bill');
    await expectAccessible(page, 'documents (en, phone)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'documents-en-mobile');
    await shot(list.locator('.documents-card').first(), 'documents-en-mobile-card');

    await page.goto(`${baseUrl('alpenstadt')}/vertraege`);
    await expect.poll(() => heading(page)).toBe('Contracts and tariffs');
    await page.locator('.contracts-card').first().waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('including 20% VAT');
    expect(text).toContain('Earliest end of contract');
    expect(text).toContain('smart metering system');
    await expectAccessible(page, 'contracts (en, phone)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'contracts-en-mobile');
    await context.close();
  });

  it("shows a PV operator's feed-in credit notes at the grid operator, which offers no account statement or contracts (de)", async () => {
    const context = await newContext('de');
    const page = await signedIn(context, 'netz-nord', HANSEN);
    const [, feedIn] = await customerNumbersOf(page, 'netz-nord', HANSEN);
    await page.waitForURL('**/konto-waehlen');
    // Straight to a page of one account before choosing: first the choice, then back to that page.
    await page.goto(`${baseUrl('netz-nord')}/dokumente`);
    await page.waitForURL('**/konto-waehlen');
    await page.getByRole('button', { name: `Kundenkonto ${feedIn!} wählen` }).click();
    await page.waitForURL('**/dokumente');
    await expect.poll(() => heading(page)).toBe('Rechnungen und Dokumente');
    const list = section(page, 'Ihre Dokumente');
    const credit = list.locator('.documents-card').filter({ hasText: 'Gutschrift Einspeisevergütung' }).first();
    await credit.waitFor();
    const text = (await credit.textContent()) ?? '';
    expect(text).toContain('Gutschriftnummer');
    expect(text).toMatch(/Gutschriftsbetrag[\d.]+,\d\d\s€Auszahlung am \d\d\.\d\d\.\d{4}/);
    await expectAccessible(page, 'documents: credit notes (de)');
    await screenshot(page, 'documents-feed-in-de');

    expect(await nav(page, 'Kontoübersicht').count()).toBe(0);
    await page.goto(`${baseUrl('netz-nord')}/vertraege`);
    await expect.poll(() => heading(page)).toBe('Verträge und Tarife');
    expect(await page.locator('main .notice').textContent()).toBe('Diesen Bereich bietet Ihr Versorger im Kundenportal nicht an.');
    await expectAccessible(page, 'contracts not offered (de)');
    await context.close();
  });
});
