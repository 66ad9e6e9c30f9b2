// REL-06 draft safety: a signed-in form sent after the session ended keeps what the user typed
// (never a password); after signing in again the form shows it with a hint and can be sent. A draft
// of one login never reaches another, and signing out by hand drops it. German and English, axe
// checks on every state shown.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, DEMO_PASSWORD, field, section, signIn as sendSignIn, signInDe, signInEn, toMyAccess, type Unregistered, unregisteredCustomers } from './helpers.ts';

const TENANT = 'musterstadt';
const ANNA = 'anna.schmidt@example.com';
const EMILY = 'emily.clarke@example.org';
/** Typed into the password change form: must never end up in sessionStorage. */
const SECRET = 'Nie-speichern-2024!';

const de = {
  signIn: signInDe,
  linkHeading: 'Kundenkonto verknüpfen',
  linkSubmit: 'Kundenkonto verknüpfen',
  customerNumber: 'Kundennummer',
  meterNumber: 'Zählernummer',
  passwordHeading: 'Passwort ändern',
  currentPassword: 'Aktuelles Passwort',
  kept: 'Ihre Eingaben wurden aufbewahrt. Nach der Anmeldung können Sie das Formular erneut senden.',
  restored: 'Ihre Eingaben wurden aufbewahrt. Bitte senden Sie das Formular erneut.',
  linked: (n: string) => `Das Kundenkonto ${n} ist jetzt verknüpft.`,
};
const en: typeof de = {
  signIn: signInEn,
  linkHeading: 'Link a customer account',
  linkSubmit: 'Link customer account',
  customerNumber: 'Customer number',
  meterNumber: 'Meter number',
  passwordHeading: 'Change password',
  currentPassword: 'Current password',
  kept: 'What you entered has been kept. After signing in you can send the form again.',
  restored: 'What you entered has been kept. Please send the form again.',
  linked: (n: string) => `Customer account ${n} is now linked.`,
};
type Texts = typeof de;

const { browser, newContext, open } = browserSuite(TENANT);

/** An unregistered demo customer, from the end of the list (registration tests take the first, my-access the last two). */
async function unregistered(page: Page, fromEnd: number): Promise<Unregistered> {
  return (await unregisteredCustomers(page, TENANT, fromEnd)).at(-fromEnd)!;
}

function status(page: Page, text: string): Locator {
  return page.getByRole('status').filter({ hasText: text });
}

/** Signs in with the demo password and waits for Mein Zugang. */
async function signIn(page: Page, email: string, t: Texts): Promise<void> {
  await sendSignIn(page, email, DEMO_PASSWORD, t.signIn);
  await toMyAccess(page);
  await section(page, t.linkHeading).waitFor();
}

/** The keys of the drafts in the tab's sessionStorage (and nothing in localStorage). */
async function drafts(page: Page): Promise<string[]> {
  const { session, local } = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage) }));
  expect(local.filter((k) => k.includes('draft'))).toEqual([]);
  return session.filter((k) => k.startsWith('kundenportal.draft:'));
}

async function storedText(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage)]));
}

/**
 * Ends the login's other sessions on the server, from a second browser (as if signed out on another
 * device): the page under test still believes it is signed in.
 */
async function endSessionsElsewhere(email: string): Promise<void> {
  const context = await browser().newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl(TENANT)}/impressum`);
  const ended = await page.evaluate(
    async ({ identifier, password }) => {
      const json = { accept: 'application/json', 'content-type': 'application/json' };
      const login = await fetch('/api/v1/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ identifier, password }) });
      if (!login.ok) throw new Error(`sign-in failed: ${String(login.status)}`);
      const list = (await (await fetch('/api/v1/me/sessions', { headers: { accept: 'application/json' } })).json()) as { id: string; current: boolean }[];
      let count = 0;
      for (const session of list.filter((s) => !s.current)) {
        if ((await fetch(`/api/v1/me/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' })).ok) count += 1;
      }
      await fetch('/api/v1/auth/logout', { method: 'POST' });
      return count;
    },
    { identifier: email, password: DEMO_PASSWORD },
  );
  expect(ended).toBeGreaterThan(0);
  await context.close();
}

/** Leaves the demo data as it was: the customer is unregistered again. */
async function unlink(page: Page, customerNumber: string): Promise<void> {
  const result = await page.evaluate(async (number) => {
    const session = (await (await fetch('/api/v1/auth/session', { headers: { accept: 'application/json' } })).json()) as {
      accounts: { customerId: string; customerNumber: string }[];
    };
    const account = session.accounts.find((a) => a.customerNumber === number);
    if (!account) return 'not linked';
    return (await fetch(`/api/v1/me/accounts/${encodeURIComponent(account.customerId)}`, { method: 'DELETE' })).status;
  }, customerNumber);
  expect(result).toBe(200);
}

async function fillLink(page: Page, customer: Unregistered, t: Texts): Promise<Locator> {
  const link = section(page, t.linkHeading);
  await field(link, t.customerNumber).fill(customer.customerNumber);
  await field(link, t.meterNumber).fill(customer.meterNumbers[0]!);
  return link;
}

