// Registration on Stadtwerke Musterstadt by customer number + name (the password is chosen after the
// e-mail link), and by invitation: sent from the demo overview on bare localhost (POST
// /dev/invitations, as staff will from the back office), accepted through the mailed link. German
// and English, wrong input, a used link, and an axe check on every state.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, launchBrowser, newContext, screenshot } from './browser.ts';
import { cspWatcher, field, heading, mailedLink, mails, signIn, signInEn, toMyAccess, type Unregistered, unregisteredCustomers } from './helpers.ts';

const TENANT = 'musterstadt';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

const { watch, take: cspViolations } = cspWatcher();
afterEach(() => {
  expect(cspViolations()).toEqual([]);
});

/** A page of Musterstadt's portal, or with `root` of the installation's demo overview (bare localhost). */
async function open(context: BrowserContext, path: string, root = false): Promise<Page> {
  const page = watch(await context.newPage());
  await page.goto(`${baseUrl(root ? undefined : TENANT)}${path}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

/**
 * The customer a test registers. Other files take Musterstadt's unregistered customers from the
 * start of the list ([0] to [4]) and from its end (the last four); the list has 15 entries while
 * enough customers are unregistered (registered ones drop out, later ones move up). So this file
 * takes the one in the middle of a list of at least 12, which is never among those nine, and a
 * customer it registers leaves the list, so the next test's middle is another customer.
 */
async function middleCustomer(page: Page): Promise<Unregistered> {
  const customers = await unregisteredCustomers(page, TENANT, 12);
  return customers[Math.floor(customers.length / 2)]!;
}

function words(name: string): string[] {
  return name.toLowerCase().split(/[^\p{L}\d]+/u).filter(Boolean);
}

describe('registration with customer number and name (musterstadt)', () => {
  it('chooses the method, explains a wrong name, activates through the mailbox with a new password and signs in (de)', async () => {
    const context = await newContext(browser, 'de');
    const page = await open(context, '/registrieren');
    const main = page.locator('main');
    expect(await heading(page)).toBe('Registrieren');
    // Musterstadt offers two ways to register itself: customer and meter number come first.
    const choice = page.getByRole('radiogroup', { name: 'Womit möchten Sie sich registrieren?' });
    expect(await choice.getByRole('radio').count()).toBe(2);
    expect(await choice.getByRole('radio', { name: 'Mit Kundennummer und Zählernummer' }).isChecked()).toBe(true);
    expect(await main.textContent()).toContain('Sie haben eine Einladung per E-Mail erhalten?');
    await expectAccessible(page, 'registration with a choice of methods (de)');
    await screenshot(page, 'register-choice-de');

    // The radio input itself is visually hidden; its label takes the click.
    await choice.getByText('Mit Kundennummer und Name', { exact: true }).click();
    await expect.poll(() => choice.getByRole('radio', { name: 'Mit Kundennummer und Name' }).isChecked()).toBe(true);
    await field(page, 'Name wie auf der Rechnung').waitFor();
    expect(await main.textContent()).toContain('Mit Ihrer Kundennummer und Ihrem Namen, wie er auf Ihrer Rechnung steht');
    expect(await main.textContent()).toContain('Ein Passwort brauchen Sie hier noch nicht');
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    expect(await field(page, 'Zählernummer').count()).toBe(0);

    // Nothing entered: the summary names the three fields.
    await main.getByRole('button', { name: 'Registrieren' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Bitte geben Sie Ihre Kundennummer ein.',
      'Bitte geben Sie Ihren Namen so ein, wie er auf Ihrer Rechnung steht.',
      'Bitte geben Sie Ihre E-Mail-Adresse ein.',
    ]);
    await expectAccessible(page, 'registration by name with missing input (de)');

    const customer = await middleCustomer(page);
    const others = await unregisteredCustomers(page, TENANT);
    // Someone else's name: no word in common with the customer's own.
    const stranger = others.find((c) => !words(c.name).some((w) => words(customer.name).includes(w)));
    if (!stranger) throw new Error('no demo customer with a name of its own');
    const email = `e2e.name.${Date.now()}@example.org`;
    await field(page, 'Kundennummer').fill(customer.customerNumber);
    await field(page, 'Name wie auf der Rechnung').fill(stranger.name);
    await field(page, 'E-Mail-Adresse').fill(email);
    await main.getByRole('button', { name: 'Registrieren' }).click();
    await expect.poll(() => summary.locator('h2').textContent(), { timeout: 15_000 }).toBe('Kundennummer und Name passen nicht zusammen');
    expect(await summary.textContent()).toContain('geben Sie den Namen so ein, wie er auf Ihrer Rechnung steht.');
    expect(await summary.textContent()).toContain('Unser Kundenservice hilft Ihnen gern');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await mails(page, email)).toEqual([]);
    await expectAccessible(page, 'registration by name: name does not match (de)');
    await screenshot(page, 'register-name-mismatch-de');

    await field(page, 'Name wie auf der Rechnung').fill(customer.name);
    await main.getByRole('button', { name: 'Registrieren' }).click();
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Fast geschafft!');
    expect(await main.textContent()).toContain(`Wir haben Ihnen eine E-Mail an ${email} geschickt`);
    await expectAccessible(page, 'registration by name: check your e-mail (de)');

    const link = await mailedLink(page, email, '/aktivieren');
    await page.goto(`${baseUrl(TENANT)}${link}`);
    await field(page, 'Neues Passwort').waitFor({ timeout: 15_000 });
    expect(await heading(page)).toBe('Zugang aktivieren');
    expect(await main.textContent()).toContain(`Bitte legen Sie ein Passwort für Ihren Zugang ${email} fest.`);
    await expectAccessible(page, 'registration by name: choose a password (de)');
    await screenshot(page, 'register-name-password-de');
    await field(page, 'Neues Passwort').fill('Wasserturm Linde Abendrot 4');
    await field(page, 'Neues Passwort wiederholen').fill('Wasserturm Linde Abendrot 4');
    await main.getByRole('button', { name: 'Zugang aktivieren' }).click();
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Zugang aktiviert');
    await expectAccessible(page, 'registration by name: activated (de)');

    await page.getByRole('link', { name: 'Zur Anmeldung' }).click();
    await expect.poll(() => heading(page)).toBe('Anmelden');
    await signIn(page, email, 'Wasserturm Linde Abendrot 4');
    await toMyAccess(page);
    await expect.poll(() => page.locator('.account-bar').textContent()).toContain(customer.customerNumber);
    expect(await main.textContent()).toContain(email);
    expect((await unregisteredCustomers(page, TENANT)).map((c) => c.customerNumber)).not.toContain(customer.customerNumber);
    await context.close();
  });
});

describe('invitation (musterstadt)', () => {
  it('is sent from the demo overview, accepted with a new password, signed in with, and refused a second time (en)', async () => {
    const context = await newContext(browser, 'en');
    const page = await open(context, '/', true);
    expect(await heading(page)).toBe('Choose a utility');
    const section = page.getByRole('region', { name: 'Stadtwerke Musterstadt', exact: true });
    expect(await section.textContent()).toContain('Registration with customer number and meter number, with customer number and name, or by invitation.');
    expect(await page.getByRole('region', { name: 'Stadtwerke Alpenstadt', exact: true }).textContent()).toContain('Registration with customer number and meter number.');
    // Only a tenant that offers invitations has the form.
    expect(await page.getByRole('heading', { name: 'Send an invitation' }).count()).toBe(1);
    await section.getByRole('heading', { name: 'Send an invitation' }).scrollIntoViewIfNeeded();

    // Nothing chosen: the summary names both fields.
    await section.getByRole('button', { name: 'Send invitation' }).click();
    const summary = section.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Please choose the customer account to invite to.',
      'Please enter the email address the invitation should go to.',
    ]);
    await summary.getByRole('link', { name: 'Please choose the customer account to invite to.' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('invite-musterstadt-customerNumber');
    await expectAccessible(page, 'demo overview: invitation with missing input (en)');

    const customer = await middleCustomer(page);
    const email = `e2e.invitation.${Date.now()}@example.org`;
    await section.getByRole('combobox', { name: 'Customer account' }).selectOption(customer.customerNumber);
    await field(section, 'Email address').fill(email);
    await section.getByRole('button', { name: 'Send invitation' }).click();
    const status = section.getByRole('status').filter({ hasText: 'is on its way' });
    await expect.poll(() => status.textContent()).toContain(`The invitation to ${email} for customer account ${customer.customerNumber} is on its way.`);
    expect(await summary.count()).toBe(0);
    await expectAccessible(page, 'demo overview: invitation sent (en)');
    await section.getByRole('heading', { name: 'Send an invitation' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'invitation-sent-en');

    // The dev mailbox shows the invitation, in the language of the page that sent it.
    await status.getByRole('link', { name: `See the emails to ${email} in the development mailbox` }).click();
    await expect.poll(() => page.locator('h2').first().textContent()).toBe('Invitation to the Stadtwerke Musterstadt customer portal');
    expect(await page.locator('main').textContent()).toContain('You have been invited to the Stadtwerke Musterstadt customer portal.');
    const link = await mailedLink(page, email, '/aktivieren');

    await page.goto(`${baseUrl(TENANT)}${link}`);
    await field(page, 'New password').waitFor({ timeout: 15_000 });
    const main = page.locator('main');
    expect(await heading(page)).toBe('Accept invitation');
    expect(await main.textContent()).toContain(`You have been invited to the customer portal. Please choose a password for your access ${email}`);
    await expectAccessible(page, 'invitation: choose a password (en)');
    await screenshot(page, 'invitation-password-en');
    // A password the policy refuses, then a good one.
    await field(page, 'New password').fill('short');
    await field(page, 'Repeat new password').fill('short');
    await main.getByRole('button', { name: 'Accept invitation' }).click();
    await expect.poll(() => main.locator('.error-summary').textContent()).toContain('Please correct the following:');
    await expectAccessible(page, 'invitation: password too short (en)');
    await field(page, 'New password').fill('Harbour lights at dusk 12');
    await field(page, 'Repeat new password').fill('Harbour lights at dusk 12');
    await main.getByRole('button', { name: 'Accept invitation' }).click();
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Access activated');
    expect(page.url()).not.toContain('token');
    await expectAccessible(page, 'invitation accepted (en)');

    // The link works once: afterwards the page says so and points to signing in.
    const again = watch(await context.newPage());
    await again.goto(`${baseUrl(TENANT)}${link}`);
    await expect.poll(() => heading(again), { timeout: 15_000 }).toBe('Link invalid or expired');
    const text = (await again.locator('main').textContent()) ?? '';
    expect(text).toContain('it has been used already');
    expect(text).toContain('you have accepted the invitation, you can simply sign in');
    expect(await again.getByRole('link', { name: 'Go to sign in' }).count()).toBe(1);
    await expectAccessible(again, 'invitation link used (en)');
    await screenshot(again, 'invitation-used-en');
    await again.close();

    await page.getByRole('link', { name: 'Go to sign in' }).click();
    await expect.poll(() => heading(page)).toBe('Sign in');
    await signIn(page, email, 'Harbour lights at dusk 12', signInEn);
    await toMyAccess(page);
    await expect.poll(() => page.locator('.account-bar').textContent()).toContain(customer.customerNumber);
    expect(await main.textContent()).toContain(email);
    await expectAccessible(page, 'My access after accepting the invitation (en)');
    expect((await unregisteredCustomers(page, TENANT)).map((c) => c.customerNumber)).not.toContain(customer.customerNumber);
    await context.close();
  });
});
