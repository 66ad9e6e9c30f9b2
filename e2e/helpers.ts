// Helpers shared by the browser tests: demo data and the dev mailbox (read from inside the page,
// since Chromium resolves *.localhost and Node does not), headings, fields and signing in.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The password of every demo login. */
export const DEMO_PASSWORD = 'Zählerstand-2024';

export interface Mail {
  subject: string;
  text: string;
}

/** A demo customer without a login, to register with. */
export interface Unregistered {
  customerNumber: string;
  name: string;
  meterNumbers: string[];
}

interface DemoTenant {
  slug: string;
  logins: { email: string; customerNumbers: string[] }[];
  unregistered: Unregistered[];
}

/** GET a JSON document of the page's host. */
export async function getJson<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    return (await response.json()) as T;
  }, path);
}

async function demoTenant(page: Page, slug: string): Promise<DemoTenant> {
  const accounts = await getJson<{ tenants: DemoTenant[] }>(page, '/dev/demo-accounts.json');
  const tenant = accounts.tenants.find((t) => t.slug === slug);
  if (!tenant) throw new Error(`no demo data for ${slug}`);
  return tenant;
}

/** The demo customers of a tenant without a login (at least `atLeast` of them, or the test fails). */
export async function unregisteredCustomers(page: Page, slug: string, atLeast = 1): Promise<Unregistered[]> {
  const { unregistered } = await demoTenant(page, slug);
  if (unregistered.length < atLeast) throw new Error(`not enough unregistered demo customers for ${slug}`);
  return unregistered;
}

/** The customer numbers linked to a demo login. */
export async function customerNumbersOf(page: Page, slug: string, email: string): Promise<string[]> {
  const login = (await demoTenant(page, slug)).logins.find((l) => l.email === email);
  if (!login) throw new Error(`no demo login ${email}`);
  return login.customerNumbers;
}

/** The mails the portal sent to `to`, newest first. */
export async function mails(page: Page, to: string): Promise<Mail[]> {
  return getJson<Mail[]>(page, `/dev/mailbox.json?to=${encodeURIComponent(to)}`);
}

/** How many mails to `to` carry a link to `path` (e.g. /aktivieren). */
export async function mailCount(page: Page, to: string, path: string): Promise<number> {
  return (await mails(page, to)).filter((m) => m.text.includes(`${path}#token=`)).length;
}

/**
 * The newest mailed link to `path` (e.g. /aktivieren) for `to`, as a path with its #token fragment,
 * once more than `after` such mails have arrived.
 */
export async function mailedLink(page: Page, to: string, path: string, after = 0): Promise<string> {
  const pattern = new RegExp(`${path}#token=[A-Za-z0-9_-]+`);
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const matching = (await mails(page, to)).filter((m) => pattern.test(m.text));
        link = matching.length > after ? pattern.exec(matching[0]!.text)?.[0] : undefined;
        return link;
      },
      { timeout: 20_000, interval: 300 },
    )
    .toBeTruthy();
  return link!;
}

export async function heading(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
}

/** Password fields have no ARIA role of their own; Playwright exposes them as textboxes. */
export function field(scope: Page | Locator, name: string): Locator {
  return scope.getByRole('textbox', { name, exact: true });
}

export interface SignInLabels {
  id: string;
  pw: string;
  submit: string;
}

export const signInDe: SignInLabels = { id: 'E-Mail-Adresse oder Kundennummer', pw: 'Passwort', submit: 'Anmelden' };
export const signInEn: SignInLabels = { id: 'Email address or customer number', pw: 'Password', submit: 'Sign in' };

/** Fills in and sends the sign-in form (does not wait for the result). */
export async function signIn(page: Page, identifier: string, password: string, labels = signInDe): Promise<void> {
  await field(page, labels.id).fill(identifier);
  await field(page, labels.pw).fill(password);
  await page.locator('main').getByRole('button', { name: labels.submit, exact: true }).click();
}

/** Nothing sticks out sideways (phone-sized screens). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** True when `locator` is the focused element (not merely inside it, nor an element containing its text). */
export async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

/**
 * Collects Content-Security-Policy violations (no inline styles or scripts) reported by the pages it
 * watches; check `take()` after each test.
 */
export function cspWatcher(): { watch: (page: Page) => Page; take: () => string[] } {
  const found: string[] = [];
  return {
    watch: (page) => {
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to (apply|execute|load)/.test(message.text())) found.push(message.text());
      });
      return page;
    },
    take: () => found.splice(0),
  };
}
