// Meine Daten: the page explains the export and the rights, the button downloads the ZIP (checked
// by unzipping it), the notice mail arrives, a second download at once is refused with a clear
// message; German with the keyboard, English on a phone-sized screen, axe on every state.
import fs from 'node:fs';
import { unzipSync } from 'fflate';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, customerNumbersOf, DEMO_PASSWORD, expectNoHorizontalScroll, heading, isFocused, mails, section, signIn, signInDe, signInEn, type SignInLabels } from './helpers.ts';

// The demo logins of this file: nobody else downloads their data.
const JENS = { tenant: 'netz-nord', email: 'jens.petersen@example.com' };
const EMILY = { tenant: 'musterstadt', email: 'emily.clarke@example.org' };

const { newContext, open } = browserSuite(JENS.tenant);

async function signedIn(context: BrowserContext, login: { tenant: string; email: string }, labels: SignInLabels): Promise<Page> {
  const page = await open(context, '/anmelden', { tenant: login.tenant });
  await signIn(page, login.email, DEMO_PASSWORD, labels);
  await page.waitForURL((url) => !url.pathname.startsWith('/anmelden'));
  return page;
}

function unzipped(download: Download): Promise<Record<string, Uint8Array>> {
  return download.path().then((file) => unzipSync(new Uint8Array(fs.readFileSync(file))));
}

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

describe('Meine Daten', () => {
  it('explains the export and the rights and downloads the ZIP with the keyboard (de)', async () => {
    const context = await newContext('de');
    const page = await signedIn(context, JENS, signInDe);
    const [customerNumber] = await customerNumbersOf(page, JENS.tenant, JENS.email);
    // The main navigation is full; the way in is Mein Zugang.
    await page.goto(`${baseUrl(JENS.tenant)}/mein-zugang`);
    await expect.poll(() => heading(page)).toBe('Mein Zugang');
    const teaser = section(page, 'Meine Daten');
    await teaser.waitFor();
    await expectAccessible(page, 'Mein Zugang with the way to Meine Daten (de)');
    await screenshot(page, 'my-data-teaser-de');
    await teaser.getByRole('link', { name: 'Meine Daten ansehen und herunterladen' }).click();
    await expect.poll(() => heading(page)).toBe('Meine Daten');
    const download = section(page, 'Daten herunterladen');
    await download.getByText('Sie haben Ihre Daten bisher nicht heruntergeladen.').waitFor();
    expect(await download.textContent()).toContain(`Enthalten ist das Kundenkonto ${customerNumber!}.`);
    const rights = section(page, 'Ihre Rechte');
    expect(await rights.getByRole('link', { name: 'Zum Kontaktformular' }).getAttribute('href')).toBe('/anliegen/neu');
    expect(await rights.getByRole('link', { name: 'Zu „Mein Zugang“' }).getAttribute('href')).toBe('/mein-zugang');
    expect(await rights.getByRole('link', { name: 'Zu den Datenschutzhinweisen' }).getAttribute('href')).toBe('/datenschutz');
    await section(page, 'Was die Datei enthält').getByRole('button', { name: 'Wie öffne ich die Dateien?' }).click();
    await page.getByText('Die Datei README.txt in der ZIP-Datei beschreibt jede Datei.').waitFor();
    await expectAccessible(page, 'my data (de)');
    await screenshot(page, 'my-data-de');

    // With the keyboard: the button takes the focus, Enter starts the download (the password from
    // signing in counts for five minutes, so no confirmation is asked here).
    const button = download.getByRole('button', { name: 'Meine Daten herunterladen (ZIP)' });
    await button.focus();
    const downloaded = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const file = await downloaded;
    expect(file.suggestedFilename()).toBe(`kundenportal-daten-${today()}.zip`);
    const success = download.getByRole('status').filter({ hasText: 'Ihre Daten wurden heruntergeladen.' });
    await success.waitFor();
    await expect.poll(() => isFocused(success)).toBe(true);
    expect(await success.textContent()).toContain(`kundenportal-daten-${today()}.zip`);
    await download.getByText(/^Zuletzt heruntergeladen am /).waitFor();
    await expectAccessible(page, 'my data: downloaded (de)');
    await screenshot(page, 'my-data-downloaded-de');

    const files = await unzipped(file);
    const names = Object.keys(files);
    expect(names).toEqual(expect.arrayContaining(['README.txt', 'login.json', 'audit-log.csv', `customer-${customerNumber!}/customer.csv`, `customer-${customerNumber!}/readings.csv`]));
    // Jens has a smart meter with 15-minute values: one file per register and year.
    expect(names.some((name) => name.startsWith(`customer-${customerNumber!}/interval-values/`) && name.endsWith('.csv'))).toBe(true);
    const login = JSON.parse(Buffer.from(files['login.json']!).toString('utf8')) as { login: { email: string } };
    expect(login.login.email).toBe(JENS.email);
    expect(Buffer.from(files[`customer-${customerNumber!}/readings.csv`]!).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    await expect.poll(async () => (await mails(page, JENS.email)).some((m) => m.subject.startsWith('Ihre Daten wurden heruntergeladen'))).toBe(true);

    // At once a second time: refused with a clear message, nothing downloaded.
    await button.click();
    const refused = download.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/Sie haben Ihre Daten gerade erst heruntergeladen\. Bitte warten Sie \d+ Sekunden?, bevor Sie es erneut versuchen\./);
    await expectAccessible(page, 'my data: too soon (de)');
    await context.close();
  });

  it('downloads on a phone-sized screen (en)', async () => {
    const context = await newContext('en', 390);
    const page = await signedIn(context, EMILY, signInEn);
    const [customerNumber] = await customerNumbersOf(page, EMILY.tenant, EMILY.email);
    await page.goto(`${baseUrl(EMILY.tenant)}/meine-daten`);
    await expect.poll(() => heading(page)).toBe('My data');
    const download = section(page, 'Download your data');
    await download.getByText('You have not downloaded your data yet.').waitFor();
    await expectAccessible(page, 'my data (en, phone)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'my-data-en-mobile');

    const downloaded = page.waitForEvent('download');
    await download.getByRole('button', { name: 'Download my data (ZIP)' }).click();
    const file = await downloaded;
    const success = download.getByRole('status').filter({ hasText: 'Your data has been downloaded.' });
    await success.waitFor();
    expect(await success.textContent()).toContain(`We have sent a confirmation to ${EMILY.email}.`);
    await expectAccessible(page, 'my data: downloaded (en, phone)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'my-data-downloaded-en-mobile');

    const files = await unzipped(file);
    expect(Object.keys(files).some((name) => name.startsWith(`customer-${customerNumber!}/documents/`) && name.endsWith('.pdf'))).toBe(true);
    const readme = Buffer.from(files['README.txt']!).toString('utf8');
    expect(readme).toContain('Your data in the customer portal');
    expect(readme).toContain(`customer-${customerNumber!}/`);
    // English CSV headers, German Excel format.
    const readings = Buffer.from(files[`customer-${customerNumber!}/readings.csv`]!).toString('utf8');
    expect(readings.split('\r\n')[0]).toContain('Reading date;Reading;Source');
    await expect.poll(async () => (await mails(page, EMILY.email)).some((m) => m.subject.startsWith('Your data was downloaded'))).toBe(true);
    await context.close();
  });
});
