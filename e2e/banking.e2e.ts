// Bankverbindung: current bank details per customer account (IBAN masked), a new SEPA mandate with
// a wrong and then a right IBAN, the password dialog (step-up) and the mandate PDF, account switching
// (Alpenstadt, German, keyboard); payment by transfer on a phone-sized screen after switching the
// language to English in the UI (Musterstadt); axe on every page and state.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, DEMO_PASSWORD, expectNoHorizontalScroll, field, heading, isFocused, mails, section, signIn } from './helpers.ts';

const JOHANN = 'johann.huber@example.org';
const ANNA = 'anna.schmidt@example.com';

const { newContext, open } = browserSuite('alpenstadt');

/** Today plus `days` in the utility's time zone, as the date input takes it (YYYY-MM-DD). */
function dayFromNow(days: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

/** Makes the session's last password confirmation an hour old (dev helper), so the next change asks. */
async function agePasswordConfirmation(page: Page): Promise<void> {
  const status = await page.evaluate(async () => (await fetch('/dev/session/age-password-confirmation', { method: 'POST' })).status);
  expect(status).toBe(204);
}

async function pdfDownload(page: Page, href: string): Promise<{ status: number; type: string | null; magic: string }> {
  return page.evaluate(async (url) => {
    const res = await fetch(url);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), magic: String.fromCharCode(...bytes.slice(0, 5)) };
  }, href);
}

