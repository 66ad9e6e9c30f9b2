// Registration, activation, sign-in and -out, account switch, forgotten and changed passwords, signed-in
// devices and the idle warning, in German and English, with an axe WCAG 2.1 AA check on every state.
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, customerNumbersOf, DEMO_PASSWORD, expectNoHorizontalScroll, field, heading, mailCount, mailedLink, registerAndActivate, signIn, signInEn, toMyAccess, unregisteredCustomers } from './helpers.ts';

const TENANT = 'musterstadt';
const { newContext, open } = browserSuite(TENANT);

describe('registration and activation', () => {
  it('registers with customer and meter number, activates by mail and signs in (de)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/registrieren');
    const customer = (await unregisteredCustomers(page, TENANT, 3))[0]!;
    const email = `e2e.registrierung.${Date.now()}@example.org`;
    expect(await heading(page)).toBe('Registrieren');
    expect(await page.locator('main').textContent()).toContain('Pflichtfelder sind mit * gekennzeichnet');

    // The help texts of the utility are one click away.
    await page.getByRole('button', { name: 'Wo finde ich meine Kundennummer?' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('beginnt mit der Zahl 4');
    await page.getByRole('button', { name: 'Wo finde ich meine Zählernummer?' }).click();
    await expectAccessible(page, 'registration form with help (de)');

    // The strength estimator is a chunk of its own, loaded once someone types a password.
    const chunks: string[] = [];
    page.on('request', (request) => {
      if (/zxcvbn/.test(request.url())) chunks.push(request.url());
    });
    await field(page, 'Kundennummer').fill(customer.customerNumber);
    // Spaces and dashes in the meter number are fine.
    const meter = customer.meterNumbers[0]!;
    await field(page, 'Zählernummer').fill(`${meter.slice(0, 4)} ${meter.slice(4, 8)}-${meter.slice(8)}`);
    await field(page, 'E-Mail-Adresse').fill(email);
    expect(chunks).toEqual([]);
    await field(page, 'Passwort').fill('passwort123');
    await expect.poll(() => page.locator('.strength__status').textContent(), { timeout: 15_000 }).toContain('zu bekannt');
    expect(chunks.length).toBeGreaterThan(0);
    await field(page, 'Passwort').fill('Gießkanne Wolke Fahrrad');
    await expect.poll(() => page.locator('.strength__status').textContent()).toContain('Dieses Passwort können Sie verwenden');
    expect(await page.getByRole('meter').getAttribute('aria-valuetext')).toMatch(/gut/);
    await field(page, 'Passwort wiederholen').fill('Gießkanne Wolke Fahrrad');
    await page.getByRole('button', { name: 'Passwort anzeigen' }).click();
    expect(await field(page, 'Passwort').getAttribute('type')).toBe('text');
    await expectAccessible(page, 'registration form filled in (de)');
    await screenshot(page, 'identity-register-de');

    await page.locator('main').getByRole('button', { name: 'Registrieren' }).click();
    await expect.poll(() => heading(page)).toBe('Fast geschafft!');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain(`Wir haben Ihnen eine E-Mail an ${email} geschickt`);
    expect(main).toContain('Spam- oder Junk-Ordner');
    await expectAccessible(page, 'registration: check your e-mail (de)');
    await screenshot(page, 'identity-register-sent-de');

    const first = await mailedLink(page, email, '/aktivieren');
    expect(first).toMatch(/^\/aktivieren#token=/);
    await page.getByRole('button', { name: 'E-Mail erneut senden' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'erneut' }).count()).toBe(1);
    await expectAccessible(page, 'registration: mail sent again (de)');
    const second = await mailedLink(page, email, '/aktivieren', 1);
    expect(second).not.toBe(first);

    // Signing in before activating: the right password gets a fresh link and an explanation.
    const early = await open(context, '/anmelden');
    await signIn(early, email, 'Gießkanne Wolke Fahrrad');
    await expect.poll(() => early.locator('.error-summary').textContent()).toContain('noch nicht aktiviert');
    await expectAccessible(early, 'sign-in before activation (de)');
    await early.close();
    const link = await mailedLink(page, email, '/aktivieren', 2);
    expect(link).not.toBe(second);

    await page.goto(`${baseUrl(TENANT)}${link}`);
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Zugang aktiviert');
    expect(page.url()).not.toContain('token'); // removed from the address bar
    expect(await page.locator('main').textContent()).toContain('Ihr Zugang ist aktiviert. Sie können sich jetzt anmelden.');
    await expectAccessible(page, 'activation done (de)');

    // A used link is explained, with a way to a new one.
    const again = await open(context, link);
    await expect.poll(() => heading(again)).toBe('Link ungültig oder abgelaufen');
    await expectAccessible(again, 'activation link used (de)');
    await again.close();

    await page.getByRole('link', { name: 'Zur Anmeldung' }).click();
    await expect.poll(() => heading(page)).toBe('Anmelden');
    expect(await field(page, 'E-Mail-Adresse oder Kundennummer').inputValue()).toBe(email);
    await field(page, 'Passwort').fill('Gießkanne Wolke Fahrrad');
    await page.locator('main').getByRole('button', { name: 'Anmelden', exact: true }).click();
    await toMyAccess(page);
    await expect.poll(() => page.locator('.account-bar').textContent()).toContain(customer.customerNumber);
    expect(await page.locator('main').textContent()).toContain(email);
    await expectAccessible(page, 'Mein Zugang after registration (de)');
    await context.close();
  });

  it('asks for missing input and explains numbers that do not belong together (en)', async () => {
    const context = await newContext('en');
    const page = await open(context, '/registrieren');
    expect(await heading(page)).toBe('Register');
    const customers = await unregisteredCustomers(page, TENANT, 3);

    // Empty form: a summary with links to the fields takes the focus.
    await page.locator('main').getByRole('button', { name: 'Register' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Please correct the following:');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await summary.getByRole('link').count()).toBe(5);
    await summary.getByRole('link', { name: 'Please enter your meter number.' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('register-meterNumber');
    const described = (await field(page, 'Meter number').getAttribute('aria-describedby')) ?? '';
    const descriptions = await Promise.all(described.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(descriptions.join(' ')).toContain('Please enter your meter number.');
    expect(await field(page, 'Meter number').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'registration with missing input (en)');

    // Passwords that differ are caught before anything is sent.
    await field(page, 'Customer number').fill(customers[1]!.customerNumber);
    await field(page, 'Meter number').fill(customers[2]!.meterNumbers[0]!);
    await field(page, 'Email address').fill(`e2e.mismatch.${Date.now()}@example.org`);
    await field(page, 'Password').fill('Blue kettle over the hill');
    await field(page, 'Repeat password').fill('Blue kettle over the hil');
    await page.locator('main').getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => summary.textContent()).toContain('The two passwords do not match.');

    // The meter number of another customer: the server says they do not match, with the help texts.
    await field(page, 'Repeat password').fill('Blue kettle over the hill');
    await page.locator('main').getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain('The customer number and meter number do not match');
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('Where do I find my customer number?');
    expect(text).toContain('starts with 4');
    expect(text).toContain('rating plate');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectAccessible(page, 'registration proof mismatch (en)');
    await screenshot(page, 'identity-register-mismatch-en');
    await context.close();
  });
});

describe('sign-in', () => {
  it('explains a wrong password, signs in and out (de)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/mein-zugang');
    // Signed out: "Mein Zugang" leads to the sign-in page and back afterwards.
    await expect.poll(() => heading(page)).toBe('Anmelden');
    expect(page.url()).toContain('/anmelden');
    expect(await page.getByRole('banner').getByRole('link', { name: 'Registrieren' }).count()).toBe(1);
    await expectAccessible(page, 'sign-in page (de)');
    await screenshot(page, 'identity-login-de');

    await signIn(page, 'anna.schmidt@example.com', 'Falsches Passwort');
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('E-Mail-Adresse, Kundennummer oder Passwort sind nicht richtig');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.getByRole('link', { name: 'Passwort vergessen?' }).count()).toBe(1);
    await expectAccessible(page, 'sign-in with a wrong password (de)');

    // Customer number instead of e-mail address.
    const [customerNumber] = await customerNumbersOf(page, TENANT, 'anna.schmidt@example.com');
    await signIn(page, customerNumber!, DEMO_PASSWORD);
    await page.waitForURL('**/mein-zugang');
    await expect.poll(() => page.locator('.account-bar').textContent()).toContain(`${customerNumber!} · `);
    const navLink = page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Mein Zugang' });
    await expect.poll(() => navLink.getAttribute('aria-current')).toBe('page');
    await expect.poll(() => page.locator('main').textContent()).toContain('Diese Sitzung');
    await expectAccessible(page, 'Mein Zugang (de)');
    await screenshot(page, 'identity-my-access-de');

    await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
    await page.waitForURL('**/anmelden');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Sie haben sich abgemeldet.' }).count()).toBe(1);
    expect(await page.locator('.account-bar').count()).toBe(0);
    await expectAccessible(page, 'signed out (de)');
    const session = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).status);
    expect(session).toBe(401);
    await context.close();
  });

  it('works on a phone-sized screen, signed in (en)', async () => {
    const context = await newContext('en', 375);
    const page = await open(context, '/anmelden');
    expect(await heading(page)).toBe('Sign in');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, 'sign-in page at 375 px (en)');
    await screenshot(page, 'identity-login-mobile-en');
    await signIn(page, 'emily.clarke@example.org', DEMO_PASSWORD, signInEn);
    await toMyAccess(page);
    await expect.poll(() => page.locator('main').textContent()).toContain('This session');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, 'My access at 375 px (en)');
    await screenshot(page, 'identity-my-access-mobile-en');
    await page.goto(`${baseUrl(TENANT)}/registrieren`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/anmelden');
    await page.goto(`${baseUrl(TENANT)}/registrieren`);
    await expect.poll(() => heading(page)).toBe('Register');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'identity-register-mobile-en');
    await context.close();
  });

  it('switches between linked customer accounts (en)', async () => {
    const context = await newContext('en');
    const page = await open(context, '/anmelden');
    const numbers = await customerNumbersOf(page, TENANT, 'michael.bauer@example.org');
    expect(numbers).toHaveLength(2);
    const [own, other] = numbers as [string, string];
    await signIn(page, 'michael.bauer@example.org', DEMO_PASSWORD, signInEn);
    // Two accounts and none chosen yet: choose first.
    await page.waitForURL('**/konto-waehlen');
    await expect.poll(() => heading(page)).toBe('Choose customer account');
    await expectAccessible(page, 'choose customer account (en)');
    await screenshot(page, 'identity-choose-account-en');
    await page.getByRole('button', { name: `Choose customer account ${own}` }).click();
    await toMyAccess(page);

    const select = page.getByRole('button', { name: /Customer account/ });
    await expect.poll(() => select.textContent()).toContain(`${own} · `);
    await select.click();
    const listbox = page.getByRole('listbox');
    await listbox.waitFor();
    await expectAccessible(page, 'account switcher open (en)');
    await listbox.getByRole('option', { name: new RegExp(other) }).click();
    await expect.poll(() => select.textContent()).toContain(`${other} · `);
    await expect.poll(() => page.locator('[aria-current="true"].account-card').textContent()).toContain(other);

    // And back from the list on "My access"; the choice is remembered for the next sign-in.
    await page.getByRole('button', { name: `Switch to customer account ${own}` }).click();
    await expect.poll(() => select.textContent()).toContain(own);
    await expect.poll(() => page.getByRole('status').filter({ hasText: `You are now working with customer account ${own}.` }).count()).toBe(1);
    await expectAccessible(page, 'My access after switching (en)');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/anmelden');
    await signIn(page, 'michael.bauer@example.org', DEMO_PASSWORD, signInEn);
    await toMyAccess(page);
    await expect.poll(() => select.textContent()).toContain(own);
    await context.close();
  });
});

