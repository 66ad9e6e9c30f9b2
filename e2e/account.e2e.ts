// Mein Zugang: changing the e-mail address with a mailed confirmation link and deleting the
// registration, for freshly registered demo customers, with an axe check on every new state.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, escapeAndReopen, expectNoHorizontalScroll, field, heading, isFocused, mailedLink, mails, registerAndActivate, section, signIn, signInEn, toMyAccess, unregisteredCustomers } from './helpers.ts';

const TENANT = 'musterstadt';
const { newContext, open } = browserSuite(TENANT);

async function sessionStatus(page: Page): Promise<number> {
  return page.evaluate(async () => (await fetch('/api/v1/auth/session')).status);
}

describe('e-mail change and deleting the registration', () => {
  it('changes the e-mail address by confirmed link, then deletes the registration (de, keyboard)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/anmelden');
    // Not the first ones (registration tests) nor the last ones (linking tests).
    const customer = (await unregisteredCustomers(page, TENANT, 8))[3]!;
    const stamp = Date.now();
    const oldEmail = `e2e.konto.${stamp}@example.org`;
    const newEmail = `e2e.neu.${stamp}@example.org`;
    const password = 'Laterne Brücke Sonnenblume';
    await registerAndActivate(page, TENANT, customer, { email: oldEmail, password, locale: 'de' });
    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, oldEmail, password);
    await toMyAccess(page);

    // E-mail change: the current address masked, the new one twice and the password.
    const change = section(page, 'E-Mail-Adresse ändern');
    await change.waitFor();
    const changeText = (await change.textContent()) ?? '';
    expect(changeText).toContain('Aktuelle E-Mail-Adresse: e2*');
    expect(changeText).not.toContain(oldEmail);
    const submit = change.getByRole('button', { name: 'E-Mail-Adresse ändern' });
    await submit.click();
    const summary = change.locator('.error-summary');
    await summary.waitFor();
    await expect.poll(() => isFocused(summary)).toBe(true);
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Bitte geben Sie Ihre neue E-Mail-Adresse ein.',
      'Bitte geben Sie die neue E-Mail-Adresse ein zweites Mal ein.',
      'Bitte geben Sie Ihr Passwort ein.',
    ]);
    await expectAccessible(page, 'e-mail change with missing input (de)');

    await field(change, 'Neue E-Mail-Adresse').fill(newEmail);
    await field(change, 'Neue E-Mail-Adresse wiederholen').fill(`x${newEmail}`);
    await field(change, 'Ihr Passwort').fill(password);
    await submit.click();
    await expect.poll(() => summary.textContent()).toContain('Die beiden E-Mail-Adressen stimmen nicht überein.');

    // A wrong password is the server's message at the password field.
    await field(change, 'Neue E-Mail-Adresse wiederholen').fill(newEmail.toUpperCase());
    await field(change, 'Ihr Passwort').fill('nicht mein Passwort');
    await submit.click();
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain('Das Passwort ist nicht richtig.');
    expect(await field(change, 'Ihr Passwort').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'e-mail change with a wrong password (de)');

    // An address that belongs to another access gets the same answer (the server tells its owner instead).
    const taken = 'anna.schmidt@example.com';
    const takenBefore = (await mails(page, taken)).length;
    await field(change, 'Neue E-Mail-Adresse').fill(taken);
    await field(change, 'Neue E-Mail-Adresse wiederholen').fill(taken);
    await field(change, 'Ihr Passwort').fill(password);
    await submit.click();
    const status = change.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain(`Wir haben eine E-Mail an ${taken} geschickt.`);
    await expect.poll(async () => (await mails(page, taken)).length, { timeout: 20_000 }).toBe(takenBefore + 1);
    expect((await mails(page, taken))[0]!.text).not.toContain('/email-bestaetigen');

    await field(change, 'Neue E-Mail-Adresse').fill(newEmail);
    await field(change, 'Neue E-Mail-Adresse wiederholen').fill(newEmail);
    await field(change, 'Ihr Passwort').fill(password);
    await submit.click();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain(`Wir haben eine E-Mail an ${newEmail} geschickt.`);
    const sent = (await status.textContent()) ?? '';
    expect(sent).toContain('Erst dann ändert sich Ihre E-Mail-Adresse');
    expect(sent).toContain('Spam- oder Junk-Ordner');
    expect(await field(change, 'Ihr Passwort').inputValue()).toBe('');
    expect(await change.locator('.error-summary').count()).toBe(0);
    await expectAccessible(page, 'e-mail change requested (de)');
    await screenshot(page, 'account-email-requested-de');

    // The link from the mailbox of the new address confirms; the old address gets a notice.
    const link = await mailedLink(page, newEmail, '/email-bestaetigen');
    const confirm = await open(context, link);
    await expect.poll(() => heading(confirm), { timeout: 15_000 }).toBe('E-Mail-Adresse geändert');
    expect(confirm.url()).not.toContain('token');
    expect(await confirm.locator('main').textContent()).toContain(`Ihre E-Mail-Adresse ist jetzt ${newEmail}.`);
    await expectAccessible(confirm, 'e-mail confirmed (de)');
    await screenshot(confirm, 'account-email-confirmed-de');
    await expect
      .poll(async () => (await mails(page, oldEmail)).map((m) => m.subject), { timeout: 20_000 })
      .toContainEqual(expect.stringContaining('Ihre E-Mail-Adresse wurde geändert'));
    const notice = (await mails(page, oldEmail)).find((m) => m.subject.includes('wurde geändert'))!;
    expect(notice.text).toContain('e2******');
    expect(notice.text).not.toContain(newEmail);

    // The link works once.
    const again = await open(context, link);
    await expect.poll(() => heading(again)).toBe('Link ungültig oder abgelaufen');
    await expectAccessible(again, 'e-mail confirmation link used (de)');
    await again.close();

    await confirm.getByRole('link', { name: 'Zu Mein Zugang' }).click();
    await expect.poll(() => heading(confirm)).toBe('Mein Zugang');
    await expect.poll(() => confirm.locator('main').textContent()).toContain(newEmail);
    await confirm.close();

    // Signing in: the old address no longer works, the new one does.
    await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
    await page.waitForURL('**/anmelden');
    await signIn(page, oldEmail, password);
    await expect.poll(() => page.locator('.error-summary').textContent(), { timeout: 15_000 }).toContain('nicht richtig');
    await signIn(page, newEmail, password);
    await toMyAccess(page);

    // Deleting the registration: what goes and what stays, then a dialog asking for the password.
    const remove = section(page, 'Registrierung löschen');
    const removeText = (await remove.textContent()) ?? '';
    expect(removeText).toContain('Ihre Anmeldedaten (E-Mail-Adresse und Passwort)');
    expect(removeText).toContain('Ihre Rechnungen, Abschläge und Zahlungen');
    await expectAccessible(page, 'Mein Zugang with e-mail change and deletion (de)');
    await screenshot(page, 'account-my-access-de');
    const trigger = remove.getByRole('button', { name: 'Registrierung löschen' });
    await trigger.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Registrierung wirklich löschen?' });
    await dialog.waitFor();
    const passwordField = field(dialog, 'Ihr Passwort');
    await expect.poll(() => isFocused(passwordField)).toBe(true);
    await expectAccessible(page, 'delete registration dialog (de)');
    await screenshot(page, 'account-delete-dialog-de');

    // Escape cancels and gives the focus back; Enter opens the dialog again.
    await escapeAndReopen(page, dialog, trigger);
    await expect.poll(() => isFocused(passwordField)).toBe(true);

    // Without a password, then with a wrong one: a message in the dialog, nothing deleted.
    await page.keyboard.press('Enter');
    const dialogSummary = dialog.locator('.error-summary');
    await expect.poll(() => dialogSummary.textContent()).toContain('Bitte geben Sie Ihr Passwort ein.');
    await passwordField.focus();
    await page.keyboard.type('Falsches Passwort');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialogSummary.textContent(), { timeout: 15_000 }).toContain('Das Passwort ist nicht richtig.');
    await expect.poll(() => isFocused(dialogSummary)).toBe(true);
    expect(await passwordField.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'delete registration with a wrong password (de)');
    await screenshot(page, 'account-delete-wrong-password-de');
    expect(await sessionStatus(page)).toBe(200);

    await passwordField.fill(password);
    await passwordField.press('Enter');
    await page.waitForURL(`${baseUrl(TENANT)}/`);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Ihre Registrierung ist gelöscht und Sie sind abgemeldet.' }).count())
      .toBe(1);
    expect(await page.locator('.account-bar').count()).toBe(0);
    expect(await page.getByRole('banner').getByRole('link', { name: 'Anmelden' }).count()).toBe(1);
    await expectAccessible(page, 'start page after deleting the registration (de)');
    await screenshot(page, 'account-deleted-de');
    expect(await sessionStatus(page)).toBe(401);
    await expect
      .poll(async () => (await mails(page, newEmail)).map((m) => m.subject), { timeout: 20_000 })
      .toContainEqual(expect.stringContaining('Ihre Registrierung wurde gelöscht'));

    // Signing in is refused; the customer can register again.
    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, newEmail, password);
    await expect.poll(() => page.locator('.error-summary').textContent(), { timeout: 15_000 }).toContain('nicht richtig');
    expect((await unregisteredCustomers(page, TENANT)).map((c) => c.customerNumber)).toContain(customer.customerNumber);
    await context.close();
  });

  it('confirms on another device and deletes the registration (en, phone-sized)', async () => {
    const context = await newContext('en', 375);
    const page = await open(context, '/anmelden');
    const customer = (await unregisteredCustomers(page, TENANT, 8))[4]!;
    const stamp = Date.now();
    const oldEmail = `e2e.account.${stamp}@example.org`;
    const newEmail = `e2e.new.${stamp}@example.org`;
    const password = 'Lantern bridge sunflower';
    await registerAndActivate(page, TENANT, customer, { email: oldEmail, password, locale: 'en' });
    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, oldEmail, password, signInEn);
    await toMyAccess(page);

    const change = section(page, 'Change email address');
    await field(change, 'New email address').fill(newEmail);
    await field(change, 'Repeat new email address').fill(newEmail);
    await field(change, 'Your password').fill(password);
    await change.getByRole('button', { name: 'Change email address' }).click();
    await expect.poll(() => change.getByRole('status').textContent(), { timeout: 15_000 }).toContain(`We have sent an email to ${newEmail}.`);
    await expectAccessible(page, 'email change requested (en)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'account-email-requested-mobile-en');

    // Another browser, signed out: the link confirms and leads to signing in with the new address.
    const other = await newContext('en');
    const noToken = await open(other, '/email-bestaetigen');
    expect(await heading(noToken)).toBe('Link invalid or expired');
    await expectAccessible(noToken, 'email confirmation without a token (en)');
    await noToken.close();
    const confirm = await open(other, await mailedLink(page, newEmail, '/email-bestaetigen'));
    await expect.poll(() => heading(confirm), { timeout: 15_000 }).toBe('Email address changed');
    expect(await confirm.locator('main').textContent()).toContain('We have sent a notice of the change to your previous address.');
    await expectAccessible(confirm, 'email confirmed (en)');
    await screenshot(confirm, 'account-email-confirmed-en');
    await confirm.getByRole('link', { name: 'Go to sign in' }).click();
    await expect.poll(() => field(confirm, 'Email address or customer number').inputValue()).toBe(newEmail);
    await other.close();

    // Still signed in here: "My access" shows the new address after a reload.
    await page.reload();
    await expect.poll(() => page.locator('main').textContent()).toContain(newEmail);
    await section(page, 'Delete registration').getByRole('button', { name: 'Delete registration' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Really delete your registration?' });
    await dialog.waitFor();
    await field(dialog, 'Your password').fill(password);
    await expectAccessible(page, 'delete registration dialog (en)');
    await screenshot(page, 'account-delete-dialog-mobile-en');
    await dialog.getByRole('button', { name: 'Delete registration for good' }).click();
    await page.waitForURL(`${baseUrl(TENANT)}/`);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Your registration has been deleted and you are signed out.' }).count())
      .toBe(1);
    await expectAccessible(page, 'start page after deleting the registration (en)');
    await screenshot(page, 'account-deleted-en');

    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, newEmail, password, signInEn);
    await expect.poll(() => page.locator('.error-summary').textContent(), { timeout: 15_000 }).toContain('not correct');
    await context.close();
  });
});
