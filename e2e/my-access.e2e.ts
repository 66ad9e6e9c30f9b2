// Mein Zugang: linking another customer account and unlinking it again, with an axe check on
// every state.
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot } from './browser.ts';
import { browserSuite, DEMO_PASSWORD, escapeAndReopen, field, signIn, toMyAccess, unregisteredCustomers } from './helpers.ts';

const TENANT = 'musterstadt';
const { newContext, open } = browserSuite(TENANT);

describe('Mein Zugang', () => {
  it('links another customer account and unlinks it again (de, keyboard)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/anmelden');
    await signIn(page, 'anna.schmidt@example.com', DEMO_PASSWORD);
    await toMyAccess(page);
    const customers = await unregisteredCustomers(page, TENANT, 4);
    // The last ones: the registration tests use the first.
    const customer = customers.at(-1)!;
    const wrong = customers.at(-2)!;
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Kundenkonto verknüpfen' }) });
    await section.waitFor();

    // Numbers that do not belong together.
    await field(section, 'Kundennummer').fill(customer.customerNumber);
    await field(section, 'Zählernummer').fill(wrong.meterNumbers[0]!);
    await section.getByRole('button', { name: 'Kundenkonto verknüpfen' }).click();
    await section.locator('.error-summary').waitFor();
    await expectAccessible(page, 'link account: numbers do not match (de)');

    await field(section, 'Zählernummer').fill(customer.meterNumbers[0]!);
    await section.getByRole('button', { name: 'Kundenkonto verknüpfen' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: `Das Kundenkonto ${customer.customerNumber} ist jetzt verknüpft.` }).count())
      .toBe(1);
    const cards = page.locator('.account-card');
    await expect.poll(() => cards.filter({ hasText: customer.customerNumber }).count()).toBe(1);
    await expectAccessible(page, 'account linked (de)');

    // Unlinking asks first; Escape cancels, the keyboard confirms.
    const unlink = page.getByRole('button', { name: `Verknüpfung aufheben für Kundennummer ${customer.customerNumber}` });
    await unlink.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(customer.customerNumber);
    await expectAccessible(page, 'unlink confirmation (de)');
    await screenshot(page, 'my-access-unlink-dialog-de');
    await escapeAndReopen(page, dialog, unlink);
    await dialog.getByRole('button', { name: 'Verknüpfung aufheben' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: `Die Verknüpfung mit dem Kundenkonto ${customer.customerNumber} ist aufgehoben.` }).count())
      .toBe(1);
    await expect.poll(() => cards.filter({ hasText: customer.customerNumber }).count()).toBe(0);
    await expectAccessible(page, 'account unlinked (de)');
    await context.close();
  });
});
