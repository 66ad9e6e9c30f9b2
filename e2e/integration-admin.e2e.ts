// Back office, integration page (/backoffice/schnittstellen): an admin of Netz Nord creates an API
// client and sees its secret once (gone after a reload), revokes it after confirming; adds a webhook
// (a wrong URL first), sees its signing secret, sends a test event and opens the delivery log, edits
// its URL and event types by keyboard and renews its secret (shown once); the import runs are listed. Axe on the page. A clerk sees neither the nav entry nor the page.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot } from './browser.ts';
import { browserSuite, demoStaffMember, field, freshTotpCode, heading, section, type DemoStaff } from './helpers.ts';

const TENANT = 'netz-nord';

const { newContext, open } = browserSuite(TENANT);

async function staffSignIn(context: BrowserContext, role: DemoStaff['role']): Promise<Page> {
  const page = await open(context, '/backoffice/anmelden');
  const member = await demoStaffMember(page, TENANT, role);
  await field(page, 'E-Mail-Adresse').fill(member.email);
  await field(page, 'Passwort').fill(member.password);
  await page.locator('main').getByRole('button', { name: 'Weiter', exact: true }).click();
  await field(page, 'Code aus der Authenticator-App').fill(await freshTotpCode(member.totpSecret));
  await page.locator('main').getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect.poll(() => heading(page)).toBe('Übersicht');
  return page;
}

