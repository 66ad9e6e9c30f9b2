// Back office settings (admins): an Alpenstadt admin changes the contact phone (a reload shows it),
// a too-light primary colour is refused with its contrast ratio, and the live test field of the
// customer-number format answers. Axe on the page. What it changes is restored at the end.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot } from './browser.ts';
import { browserSuite, demoStaffMember, field, freshTotpCode, heading } from './helpers.ts';

// Not musterstadt: the musterstadt tests read its contact data and colours.
const TENANT = 'alpenstadt';

const { newContext, open } = browserSuite(TENANT);

function settingsSection(page: Page, name: string): Locator {
  return page.locator('section', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
}

describe('Backoffice settings', () => {
  it('saves the contact phone, refuses a too-light primary colour with its ratio, tests the number format (de)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/backoffice/anmelden');
    const admin = await demoStaffMember(page, TENANT, 'admin');
    await field(page, 'E-Mail-Adresse').fill(admin.email);
    await field(page, 'Passwort').fill(admin.password);
    await page.locator('main').getByRole('button', { name: 'Weiter', exact: true }).click();
    await field(page, 'Code aus der Authenticator-App').fill(await freshTotpCode(admin.totpSecret));
    await page.locator('main').getByRole('button', { name: 'Anmelden', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Übersicht');

    await page.getByRole('navigation', { name: 'Backoffice-Navigation' }).getByRole('link', { name: 'Einstellungen' }).click();
    await expect.poll(() => heading(page)).toBe('Einstellungen');
    const contact = settingsSection(page, 'Kontaktdaten');
    const phone = field(contact, 'Telefonnummer');
    await phone.waitFor();
    await expectAccessible(page, 'back office settings');

    // The contact phone: saved, and still there after a reload.
    const originalPhone = await phone.inputValue();
    const newPhone = '+43 512 4711-0';
    await phone.fill(newPhone);
    await contact.getByRole('button', { name: 'Kontaktdaten speichern' }).click();
    await contact.getByRole('status').filter({ hasText: 'Die Kontaktdaten wurden gespeichert.' }).waitFor();
    await page.reload();
    await expect.poll(() => field(settingsSection(page, 'Kontaktdaten'), 'Telefonnummer').inputValue()).toBe(newPhone);

    // A too-light primary colour: the live hint warns, the server refuses and names the ratio.
    const branding = settingsSection(page, 'Farben');
    const primary = field(branding, 'Primärfarbe (#rrggbb)');
    const originalPrimary = await primary.inputValue();
    await primary.fill('#ffdd55');
    await branding.getByText(/Kontrast zu Weiß: 1,\d+:1 – zu gering/).waitFor();
    await branding.getByRole('button', { name: 'Farben speichern' }).click();
    const refused = branding.getByRole('alert').filter({ hasText: /beträgt nur 1,\d+:1; nötig sind mindestens 4,5:1/ });
    await refused.first().waitFor();
    expect(await primary.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => primary.evaluate((el) => el.getAttribute('aria-describedby') ?? '')).not.toBe('');
    const described = await primary.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(described).toMatch(/beträgt nur 1,\d+:1/);
    expect(await primary.inputValue()).toBe('#ffdd55');

    // The live test of the customer-number format answers politely, without saving.
    const numbers = settingsSection(page, 'Format der Kundennummer');
    const example = await field(numbers, 'Beispiel').inputValue();
    const tester = field(numbers, 'Nummer testen');
    await tester.fill(example);
    await numbers.getByRole('status').filter({ hasText: 'Passt zum Muster' }).waitFor();
    await tester.fill('x!');
    await numbers.getByRole('status').filter({ hasText: 'Passt nicht zum Muster' }).waitFor();
    await expectAccessible(page, 'back office settings with messages');
    await screenshot(page, 'backoffice-settings');

    // Restore: the phone (the colour was refused, so nothing changed there).
    await primary.fill(originalPrimary);
    const phoneAgain = field(settingsSection(page, 'Kontaktdaten'), 'Telefonnummer');
    await phoneAgain.fill(originalPhone);
    await settingsSection(page, 'Kontaktdaten').getByRole('button', { name: 'Kontaktdaten speichern' }).click();
    await settingsSection(page, 'Kontaktdaten').getByRole('status').filter({ hasText: 'Die Kontaktdaten wurden gespeichert.' }).waitFor();
    await context.close();
  });
});
