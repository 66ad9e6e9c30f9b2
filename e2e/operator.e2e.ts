// Operator console (/betrieb on the installation host): the demo operator signs in by keyboard with
// password and a computed authenticator code, sees every tenant, opens one, invites a member of its
// staff (the tenant mails the link), looks at the failed messages and the operator team and creates an
// invitation link for a new operator (German); the same console in English. Axe on every page visited.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot } from './browser.ts';
import { browserSuite, field, freshTotpCode, getJson, heading, isFocused, mails } from './helpers.ts';

const { newContext, open } = browserSuite('musterstadt');

interface DemoOperator {
  email: string;
  name: string;
  password: string;
  totpSecret: string;
}

async function demoOperator(page: Page): Promise<DemoOperator> {
  const accounts = await getJson<{ operators?: DemoOperator[] }>(page, '/dev/demo-accounts.json');
  const operator = accounts.operators?.[0];
  if (!operator) throw new Error('no demo operator');
  return operator;
}

async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');
}

describe('Operator console', () => {
  it('signs in by keyboard, shows all tenants, invites a member of a tenant’s staff and an operator (de)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/betrieb', { tenant: null });
    // Not signed in: the console sends to its sign-in page.
    await page.waitForURL(/\/betrieb\/anmelden$/);
    await expect.poll(() => heading(page)).toBe('Anmeldung Betrieb');
    await expectAccessible(page, 'operator: sign-in (de)');
    await screenshot(page, 'operator-sign-in-de');
    const operator = await demoOperator(page);

    // Keyboard only: e-mail, Tab, password, Enter; then the code, Enter.
    await field(page, 'E-Mail-Adresse').focus();
    await page.keyboard.type(operator.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(operator.password);
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('Code eingeben');
    await expectAccessible(page, 'operator: code step (de)');
    const code = field(page, 'Code aus der Authenticator-App');
    await page.keyboard.press('Tab');
    await expect.poll(() => isFocused(code)).toBe(true);
    await page.keyboard.type('000000');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, '.error-summary')).toContain('Der Code stimmt nicht');
    await code.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(await freshTotpCode(operator.totpSecret));
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('Mandanten');
    expect(await textOf(page, 'header')).toContain(operator.name);

    // The overview: every demo tenant with its figures.
    const table = page.getByRole('table', { name: /Mandanten$/ });
    await table.waitFor();
    for (const name of ['Stadtwerke Musterstadt', 'Stadtwerke Alpenstadt', 'Netz Nord']) {
      expect(await table.getByRole('rowheader', { name: new RegExp(name) }).count()).toBe(1);
    }
    const alpenstadt = table.getByRole('row', { name: /Stadtwerke Alpenstadt/ });
    expect(await alpenstadt.textContent()).toContain('Österreich');
    await expectAccessible(page, 'operator: overview (de)');
    await screenshot(page, 'operator-overview-de');

    // A tenant's staff: invite a new member; the tenant mails the link.
    await table.getByRole('link', { name: 'Stadtwerke Alpenstadt' }).click();
    await expect.poll(() => heading(page)).toBe('Mandant alpenstadt');
    const staffTable = page.getByRole('table');
    await staffTable.waitFor();
    expect(await staffTable.textContent()).toContain('leitung@stadtwerke-alpenstadt.example');
    await expectAccessible(page, 'operator: tenant (de)');
    const email = `neue.leitung.${String(Date.now())}@stadtwerke-alpenstadt.example`;
    await field(page, 'Name').fill('Nina Neu');
    await field(page, 'E-Mail-Adresse').fill(email);
    await page.getByLabel('Rolle', { exact: true }).selectOption('admin');
    await page.locator('main').getByRole('button', { name: 'Einladung senden' }).click();
    await page.getByRole('status').filter({ hasText: email }).waitFor();
    await expect.poll(async () => (await staffTable.textContent()) ?? '').toContain(email);
    await expect.poll(async () => (await mails(page, email)).some((m) => /\/backoffice\/einladung#/.test(m.text))).toBe(true);
    await screenshot(page, 'operator-tenant-de');

    // Failed messages of all tenants.
    await page.getByRole('navigation', { name: 'Navigation Betrieb' }).getByRole('link', { name: 'Fehlgeschlagene Nachrichten' }).click();
    await expect.poll(() => heading(page)).toBe('Fehlgeschlagene Nachrichten');
    await page.getByText(/Keine fehlgeschlagenen Nachrichten|fehlgeschlagene Nachricht/).first().waitFor();
    await expectAccessible(page, 'operator: failed messages (de)');

    // The operator team: an invitation link to hand over; nobody locks themselves.
    await page.getByRole('navigation', { name: 'Navigation Betrieb' }).getByRole('link', { name: 'Betriebsteam' }).click();
    await expect.poll(() => heading(page)).toBe('Betriebsteam');
    const team = page.getByRole('table');
    await team.waitFor();
    const me = team.getByRole('row', { name: new RegExp(operator.name) });
    expect(await me.getByRole('button').count()).toBe(0);
    await expectAccessible(page, 'operator: team (de)');
    await field(page, 'Name').fill('Olaf Operator');
    await field(page, 'E-Mail-Adresse').fill(`olaf.${String(Date.now())}@kundenportal.example`);
    await page.locator('main').getByRole('button', { name: 'Einladungslink erzeugen' }).click();
    const link = page.getByTestId('operator-invitation-link');
    await link.waitFor();
    expect(await link.textContent()).toMatch(/\/betrieb\/einladung#[A-Za-z0-9_-]{20,}$/);
    await expect.poll(async () => (await team.textContent()) ?? '').toContain('Olaf Operator');
    await expectAccessible(page, 'operator: team with link (de)');
    await screenshot(page, 'operator-team-de');

    // Signing out ends the session; the console asks to sign in again.
    await page.getByRole('banner').getByRole('button', { name: 'Abmelden' }).click();
    await expect.poll(() => heading(page)).toBe('Anmeldung Betrieb');
    expect(await textOf(page, 'main')).toContain('Sie haben sich abgemeldet.');
    await context.close();
  });

  it('works in English', async () => {
    const context = await newContext('en');
    const page = await open(context, '/betrieb/anmelden', { tenant: null });
    await expect.poll(() => heading(page)).toBe('Operations sign-in');
    await expectAccessible(page, 'operator: sign-in (en)');
    const operator = await demoOperator(page);
    await field(page, 'Email address').fill(operator.email);
    await field(page, 'Password').fill(operator.password);
    await page.locator('main').getByRole('button', { name: 'Continue', exact: true }).click();
    await field(page, 'Code from the authenticator app').fill(await freshTotpCode(operator.totpSecret));
    await page.locator('main').getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Tenants');
    await page.getByRole('table', { name: /tenants$/ }).waitFor();
    await expectAccessible(page, 'operator: overview (en)');
    await screenshot(page, 'operator-overview-en');
    await page.getByRole('link', { name: 'Netz Nord' }).first().click();
    await expect.poll(() => heading(page)).toBe('Tenant netz-nord');
    await page.getByRole('table').waitFor();
    await expectAccessible(page, 'operator: tenant (en)');
    await context.close();
  });
});
