// The public portal as a person sees it: branded tenant pages in German and English, the tenant
// chooser, 404s, keyboard use, and an axe WCAG 2.1 AA check on every page.
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, expectNoHorizontalScroll } from './helpers.ts';

const { newContext, open, watch } = browserSuite('musterstadt');

describe('tenant portal (Stadtwerke Musterstadt)', () => {
  it('shows the branded German start page', async () => {
    const context = await newContext('de');
    const page = await open(context, '/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Willkommen im Kundenportal der Stadtwerke Musterstadt');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.title()).toContain('Stadtwerke Musterstadt');
    expect(await page.getByRole('heading', { name: 'Wo finde ich meine Kundennummer?' }).count()).toBe(1);
    expect(await page.locator('body').textContent()).toContain('41234567');
    const primary = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand-primary').trim());
    expect(primary).toMatch(/^#[0-9a-f]{6}$/i);
    await expectAccessible(page, 'musterstadt start (de)');
    await screenshot(page, 'musterstadt-start-de');
    await context.close();
  });

  it('switches to English with the keyboard and remembers it', async () => {
    const context = await newContext('de');
    const page = await open(context, '/');
    const english = page.getByRole('radio', { name: 'English' });
    await english.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Stadtwerke Musterstadt');
    await page.reload();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    await expectAccessible(page, 'musterstadt start (en)');
    await screenshot(page, 'musterstadt-start-en');
    await context.close();
  });

  for (const locale of ['de', 'en'] as const) {
    it(`serves imprint, privacy and accessibility statement (${locale})`, async () => {
      const context = await newContext(locale);
      const page = watch(await context.newPage());
      for (const path of ['/impressum', '/datenschutz', '/barrierefreiheit']) {
        await page.goto(`${baseUrl('musterstadt')}${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await expect.poll(() => page.locator('main').textContent()).not.toContain(locale === 'de' ? 'Wird geladen' : 'Loading');
        await expectAccessible(page, `${path} (${locale})`);
      }
      await context.close();
    });
  }

  it('answers an unknown path with an accessible 404 page', async () => {
    const context = await newContext('de');
    const page = await open(context, '/gibt-es-nicht');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Seite nicht gefunden');
    await expectAccessible(page, '404 page');
    await context.close();
  });

  it('offers a skip link as the first stop of the keyboard', async () => {
    const context = await newContext('de');
    const page = await open(context, '/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Zum Inhalt springen');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
    await context.close();
  });

  it('works on a phone-sized screen', async () => {
    const context = await newContext('de', 375);
    const page = await open(context, '/');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, 'start page at 375 px');
    await screenshot(page, 'musterstadt-start-mobile');
    await context.close();
  });
});

describe('other hosts', () => {
  it("brands Stadtwerke Alpenstadt with its own name and colours", async () => {
    const context = await newContext('de');
    const page = await open(context, '/');
    const musterstadt = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand-primary').trim());
    await page.goto(`${baseUrl('alpenstadt')}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Stadtwerke Alpenstadt');
    const alpenstadt = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand-primary').trim());
    expect(alpenstadt).not.toBe(musterstadt);
    await expectAccessible(page, 'alpenstadt start');
    await screenshot(page, 'alpenstadt-start-de');
    await context.close();
  });

  it('shows the tenant chooser with demo logins on bare localhost', async () => {
    const context = await newContext('de');
    const page = await open(context, '/', { tenant: null });
    await expect.poll(() => page.locator('main').textContent()).toContain('Stadtwerke Musterstadt');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Stadtwerke Alpenstadt');
    expect(await page.getByRole('link', { name: /Stadtwerke Musterstadt/ }).first().getAttribute('href')).toContain('musterstadt.localhost');
    await expectAccessible(page, 'tenant chooser');
    await screenshot(page, 'chooser-de');
    await context.close();
  });

  it('never shows a tenant on an unknown host', async () => {
    const context = await newContext('de');
    const page = watch(await context.newPage());
    const response = await page.goto(`${baseUrl('niemand')}/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toContain('Kein Kundenportal unter dieser Adresse');
    await expectAccessible(page, 'unknown host');
    await context.close();
  });

  it('lists mails in the dev mailbox and serves the API docs', async () => {
    const context = await newContext('de');
    const page = await context.newPage();
    await page.goto(`${baseUrl('musterstadt')}/dev/mailbox`);
    expect(await page.locator('h1').textContent()).toContain('Postfach');
    await expectAccessible(page, 'dev mailbox');
    const docs = await page.goto(`${baseUrl()}/api/docs`);
    expect(docs?.status()).toBe(200);
    await page.locator('.swagger-ui .info').first().waitFor();
    await context.close();
  });
});
