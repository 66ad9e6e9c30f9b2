// Registration needing review (ADR 0027): a person whose meter number does not match asks for a
// check ("Registrierung prüfen lassen", sent by keyboard), a clerk finds it in the work queue under
// its own kind, assigns it to the customer account, and the invitation link from the dev mailbox sets
// the password; the person signs in. In English: a second person's review is rejected with a reason
// (mailed). The customer view sends an invitation to an account without access and explains why not
// for one with access. Axe (de, en) on every new page and state.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, demoStaffMember, field, freshTotpCode, heading, mailedLink, mails, signIn, signInEn, unregisteredCustomers, type DemoStaff, type Unregistered } from './helpers.ts';

const TENANT = 'musterstadt';
const PASSWORD = 'Prüfung bestanden 2026';
const { newContext, open } = browserSuite(TENANT);

const de = { email: 'E-Mail-Adresse', password: 'Passwort', next: 'Weiter', code: 'Code aus der Authenticator-App', submit: 'Anmelden', home: 'Übersicht' };
const en = { email: 'Email address', password: 'Password', next: 'Continue', code: 'Code from the authenticator app', submit: 'Sign in', home: 'Overview' };

async function staffSignIn(context: BrowserContext, role: DemoStaff['role'], labels = de): Promise<Page> {
  const page = await open(context, '/backoffice/anmelden');
  const member = await demoStaffMember(page, TENANT, role);
  await field(page, labels.email).fill(member.email);
  await field(page, labels.password).fill(member.password);
  await page.locator('main').getByRole('button', { name: labels.next, exact: true }).click();
  // A code another test process used in this 30-second step is refused once: then the next one.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await field(page, labels.code).fill(await freshTotpCode(member.totpSecret));
    await page.locator('main').getByRole('button', { name: labels.submit, exact: true }).click();
    try {
      await expect.poll(() => heading(page), { timeout: 5_000 }).toBe(labels.home);
      return page;
    } catch {
      // still on the code step
    }
  }
  await expect.poll(() => heading(page)).toBe(labels.home);
  return page;
}

function addressOf(customer: Unregistered): { street: string; houseNumber: string; postalCode: string; city: string } {
  const match = /^(.+) (\S+), (\d{4,5}) (.+)$/.exec(customer.proof['Anschrift'] ?? '');
  return match ? { street: match[1]!, houseNumber: match[2]!, postalCode: match[3]!, city: match[4]! } : { street: 'Lindenweg', houseNumber: '3', postalCode: '12345', city: 'Musterstadt' };
}

function referenceIn(text: string): string {
  const reference = /A-\d{4}-\d{6}/.exec(text)?.[0];
  if (!reference) throw new Error(`no reference in ${text}`);
  return reference;
}

/** Fills the registration with a wrong meter number, then follows "Registrierung prüfen lassen". */
async function failProofAndAskForReview(page: Page, customer: Unregistered, email: string, lang: 'de' | 'en'): Promise<void> {
  const l =
    lang === 'de'
      ? { customer: 'Kundennummer', meter: 'Zählernummer', email: 'E-Mail-Adresse', pw: 'Passwort', pw2: 'Passwort wiederholen', submit: 'Registrieren', link: 'Registrierung prüfen lassen' }
      : { customer: 'Customer number', meter: 'Meter number', email: 'Email address', pw: 'Password', pw2: 'Repeat password', submit: 'Register', link: 'Have your registration checked' };
  await field(page, l.customer).fill(customer.customerNumber);
  await field(page, l.meter).fill('0000 9999 0000');
  await field(page, l.email).fill(email);
  await field(page, l.pw).fill(PASSWORD);
  await field(page, l.pw2).fill(PASSWORD);
  await page.locator('main').getByRole('button', { name: l.submit }).click();
  const summary = page.locator('.error-summary');
  await summary.getByRole('link', { name: l.link }).waitFor({ timeout: 15_000 });
  await expectAccessible(page, `registration proof mismatch with review offer (${lang})`);
  await summary.getByRole('link', { name: l.link }).click();
  await expect.poll(() => heading(page)).toBe(lang === 'de' ? 'Registrierung prüfen lassen' : 'Have your registration checked');
}

