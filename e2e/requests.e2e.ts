// Meine Anliegen: the contact form with an attachment, the list with the status and the detail with
// its history, in German (keyboard) and English (phone-sized screen), axe on every state.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, DEMO_PASSWORD, expectNoHorizontalScroll, field, heading, isFocused, mails, signIn, signInDe, signInEn, type SignInLabels } from './helpers.ts';

// Alpenstadt logins no other browser test signs in with.
const TENANT = 'alpenstadt';
const MARIA = 'maria.gruber@example.com';
const STEFAN = 'stefan.moser@example.org';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const { newContext, open } = browserSuite(TENANT);

async function signedIn(context: BrowserContext, email: string, labels: SignInLabels = signInDe): Promise<Page> {
  const page = await open(context, '/anmelden');
  await signIn(page, email, DEMO_PASSWORD, labels);
  await page.waitForURL('**/uebersicht');
  return page;
}

describe('Meine Anliegen', () => {
  it('sends a message with an attachment and shows it as received, with its history (de, keyboard)', async () => {
    const context = await newContext('de');
    const page = await signedIn(context, MARIA);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Anliegen' }).click();
    await expect.poll(() => heading(page)).toBe('Meine Anliegen');
    await page.getByRole('heading', { name: 'Ihre Anliegen' }).waitFor();
    await expectAccessible(page, 'requests list (de)');

    await page.getByRole('link', { name: 'Neues Anliegen' }).click();
    await expect.poll(() => heading(page)).toBe('Neues Anliegen');
    const submit = page.locator('main').getByRole('button', { name: 'Anliegen senden' });
    await submit.waitFor();
    await expectAccessible(page, 'new request form (de)');

    // Sent empty with the keyboard: the summary takes the focus and names every required field.
    await submit.focus();
    await page.keyboard.press('Enter');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await expect.poll(() => isFocused(summary)).toBe(true);
    for (const message of ['Bitte geben Sie einen Betreff ein.', 'Bitte beschreiben Sie Ihr Anliegen.', 'Bitte geben Sie eine Telefonnummer an, unter der wir Sie erreichen.']) {
      expect(await summary.getByRole('link', { name: message }).count()).toBe(1);
    }
    await expectAccessible(page, 'new request: missing input (de)');

    // A file that is not a PDF, JPEG or PNG is refused before anything is sent.
    await page.getByLabel('Anhang (optional)').setInputFiles({ name: 'notiz.txt', mimeType: 'text/plain', buffer: Buffer.from('hallo') });
    await field(page, 'Betreff').fill('Frage zur Abschlagszahlung');
    await field(page, 'Ihr Anliegen').fill('Ich möchte meinen Abschlag ab Juli anpassen.\nBitte rufen Sie mich an.');
    await field(page, 'Telefonnummer').fill('0664 1234567');
    await submit.click();
    await expect.poll(() => summary.textContent()).toContain('Dieses Dateiformat können wir nicht annehmen.');

    // Jump from the summary to the field, then choose a picture.
    await summary.getByRole('link', { name: /Dieses Dateiformat/ }).click();
    await expect.poll(() => isFocused(page.getByLabel('Anhang (optional)'))).toBe(true);
    await page.getByLabel('Anhang (optional)').setInputFiles({ name: 'zaehler.png', mimeType: 'image/png', buffer: PNG });
    const premise = page.getByLabel('Verbrauchsstelle (optional)');
    const options = await premise.locator('option').allTextContents();
    expect(options.length).toBeGreaterThanOrEqual(2);
    await premise.selectOption({ label: options[1]! });
    await submit.focus();
    await page.keyboard.press('Enter');

    const success = page.getByRole('status').filter({ hasText: 'Vielen Dank, Ihr Anliegen ist eingegangen.' });
    await success.waitFor();
    const text = (await success.textContent()) ?? '';
    const reference = /A-\d{4}-\d{6}/.exec(text)?.[0];
    expect(reference).toBeDefined();
    await expect.poll(() => isFocused(success)).toBe(true);
    expect(await field(page, 'Betreff').inputValue()).toBe('');
    await expectAccessible(page, 'new request: sent (de)');
    await screenshot(page, 'requests-sent-de');

    await expect.poll(async () => (await mails(page, MARIA)).some((m) => m.subject.includes(reference!) && m.subject.includes('eingegangen'))).toBe(true);

    await success.getByRole('link', { name: `Anliegen ${reference!} ansehen` }).click();
    await expect.poll(() => heading(page)).toBe('Anliegen');
    const main = page.locator('main');
    await main.getByRole('heading', { name: 'Frage zur Abschlagszahlung' }).waitFor();
    expect(await main.textContent()).toContain(reference!);
    expect(await main.textContent()).toContain(options[1]!);
    expect(await main.getByRole('link', { name: 'zaehler.png' }).getAttribute('href')).toMatch(/\/attachments\//);
    const history = main.locator('.request-history__item');
    expect(await history.count()).toBe(1);
    expect(await history.first().textContent()).toContain('Eingegangen');
    expect(await history.first().textContent()).toContain('von Ihnen');
    await expectAccessible(page, 'request detail (de)');
    await screenshot(page, 'requests-detail-de');

    const download = await page.evaluate(async (href) => {
      const res = await fetch(href);
      return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') };
    }, (await main.getByRole('link', { name: 'zaehler.png' }).getAttribute('href'))!);
    expect(download).toEqual({ status: 200, type: 'image/png', disposition: `attachment; filename="zaehler.png"; filename*=UTF-8''zaehler.png` });

    await main.getByRole('link', { name: 'Zurück zu Meine Anliegen' }).click();
    await expect.poll(() => heading(page)).toBe('Meine Anliegen');
    const card = page.locator('.request-card').filter({ hasText: reference! });
    await card.waitFor();
    expect(await card.textContent()).toContain('Eingegangen');
    expect(await card.textContent()).toContain('Nachricht');
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Anliegen' }).getAttribute('aria-current')).toBe('page');
    await expectAccessible(page, 'requests list with the new request (de)');
    await screenshot(page, 'requests-list-de');
    await context.close();
  });

  it('sends a message on a phone-sized screen and lists it as received (en)', async () => {
    const context = await newContext('en', 390);
    const page = await signedIn(context, STEFAN, signInEn);
    await page.goto(`${baseUrl(TENANT)}/anliegen/neu`);
    await expect.poll(() => heading(page)).toBe('New request');
    await page.locator('main').getByRole('button', { name: 'Send request' }).waitFor();
    await expectAccessible(page, 'new request form (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'requests-form-en-mobile');

    await field(page, 'Subject').fill('Moving out in June');
    await field(page, 'Your request').fill('Please tell me how to give you the final meter reading.');
    await field(page, 'Phone number').fill('+43 660 1234567');
    await page.locator('main').getByRole('button', { name: 'Send request' }).click();
    const success = page.getByRole('status').filter({ hasText: 'Thank you, we have received your request.' });
    await success.waitFor();
    const reference = /A-\d{4}-\d{6}/.exec((await success.textContent()) ?? '')?.[0];
    expect(reference).toBeDefined();
    await expectAccessible(page, 'new request: sent (en)');

    await page.goto(`${baseUrl(TENANT)}/anliegen`);
    await expect.poll(() => heading(page)).toBe('My requests');
    const card = page.locator('.request-card').filter({ hasText: reference! });
    await card.waitFor();
    expect(await card.textContent()).toContain('Received');
    await expectAccessible(page, 'requests list (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'requests-list-en-mobile');

    await card.getByRole('link', { name: 'Moving out in June' }).click();
    await expect.poll(() => heading(page)).toBe('Request');
    await page.locator('main').getByRole('heading', { name: 'Status history' }).waitFor();
    expect(await page.locator('.request-history__item').first().textContent()).toContain('by you');
    await expectAccessible(page, 'request detail (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'requests-detail-en-mobile');
    await context.close();
  });
});
