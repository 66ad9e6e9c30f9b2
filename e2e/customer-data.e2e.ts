// Persönliche Daten: contact data changed at once and a billing address change with a wrong and the
// right password, both followed in "Meine Anliegen" (Musterstadt, German, keyboard), and the same for
// a business customer on a phone-sized screen (Alpenstadt, English, Austrian postal code); axe on
// every state.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, customerNumbersOf, DEMO_PASSWORD, expectNoHorizontalScroll, field, heading, isFocused, mails, section, signIn, signInEn, type SignInLabels } from './helpers.ts';

const BAUER = 'michael.bauer@example.org';
const HOFER = 'office.hofer@example.com';

const { newContext, open } = browserSuite('musterstadt');

async function signedIn(context: BrowserContext, tenant: string, email: string, labels?: SignInLabels): Promise<Page> {
  const page = await open(context, '/anmelden', { tenant });
  await signIn(page, email, DEMO_PASSWORD, labels);
  await page.waitForURL(/\/(uebersicht|konto-waehlen)$/);
  return page;
}

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');
}

function referenceIn(text: string): string {
  const reference = /A-\d{4}-\d{6}/.exec(text)?.[0];
  if (!reference) throw new Error(`no reference in ${text}`);
  return reference;
}

describe('Persönliche Daten', () => {
  it('changes the contact data at once and asks for a new billing address with the password; both show in Meine Anliegen (de, keyboard)', async () => {
    const context = await newContext('de');
    const page = await signedIn(context, 'musterstadt', BAUER);
    const [, weber] = await customerNumbersOf(page, 'musterstadt', BAUER);
    // The second linked account (Petra Weber's): the changes belong to the account being worked on.
    if (page.url().endsWith('/konto-waehlen')) {
      await page.getByRole('button', { name: `Kundenkonto ${weber!} wählen` }).click();
      await page.waitForURL('**/uebersicht');
    }
    await page.goto(new URL('/mein-zugang', page.url()).toString());
    await page.getByRole('heading', { name: 'Ihre Kundenkonten' }).waitFor();
    const switchTo = page.getByRole('button', { name: `Zu Kundenkonto ${weber!} wechseln` });
    if ((await switchTo.count()) > 0) {
      await switchTo.click();
      await page.getByRole('status').filter({ hasText: weber! }).waitFor();
    }
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Persönliche Daten' }).click();
    await expect.poll(() => heading(page)).toBe('Persönliche Daten');
    const onFile = section(page, 'Ihre Daten');
    await onFile.waitFor();
    expect(await textOf(onFile)).toContain(weber!);
    expect(await textOf(onFile)).toContain(`E-Mail-Adresse Ihres Zugangs${BAUER}`);
    expect(await onFile.getByRole('link', { name: 'Mein Zugang' }).getAttribute('href')).toBe('/mein-zugang');
    await expectAccessible(page, 'customer data (de)');
    await screenshot(page, 'customer-data-de');

    // Contact data: a wrong e-mail address first, then applied at once.
    const contact = section(page, 'Kontaktdaten ändern');
    await field(contact, 'Telefonnummer').fill('0171 2345678');
    await field(contact, 'E-Mail-Adresse für Rückfragen').fill('petra.weber@');
    const save = contact.getByRole('button', { name: 'Kontaktdaten speichern' });
    await save.focus();
    await page.keyboard.press('Enter');
    const contactSummary = contact.locator('.error-summary');
    await contactSummary.waitFor();
    await expect.poll(() => isFocused(contactSummary)).toBe(true);
    expect(await textOf(contactSummary)).toContain('Bitte geben Sie eine gültige E-Mail-Adresse ein');
    await field(contact, 'E-Mail-Adresse für Rückfragen').fill('petra.privat@example.org');
    await save.focus();
    await page.keyboard.press('Enter');
    const saved = contact.getByRole('status').filter({ hasText: 'Ihre Kontaktdaten sind geändert.' });
    await saved.waitFor();
    await expect.poll(() => isFocused(saved)).toBe(true);
    const contactReference = referenceIn(await textOf(saved));
    await expect.poll(() => textOf(onFile)).toContain('0171 2345678');
    expect(await textOf(onFile)).toContain('petra.privat@example.org');
    await expectAccessible(page, 'contact data changed (de)');

    // Billing address: moving house goes to the contact form instead.
    const address = section(page, 'Rechnungsadresse ändern');
    expect(await address.getByRole('link', { name: 'Umzug über das Kontaktformular mitteilen' }).getAttribute('href')).toBe('/anliegen/neu');
    const street = field(address, 'Straße');
    expect(await street.inputValue()).not.toBe('');
    await street.fill('Lindenallee');
    await field(address, 'Hausnummer').fill('7b');
    await field(address, 'Postleitzahl').fill('5999');
    await field(address, 'Ort').fill('Musterstadt');
    const submit = address.getByRole('button', { name: 'Rechnungsadresse ändern' });
    await submit.click();
    const summary = address.locator('.error-summary');
    await summary.waitFor();
    expect(await textOf(summary)).toContain('Bitte geben Sie eine Postleitzahl mit 5 Ziffern ein (Deutschland).');
    expect(await textOf(summary)).toContain('Bitte bestätigen Sie die Änderung mit Ihrem Passwort.');
    await field(address, 'Postleitzahl').fill('59999');
    await field(address, 'Ihr Passwort').fill('Falsches-Passwort-1');
    await submit.click();
    await expect.poll(() => textOf(summary)).toContain('Das Passwort ist nicht richtig.');
    await expect.poll(() => isFocused(summary)).toBe(true);
    await expectAccessible(page, 'billing address: wrong password (de)');
    await screenshot(page, 'customer-data-wrong-password-de');

    await field(address, 'Ihr Passwort').fill(DEMO_PASSWORD);
    await submit.focus();
    await page.keyboard.press('Enter');
    const sent = address.getByRole('status').filter({ hasText: 'Vielen Dank, wir haben Ihre neue Rechnungsadresse erhalten.' });
    await sent.waitFor();
    await expect.poll(() => isFocused(sent)).toBe(true);
    const addressReference = referenceIn(await textOf(sent));
    expect(await textOf(sent)).toContain(BAUER);
    await expectAccessible(page, 'billing address: sent (de)');
    await expect.poll(async () => (await mails(page, BAUER)).some((m) => m.subject.includes(addressReference))).toBe(true);

    // Later: the change is pending; the address on file stays until it has been processed.
    await page.reload();
    await address.waitFor();
    await expect.poll(() => textOf(address)).toContain('Ihre Änderung der Rechnungsadresse vom');
    expect(await textOf(address)).toContain('Lindenallee 7b, 59999 Musterstadt');
    expect(await address.getByRole('button', { name: 'Rechnungsadresse ändern' }).count()).toBe(0);
    expect(await textOf(onFile)).not.toContain('Lindenallee');
    await expectAccessible(page, 'billing address pending (de)');
    await screenshot(page, 'customer-data-pending-de');

    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Anliegen' }).click();
    await expect.poll(() => heading(page)).toBe('Meine Anliegen');
    const addressCard = page.locator('.request-card').filter({ hasText: addressReference });
    await addressCard.waitFor();
    expect(await textOf(addressCard)).toContain('Adressänderung');
    expect(await textOf(addressCard)).toContain('Neue Rechnungsadresse ab');
    const contactCard = page.locator('.request-card').filter({ hasText: contactReference });
    expect(await textOf(contactCard)).toContain('Kontaktdaten');
    await expectAccessible(page, 'requests with the changes (de)');
    await context.close();
  });

  it('asks for a new Austrian billing address of a company on a phone-sized screen (en)', async () => {
    const context = await newContext('en', 390);
    const page = await signedIn(context, 'alpenstadt', HOFER, signInEn);
    await page.goto(`${baseUrl('alpenstadt')}/persoenliche-daten`);
    await expect.poll(() => heading(page)).toBe('Personal details');
    const onFile = section(page, 'Your details');
    await onFile.waitFor();
    expect(await textOf(onFile)).toContain('CompanyTischlerei Hofer GmbH');
    expect(await textOf(onFile)).toContain('Austria');
    await expectAccessible(page, 'customer data (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'customer-data-en-mobile');

    const address = section(page, 'Change billing address');
    expect(await address.getByLabel('Country').inputValue()).toBe('AT');
    await field(address, 'Street').fill('Gewerbepark');
    await field(address, 'House number').fill('4');
    await field(address, 'Postcode').fill('69990');
    await field(address, 'Your password').fill('not-the-password');
    const submit = address.getByRole('button', { name: 'Change billing address' });
    await submit.click();
    const summary = address.locator('.error-summary');
    await expect.poll(() => textOf(summary)).toContain('Please enter a postcode of 4 digits (Austria).');
    await field(address, 'Postcode').fill('6991');
    await submit.click();
    await expect.poll(() => textOf(summary)).toContain('The password is not correct.');
    await expectAccessible(page, 'billing address: wrong password (en)');
    await expectNoHorizontalScroll(page);

    await field(address, 'Your password').fill(DEMO_PASSWORD);
    await submit.click();
    const sent = address.getByRole('status').filter({ hasText: 'Thank you, we have received your new billing address.' });
    await sent.waitFor();
    const reference = referenceIn(await textOf(sent));
    await expectAccessible(page, 'billing address: sent (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'customer-data-sent-en-mobile');

    await page.goto(`${baseUrl('alpenstadt')}/anliegen`);
    await expect.poll(() => heading(page)).toBe('My requests');
    const card = page.locator('.request-card').filter({ hasText: reference });
    await card.waitFor();
    expect(await textOf(card)).toContain('New billing address from');
    expect(await textOf(card)).toContain('Received');
    await expectNoHorizontalScroll(page);
    await context.close();
  });
});