/** The first password of the logins registered for the password tests. */
const FIRST_PASSWORD = 'Laterne Brücke Sonnenblume 9';

describe('passwords', () => {
  it('resets a forgotten password by mail and signs in with the new one (de)', async () => {
    // A customer registered for this test: the demo logins keep their demo password for other files.
    const context = await newContext('de');
    const page = await open(context, '/anmelden');
    const email = `e2e.reset.${String(Date.now())}@example.org`;
    await registerAndActivate(page, TENANT, (await unregisteredCustomers(page, TENANT, 6))[5]!, { email, password: FIRST_PASSWORD, locale: 'de' });
    await page.goto(`${baseUrl(TENANT)}/anmelden`);
    await expect.poll(() => heading(page)).toBe('Anmelden');
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    await expect.poll(() => heading(page)).toBe('Passwort vergessen');
    await expectAccessible(page, 'forgot password (de)');
    const before = await mailCount(page, email, '/passwort-zuruecksetzen');
    await field(page, 'E-Mail-Adresse').fill(email);
    await page.locator('main').getByRole('button', { name: 'Link anfordern' }).click();
    await expect.poll(() => heading(page)).toBe('Bitte prüfen Sie Ihr Postfach');
    expect(await page.locator('main').textContent()).toContain('Spam- oder Junk-Ordner');
    await expectAccessible(page, 'forgot password: check your e-mail (de)');

    const link = await mailedLink(page, email, '/passwort-zuruecksetzen', before);
    await page.goto(`${baseUrl(TENANT)}${link}`);
    await expect.poll(() => heading(page)).toBe('Neues Passwort festlegen');
    expect(page.url()).not.toContain('token');
    await expect.poll(() => page.locator('main').textContent()).toContain(email);
    await field(page, 'Neues Passwort').fill('Mondlicht über dem Wasserturm');
    await field(page, 'Neues Passwort wiederholen').fill('Mondlicht über dem Wasserturm');
    await expect.poll(() => page.locator('.strength__status').textContent(), { timeout: 15_000 }).toContain('Passwortstärke');
    await expectAccessible(page, 'reset password form (de)');
    await page.locator('main').getByRole('button', { name: 'Passwort speichern' }).click();
    await expect.poll(() => heading(page)).toBe('Passwort geändert');
    await expectAccessible(page, 'password reset done (de)');

    await page.getByRole('link', { name: 'Zur Anmeldung' }).click();
    await expect.poll(() => field(page, 'E-Mail-Adresse oder Kundennummer').inputValue()).toBe(email);
    await field(page, 'Passwort').fill(FIRST_PASSWORD);
    await page.locator('main').getByRole('button', { name: 'Anmelden', exact: true }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('nicht richtig');
    await field(page, 'Passwort').fill('Mondlicht über dem Wasserturm');
    await page.locator('main').getByRole('button', { name: 'Anmelden', exact: true }).click();
    await toMyAccess(page);

    // The link works once.
    await page.goto(`${baseUrl(TENANT)}${link}`);
    await expect.poll(() => heading(page)).toBe('Link ungültig oder abgelaufen');
    await expectAccessible(page, 'reset link used (de)');
    await context.close();
  });

  it('ends another session and changes the password, which ends the others too (en)', async () => {
    const [main, other, third] = await Promise.all([newContext('en'), newContext('en'), newContext('en')]);
    const otherPage = await open(other, '/anmelden');
    const email = `e2e.sessions.${String(Date.now())}@example.org`;
    await registerAndActivate(otherPage, TENANT, (await unregisteredCustomers(otherPage, TENANT, 6))[5]!, { email, password: FIRST_PASSWORD, locale: 'en' });
    await otherPage.goto(`${baseUrl(TENANT)}/anmelden`);
    await expect.poll(() => heading(otherPage)).toBe('Sign in');
    await signIn(otherPage, email, FIRST_PASSWORD, signInEn);
    await toMyAccess(otherPage);
    const page = await open(main, '/anmelden');
    await signIn(page, email, FIRST_PASSWORD, signInEn);
    await toMyAccess(page);

    const sessions = page.locator('.session-card');
    await expect.poll(() => sessions.count()).toBeGreaterThanOrEqual(2);
    const count = await sessions.count();
    expect(await page.locator('.session-card[aria-current="true"]').textContent()).toContain('This session');
    await page.getByRole('button', { name: /^Sign out\W+Chrome/ }).first().click();
    await expect.poll(() => sessions.count()).toBe(count - 1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'has been signed out' }).count()).toBe(1);
    await otherPage.reload();
    await expect.poll(() => heading(otherPage)).toBe('Sign in');

    const thirdPage = await open(third, '/anmelden');
    await signIn(thirdPage, email, FIRST_PASSWORD, signInEn);
    await toMyAccess(thirdPage);

    // A wrong current password is a message at that field.
    await field(page, 'Current password').fill('not my password');
    await field(page, 'New password').fill('Lighthouse pancake orbit');
    await field(page, 'Repeat new password').fill('Lighthouse pancake orbit');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent(), { timeout: 15_000 }).toContain('Please correct the following:');
    expect(await field(page, 'Current password').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'change password with a wrong current password (en)');

    await field(page, 'Current password').fill(FIRST_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Your password has been changed. Other sessions have been ended.' }).count(), { timeout: 15_000 }).toBe(1);
    expect(await field(page, 'Current password').inputValue()).toBe('');
    await expect.poll(() => sessions.count()).toBe(1);
    await expectAccessible(page, 'password changed (en)');
    await screenshot(page, 'identity-password-changed-en');

    // Still signed in here (new session), signed out elsewhere.
    await page.reload();
    await expect.poll(() => heading(page)).toBe('My access');
    await thirdPage.reload();
    await expect.poll(() => heading(thirdPage)).toBe('Sign in');
    await Promise.all([main.close(), other.close(), third.close()]);
  });
});

