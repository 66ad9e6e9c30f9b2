// Abschlag: a household with two linked accounts changes its electricity instalment outside and
// within the limits (Musterstadt, German, keyboard) and a business customer does so on a phone-sized
// screen (Alpenstadt, English); the change shows as pending and in "Meine Anliegen"; axe on every state.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, customerNumbersOf, DEMO_PASSWORD, expectNoHorizontalScroll, field, heading, isFocused, mails, signIn, signInEn, type SignInLabels } from './helpers.ts';

const BAUER = 'michael.bauer@example.org';
const HOFER = 'office.hofer@example.com';

const { newContext, open } = browserSuite('musterstadt');

async function signedIn(context: BrowserContext, tenant: string, email: string, labels?: SignInLabels): Promise<Page> {
  const page = await open(context, '/anmelden', { tenant });
  await signIn(page, email, DEMO_PASSWORD, labels);
  await page.waitForURL(/\/(uebersicht|konto-waehlen)$/);
  return page;
}

/** The text of an element with non-breaking spaces (as Intl puts before "€") as plain ones. */
async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');
}

/** "85,50 €" -> 8550 */
function cents(text: string): number {
  const match = /(\d{1,3}(?:\.\d{3})*),(\d{2})/.exec(text);
  if (!match) throw new Error(`no amount in ${text}`);
  return Number(match[1]!.replace(/\./g, '')) * 100 + Number(match[2]);
}