describe('Registration needing review', () => {
  it('a person fails the proof and asks for a check; a clerk assigns the account; the invitation link sets the password and the person signs in (de, keyboard)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/registrieren');
    const customer = (await unregisteredCustomers(page, TENANT, 10))[7]!;
    const email = `e2e.pruefung.${Date.now()}@example.org`;
    await failProofAndAskForReview(page, customer, email, 'de');

    // The numbers and the address come along; the rest is typed, and sent with Enter.
    expect(await field(page, 'Kundennummer').inputValue()).toBe(customer.customerNumber);
    expect(await field(page, 'E-Mail-Adresse').inputValue()).toBe(email);
    await expectAccessible(page, 'registration review form (de)');
    // Empty required fields: the summary takes the focus.
    await page.locator('main').getByRole('button', { name: 'Zur Prüfung senden' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectAccessible(page, 'registration review form with errors (de)');
    const address = addressOf(customer);
    await field(page, 'Vor- und Nachname oder Firma').fill(customer.name);
    await field(page, 'Straße').fill(address.street);
    await field(page, 'Hausnummer').fill(address.houseNumber);
    await field(page, 'Postleitzahl').fill(address.postalCode);
    await field(page, 'Ort').fill(address.city);
    await field(page, 'Zählernummer').fill('0000 9999 0000');
    await field(page, 'Ihre Nachricht an uns').fill('Der Zähler wurde im Sommer getauscht.');
    await screenshot(page, 'registration-review-form-de');
    await field(page, 'Telefonnummer (freiwillig)').focus();
    await page.keyboard.type('0123 456789');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Vielen Dank – wir prüfen Ihre Registrierung');
    const reference = referenceIn((await page.locator('main').textContent()) ?? '');
    await expectAccessible(page, 'registration review sent (de)');
    await screenshot(page, 'registration-review-sent-de');
    await expect.poll(async () => (await mails(page, email)).some((m) => m.subject.includes(reference))).toBe(true);

    // The clerk filters the queue by the new kind and opens the review.
    const clerkContext = await newContext('de');
    const clerk = await staffSignIn(clerkContext, 'clerk');
    await clerk.goto(`${baseUrl(TENANT)}/backoffice/anliegen`);
    await expect.poll(() => heading(clerk)).toBe('Anliegen');
    await clerk.getByLabel('Art').selectOption({ label: 'Registrierung prüfen' });
    await clerk.getByRole('button', { name: 'Filtern' }).click();
    await clerk.getByRole('link', { name: reference }).waitFor();
    await expectAccessible(clerk, 'queue filtered by registrations (de)');
    await screenshot(clerk, 'registration-review-queue-de');
    await clerk.getByRole('link', { name: reference }).click();
    await expect.poll(() => heading(clerk)).toBe('Registrierung prüfen');
    const candidates = clerk.getByRole('table', { name: 'Passende Kundenkonten' });
    const row = candidates.getByRole('row').filter({ has: clerk.getByRole('rowheader', { name: customer.customerNumber }) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Kundennummer');
    await expectAccessible(clerk, 'registration review in the back office (de)');
    await screenshot(clerk, 'registration-review-backoffice-de');

    // An internal note, then the assignment (confirmed in a dialog, by keyboard).
    await field(clerk, 'Neue Notiz (nur für das Team)').fill('Zählertausch im Abrechnungssystem bestätigt.');
    await clerk.getByRole('button', { name: 'Notiz speichern' }).click();
    await clerk.getByText('Zählertausch im Abrechnungssystem bestätigt.').first().waitFor();
    await row.getByRole('button', { name: `Diesem Konto zuordnen und einladen: ${customer.customerNumber}` }).focus();
    await clerk.keyboard.press('Enter');
    const dialog = clerk.getByRole('alertdialog');
    await dialog.waitFor();
    await expectAccessible(clerk, 'registration review: confirm assignment (de)');
    await dialog.getByRole('button', { name: 'Diesem Konto zuordnen und einladen' }).click();
    await clerk.getByRole('status').filter({ hasText: `Die Einladung an ${email} ist unterwegs.` }).waitFor();
    await clerk.getByRole('heading', { name: 'Entscheidung' }).waitFor();
    await expectAccessible(clerk, 'registration review assigned (de)');

    // The person follows the invitation link, sets the password and signs in.
    const link = await mailedLink(page, email, '/aktivieren');
    await page.goto(`${baseUrl(TENANT)}${link}`);
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Einladung annehmen');
    await expectAccessible(page, 'invitation from a registration review (de)');
    await field(page, 'Neues Passwort').fill(PASSWORD);
    await field(page, 'Neues Passwort wiederholen').fill(PASSWORD);
    await page.locator('main').getByRole('button', { name: 'Einladung annehmen' }).click();
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Zugang aktiviert');
    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, email, PASSWORD);
    await page.waitForURL(/\/(uebersicht|konto-waehlen)$/);

    // The customer view now explains why no further invitation is possible.
    await clerk.getByRole('link', { name: customer.customerNumber }).first().click();
    await clerk.getByRole('heading', { name: 'Einladung zum Kundenportal' }).waitFor();
    expect(await clerk.locator('main').textContent()).toContain('hat bereits einen aktiven Zugang');
    await context.close();
    await clerkContext.close();
  });

  it('a clerk rejects a review with a reason that is mailed; invitations from the customer view (en)', async () => {
    const context = await newContext('en');
    const page = await open(context, '/registrieren');
    const people = await unregisteredCustomers(page, TENANT, 10);
    const person = people[8]!;
    const invited = people[9]!;
    const email = `e2e.review.${Date.now()}@example.org`;
    await failProofAndAskForReview(page, person, email, 'en');
    await expectAccessible(page, 'registration review form (en)');
    await field(page, 'First and last name or company').fill('Unknown Person');
    await field(page, 'Street').fill('Nowhere Lane');
    await field(page, 'House number').fill('1');
    await field(page, 'Postcode').fill('99999');
    await field(page, 'Town').fill('Elsewhere');
    await page.locator('main').getByRole('button', { name: 'Send for checking' }).click();
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Thank you – we are checking your registration');
    const reference = referenceIn((await page.locator('main').textContent()) ?? '');
    await expectAccessible(page, 'registration review sent (en)');

    const clerkContext = await newContext('en');
    const clerk = await staffSignIn(clerkContext, 'clerk', en);
    await clerk.goto(`${baseUrl(TENANT)}/backoffice/anliegen?kind=registration&q=${reference}`);
    await clerk.getByRole('link', { name: reference }).click();
    await expect.poll(() => heading(clerk)).toBe('Registration review');
    await clerk.getByRole('heading', { name: 'Search customer accounts' }).waitFor();
    await expectAccessible(clerk, 'registration review in the back office (en)');
    await clerk.getByRole('button', { name: 'Take in progress' }).click();
    await clerk.getByRole('status').filter({ hasText: 'You are now working on this registration.' }).waitFor();
    await clerk.locator('main').getByRole('button', { name: 'Reject and mail the reason' }).click();
    await expectAccessible(clerk, 'registration review rejection without reason (en)');
    await field(clerk, 'Reason (mailed to the person)').fill('We found no customer account for this name and address.');
    await clerk.locator('main').getByRole('button', { name: 'Reject and mail the reason' }).click();
    await clerk.getByRole('status').filter({ hasText: 'The person has been informed by e-mail.' }).waitFor();
    await expectAccessible(clerk, 'registration review rejected (en)');
    await screenshot(clerk, 'registration-review-rejected-en');
    await expect.poll(async () => (await mails(page, email)).find((m) => m.subject.includes(reference))?.text ?? '').toContain('We found no customer account for this name and address.');

    // GP-Nr requests are a kind of the queue too (Musterstadt has none: the empty state).
    await clerk.goto(`${baseUrl(TENANT)}/backoffice/anliegen?kind=gp_number`);
    await clerk.getByRole('status').filter({ hasText: /./ }).first().waitFor();
    expect(await clerk.getByLabel('Kind').inputValue()).toBe('gp_number');

    // The customer view: an invitation for an account without access.
    await clerk.goto(`${baseUrl(TENANT)}/backoffice/kunden?q=${invited.customerNumber}`);
    await clerk.getByRole('link', { name: new RegExp(invited.customerNumber) }).first().click();
    const invite = clerk.getByRole('region', { name: 'Invitation to the customer portal' });
    await invite.waitFor();
    await expectAccessible(clerk, 'customer view with invitation form (en)');
    const invitedEmail = `e2e.invited.${Date.now()}@example.org`;
    await field(invite, 'E-mail address').fill(invitedEmail);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.getByRole('status').filter({ hasText: `Invitation sent to ${invitedEmail}.` }).waitFor();
    await expectAccessible(clerk, 'customer view invitation sent (en)');
    const link = await mailedLink(page, invitedEmail, '/aktivieren');
    await page.goto(`${baseUrl(TENANT)}${link}`);
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Accept invitation');
    await field(page, 'New password').fill(PASSWORD);
    await field(page, 'Repeat new password').fill(PASSWORD);
    await page.locator('main').getByRole('button', { name: 'Accept invitation' }).click();
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Access activated');
    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, invitedEmail, PASSWORD, signInEn);
    await page.waitForURL(/\/(uebersicht|konto-waehlen)$/);

    // Read-only staff see why they cannot invite (de).
    const readerContext = await newContext('de');
    const reader = await staffSignIn(readerContext, 'read_only');
    await reader.goto(`${baseUrl(TENANT)}/backoffice/kunden?q=${people[6]!.customerNumber}`);
    await reader.getByRole('link', { name: new RegExp(people[6]!.customerNumber) }).first().click();
    await reader.getByRole('heading', { name: 'Einladung zum Kundenportal' }).waitFor();
    expect(await reader.locator('main').textContent()).toContain('Einladungen schicken Sachbearbeitung und Administration.');
    await expectAccessible(reader, 'customer view, invitation for read-only staff (de)');
    await context.close();
    await clerkContext.close();
    await readerContext.close();
  });
});
