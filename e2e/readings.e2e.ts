// Zählerstände: meters with their last readings, entering a reading with the review step ("Eingaben
// bearbeiten" / "Daten senden"), a plausible reading accepted, an implausible one confirmed with a
// comment (and a photo) as a request in "Meine Anliegen", hard errors and a blocked value; the
// history; HT/NT in German with the keyboard, an exchanged meter in English on a phone-sized screen.
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TMeter, TReadingHistory } from '../api/readings.ts';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, DEMO_PASSWORD, expectNoHorizontalScroll, field, getJson, heading, isFocused, mails, signIn, signInDe, signInEn, type SignInLabels } from './helpers.ts';

// The Musterstadt logins assigned to this file: HT/NT heat pump (German), exchanged meter (English).
const TENANT = 'musterstadt';
const LUKAS = 'lukas.hoffmann@example.org';
const EMILY = 'emily.clarke@example.org';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const { newContext, open } = browserSuite(TENANT);

async function signedIn(context: BrowserContext, email: string, labels: SignInLabels = signInDe): Promise<Page> {
  const page = await open(context, '/anmelden');
  await signIn(page, email, DEMO_PASSWORD, labels);
  await page.waitForURL('**/uebersicht');
  return page;
}

/** POSTs JSON from inside the page (same origin, session cookie) and returns status and body. */
async function postJson(page: Page, path: string, body: unknown): Promise<{ status: number; body: { outcome?: string } }> {
  return page.evaluate(
    async ({ url, payload }) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': 'en' }, body: JSON.stringify(payload) });
      return { status: res.status, body: (await res.json()) as { outcome?: string } };
    },
    { url: path, payload: body },
  );
}

const DAY_MS = 86_400_000;

/**
 * Values for each register of a meter that the server's check answers with `wanted`: the daily
 * consumption of the register's history times the days since its last reading, scaled until the
 * check agrees (the test does not know the utility's forecast, the server does).
 */
async function valuesFor(page: Page, meter: TMeter, wanted: 'ok' | 'warning'): Promise<number[]> {
  const history = await getJson<TReadingHistory>(page, `/api/v1/customer/meters/${meter.id}/readings`);
  const perDay = meter.registers.map((register) => {
    const real = history.entries.filter((e) => e.status !== 'rejected' && e.source !== 'estimated');
    const newest = real[0];
    const older = real.find((e) => newest && Date.parse(newest.readOn) - Date.parse(e.readOn) >= 300 * DAY_MS) ?? real.at(-1);
    const value = (entry: typeof newest) => Number(entry?.values.find((v) => v.registerId === register.id)?.value ?? 0);
    const days = newest && older && newest !== older ? (Date.parse(newest.readOn) - Date.parse(older.readOn)) / DAY_MS : 0;
    return days > 0 ? (value(newest) - value(older)) / days : 8;
  });
  const factors = wanted === 'ok' ? [1, 0.9, 1.15, 0.8, 1.3, 0.7, 1.45, 0.62, 1.6] : [2.3, 2.6, 2.0, 2.9, 1.9, 0.5, 0.4];
  const days = (Date.parse(meter.today) - Date.parse(meter.registers[0]?.lastReading?.readOn ?? meter.today)) / DAY_MS;
  for (const factor of factors) {
    const values = meter.registers.map((register, i) => {
      const last = Number(register.lastReading?.value ?? 0);
      const next = last + Math.max(1, (perDay[i] ?? 8) * days * factor);
      return register.decimals > 0 ? Math.round(next * 10) / 10 : Math.round(next);
    });
    const res = await postJson(page, `/api/v1/customer/meters/${meter.id}/readings/check`, {
      readOn: meter.today,
      readings: meter.registers.map((register, i) => ({ registerId: register.id, value: String(values[i]) })),
    });
    if (res.status === 200 && res.body.outcome === wanted) return values;
  }
  throw new Error(`no ${wanted} value found for meter ${meter.meterNumber}`);
}

