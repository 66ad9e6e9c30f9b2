// Helpers shared by the browser tests: the per-file browser and CSP check, demo data and the dev
// mailbox (read from inside the page, since Chromium resolves *.localhost and Node does not),
// registering, headings, fields and signing in.
import { generate } from 'otplib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { baseUrl, launchBrowser, newContext as newBrowserContext } from './browser.ts';

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
  /** Further proof and data the demo page shows (GP-Nr, Zählpunkt, Anschrift, ...). */
  proof: Record<string, string>;
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

/**
 * Registers `customer` with customer and meter number through the API and activates the login
 * through the mailed link; the page is on `slug`'s portal and ends on the activation page.
 */
export async function registerAndActivate(
  page: Page,
  slug: string,
  customer: Unregistered,
  login: { email: string; password: string; locale: 'de' | 'en' },
): Promise<void> {
  const status = await page.evaluate(
    async (body) =>
      (
        await fetch('/api/v1/auth/register', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
        })
      ).status,
    { method: 'customer_meter', customerNumber: customer.customerNumber, meterNumber: customer.meterNumbers[0]!, ...login },
  );
  expect(status).toBe(202);
  const link = await mailedLink(page, login.email, '/aktivieren');
  await page.goto(`${baseUrl(slug)}${link}`);
  await expect.poll(() => heading(page), { timeout: 15_000 }).toBe(login.locale === 'de' ? 'Zugang aktiviert' : 'Access activated');
}

/**
 * After a sign-in: it lands on the Übersicht (/uebersicht), or back on Mein Zugang when it started
 * there; either way Mein Zugang is open afterwards.
 */
export async function toMyAccess(page: Page): Promise<void> {
  await page.waitForURL(/\/(uebersicht|mein-zugang)$/);
  if (new URL(page.url()).pathname === '/uebersicht') await page.goto(new URL('/mein-zugang', page.url()).toString());
  await page.getByRole('heading', { level: 1, name: /^(Mein Zugang|My access)$/ }).waitFor();
  // The page's sections come with the session.
  await page.locator('main h2').first().waitFor();
}

export async function heading(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
}

/** The section of the page headed by the level-2 heading `name`. */
export function section(page: Page, name: string): Locator {
  return page.locator('section', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
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
 * Escape closes the open `dialog` and gives the focus back to `trigger`; Enter opens the dialog again.
 * React Aria gives the focus back one animation frame after the dialog is gone; until then it is on
 * <body>, whose text contains the button's too, so the check looks at the element itself.
 */
export async function escapeAndReopen(page: Page, dialog: Locator, trigger: Locator): Promise<void> {
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
  await expect.poll(() => isFocused(trigger)).toBe(true);
  await page.keyboard.press('Enter');
  await dialog.waitFor();
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

export interface BrowserSuite {
  /** The file's browser (launched in beforeAll, closed in afterAll). */
  browser: () => Browser;
  /** A new browser context of the file's browser, see newContext in browser.ts. */
  newContext: (locale?: 'de' | 'en', width?: number) => Promise<BrowserContext>;
  /**
   * Opens `path` in a new watched page and waits for its h1: on the suite's tenant, or on `tenant`
   * (null: bare localhost). `clock` installs Playwright's fake clock before the page loads.
   */
  open: (context: BrowserContext, path: string, options?: { tenant?: string | null; clock?: boolean }) => Promise<Page>;
  /** Adds a page to the CSP check that runs after each test. */
  watch: (page: Page) => Page;
}

/**
 * The set-up of a browser test file: launches the browser before its tests and closes it afterwards,
 * and fails every test in which a watched page (every page `open` opens) reports a
 * Content-Security-Policy violation. Call once at the top level of the file.
 */
export function browserSuite(tenant: string): BrowserSuite {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const csp = cspWatcher();
  afterEach(() => {
    expect(csp.take()).toEqual([]);
  });
  const launched = (): Browser => {
    if (!browser) throw new Error('the browser is launched in beforeAll');
    return browser;
  };
  return {
    browser: launched,
    newContext: (locale, width) => newBrowserContext(launched(), locale, width),
    open: async (context, path, options = {}) => {
      const page = csp.watch(await context.newPage());
      if (options.clock) await page.clock.install();
      const host = options.tenant === undefined ? tenant : options.tenant;
      await page.goto(`${baseUrl(host ?? undefined)}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      return page;
    },
    watch: csp.watch,
  };
}

// --- back office ---------------------------------------------------------------------------------

/** A demo back-office member of a tenant (from /dev/demo-accounts.json). */
export interface DemoStaff {
  email: string;
  name: string;
  role: 'admin' | 'clerk' | 'read_only';
  password: string;
  totpSecret: string;
}

/** The demo staff member of `slug` with `role`. */
export async function demoStaffMember(page: Page, slug: string, role: DemoStaff['role']): Promise<DemoStaff> {
  const accounts = await getJson<{ tenants: { slug: string; staff?: DemoStaff[] }[] }>(page, '/dev/demo-accounts.json');
  const member = accounts.tenants.find((t) => t.slug === slug)?.staff?.find((s) => s.role === role);
  if (!member) throw new Error(`no demo staff member ${role} for ${slug}`);
  return member;
}

const usedTotpSteps = new Map<string, number>();

/**
 * The code an authenticator app with `secret` shows (otplib, 30-second steps), never one this test
 * process used before: the server accepts each step once and one step ahead, so a second sign-in in
 * the same step takes the next step's code (or waits for the clock when that is used too).
 */
export async function freshTotpCode(secret: string): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    const next = Math.max(step, (usedTotpSteps.get(secret) ?? -1) + 1);
    if (next <= step + 1) {
      usedTotpSteps.set(secret, next);
      return generate({ secret: secret.replace(/\s/g, ''), epoch: next * 30 });
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** The newest mailed back-office invitation link for `to` (a path with its #token fragment). */
export async function mailedInvitation(page: Page, to: string): Promise<string> {
  const pattern = /\/backoffice\/einladung#[A-Za-z0-9_-]+/;
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const matching = (await mails(page, to)).filter((m) => pattern.test(m.text));
        link = matching.length > 0 ? pattern.exec(matching[0]!.text)?.[0] : undefined;
        return link;
      },
      { timeout: 20_000, interval: 300 },
    )
    .toBeTruthy();
  return link!;
}