describe('Backoffice: Schnittstellen', () => {
  it('creates and revokes an API client, adds a webhook, sends a test event and shows its delivery log (de)', async () => {
    const page = await staffSignIn(await newContext('de'), 'admin');
    const nav = page.getByRole('navigation', { name: 'Backoffice-Navigation' });
    await nav.getByRole('link', { name: 'Schnittstellen', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Schnittstellen');

    // API client: nothing chosen first -> the form names both fields.
    const clients = section(page, 'API-Zugänge');
    await clients.waitFor();
    const clientName = `E2E-Abrechnung ${String(Date.now())}`;
    await clients.getByRole('button', { name: 'Zugang anlegen' }).click();
    const summary = clients.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Bitte geben Sie einen Namen ein');
    expect(await summary.textContent()).toContain('Bitte wählen Sie mindestens eine Berechtigung.');
    await field(clients, 'Name').fill(clientName);
    await clients.getByRole('checkbox', { name: /Kunden anlegen und ändern/ }).check();
    await clients.getByRole('checkbox', { name: /Zählerstände lesen/ }).check();
    await clients.getByRole('button', { name: 'Zugang anlegen' }).click();
    const secretBox = page.getByRole('region', { name: `Nur jetzt sichtbar: Client-Geheimnis für „${clientName}“` });
    await secretBox.waitFor();
    expect(await secretBox.textContent()).toContain('nicht noch einmal angezeigt');
    const secret = (await secretBox.getByTestId('one-time-secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    expect(await secretBox.getByRole('button', { name: 'Geheimnis kopieren' }).count()).toBe(1);
    const row = clients.getByRole('row').filter({ hasText: clientName });
    await row.waitFor();
    expect(await row.textContent()).toContain('customers:write');
    expect(await row.textContent()).toContain('readings:read');
    await expectAccessible(page, 'back office: integration with a new secret (de)');
    await screenshot(page, 'backoffice-integration-secret-de');

    // After a reload the secret is gone for good.
    await page.reload();
    await section(page, 'API-Zugänge').getByRole('row').filter({ hasText: clientName }).waitFor();
    expect(await page.getByTestId('one-time-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // Revoke, with a confirm step (cancel first).
    const revoke = section(page, 'API-Zugänge').getByRole('button', { name: `Zugang „${clientName}“ widerrufen` });
    await revoke.click();
    const dialog = page.getByRole('alertdialog', { name: 'API-Zugang widerrufen?' });
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await revoke.click();
    await dialog.getByRole('button', { name: 'Widerrufen' }).click();
    await section(page, 'API-Zugänge').getByRole('status').filter({ hasText: `Der API-Zugang „${clientName}“ ist widerrufen.` }).waitFor();
    await expect.poll(() => revoke.count()).toBe(0);

    // Webhook: a URL that is none, then the local test receiver.
    const hooks = section(page, 'Webhooks');
    await field(hooks, 'Adresse (URL)').fill('kein-link');
    await hooks.getByRole('button', { name: 'Webhook hinzufügen' }).click();
    await hooks.locator('.error-summary').waitFor();
    expect(await hooks.locator('.error-summary').textContent()).toContain('die mit https:// beginnt');
    expect(await hooks.locator('.error-summary').textContent()).toContain('mindestens ein Ereignis');
    expect(await field(hooks, 'Adresse (URL)').getAttribute('aria-invalid')).toBe('true');
    await field(hooks, 'Adresse (URL)').fill('http://localhost:9/hook');
    await field(hooks, 'Beschreibung').fill('E2E-Empfänger');
    await hooks.getByRole('checkbox', { name: /Zählerstand gemeldet/ }).check();
    await hooks.getByRole('button', { name: 'Webhook hinzufügen' }).click();
    await page.getByRole('region', { name: 'Nur jetzt sichtbar: Signaturgeheimnis für http://localhost:9/hook' }).waitFor();
    expect(await page.getByTestId('one-time-secret').textContent()).toMatch(/^whsec_/);

    await hooks.getByRole('button', { name: 'Testereignis an http://localhost:9/hook senden' }).first().click();
    await hooks.getByRole('status').filter({ hasText: 'Das Testereignis an http://localhost:9/hook ist eingereiht' }).waitFor();
    const showLog = hooks.getByRole('button', { name: 'Zustellprotokoll von http://localhost:9/hook anzeigen' }).first();
    expect(await showLog.getAttribute('aria-expanded')).toBe('false');
    await showLog.click();
    const log = hooks.getByRole('heading', { level: 4, name: 'Zustellprotokoll' }).first();
    await log.waitFor();
    expect(await hooks.getByRole('button', { name: 'Zustellprotokoll von http://localhost:9/hook ausblenden' }).first().getAttribute('aria-expanded')).toBe('true');

    // Edit the webhook by keyboard: a wrong URL is refused, then a new URL and one more event type.
    const firstSecret = (await page.getByTestId('one-time-secret').textContent()) ?? '';
    const newUrl = `http://localhost:9/hook-${String(Date.now())}`;
    const edit = hooks.getByRole('button', { name: 'Webhook http://localhost:9/hook bearbeiten' }).first();
    expect(await edit.getAttribute('aria-expanded')).toBe('false');
    await edit.focus();
    await page.keyboard.press('Enter');
    expect(await edit.getAttribute('aria-expanded')).toBe('true');
    const editor = hooks.locator('section', { has: page.getByRole('heading', { level: 4, name: 'Webhook bearbeiten: http://localhost:9/hook' }) }).first();
    await field(editor, 'Adresse (URL)').fill('ftp://kein-webhook');
    await editor.getByRole('button', { name: 'Änderungen speichern' }).click();
    await editor.locator('.error-summary').waitFor();
    expect(await editor.locator('.error-summary').textContent()).toContain('die mit https:// beginnt');
    await field(editor, 'Adresse (URL)').fill(newUrl);
    await editor.getByRole('checkbox', { name: /Anliegen eingegangen/ }).check();
    await field(editor, 'Beschreibung').focus();
    await page.keyboard.press('Enter');
    await hooks.getByRole('status').filter({ hasText: `Der Webhook an ${newUrl} ist gespeichert.` }).waitFor();
    const edited = hooks.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: newUrl }) });
    await edited.waitFor();
    expect(await edited.textContent()).toContain('Zählerstand gemeldet, Anliegen eingegangen');
    expect(await edited.getByRole('button', { name: `Webhook ${newUrl} bearbeiten` }).getAttribute('aria-expanded')).toBe('false');

    // Renew the signing secret (after confirming): the new one is shown once, and differs.
    await edited.getByRole('button', { name: `Signaturgeheimnis von ${newUrl} erneuern` }).click();
    await page.getByRole('alertdialog', { name: 'Signaturgeheimnis erneuern?' }).getByRole('button', { name: 'Erneuern' }).click();
    await page.getByRole('region', { name: `Nur jetzt sichtbar: Signaturgeheimnis für ${newUrl}` }).waitFor();
    const renewed = (await page.getByTestId('one-time-secret').textContent()) ?? '';
    expect(renewed).toMatch(/^whsec_/);
    expect(renewed).not.toBe(firstSecret);
    await hooks.getByRole('status').filter({ hasText: `Das Signaturgeheimnis von ${newUrl} ist erneuert.` }).waitFor();
    await expectAccessible(page, 'back office: integration after renewing a webhook secret (de)');
    await screenshot(page, 'backoffice-integration-renewed-de');

    // The import runs are listed (or the page says there are none).
    const imports = section(page, 'Importläufe');
    await imports.waitFor();
    await expect.poll(async () => (await imports.getByRole('table').count()) + (await imports.getByText('Noch keine Importläufe.').count())).toBe(1);

    await expectAccessible(page, 'back office: integration with the delivery log (de)');
    await screenshot(page, 'backoffice-integration-de');

    // Deactivate and delete the webhook again (with a confirm step).
    await hooks.getByRole('button', { name: `Webhook ${newUrl} deaktivieren` }).click();
    await hooks.getByRole('status').filter({ hasText: `Der Webhook an ${newUrl} ist deaktiviert.` }).waitFor();
    await hooks.getByRole('button', { name: `Webhook ${newUrl} löschen` }).click();
    await page.getByRole('alertdialog', { name: 'Webhook löschen?' }).getByRole('button', { name: 'Löschen' }).click();
    await hooks.getByRole('status').filter({ hasText: `Der Webhook an ${newUrl} ist gelöscht.` }).waitFor();
    await expect.poll(() => hooks.getByRole('button', { name: `Webhook ${newUrl} löschen` }).count()).toBe(0);
  });

  it('is for admins only: a clerk sees no nav entry and no controls', async () => {
    const page = await staffSignIn(await newContext('de'), 'clerk');
    const nav = page.getByRole('navigation', { name: 'Backoffice-Navigation' });
    expect(await nav.getByRole('link', { name: 'Schnittstellen' }).count()).toBe(0);
    await page.goto(page.url().replace(/\/backoffice.*$/, '/backoffice/schnittstellen'));
    await expect.poll(() => heading(page)).toBe('Schnittstellen');
    expect(await page.getByRole('button', { name: 'Zugang anlegen' }).count()).toBe(0);
    expect(await page.getByRole('textbox').count()).toBe(0);
  });
});