/** After signing in again: the input is back, the hint is announced and has the focus. */
async function expectRestored(page: Page, customer: Unregistered, t: Texts): Promise<void> {
  const link = section(page, t.linkHeading);
  await expect.poll(() => status(page, t.restored).count()).toBe(1);
  expect(await link.getByRole('status').filter({ hasText: t.restored }).count()).toBe(1);
  expect(await field(link, t.customerNumber).inputValue()).toBe(customer.customerNumber);
  expect(await field(link, t.meterNumber).inputValue()).toBe(customer.meterNumbers[0]);
  expect(await field(section(page, t.passwordHeading), t.currentPassword).inputValue()).toBe('');
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toBe(t.restored);
}

async function sendAgain(page: Page, customer: Unregistered, t: Texts): Promise<void> {
  await section(page, t.linkHeading).getByRole('button', { name: t.linkSubmit, exact: true }).click();
  await expect.poll(() => status(page, t.linked(customer.customerNumber)).count()).toBe(1);
  expect(await status(page, t.restored).count()).toBe(0);
  expect(await field(section(page, t.linkHeading), t.customerNumber).inputValue()).toBe('');
  expect(await drafts(page)).toEqual([]);
}

describe('draft safety (REL-06)', () => {
  it('keeps the input of a form sent after the session ended elsewhere; it can be sent again after signing in (de)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/anmelden');
    await signIn(page, ANNA, de);
    const customer = await unregistered(page, 3);
    const link = await fillLink(page, customer, de);
    // A password typed in another form on the page is never kept.
    await field(section(page, de.passwordHeading), de.currentPassword).fill(SECRET);

    await endSessionsElsewhere(ANNA);
    await link.getByRole('button', { name: de.linkSubmit, exact: true }).click();
    await page.waitForURL('**/anmelden');
    await expect.poll(() => status(page, de.kept).count()).toBe(1);
    expect(await drafts(page)).toHaveLength(1);
    const stored = await storedText(page);
    expect(stored).toContain(customer.customerNumber);
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(DEMO_PASSWORD);
    await expectAccessible(page, 'sign-in page with a kept draft (de)');
    await screenshot(page, 'draft-safety-sign-in-de');

    await signIn(page, ANNA, de);
    await expectRestored(page, customer, de);
    await expectAccessible(page, 'form restored from the draft (de)');
    await screenshot(page, 'draft-safety-restored-de');
    // Nothing of the sign-in form was kept either.
    expect(await storedText(page)).not.toContain(DEMO_PASSWORD);

    await sendAgain(page, customer, de);
    await expectAccessible(page, 'draft sent again (de)');
    await unlink(page, customer.customerNumber);
    await context.close();
  });

  it('keeps the input when the idle timer signs the user out while typing (en)', async () => {
    const context = await newContext('en');
    // The browser's clock can be moved ahead; the server's cannot, so its session is ended by hand.
    const page = await open(context, '/anmelden', { clock: true });
    await signIn(page, EMILY, en);
    const customer = await unregistered(page, 4);
    await fillLink(page, customer, en);
    await endSessionsElsewhere(EMILY);

    const dialog = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await page.clock.fastForward('12:00');
    await page.clock.fastForward('01:05');
    await dialog.waitFor();
    await page.clock.fastForward('02:00');
    await page.clock.fastForward('00:05');
    await page.waitForURL('**/anmelden?abgelaufen=1');
    await expect.poll(() => status(page, 'You were signed out after 15 minutes without activity.').count()).toBe(1);
    await expect.poll(() => status(page, en.kept).count()).toBe(1);
    expect(await drafts(page)).toHaveLength(1);
    await expectAccessible(page, 'signed out by the idle timer with a kept draft (en)');
    await screenshot(page, 'draft-safety-idle-sign-in-en');

    await signIn(page, EMILY, en);
    await expectRestored(page, customer, en);
    await expectAccessible(page, 'form restored from the draft (en)');
    await screenshot(page, 'draft-safety-restored-en');

    await sendAgain(page, customer, en);
    await unlink(page, customer.customerNumber);
    await context.close();
  });

  it('never shows a draft to another login, and signing out by hand drops it (de)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/anmelden');
    await signIn(page, ANNA, de);
    const customer = await unregistered(page, 3);
    const link = await fillLink(page, customer, de);
    await endSessionsElsewhere(ANNA);
    await link.getByRole('button', { name: de.linkSubmit, exact: true }).click();
    await page.waitForURL('**/anmelden');
    await expect.poll(() => status(page, de.kept).count()).toBe(1);
    const [annasDraft] = await drafts(page);
    expect(annasDraft).toContain(ANNA);

    // Someone else signs in in the same tab: an empty form, and Anna's draft is gone.
    await signIn(page, EMILY, de);
    expect(await field(section(page, de.linkHeading), de.customerNumber).inputValue()).toBe('');
    expect(await status(page, de.restored).count()).toBe(0);
    expect(await drafts(page)).toEqual([]);
    expect(await storedText(page)).not.toContain(customer.customerNumber);

    // Emily's own draft comes back to her, and goes when she signs out by hand.
    await fillLink(page, customer, de);
    await endSessionsElsewhere(EMILY);
    await section(page, de.linkHeading).getByRole('button', { name: de.linkSubmit, exact: true }).click();
    await page.waitForURL('**/anmelden');
    await signIn(page, EMILY, de);
    await expectRestored(page, customer, de);
    await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
    await page.waitForURL('**/anmelden');
    await expect.poll(() => status(page, 'Sie haben sich abgemeldet.').count()).toBe(1);
    expect(await drafts(page)).toEqual([]);
    expect(await status(page, de.kept).count()).toBe(0);
    await context.close();
  });
});