describe('Abschlag', () => {
  it('shows the instalments with recommendation and due dates, refuses amounts outside the limits and sends a change within them (de, keyboard)', async () => {
    const context = await newContext('de');
    const page = await signedIn(context, 'musterstadt', BAUER);
    const [own] = await customerNumbersOf(page, 'musterstadt', BAUER);
    // Their own account (the login remembers the last one chosen).
    if (page.url().endsWith('/konto-waehlen')) {
      await page.getByRole('button', { name: `Kundenkonto ${own!} wählen` }).click();
      await page.waitForURL('**/uebersicht');
    }
    await page.goto(new URL('/mein-zugang', page.url()).toString());
    await page.getByRole('heading', { name: 'Ihre Kundenkonten' }).waitFor();
    const switchTo = page.getByRole('button', { name: `Zu Kundenkonto ${own!} wechseln` });
    if ((await switchTo.count()) > 0) {
      await switchTo.click();
      await page.getByRole('status').filter({ hasText: own! }).waitFor();
    }
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Abschlag', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Abschlag');
    const power = page.locator('section', { has: page.getByRole('heading', { level: 2, name: /^Strom · Vertrag / }) });
    await power.waitFor();
    const powerText = await textOf(power);
    expect(powerText).toContain('Monatlicher Abschlag');
    expect(powerText).toMatch(/jeweils am \d+\. eines Monats/);
    expect(powerText).toMatch(/Unsere Empfehlung: \d+,00 € monatlich/);
    const current = cents(/Monatlicher Abschlag([\d.,]+ €)/.exec(powerText)?.[1] ?? '');
    const due = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Fälligkeiten und Gesamtabschlag' }) });
    expect(await due.getByRole('table').getByRole('row').count()).toBeGreaterThan(1);
    expect(await textOf(due)).toMatch(/Gesamtabschlag pro Monat: [\d.]+,\d\d €/);
    await expectAccessible(page, 'instalments (de)');

    // How the recommendation was computed, behind a disclosure.
    await power.getByRole('button', { name: 'So haben wir gerechnet' }).click();
    const calculation = power.locator('.instalments-calculation');
    await calculation.waitFor();
    expect(await textOf(calculation)).toMatch(/kWh × [\d,]+ ct\/kWh = [\d.,]+ €/);
    await expectAccessible(page, 'instalments: calculation (de)');
    await screenshot(page, 'instalments-de');

    // Open the form with the keyboard.
    const toggle = power.getByRole('button', { name: 'Abschlag ändern' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    const amount = field(power, 'Gewünschter Abschlagsbetrag (€)');
    await amount.waitFor();
    const submit = power.getByRole('button', { name: 'Änderung beantragen' });
    await expectAccessible(page, 'instalment change form (de)');

    // Nothing filled in: amount and comment are required (the date is prefilled with the next due date).
    expect(await field(power, 'Gewünschtes Änderungsdatum').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await submit.focus();
    await page.keyboard.press('Enter');
    const summary = power.locator('.error-summary');
    await summary.waitFor();
    await expect.poll(() => isFocused(summary)).toBe(true);
    expect(await textOf(summary)).toContain('Bitte geben Sie den gewünschten Abschlag in Euro ein.');
    expect(await textOf(summary)).toContain('Bitte begründen Sie kurz die Änderung');

    // Too high and too low: the message names the allowed range in euros.
    const max = Math.floor(current * 2);
    await amount.fill('1.085,00 €');
    await field(power, 'Änderungskommentar').fill('Neue Wärmepumpe ab März');
    await submit.click();
    await expect.poll(() => textOf(summary)).toContain('Der gewünschte Abschlag ist zu hoch.');
    expect(await textOf(summary)).toContain(`${(max / 100).toFixed(2).replace('.', ',')} €`);
    await amount.fill('10');
    await submit.click();
    await expect.poll(() => textOf(summary)).toContain('Der gewünschte Abschlag ist zu niedrig.');
    await expectAccessible(page, 'instalment change: outside the limits (de)');
    await screenshot(page, 'instalments-too-low-de');

    // A date before the next due date is explained.
    const date = field(power, 'Gewünschtes Änderungsdatum');
    const earliest = await date.inputValue();
    await amount.fill('');
    await amount.pressSequentially(`${String(Math.round(current / 100) + 8)},50`);
    await date.fill('2020-01-01');
    await submit.click();
    await expect.poll(() => textOf(summary)).toContain('Eine Änderung ist frühestens ab der nächsten Fälligkeit am');
    await date.fill(earliest);
    await submit.focus();
    await page.keyboard.press('Enter');

    const success = power.getByRole('status').filter({ hasText: 'Vielen Dank, wir haben Ihren Änderungswunsch erhalten.' });
    await success.waitFor();
    await expect.poll(() => isFocused(success)).toBe(true);
    const reference = /A-\d{4}-\d{6}/.exec(await textOf(success))?.[0];
    expect(reference).toBeDefined();
    expect(await power.getByRole('button', { name: 'Abschlag ändern' }).count()).toBe(0);
    await expectAccessible(page, 'instalment change: sent (de)');
    await screenshot(page, 'instalments-sent-de');
    await expect.poll(async () => (await mails(page, BAUER)).some((m) => m.subject.includes(reference!))).toBe(true);

    // Later: the change is pending, and a second one cannot be sent.
    await page.reload();
    await power.waitFor();
    await expect.poll(() => textOf(power)).toMatch(/Ihre Änderung vom [\d.]+ ist in Bearbeitung: [\d.]+,50 € ab/);
    expect(await textOf(power)).toContain(reference!);
    expect(await power.getByRole('button', { name: 'Abschlag ändern' }).count()).toBe(0);
    await expectAccessible(page, 'instalments with a pending change (de)');

    // "Meine Anliegen" lists it with its status.
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Anliegen' }).click();
    await expect.poll(() => heading(page)).toBe('Meine Anliegen');
    const card = page.locator('.request-card').filter({ hasText: reference! });
    await card.waitFor();
    expect(await textOf(card)).toContain('Abschlagsänderung');
    expect(await textOf(card)).toContain('Eingegangen');
    expect(await textOf(card)).toMatch(/Abschlagsänderung Strom \(Vertrag \d+\): [\d.]+,50 € ab/);
    await context.close();
  });

  it('changes a business customer\u2019s instalment on a phone-sized screen after a too-low amount (en)', async () => {
    const context = await newContext('en', 390);
    const page = await signedIn(context, 'alpenstadt', HOFER, signInEn);
    await page.goto(`${baseUrl('alpenstadt')}/abschlag`);
    await expect.poll(() => heading(page)).toBe('Instalments');
    const power = page.locator('section', { has: page.getByRole('heading', { level: 2, name: /^Electricity · contract / }) });
    await power.waitFor();
    const text = await textOf(power);
    expect(text).toMatch(/Our recommendation: €[\d,]+\.00 a month/);
    const current = Number((/Monthly instalment€([\d,]+\.\d\d)/.exec(text)?.[1] ?? '').replace(/,/g, ''));
    expect(current).toBeGreaterThan(0);
    await expectAccessible(page, 'instalments (en)');
    await expectNoHorizontalScroll(page);

    await power.getByRole('button', { name: 'Change instalment' }).click();
    const amount = field(power, 'Instalment you would like (€)');
    await amount.fill(String(Math.floor(current / 2)));
    await field(power, 'Reason for the change').fill('Workshop closed on Fridays from next month');
    await power.getByRole('button', { name: 'Ask for the change' }).click();
    const summary = power.locator('.error-summary');
    await expect.poll(() => textOf(summary)).toContain('The instalment you entered is too low.');
    await expectAccessible(page, 'instalment change: too low (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'instalments-too-low-en-mobile');

    await amount.fill((current + 20).toFixed(2));
    await power.getByRole('button', { name: 'Ask for the change' }).click();
    const success = power.getByRole('status').filter({ hasText: 'Thank you, we have received your change request.' });
    await success.waitFor();
    const reference = /A-\d{4}-\d{6}/.exec(await textOf(success))?.[0];
    expect(reference).toBeDefined();
    await expectAccessible(page, 'instalment change: sent (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'instalments-sent-en-mobile');

    await success.getByRole('link', { name: `View request ${reference!}` }).click();
    await expect.poll(() => heading(page)).toBe('Request');
    await page.locator('main').getByRole('heading', { name: /^Instalment change, electricity/ }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Received');
    await expectNoHorizontalScroll(page);
    await context.close();
  });
});
