// Verbrauch: a household with a smart meter (15-minute values), gas and water in German with the
// keyboard (periods, table, drill-down, DST day, gas in kWh and m³, CSV and 15-minute downloads,
// cost projection), and a customer with daily values and a linked account with opt-out on a
// phone-sized screen in English (account switch, readings-only meter, CSV); axe on every state.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, customerNumbersOf, DEMO_PASSWORD, expectNoHorizontalScroll, heading, isFocused, section, signIn, signInEn, type SignInLabels } from './helpers.ts';

const ANNA = 'anna.schmidt@example.com';
const JOHANN = 'johann.huber@example.org';

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
  await page.waitForURL((url) => !url.pathname.startsWith('/anmelden'));
  return page;
}

function viewHeading(page: Page): Promise<string> {
  return page.locator('#consumption-view-heading').innerText();
}

function summary(page: Page): Promise<string> {
  return page.locator('.consumption-summary').innerText();
}

/** Clicks a download link or button and returns the file's name and bytes. */
async function download(page: Page, trigger: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  const filePath = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(filePath) };
}

function csvLines(bytes: Buffer): string[] {
  return bytes.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
}

describe('Verbrauch', () => {
  it('shows a smart meter by year, month, day and quarter hour with the previous year, gas in kWh and m³, downloads and the projection (de, keyboard)', async () => {
    const context = await newContext('de');
    const page = await signedIn(context, 'musterstadt', ANNA);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verbrauch', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Verbrauch');
    const main = page.locator('main');
    await main.locator('.consumption-chart svg').waitFor();

    // The smart meter first: twelve months of this year beside the previous year.
    expect(await main.getByLabel('Zähler', { exact: true }).locator('option:checked').innerText()).toMatch(/^Strom · Zähler /);
    const year = new Date().getFullYear();
    await expect.poll(() => viewHeading(page)).toBe(`Verbrauch je Monat ${String(year)}`);
    expect(await summary(page)).toContain(`Verbrauch ${String(year)} bis heute:`);
    expect(await summary(page)).toMatch(/(weniger|mehr) als an denselben Tagen|so viel wie/);
    expect(await main.getByRole('img', { name: `Balkendiagramm: Verbrauch je Monat ${String(year)} neben dem Vorjahr ${String(year - 1)}` }).count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Ansicht' }).getByRole('link').allInnerTexts()).toEqual(['Jahre', 'Monate', 'Tage', '15 Minuten']);
    await expectAccessible(page, 'consumption months (de)');
    await screenshot(page, 'consumption-months-de');

    // A year back with the keyboard; the focus stays on the period link.
    const back = main.getByRole('link', { name: `Vorheriges Jahr (${String(year - 1)})` });
    await back.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => viewHeading(page)).toBe(`Verbrauch je Monat ${String(year - 1)}`);
    await expect.poll(() => isFocused(main.getByRole('link', { name: `Vorheriges Jahr (${String(year - 2)})` }))).toBe(true);

    // The table alternative: opened with the keyboard, a month leads to its days.
    const toggle = main.locator('summary', { hasText: 'Werte als Tabelle' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    const table = main.getByRole('table', { name: `Verbrauch je Monat ${String(year - 1)} und ${String(year - 2)} in kWh` });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['Monat', String(year - 1), String(year - 2), 'Veränderung', 'Hinweis']);
    expect(await table.getByRole('row').count()).toBe(1 + 12 + 1);
    await expectAccessible(page, 'consumption months with table (de)');
    await table.getByRole('link', { name: `Tage im Dezember ${String(year - 1)} ansehen` }).click();
    await expect.poll(() => viewHeading(page)).toBe(`Verbrauch je Tag im Dezember ${String(year - 1)}`);
    expect(await summary(page)).toMatch(/Verbrauch im Dezember \d{4}: [\d.,]+ kWh, durchschnittlich [\d,]+ kWh pro Tag\./);
    await expectAccessible(page, 'consumption days (de)');

    // 15-minute values of the day the clocks go forward: 92 quarter hours.
    await page.getByRole('navigation', { name: 'Ansicht' }).getByRole('link', { name: '15 Minuten' }).click();
    await expect.poll(() => viewHeading(page)).toMatch(/^Verbrauch je Viertelstunde am /);
    const dstDay = `${String(year)}-03-29`;
    await main.getByLabel('Tag', { exact: true }).fill(dstDay);
    await main.getByLabel('Tag', { exact: true }).press('Enter');
    await expect.poll(() => viewHeading(page)).toBe(`Verbrauch je Viertelstunde am 29. März ${String(year)}`);
    expect(await summary(page)).toContain('Wegen der Umstellung auf Sommerzeit hat dieser Tag 23 Stunden (92 Viertelstunden).');
    await main.locator('summary', { hasText: 'Werte als Tabelle' }).click();
    const quarters = main.getByRole('table', { name: `Verbrauch je Viertelstunde am 29. März ${String(year)} in kWh` });
    expect(await quarters.locator('tbody tr').count()).toBe(92);
    expect(await quarters.locator('tbody tr').nth(8).locator('th').innerText()).toBe('03:00–03:15 MESZ');
    await expectAccessible(page, 'consumption quarter hours, DST day (de)');
    await screenshot(page, 'consumption-quarter-hours-de');

    // A day outside the 15-minute values is refused with a message at the field.
    await main.getByLabel('Tag', { exact: true }).fill('2001-01-01');
    await main.getByRole('button', { name: 'Anzeigen' }).click();
    await main.getByText(/Für diesen Tag gibt es keine 15-Minuten-Werte/).waitFor();
    expect(await main.getByLabel('Tag', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    // 15-minute values of a range as CSV: local times with MESZ/MEZ, decimal comma, BOM.
    const range = main.locator('.consumption-downloads__range');
    await range.getByLabel('Von').fill(`${String(year)}-03-29`);
    await range.getByLabel('Bis').fill(`${String(year)}-03-30`);
    const intervals = await download(page, range.getByRole('button', { name: '15-Minuten-Werte als CSV' }));
    expect(intervals.name).toMatch(new RegExp(`^Lastgang_.+_${String(year)}-03-29_${String(year)}-03-30\\.csv$`));
    expect([...intervals.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const intervalLines = csvLines(intervals.bytes);
    expect(intervalLines[0]).toBe('Datum;Von;Bis;Zeitzone;Verbrauch (kWh);Qualität');
    expect(intervalLines).toHaveLength(1 + 92 + 96);
    expect(intervalLines[9]).toMatch(new RegExp(`^29\\.03\\.${String(year)};03:00;03:15;MESZ;\\d+,\\d{3};`));

    // Gas: a conventional meter, values from readings, in kWh or m³.
    await main.getByLabel('Zähler', { exact: true }).selectOption({ label: (await main.getByLabel('Zähler', { exact: true }).locator('option', { hasText: 'Gas' }).innerText()).trim() });
    await expect.poll(() => viewHeading(page)).toMatch(/^Verbrauch je Monat \d{4}$/);
    expect(await page.getByRole('navigation', { name: 'Ansicht' }).getByRole('link').allInnerTexts()).toEqual(['Jahre', 'Monate']);
    expect(await main.innerText()).toContain('Umrechnung: m³ × Brennwert 11,3 kWh/m³ × Zustandszahl 0,9636');
    await page.getByRole('navigation', { name: 'Zeitraum' }).getByRole('link', { name: /^‹? ?Vorheriges Jahr/ }).click();
    await expect.poll(() => summary(page)).toMatch(/Verbrauch \d{4}: [\d.]+ kWh\./);
    expect(await main.locator('.consumption-legend').innerText()).toContain('aus Zählerständen berechnet');
    await main.getByRole('radio', { name: 'm³' }).click();
    await expect.poll(() => summary(page)).toMatch(/Verbrauch \d{4}: [\d.,]+ m³\./);
    await expectAccessible(page, 'consumption gas in m³ (de)');
    await screenshot(page, 'consumption-gas-de');

    // The whole history as CSV for Excel: BOM, semicolons, decimal comma, m³ and kWh.
    const history = await download(page, main.getByRole('link', { name: 'Gesamter Verlauf als CSV (Excel)' }));
    expect(history.name).toMatch(/^Verbrauch_7[A-Z0-9]+_7-0_3\.0\.0\.csv$/);
    expect([...history.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const historyLines = csvLines(history.bytes);
    expect(historyLines[0]).toBe('Von;Bis;Verbrauch (m³);Verbrauch (kWh);Quelle;Qualität;Zählerstand Beginn (m³);Zählerstand Ende (m³)');
    expect(historyLines[1]).toMatch(/^\d{2}\.\d{2}\.\d{4};\d{2}\.\d{2}\.\d{4};\d+,\d{3};\d+,\d{3};aus Zählerständen;;\d+,\d{3};\d+,\d{3}$/);

    // The cost projection of each contract, with the honest note.
    const projection = section(page, 'Kostenprognose für Ihr Abrechnungsjahr');
    expect(await projection.locator('.consumption-projection__card').count()).toBe(3);
    expect(await projection.innerText()).toMatch(/Voraussichtliche Nachzahlung|Voraussichtliches Guthaben|Voraussichtlich ausgeglichen/);
    expect(await projection.innerText()).toContain('Das ist eine Schätzung, keine Rechnung.');
    await expectAccessible(page, 'consumption projection (de)');
    await shot(projection, 'consumption-projection-de');
    await context.close();
  });

  it('shows daily values and a linked account with opt-out on a phone-sized screen (en)', async () => {
    const context = await newContext('en', 390);
    const page = await signedIn(context, 'alpenstadt', JOHANN, signInEn);
    const [own, mother] = await customerNumbersOf(page, 'alpenstadt', JOHANN);
    if (!page.url().endsWith('/konto-waehlen')) await page.goto(`${baseUrl('alpenstadt')}/konto-waehlen`);
    await page.getByRole('button', { name: `Choose customer account ${own!}` }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/konto-waehlen'));
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Consumption', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Consumption');
    const main = page.locator('main');
    await main.locator('.consumption-chart svg').waitFor();
    expect(await page.getByRole('navigation', { name: 'View' }).getByRole('link').allInnerTexts()).toEqual(['Years', 'Months', 'Days']);
    await expect.poll(() => viewHeading(page)).toMatch(/^Consumption per month in \d{4}$/);
    await expectAccessible(page, 'consumption months (en, phone)');
    await expectNoHorizontalScroll(page);
    await shot(main.locator('.consumption-chart-section'), 'consumption-months-en-mobile');

    await page.getByRole('navigation', { name: 'View' }).getByRole('link', { name: 'Days' }).click();
    await expect.poll(() => viewHeading(page)).toMatch(/^Consumption per day in [A-Z][a-z]+ \d{4}$/);
    await main.locator('summary', { hasText: 'Values as a table' }).click();
    await main.getByRole('table', { name: /^Consumption per day in .+ in kWh$/ }).waitFor();
    await expectAccessible(page, 'consumption days with table (en, phone)');
    await expectNoHorizontalScroll(page);

    await page.getByRole('navigation', { name: 'View' }).getByRole('link', { name: 'Years' }).click();
    await expect.poll(() => viewHeading(page)).toBe('Consumption per year');
    expect(await summary(page)).toMatch(/Your consumption in \d+ years? with values/);
    await expectAccessible(page, 'consumption years (en, phone)');

    const history = await download(page, main.getByRole('link', { name: 'Whole history as CSV (Excel)' }));
    expect(history.name).toMatch(/^consumption_.+_1-0_1\.8\.0\.csv$/);
    expect([...history.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csvLines(history.bytes);
    expect(lines[0]).toBe('From;To;Consumption (kWh);Source;Quality;Meter reading at start (kWh);Meter reading at end (kWh)');
    expect(lines.at(-1)).toMatch(/^\d{2}\.\d{2}\.\d{4};\d{2}\.\d{2}\.\d{4};\d+,\d{3};daily value;(true|substitute) value;;$/);

    // The mother's account: a smart meter with opt-out has only its annual readings.
    await page.goto(`${baseUrl('alpenstadt')}/konto-waehlen`);
    await page.getByRole('button', { name: `Choose customer account ${mother!}` }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/konto-waehlen'));
    await page.goto(`${baseUrl('alpenstadt')}/verbrauch`);
    await expect.poll(() => heading(page)).toBe('Consumption');
    await main.locator('.consumption-chart svg').waitFor();
    expect(await page.getByRole('navigation', { name: 'View' }).getByRole('link').allInnerTexts()).toEqual(['Years', 'Months']);
    await page.getByRole('navigation', { name: 'Period' }).getByRole('link', { name: /Previous year/ }).click();
    await expect.poll(() => summary(page)).toMatch(/^Consumption in \d{4}: [\d,]+ kWh\./);
    expect(await main.innerText()).toContain('Hatched values are calculated from meter readings');
    const projection = section(page, 'Cost projection for your billing year');
    await projection.locator('.consumption-projection__card').first().waitFor();
    expect(await projection.innerText()).toContain("from your utility's annual forecast");
    expect(await projection.getByRole('link', { name: 'Enter a meter reading for a more accurate projection' }).count()).toBe(1);
    await expectAccessible(page, 'consumption readings only with projection (en, phone)');
    await expectNoHorizontalScroll(page);
    await shot(projection, 'consumption-projection-en-mobile');
    await context.close();
  });
});