const formatDe = (value: number) => new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 }).format(value);
const formatEn = (value: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(value);

/** A picture of one element (a meter's card) next to the full-page screenshots. */
async function shot(locator: Locator, name: string): Promise<void> {
  await locator.screenshot({ path: path.resolve(import.meta.dirname, 'artifacts', `${name}.png`) });
}

function card(page: Page, meter: TMeter): Locator {
  return page.locator('section.readings-meter', { has: page.getByRole('heading', { level: 3, name: new RegExp(meter.meterNumber) }) });
}

async function metersOf(page: Page): Promise<TMeter[]> {
  return getJson<TMeter[]>(page, '/api/v1/customer/meters');
}

describe('Zählerstände', () => {
  it('HT/NT reading accepted, water reading confirmed with comment and photo, errors and a blocked value (de, keyboard)', async () => {
    const context = await newContext('de');
    const page = await signedIn(context, LUKAS);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Zählerstände' }).click();
    await expect.poll(() => heading(page)).toBe('Zählerstände');
    await page.locator('section.readings-meter').first().waitFor();
    const meters = await metersOf(page);
    const heatPump = meters.find((m) => m.registers.length === 2);
    const water = meters.find((m) => m.division === 'water' && m.selfReadingBlocked === null);
    expect(heatPump).toBeDefined();
    expect(water).toBeDefined();
    const htnt = card(page, heatPump!);
    expect(await htnt.textContent()).toContain('Hochtarif (HT), Niedertarif (NT)');
    expect(await htnt.textContent()).toContain(heatPump!.meterNumber);
    await expectAccessible(page, 'readings page (de)');
    await screenshot(page, 'readings-de');

    // Help like the source portals: where the meter number is, how to read the meter.
    await page.getByRole('button', { name: 'Wie lese ich meinen Zähler richtig ab?' }).click();
    await page.getByText('Die Ziffern hinter dem Komma, meist rot umrandet').waitFor();

    // HT/NT: a plausible reading, typed in German notation, sent with the keyboard.
    const [ht, nt] = await valuesFor(page, heatPump!, 'ok');
    expect(await htnt.getByLabel('Ablesedatum').inputValue()).toBe(heatPump!.today);
    await field(htnt, 'Hochtarif (HT) in kWh').fill(formatDe(ht!));
    await field(htnt, 'Niedertarif (NT) in kWh').fill(formatDe(nt!));
    await page.keyboard.press('Enter');
    const review = htnt.locator('.readings-review');
    await review.waitFor();
    await expect.poll(() => isFocused(review)).toBe(true);
    expect(await review.getByRole('heading', { level: 4 }).textContent()).toBe('Bitte prüfen Sie Ihre Angaben');
    const table = await review.locator('table').textContent();
    expect(table).toContain(`${formatDe(ht!)} kWh`);
    expect(table).toContain(`${formatDe(nt!)} kWh`);
    await expectAccessible(page, 'readings review, plausible (de)');
    await screenshot(page, 'readings-review-de');

    // "Eingaben bearbeiten" keeps the entries and goes back to the form.
    await review.getByRole('button', { name: 'Eingaben bearbeiten' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => isFocused(htnt.getByLabel('Ablesedatum'))).toBe(true);
    expect(await field(htnt, 'Hochtarif (HT) in kWh').inputValue()).toBe(formatDe(ht!));
    await htnt.getByRole('button', { name: 'Eingaben prüfen' }).focus();
    await page.keyboard.press('Enter');
    await review.waitFor();
    await review.getByRole('button', { name: 'Daten senden' }).focus();
    await page.keyboard.press('Enter');
    const accepted = htnt.getByRole('status').filter({ hasText: 'Vielen Dank! Ihr Zählerstand ist bei uns eingegangen.' });
    await accepted.waitFor();
    await expect.poll(() => isFocused(accepted)).toBe(true);
    expect(await accepted.textContent()).toContain('übernommen');
    await expectAccessible(page, 'readings accepted (de)');
    await expect.poll(async () => (await mails(page, LUKAS)).some((m) => m.subject.startsWith('Ihr Zählerstand ist eingegangen') && m.text.includes(heatPump!.meterNumber))).toBe(true);

    // The history shows the new reading with its source and status; opened with the keyboard.
    const historyButton = htnt.getByRole('button', { name: /Ablesehistorie/ });
    await historyButton.focus();
    await page.keyboard.press('Enter');
    const historyTable = htnt.locator('.readings-history table');
    await historyTable.waitFor();
    const firstRow = historyTable.locator('tbody tr').first();
    await expect.poll(() => firstRow.textContent()).toContain('Ihre Ablesung');
    expect(await firstRow.textContent()).toContain('übernommen');
    expect(await firstRow.textContent()).toContain(`${formatDe(ht!)} kWh`);
    expect(await historyTable.locator('caption').textContent()).toContain(heatPump!.meterNumber);
    await expectAccessible(page, 'readings history (de)');
    await screenshot(page, 'readings-history-de');
    await shot(htnt, 'readings-history-card-de');

    // Water: hard errors (future date, too many digits, letters), a value below the last one, a blocked one.
    const tap = card(page, water!);
    const waterValue = field(tap, 'Zählerstand in m³');
    const tomorrow = new Date(Date.parse(water!.today) + DAY_MS).toISOString().slice(0, 10);
    await tap.getByLabel('Ablesedatum').fill(tomorrow);
    await waterValue.fill('1234567');
    await tap.getByRole('button', { name: 'Eingaben prüfen' }).click();
    const summary = tap.locator('.error-summary');
    await summary.waitFor();
    await expect.poll(() => isFocused(summary)).toBe(true);
    await expect.poll(() => summary.textContent()).toContain('Das Ablesedatum darf nicht in der Zukunft liegen');
    expect(await summary.textContent()).toContain('Ihr Zähler hat 5 Stellen vor dem Komma');
    expect(await waterValue.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'readings hard errors (de)');
    await screenshot(page, 'readings-errors-de');

    await tap.getByLabel('Ablesedatum').fill(water!.today);
    const last = Number(water!.registers[0]!.lastReading!.value);
    await waterValue.fill(String(last - 5));
    await tap.getByRole('button', { name: 'Eingaben prüfen' }).click();
    await expect.poll(() => summary.textContent()).toContain(`Der Zählerstand ist niedriger als der letzte Stand von ${formatDe(last)} m³`);
    await waterValue.fill('99999');
    await tap.getByRole('button', { name: 'Eingaben prüfen' }).click();
    await expect.poll(() => summary.textContent()).toContain('Dieser Zählerstand ist nicht plausibel');
    expect(await summary.textContent()).toContain('Meine Anliegen');
    await expectAccessible(page, 'readings blocked value (de)');

    // Implausible but possible: confirmed with a comment and a photo, then followed in "Meine Anliegen".
    const [high] = await valuesFor(page, water!, 'warning');
    await waterValue.fill(formatDe(high!));
    await tap.getByRole('button', { name: 'Eingaben prüfen' }).click();
    const warningReview = tap.locator('.readings-review');
    await warningReview.waitFor();
    await warningReview.getByRole('heading', { name: 'Bitte bestätigen Sie diesen Zählerstand' }).waitFor();
    await expectAccessible(page, 'readings review with warning (de)');
    await screenshot(page, 'readings-warning-de');
    await shot(tap, 'readings-warning-card-de');
    await warningReview.getByRole('button', { name: 'Daten senden' }).click();
    const reviewSummary = warningReview.locator('.error-summary');
    await reviewSummary.waitFor();
    await expect.poll(() => isFocused(reviewSummary)).toBe(true);
    expect(await reviewSummary.textContent()).toContain('Bitte bestätigen Sie den Zählerstand mit einem kurzen Kommentar.');
    const comment = `Pool im Garten befüllt (${String(Date.now())})`;
    await warningReview.getByRole('textbox', { name: 'Ihr Kommentar' }).fill(comment);
    await warningReview.getByLabel('Foto des Zählers (optional)').setInputFiles({ name: 'wasserzaehler.png', mimeType: 'image/png', buffer: PNG });
    await warningReview.getByRole('button', { name: 'Daten senden' }).focus();
    await page.keyboard.press('Enter');
    const pending = tap.getByRole('status').filter({ hasText: 'Vielen Dank! Ihr Zählerstand ist bei uns eingegangen.' });
    await pending.waitFor();
    await expect.poll(() => isFocused(pending)).toBe(true);
    const reference = /A-\d{4}-\d{6}/.exec((await pending.textContent()) ?? '')?.[0];
    expect(reference).toBeDefined();
    expect(await pending.textContent()).toContain('Wir prüfen den Stand');
    await expectAccessible(page, 'readings pending review (de)');
    await screenshot(page, 'readings-pending-de');
    await expect.poll(async () => (await mails(page, LUKAS)).some((m) => m.subject.includes(reference!))).toBe(true);

    await pending.getByRole('link', { name: `Anliegen ${reference!} ansehen` }).click();
    await expect.poll(() => heading(page)).toBe('Anliegen');
    const main = page.locator('main');
    await main.getByRole('heading', { name: new RegExp(`Zähler ${water!.meterNumber}`) }).waitFor();
    expect(await main.textContent()).toContain(reference!);
    expect(await main.textContent()).toContain('Zählerstand');
    expect(await main.getByRole('link', { name: 'wasserzaehler.png' }).count()).toBe(1);
    await expectAccessible(page, 'reading request detail (de)');
    await context.close();
  });

  it('exchanged meter: old one read-only, new one with errors, an accepted and a confirmed reading (en, phone width)', async () => {
    const context = await newContext('en', 390);
    const page = await signedIn(context, EMILY, signInEn);
    await page.goto(`${baseUrl(TENANT)}/zaehlerstaende`);
    await expect.poll(() => heading(page)).toBe('Meter readings');
    await page.locator('section.readings-meter').first().waitFor();
    const meters = await metersOf(page);
    const removed = meters.find((m) => m.removedOn !== null);
    const current = meters.find((m) => m.division === 'electricity' && m.removedOn === null);
    const water = meters.find((m) => m.division === 'water' && m.selfReadingBlocked === null);
    expect(removed?.selfReadingBlocked).toBe('removed');
    expect(current && water).toBeTruthy();
    await expectAccessible(page, 'readings page (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'readings-en-mobile');

    // The old meter: removed, no entry, its history ends with the removal.
    const old = card(page, removed!);
    expect(await old.textContent()).toContain('This meter has been removed.');
    expect(await old.getByRole('button', { name: 'Check entries' }).count()).toBe(0);
    await old.getByRole('button', { name: /Reading history/ }).click();
    const oldFirst = old.locator('.readings-history tbody tr').first();
    await expect.poll(() => oldFirst.textContent()).toContain('Meter removed');

    // The new meter: compared only with its installation reading.
    const meter = card(page, current!);
    const value = field(meter, 'Meter reading in kWh');
    const installation = current!.registers[0]!.lastReading!;
    await value.fill('1,23');
    await meter.getByRole('button', { name: 'Check entries' }).click();
    const summary = meter.locator('.error-summary');
    await summary.waitFor();
    await expect.poll(() => summary.textContent()).toContain('Please enter at most 1 decimal.');
    await value.fill('1');
    await meter.getByRole('button', { name: 'Check entries' }).click();
    const installed = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${installation.readOn}T00:00:00Z`));
    await expect.poll(() => summary.textContent()).toContain(`The reading is lower than the last reading of ${formatEn(Number(installation.value))} kWh on ${installed}.`);
    await expectAccessible(page, 'readings errors (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'readings-errors-en-mobile');
    await shot(meter, 'readings-errors-card-en-mobile');
    await shot(old, 'readings-removed-card-en-mobile');

    const [plausible] = await valuesFor(page, current!, 'ok');
    await value.fill(formatEn(plausible!));
    await meter.getByRole('button', { name: 'Check entries' }).click();
    const review = meter.locator('.readings-review');
    await review.waitFor();
    expect(await review.locator('table').textContent()).toContain(`${formatEn(plausible!)} kWh`);
    await expectAccessible(page, 'readings review (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'readings-review-en-mobile');
    await shot(meter, 'readings-review-card-en-mobile');
    await review.getByRole('button', { name: 'Send data' }).click();
    const accepted = meter.getByRole('status').filter({ hasText: 'Thank you! We have received your meter reading.' });
    await accepted.waitFor();
    expect(await accepted.textContent()).toContain('We have accepted the reading');
    await expect.poll(async () => (await mails(page, EMILY)).some((m) => m.subject.startsWith('We have received your meter reading') && m.text.includes(current!.meterNumber))).toBe(true);

    // Water: implausible, confirmed with a comment only.
    const tap = card(page, water!);
    const [high] = await valuesFor(page, water!, 'warning');
    await field(tap, 'Meter reading in m³').fill(formatEn(high!));
    await tap.getByRole('button', { name: 'Check entries' }).click();
    const warning = tap.locator('.readings-review');
    await warning.getByRole('heading', { name: 'Please confirm this meter reading' }).waitFor();
    await expectAccessible(page, 'readings warning (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'readings-warning-en-mobile');
    await shot(tap, 'readings-warning-card-en-mobile');
    await warning.getByRole('textbox', { name: 'Your comment' }).fill(`Guests for three weeks (${String(Date.now())})`);
    await warning.getByRole('button', { name: 'Send data' }).click();
    const pending = tap.getByRole('status').filter({ hasText: 'Thank you! We have received your meter reading.' });
    await pending.waitFor();
    const reference = /A-\d{4}-\d{6}/.exec((await pending.textContent()) ?? '')?.[0];
    expect(reference).toBeDefined();
    await expectAccessible(page, 'readings pending (en)');
    await expectNoHorizontalScroll(page);

    await page.goto(`${baseUrl(TENANT)}/anliegen`);
    await expect.poll(() => heading(page)).toBe('My requests');
    const requestCard = page.locator('.request-card').filter({ hasText: reference! });
    await requestCard.waitFor();
    expect(await requestCard.textContent()).toContain('Received');
    expect(await requestCard.textContent()).toContain(water!.meterNumber);
    await context.close();
  });
});