describe('Bankverbindung', () => {
  it('gives a new SEPA mandate after a wrong IBAN, with the password dialog, and keeps the second account apart (de, keyboard)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/anmelden');
    await signIn(page, JOHANN, DEMO_PASSWORD);
    // Two accounts: the choice comes first, unless an earlier test file's choice is remembered.
    await page.waitForURL(/\/(uebersicht|konto-waehlen)$/);
    if (!page.url().endsWith('/konto-waehlen')) await page.goto(`${baseUrl('alpenstadt')}/konto-waehlen`);
    const johannCard = page.locator('.account-card').filter({ hasText: 'Huber, Johann' });
    const rosaCard = page.locator('.account-card').filter({ hasText: 'Huber, Rosa' });
    const johannNumber = ((await johannCard.locator('.account-card__number').textContent()) ?? '').replace(/\D/g, '');
    const rosaNumber = ((await rosaCard.locator('.account-card__number').textContent()) ?? '').replace(/\D/g, '');
    await johannCard.getByRole('button').click();
    await page.waitForURL('**/uebersicht');

    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Bankverbindung' }).click();
    await expect.poll(() => heading(page)).toBe('Bankverbindung');
    const current = section(page, 'Ihre Bankverbindung');
    await current.locator('.banking-card').first().waitFor();
    const before = (await current.textContent()) ?? '';
    expect(before).toContain('SEPA-Lastschrift');
    expect(before).toMatch(/AT\d{2} \*{4} \*{4} \*{4} [0-9A-Z]{4}/);
    expect(before).toContain(`${johannNumber}-M01`);
    await expectAccessible(page, 'bank details (de)');
    await screenshot(page, 'banking-de');

    // The sign-in was long ago (as far as the server knows): the change will ask for the password.
    await agePasswordConfirmation(page);

    const form = page.locator('form.banking-form');
    const iban = field(form, 'IBAN');
    await iban.focus();
    await page.keyboard.type('DE88 3704 0044 0532 0130 00');
    expect(await field(form, 'Kontoinhaberin oder Kontoinhaber').inputValue()).toBe('Johann Huber');
    const submit = form.getByRole('button', { name: 'Änderung senden' });
    await submit.focus();
    await page.keyboard.press('Enter');
    const summary = form.locator('.error-summary');
    await summary.waitFor();
    await expect.poll(() => isFocused(summary)).toBe(true);
    expect(await summary.textContent()).toContain('Die Prüfziffer der IBAN stimmt nicht.');
    expect(await summary.textContent()).toContain('Bitte erteilen Sie das SEPA-Lastschriftmandat');
    await expectAccessible(page, 'bank details change: wrong IBAN, no consent (de)');
    await screenshot(page, 'banking-errors-de');

    // From the summary to the field, then the right IBAN, the consent with the space bar, Enter.
    await summary.getByRole('link', { name: /Die Prüfziffer der IBAN/ }).click();
    await expect.poll(() => isFocused(iban)).toBe(true);
    await iban.fill('');
    await page.keyboard.type('AT61 1904 3002 3457 3201');
    const mandate = form.locator('.banking-mandate');
    expect(await mandate.textContent()).toContain('AT61 1904 3002 3457 3201');
    expect(await mandate.textContent()).toContain('AT85ZZZ00000004711');
    expect(await mandate.textContent()).toContain(`${johannNumber}-M02`);
    expect(await mandate.textContent()).toContain('innerhalb von acht Wochen');
    const consent = form.getByRole('checkbox', { name: /Ich erteile dieses SEPA-Lastschriftmandat/ });
    await consent.focus();
    await page.keyboard.press('Space');
    expect(await consent.isChecked()).toBe(true);
    await submit.focus();
    await page.keyboard.press('Enter');

    // The password dialog: focus in the password field, Escape would cancel; confirm with Enter.
    const dialog = page.getByRole('dialog', { name: 'Bitte bestätigen Sie mit Ihrem Passwort' });
    await dialog.waitFor();
    const password = field(dialog, 'Passwort');
    await expect.poll(() => isFocused(password)).toBe(true);
    await expectAccessible(page, 'bank details change: password dialog (de)');
    await screenshot(page, 'banking-step-up-de');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');

    const success = page.getByRole('status').filter({ hasText: 'Vielen Dank, Ihre Änderung ist eingegangen.' });
    await success.waitFor();
    await expect.poll(() => isFocused(success)).toBe(true);
    const reference = /A-\d{4}-\d{6}/.exec((await success.textContent()) ?? '')?.[0];
    expect(reference).toBeDefined();
    await expectAccessible(page, 'bank details change: sent (de)');

    // The card shows the planned change, masked; the table lists it with its request.
    const upcoming = current.locator('.banking-upcoming');
    await upcoming.waitFor();
    expect(await upcoming.textContent()).toContain('AT61 **** **** **** 3201');
    expect(await upcoming.textContent()).toContain('wird bearbeitet');
    const history = page.getByRole('table', { name: /Bankverbindungen und Zahlungsweisen/ });
    expect(await history.textContent()).toContain(reference!);
    expect(await history.textContent()).toContain('In Bearbeitung');
    expect(await page.locator('main').textContent()).not.toContain('AT611904300234573201');
    await expectAccessible(page, 'bank details with the planned change (de)');
    await screenshot(page, 'banking-sent-de');

    const pdf = await pdfDownload(page, (await success.getByRole('link', { name: /Lastschriftmandat .* als PDF herunterladen/ }).getAttribute('href'))!);
    expect(pdf).toEqual({ status: 200, type: 'application/pdf', magic: '%PDF-' });

    await expect
      .poll(async () => (await mails(page, JOHANN)).map((m) => m.subject))
      .toEqual(expect.arrayContaining(['Ihre neue Bankverbindung ist bei uns eingegangen – Stadtwerke Alpenstadt', 'Ihre Bankverbindung wurde geändert – waren Sie das nicht?']));
    const confirmation = (await mails(page, JOHANN)).find((m) => m.subject.startsWith('Ihre neue Bankverbindung'));
    expect(confirmation?.text).toContain('AT61 **** **** **** 3201');
    expect(confirmation?.text.replace(/\s/g, '')).not.toContain('AT611904300234573201');

    // The request in "Meine Anliegen" carries the mandate as PDF.
    await success.getByRole('link', { name: `Anliegen ${reference!} ansehen` }).click();
    await expect.poll(() => heading(page)).toBe('Anliegen');
    await page.locator('main').getByRole('heading', { name: 'Neue Bankverbindung und SEPA-Lastschriftmandat' }).waitFor();
    expect(await page.locator('main').getByRole('link', { name: /SEPA-Lastschriftmandat-.*\.pdf/ }).count()).toBe(1);

    // Rosa Huber's account keeps its own bank details and has no planned change.
    await page.goto(`${baseUrl('alpenstadt')}/bankverbindung`);
    await expect.poll(() => heading(page)).toBe('Bankverbindung');
    const select = page.getByRole('button', { name: /Kundenkonto/ });
    await select.click();
    await page.getByRole('listbox').getByRole('option', { name: new RegExp(rosaNumber) }).click();
    await expect.poll(async () => (await section(page, 'Ihre Bankverbindung').textContent()) ?? '').toContain(`${rosaNumber}-M01`);
    const rosa = (await section(page, 'Ihre Bankverbindung').textContent()) ?? '';
    expect(rosa).toContain('Rosa Huber');
    expect(rosa).not.toContain('Geplante Änderung');
    await expectAccessible(page, 'bank details of the second account (de)');
    await context.close();
  });

  it('switches to payment by transfer on a phone-sized screen after choosing English (en)', async () => {
    const context = await newContext('de', 390);
    const page = await open(context, '/anmelden', { tenant: 'musterstadt' });
    await signIn(page, ANNA, DEMO_PASSWORD);
    await page.waitForURL(/\/(uebersicht|konto-waehlen)$/);
    const english = page.getByRole('radio', { name: 'English' });
    await english.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');

    await page.goto(`${baseUrl('musterstadt')}/bankverbindung`);
    await expect.poll(() => heading(page)).toBe('Bank details');
    const current = section(page, 'Your bank details');
    await current.locator('.banking-card').first().waitFor();
    expect(await current.textContent()).toMatch(/DE\d{2} \*{4} \*{4} \*{4} \*{2}\d{2} \d{2}/);
    expect(await page.locator('.banking-mandate').textContent()).toContain('within eight weeks');
    await expectAccessible(page, 'bank details (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'banking-en-mobile');

    const form = page.locator('form.banking-form');
    await form.getByRole('radio', { name: 'By bank transfer instead of direct debit (I transfer myself)' }).check();
    expect(await form.getByRole('textbox', { name: 'IBAN' }).count()).toBe(0);
    const date = dayFromNow(30, 'Europe/Berlin');
    await form.getByLabel('Valid from').fill(date);
    await form.getByRole('button', { name: 'Send change' }).click();
    const success = page.getByRole('status').filter({ hasText: 'Thank you, we have received your change.' });
    await success.waitFor();
    const reference = /A-\d{4}-\d{6}/.exec((await success.textContent()) ?? '')?.[0];
    expect(reference).toBeDefined();
    const upcoming = current.locator('.banking-upcoming');
    await upcoming.waitFor();
    expect(await upcoming.textContent()).toContain('Bank transfer');
    await expectAccessible(page, 'bank details: transfer sent (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'banking-transfer-en-mobile');

    await page.goto(`${baseUrl('musterstadt')}/anliegen`);
    await expect.poll(() => heading(page)).toBe('My requests');
    const card = page.locator('.request-card').filter({ hasText: reference! });
    await card.waitFor();
    expect(await card.textContent()).toContain('Payment method: transfer instead of direct debit');
    expect(await card.textContent()).toContain('Received');
    await expectNoHorizontalScroll(page);
    await context.close();
  });
});
