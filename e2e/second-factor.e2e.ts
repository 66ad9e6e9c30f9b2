// Second factors in the browser: turning on an authenticator app (codes computed like the app
// does), signing in with code and recovery code; passkeys through Chromium's virtual authenticator
// (CDP WebAuthn domain), passwordless and as the second step. Fresh Alpenstadt customers, so the
// demo logins other tests use stay without a factor.
import { generate } from 'otplib';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, field, heading, registerAndActivate, section, signIn, signInEn, toMyAccess, unregisteredCustomers } from './helpers.ts';

const TENANT = 'alpenstadt';
const PASSWORD = 'Bergbahn fährt um sieben';
const { newContext, open } = browserSuite(TENANT);

/** The code an authenticator app shows `offsetSeconds` from now. */
function appCode(secret: string, offsetSeconds = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });
}

async function signOut(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).first().click();
  await page.waitForURL((url) => !url.pathname.startsWith('/mein-zugang'));
}

describe('authenticator app (TOTP)', () => {
  it('is set up on Mein Zugang, then asked for at sign-in; a recovery code works once (de)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/anmelden');
    const customer = (await unregisteredCustomers(page, TENANT, 2)).at(-1)!;
    const email = `e2e.totp.${Date.now()}@example.org`;
    await registerAndActivate(page, TENANT, customer, { email, password: PASSWORD, locale: 'de' });

    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, email, PASSWORD);
    await toMyAccess(page);
    const factors = section(page, 'Zwei-Faktor-Anmeldung');
    await factors.getByRole('button', { name: 'Authenticator-App einrichten' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Authenticator-App einrichten');
    const secret = (await factors.locator('.totp-setup__secret').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect.poll(() => factors.getByRole('img', { name: 'QR-Code zum Einrichten der Authenticator-App' }).isVisible()).toBe(true);
    await expectAccessible(page, 'TOTP setup');
    await screenshot(page, 'totp-setup-de');

    // a wrong code first: a clear message, nothing changes
    await field(factors, 'Code aus der Authenticator-App').fill('123456');
    await factors.getByRole('button', { name: 'Einschalten' }).click();
    await expect.poll(() => factors.locator('.error-summary').textContent()).toContain('nicht richtig');
    await field(factors, 'Code aus der Authenticator-App').fill(await appCode(secret));
    await factors.getByRole('button', { name: 'Einschalten' }).click();
    const codesHeading = page.getByRole('heading', { name: 'Ihre Wiederherstellungscodes' });
    await codesHeading.waitFor();
    const codes = await factors.locator('.recovery-codes__list code').allTextContents();
    expect(codes).toHaveLength(10);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Ihre Wiederherstellungscodes');
    await expect.poll(() => factors.getByRole('status').first().textContent()).toContain('ist eingeschaltet');
    await expectAccessible(page, 'recovery codes');
    await screenshot(page, 'totp-recovery-codes-de');
    await factors.getByRole('button', { name: 'Ich habe die Codes aufbewahrt' }).click();
    await expect.poll(() => factors.textContent()).toContain('Eingeschaltet seit');

    // sign in again: the second step asks for the code
    await signOut(page, 'Abmelden');
    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, email, PASSWORD);
    await page.waitForURL('**/anmeldung-bestaetigen');
    await expect.poll(() => heading(page)).toBe('Anmeldung bestätigen');
    await expectAccessible(page, 'second factor');
    await screenshot(page, 'second-factor-de');
    // nothing signed-in opens before the code
    expect(await page.evaluate(async () => (await fetch('/api/v1/auth/session')).status)).toBe(401);
    await field(page, 'Code aus der Authenticator-App').fill('000000');
    await page.getByRole('button', { name: 'Bestätigen', exact: true }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('nicht richtig');
    // the app's next code (the one used to turn it on may not work twice)
    await field(page, 'Code aus der Authenticator-App').fill(await appCode(secret, 30));
    await page.keyboard.press('Enter');
    await toMyAccess(page);

    // a recovery code, by keyboard
    await signOut(page, 'Abmelden');
    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, email, PASSWORD);
    await page.waitForURL('**/anmeldung-bestaetigen');
    await page.getByRole('button', { name: 'Wiederherstellungscode verwenden' }).focus();
    await page.keyboard.press('Enter');
    await field(page, 'Wiederherstellungscode').fill(codes[0]!);
    await page.keyboard.press('Enter');
    await toMyAccess(page);
    await expect.poll(() => section(page, 'Zwei-Faktor-Anmeldung').textContent()).toContain('Noch 9 Wiederherstellungscodes übrig');
    await context.close();
  });
});

describe('passkeys', () => {
  async function withVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
  }

  it('are added on Mein Zugang and sign in without a password and as the second step (en)', async () => {
    const context = await newContext('en');
    const page = await open(context, '/anmelden');
    await withVirtualAuthenticator(context, page);
    const customer = (await unregisteredCustomers(page, TENANT, 2)).at(-2)!;
    const email = `e2e.passkey.${Date.now()}@example.org`;
    await registerAndActivate(page, TENANT, customer, { email, password: PASSWORD, locale: 'en' });

    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, email, PASSWORD, signInEn);
    await toMyAccess(page);
    const factors = section(page, 'Two-factor sign-in');
    await field(factors, 'Name of the passkey').fill('Laptop');
    await factors.getByRole('button', { name: 'Add passkey' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    await expect.poll(() => factors.getByRole('heading', { level: 4 }).allTextContents()).toEqual(['Laptop']);
    await expectAccessible(page, 'passkey added');
    await screenshot(page, 'passkey-added-en');
    await factors.getByRole('button', { name: 'I have kept the codes' }).click();

    // passwordless
    await signOut(page, 'Sign out');
    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await expectAccessible(page, 'sign-in with passkey button');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await toMyAccess(page);
    await expect.poll(() => section(page, 'Two-factor sign-in').textContent()).toContain('last used on');

    // after the password, the passkey is the second step
    await signOut(page, 'Sign out');
    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, email, PASSWORD, signInEn);
    await page.waitForURL('**/anmeldung-bestaetigen');
    await expect.poll(() => heading(page)).toBe('Confirm sign-in');
    await expectAccessible(page, 'second factor (passkey)');
    await page.getByRole('button', { name: 'Confirm with a passkey' }).click();
    await toMyAccess(page);

    // removing it needs a confirmation; afterwards the password alone signs in
    const again = section(page, 'Two-factor sign-in');
    await again.getByRole('button', { name: 'Remove passkey "Laptop"' }).click();
    const dialog = page.getByRole('alertdialog');
    await expectAccessible(page, 'remove passkey dialog');
    await dialog.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => again.getByRole('status').first().textContent()).toContain('was removed');
    await signOut(page, 'Sign out');
    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(page, email, PASSWORD, signInEn);
    await toMyAccess(page);
    await context.close();
  });
});
