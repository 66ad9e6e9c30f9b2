// GP-Nr letters (grid operator Netz Nord): two people ask for their GP-Nr, one with the address on
// file and one with another; the clerk prints the letters: one PDF with the matching request, which
// moves to "Versendet" with a link to the batch, while the other stays open with the reason. Axe on
// the page, German and English.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot } from './browser.ts';
import { browserSuite, demoStaffMember, field, freshTotpCode, heading, unregisteredCustomers } from './helpers.ts';

const TENANT = 'netz-nord';
const { newContext, open } = browserSuite(TENANT);

/** "Lindenweg 12a, 24103 Kiel" -> the form's parts. */
function addressParts(text: string): { street: string; houseNumber: string; postalCode: string; city: string } {
  const match = /^(.+) (\S+), (\d{5}) (.+)$/.exec(text);
  if (!match) throw new Error(`unexpected address ${text}`);
  return { street: match[1]!, houseNumber: match[2]!, postalCode: match[3]!, city: match[4]! };
}

async function requestGpNumber(page: Page, body: unknown): Promise<number> {
  return page.evaluate(async (payload) => {
    const response = await fetch('/api/v1/auth/gp-number-request', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    return response.status;
  }, body);
}

describe('GP-Nr letters', () => {
  it('prints a letter for the request that matches the customer and keeps the other open with the reason', async () => {
    const context = await newContext('de');
    const page = await open(context, '/backoffice/anmelden');
    const people = await unregisteredCustomers(page, TENANT, 3);
    const [match, other] = people.slice(-2);
    const matchAddress = match?.proof['Anschrift'];
    if (!match || !other || !matchAddress) throw new Error('not enough demo data');
    expect(await requestGpNumber(page, { name: match.name, address: addressParts(matchAddress), meterNumber: match.meterNumbers[0], email: 'gp.brief@example.org', locale: 'de' })).toBe(202);
    expect(
      await requestGpNumber(page, {
        name: other.name,
        address: { street: 'Falsche Straße', houseNumber: '1', postalCode: '99999', city: 'Irgendwo' },
        meterNumber: other.meterNumbers[0],
        email: 'gp.falsch@example.org',
        locale: 'de',
      }),
    ).toBe(202);

    const clerk = await demoStaffMember(page, TENANT, 'clerk');
    await field(page, 'E-Mail-Adresse').fill(clerk.email);
    await field(page, 'Passwort').fill(clerk.password);
    await page.locator('main').getByRole('button', { name: 'Weiter', exact: true }).click();
    await field(page, 'Code aus der Authenticator-App').fill(await freshTotpCode(clerk.totpSecret));
    await page.locator('main').getByRole('button', { name: 'Anmelden', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Übersicht');

    await page.getByRole('navigation', { name: /Backoffice/ }).getByRole('link', { name: 'GP-Nr.-Anfragen' }).click();
    await expect.poll(() => heading(page)).toBe('Anfragen nach der Geschäftspartnernummer');
    const openTable = page.getByRole('table', { name: /Offene Anfragen/ });
    await expect.poll(() => openTable.getByRole('rowheader', { name: match.name }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'backoffice gp letters (open)');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Briefe drucken (PDF)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^gp-nr-schreiben-.+\.pdf$/);
    await page.getByRole('status').filter({ hasText: /Briefe? erstellt und als versendet markiert/ }).waitFor();

    const sentTable = page.getByRole('table', { name: /Versendete Briefe/ });
    await expect.poll(() => sentTable.getByRole('rowheader', { name: match.name }).count()).toBeGreaterThan(0);
    const sentRow = sentTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: match.name }) }).first();
    expect(await sentRow.getByRole('link', { name: 'PDF erneut herunterladen' }).getAttribute('href')).toMatch(/^\/api\/v1\/backoffice\/gp-letters\//);
    const otherRow = openTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: other.name }) }).first();
    await expect.poll(async () => (await otherRow.textContent()) ?? '').toMatch(/Anschrift|Name|Zähler/);
    await expectAccessible(page, 'backoffice gp letters (printed)');
    await screenshot(page, 'backoffice-gp-letters-de');

    await page.locator('.language-switch__option', { hasText: 'English' }).click();
    await expect.poll(() => heading(page)).toBe('Requests for the business-partner number');
    await expectAccessible(page, 'backoffice gp letters (en)');
    await context.close();
  });
});