describe('idle timeout', () => {
  it('warns before the automatic sign-out and keeps the session alive (de)', async () => {
    const context = await newContext('de');
    // The browser's clock can be moved ahead; the server's cannot, so its session stays valid.
    // Mein Zugang leads to the sign-in and back without reloading the page (the fake clock keeps running).
    // A login no earlier test of this file has sessions of (Alpenstadt, also German, 15 minutes).
    const page = await open(context, '/mein-zugang', { clock: true, tenant: 'alpenstadt' });
    await signIn(page, 'maria.gruber@example.com', DEMO_PASSWORD);
    await page.waitForURL('**/mein-zugang');
    await expect.poll(() => page.locator('main').textContent()).toContain('Diese Sitzung');
    const dialog = page.getByRole('alertdialog', { name: 'Sind Sie noch da?' });
    expect(await dialog.count()).toBe(0);

    await page.clock.fastForward('12:00');
    expect(await dialog.count()).toBe(0);
    await page.clock.fastForward('01:05');
    // The warning's timer may be re-armed while the clock jumps (a busy machine renders late): let
    // the fake clock tick until it shows.
    await expect
      .poll(async () => {
        await page.clock.runFor(500);
        return dialog.count();
      })
      .toBe(1);
    expect(await dialog.textContent()).toMatch(/Sie werden in [01]:\d\d Minuten automatisch abgemeldet/);
    // Read the description through the dialog's current aria-describedby (ids change on re-render).
    await expect
      .poll(async () => {
        const id = await dialog.getAttribute('aria-describedby');
        return id ? await page.locator(`[id="${id}"]`).textContent({ timeout: 1000 }).catch(() => null) : null;
      })
      .toContain('Sie werden in 2 Minuten automatisch abgemeldet');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Angemeldet bleiben');
    const countdown = await dialog.locator('[aria-hidden="true"]').textContent();
    await page.clock.fastForward('00:02');
    await expect.poll(() => dialog.locator('[aria-hidden="true"]').textContent()).not.toBe(countdown);
    await expectAccessible(page, 'idle warning dialog (de)');
    await screenshot(page, 'identity-idle-dialog-de');

    const keepalive = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/keepalive') && r.status() === 200);
    await dialog.getByRole('button', { name: 'Angemeldet bleiben' }).click();
    await keepalive;
    await expect.poll(() => dialog.count()).toBe(0);
    expect(page.url()).toContain('/mein-zugang');

    // The next warning comes a full idle period later; "Jetzt abmelden" signs out.
    await page.clock.fastForward('12:00');
    expect(await dialog.count()).toBe(0);
    await page.clock.fastForward('01:05');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Jetzt abmelden' }).click();
    await page.waitForURL('**/anmelden');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Sie haben sich abgemeldet.' }).count()).toBe(1);
    await context.close();
  });

  it('tells the user why they were signed out (en)', async () => {
    const context = await newContext('en');
    const page = await open(context, '/anmelden?abgelaufen=1');
    expect(await page.getByRole('status').filter({ hasText: 'You were signed out after 15 minutes without activity.' }).count()).toBe(1);
    await expectAccessible(page, 'signed out after the idle timeout (en)');
    await context.close();
  });
});
