// Übersicht: the start page of a signed-in customer with its consumption points (switch between
// them), balance, next instalment, new documents, open requests and quick actions; de and en, axe,
// keyboard, phone width.
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot } from './browser.ts';
import { browserSuite, DEMO_PASSWORD, expectNoHorizontalScroll, heading, signIn, signInEn } from './helpers.ts';

const { newContext, open } = browserSuite('musterstadt');

describe('Übersicht', () => {
  it('shows a company with two consumption points and switches between them (de, keyboard)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/anmelden');
    await signIn(page, 'buchhaltung.krause@example.com', DEMO_PASSWORD);
    await page.waitForURL('**/uebersicht', { timeout: 20_000 }).catch(async (error: unknown) => {
      await screenshot(page, 'overview-landing-failed');
      throw new Error(`still at ${page.url()}: ${String(error)}`);
    });
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Übersicht', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Übersicht');
    const main = page.locator('main');
    await main.getByRole('heading', { name: 'Kontostand' }).waitFor();
    for (const name of ['Schnellzugriff', 'Nächster Abschlag', 'Neue Dokumente', 'Offene Anliegen']) {
      expect(await main.getByRole('heading', { name }).count()).toBe(1);
    }
    for (const name of ['Zählerstand melden', 'Abschlag ändern', 'Nachricht senden']) {
      expect(await main.getByRole('link', { name }).count()).toBe(1);
    }
    const premise = page.getByLabel(/Verbrauchsstelle wählen/);
    const options = await premise.locator('option').allTextContents();
    expect(options).toHaveLength(2);
    const firstHeading = await main.getByRole('heading', { name: /^Verbrauchsstelle / }).textContent();
    expect(firstHeading).toContain(options[0]!);
    await expectAccessible(page, 'overview (de)');
    await screenshot(page, 'overview-de');

    // Keyboard: choose the second consumption point.
    await premise.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => main.getByRole('heading', { name: /^Verbrauchsstelle / }).textContent()).toContain(options[1]!);
    expect(await main.getByText('Zählernummer').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'overview, second consumption point (de)');
    await context.close();
  });

  it('works on a phone-sized screen with the menu button (en)', async () => {
    const context = await newContext('en', 390);
    const page = await open(context, '/anmelden');
    await signIn(page, 'emily.clarke@example.org', DEMO_PASSWORD, signInEn);
    await page.waitForURL('**/uebersicht');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    const menu = nav.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Overview', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Overview');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await page.locator('main').getByRole('heading', { name: 'Open requests' }).waitFor();
    expect(await page.locator('main').getByText('Meter number').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'overview (en, phone)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'overview-en-mobile');
    await context.close();
  });
});
