// Back office settings (admins): an Alpenstadt admin changes the contact phone (a reload shows it),
// a too-light primary colour is refused with its contrast ratio, and the live test field of the
// customer-number format answers; uploads a logo (SVG and oversize files refused, a preview first)
// that the customer portal then shows, and removes it again; changes the imprint, which the portal's
// Impressum shows. Axe on the page (de, en). What it changes is restored at the end, except the
// demo's SVG logo (the back office takes no SVG): Alpenstadt shows its name afterwards.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, demoStaffMember, field, freshTotpCode, heading } from './helpers.ts';

// Not musterstadt: the musterstadt tests read its contact data and colours.
const TENANT = 'alpenstadt';

const { newContext, open } = browserSuite(TENANT);

function settingsSection(page: Page, name: string): Locator {
  return page.locator('section', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
}

const DE = { email: 'E-Mail-Adresse', password: 'Passwort', next: 'Weiter', code: 'Code aus der Authenticator-App', submit: 'Anmelden', home: 'Übersicht' };
const EN = { email: 'Email address', password: 'Password', next: 'Continue', code: 'Code from the authenticator app', submit: 'Sign in', home: 'Overview' };

async function adminSignIn(context: BrowserContext, labels: typeof DE): Promise<Page> {
  const page = await open(context, '/backoffice/anmelden');
  const admin = await demoStaffMember(page, TENANT, 'admin');
  await field(page, labels.email).fill(admin.email);
  await field(page, labels.password).fill(admin.password);
  await page.locator('main').getByRole('button', { name: labels.next, exact: true }).click();
  await field(page, labels.code).fill(await freshTotpCode(admin.totpSecret));
  await page.locator('main').getByRole('button', { name: labels.submit, exact: true }).click();
  await expect.poll(() => heading(page)).toBe(labels.home);
  return page;
}

describe('Backoffice settings', () => {
  it('saves the contact phone, refuses a too-light primary colour with its ratio, tests the number format (de)', async () => {
    const context = await newContext('de');
    const page = await adminSignIn(context, DE);

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
  it('uploads a logo the portal shows (SVG and oversize refused, preview first), removes it, and changes the imprint (de)', async () => {
    const context = await newContext('de');
    const page = await adminSignIn(context, DE);
    await page.goto(`${baseUrl(TENANT)}/backoffice/einstellungen`);
    await expect.poll(() => heading(page)).toBe('Einstellungen');
    const logo = settingsSection(page, 'Logo');
    const input = logo.getByLabel('Logo-Datei');
    await input.waitFor();

    // SVG and a file over 512 KB are refused before anything is sent, with the reason at the field.
    await input.setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
    await logo.getByText('SVG-Logos sind nicht erlaubt; bitte laden Sie PNG, JPEG oder WebP hoch.').first().waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await logo.getByRole('button', { name: 'Logo hochladen' }).click();
    await logo.locator('.error-summary').waitFor();
    await input.setInputFiles({ name: 'gross.png', mimeType: 'image/png', buffer: Buffer.alloc(600 * 1024, 1) });
    await logo.getByText('Die Datei ist 600 KB groß; erlaubt sind höchstens 512 KB.').first().waitFor();

    // A real PNG (a piece of this page): preview, then upload by keyboard.
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 160, height: 48 } });
    await input.setInputFiles({ name: 'stadtwerke.png', mimeType: 'image/png', buffer: png });
    await logo.getByRole('img', { name: 'Vorschau: stadtwerke.png' }).waitFor();
    expect(await input.getAttribute('aria-invalid')).toBeNull();
    await expectAccessible(page, 'back office settings: logo preview');
    await logo.getByRole('button', { name: 'Logo hochladen' }).focus();
    await page.keyboard.press('Enter');
    await logo.getByRole('status').filter({ hasText: 'Das Logo wurde gespeichert.' }).waitFor();
    const current = logo.getByRole('img', { name: 'Aktuelles Logo von Stadtwerke Alpenstadt' });
    await current.waitFor();
    const src = (await current.getAttribute('src')) ?? '';
    expect(src).toMatch(/^\/api\/v1\/tenant\/logo\?v=\d+$/);
    await screenshot(page, 'backoffice-settings-logo');

    // The customer portal shows the new logo at once (a new page of the same browser).
    const portal = await context.newPage();
    await portal.goto(`${baseUrl(TENANT)}/`);
    const brand = portal.getByRole('banner').getByRole('img', { name: 'Stadtwerke Alpenstadt' });
    await brand.waitFor();
    expect(await brand.getAttribute('src')).toBe(src);
    await expect.poll(() => brand.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(160);

    // Remove it again (after confirming): the portal shows the name.
    await logo.getByRole('button', { name: 'Logo entfernen' }).click();
    await page.getByRole('alertdialog', { name: 'Logo entfernen?' }).getByRole('button', { name: 'Entfernen' }).click();
    await logo.getByRole('status').filter({ hasText: 'Das Logo wurde entfernt.' }).waitFor();
    await logo.getByText('Es ist kein Logo hinterlegt; das Portal zeigt den Namen.').waitFor();
    await portal.reload();
    await portal.getByRole('banner').getByText('Stadtwerke Alpenstadt').first().waitFor();
    expect(await portal.getByRole('banner').getByRole('img').count()).toBe(0);

    // The imprint: an empty German text is refused, a changed one shows on the portal's Impressum.
    const legal = settingsSection(page, 'Rechtliche Texte');
    const imprint = legal.locator('fieldset', { has: page.getByText('Impressum', { exact: true }) });
    const imprintDe = field(imprint, 'Text (Deutsch)');
    const original = await imprintDe.inputValue();
    await imprintDe.fill('');
    await legal.getByRole('button', { name: 'Rechtliche Texte speichern' }).click();
    await legal.locator('.error-summary').filter({ hasText: 'Bitte geben Sie den deutschen Text an.' }).waitFor();
    const marker = `Aufsichtsbehörde: E-Control Austria (${String(Date.now())})`;
    await imprintDe.fill(`${original}\n\n${marker}`);
    await legal.getByRole('button', { name: 'Rechtliche Texte speichern' }).click();
    await legal.getByRole('status').filter({ hasText: 'Die rechtlichen Texte wurden gespeichert.' }).waitFor();
    await portal.goto(`${baseUrl(TENANT)}/impressum`);
    await portal.getByText(marker).waitFor();
    await expectAccessible(page, 'back office settings after the logo and imprint');

    await imprintDe.fill(original);
    await legal.getByRole('button', { name: 'Rechtliche Texte speichern' }).click();
    await legal.getByRole('status').filter({ hasText: 'Die rechtlichen Texte wurden gespeichert.' }).waitFor();
    await context.close();
  });

  it('is readable and usable in English: name and address, logo and legal texts (en)', async () => {
    const context = await newContext('en');
    const page = await adminSignIn(context, EN);
    await page.getByRole('navigation', { name: 'Back-office navigation' }).getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => heading(page)).toBe('Settings');
    const general = settingsSection(page, 'Name and address');
    const postalCode = field(general, 'Postcode');
    await postalCode.waitFor();
    const originalCode = await postalCode.inputValue();
    await postalCode.fill('12');
    await general.getByRole('button', { name: 'Save name and address' }).click();
    await general.locator('.error-summary').filter({ hasText: 'Please give a postcode of 4 or 5 digits.' }).waitFor();
    expect(await postalCode.getAttribute('aria-invalid')).toBe('true');
    await postalCode.fill(originalCode);
    await general.getByRole('button', { name: 'Save name and address' }).click();
    await general.getByRole('status').filter({ hasText: 'Name and address have been saved.' }).waitFor();

    const logo = settingsSection(page, 'Logo');
    await logo.getByLabel('Logo file').setInputFiles({ name: 'logo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
    await logo.getByText('The file is not a PNG, JPEG or WebP image.').first().waitFor();
    await settingsSection(page, 'Legal texts').getByRole('group', { name: 'Privacy notice' }).waitFor();
    await expectAccessible(page, 'back office settings (en)');
    await screenshot(page, 'backoffice-settings-en');
    await context.close();
  });
  it('adds a document type by keyboard, refuses a bad code and deleting a type in use, removes the new one (de)', async () => {
    const context = await newContext('de');
    const page = await adminSignIn(context, DE);
    await page.goto(`${baseUrl(TENANT)}/backoffice/einstellungen`);
    const types = settingsSection(page, 'Dokumentarten');
    await types.getByRole('group', { name: /^Dokumentart 1: Jahresabrechnung$/ }).waitFor();
    const before = await types.getByRole('group').count();

    const add = types.getByRole('button', { name: 'Dokumentart hinzufügen' });
    await add.focus();
    await page.keyboard.press('Enter');
    await types.getByRole('group', { name: `Dokumentart ${String(before + 1)}: neu` }).waitFor();
    // The legend follows what is typed; the new row is the last group.
    const row = types.getByRole('group').nth(before);
    const code = field(row, 'Code');
    await expect.poll(() => code.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Sperre!');
    await types.getByRole('button', { name: 'Dokumentarten speichern' }).click();
    const summary = types.locator('.error-summary');
    await summary.filter({ hasText: 'Bitte 2 bis 40 Zeichen aus Kleinbuchstaben' }).waitFor();
    expect(await summary.textContent()).toContain('Bitte geben Sie die deutsche Bezeichnung an.');
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    await code.fill('sperrankuendigung');
    await field(row, 'Bezeichnung (Deutsch)').fill('Sperrankündigung');
    const named = types.getByRole('group', { name: `Dokumentart ${String(before + 1)}: Sperrankündigung` });
    await named.waitFor();
    await named.getByLabel('Gehört zur Art').selectOption({ label: 'Mitteilung' });
    await named.getByRole('checkbox', { name: /per E-Mail über neue Dokumente/ }).check();
    await types.getByRole('button', { name: 'Dokumentarten speichern' }).click();
    await types.getByRole('status').filter({ hasText: 'Die Dokumentarten wurden gespeichert.' }).waitFor();
    expect(await field(named, 'Code').getAttribute('readonly')).not.toBeNull();
    await expectAccessible(page, 'back office settings: document types');
    await screenshot(page, 'backoffice-settings-document-types');

    // The annual bill is in use: removing it is refused with the number of documents.
    await types.getByRole('button', { name: 'Dokumentart Jahresabrechnung entfernen' }).click();
    await types.getByRole('button', { name: 'Dokumentarten speichern' }).click();
    await summary.filter({ hasText: /Die Dokumentart „jahresabrechnung“ kann nicht gelöscht werden: \d+ Dokumente? verwende?n? sie\./ }).waitFor();
    await expectAccessible(page, 'back office settings: document type in use');

    // Start again from the saved list and remove the new type.
    await page.reload();
    await settingsSection(page, 'Dokumentarten').getByRole('button', { name: 'Dokumentart Sperrankündigung entfernen' }).click();
    await settingsSection(page, 'Dokumentarten').getByRole('button', { name: 'Dokumentarten speichern' }).click();
    await settingsSection(page, 'Dokumentarten').getByRole('status').filter({ hasText: 'Die Dokumentarten wurden gespeichert.' }).waitFor();
    expect(await settingsSection(page, 'Dokumentarten').getByRole('group').count()).toBe(before);
    await context.close();
  });
});
