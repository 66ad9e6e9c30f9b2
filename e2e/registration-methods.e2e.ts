// Registration at a grid operator (netz-nord: meter number + GP-Nr, password chosen after the
// e-mail link) and the request for a GP-Nr by post, with an axe check on every state.
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, field, heading, mailedLink, mails, toMyAccess, unregisteredCustomers } from './helpers.ts';

const TENANT = 'netz-nord';
const { newContext, open } = browserSuite(TENANT);

describe('registration with meter number and GP-Nr (netz-nord)', () => {
  it('applies for access, sets the password from the mailed link and signs in (de)', async () => {
    const context = await newContext('de');
    const page = await open(context, '/registrieren');
    expect(await heading(page)).toBe('Zugang beantragen');
    const main = page.locator('main');
    expect(await main.textContent()).toContain('Die GP-Nr. erhalten Sie von uns per Post');
    expect(await main.textContent()).toContain('Sie legen es fest, nachdem Sie Ihre E-Mail-Adresse');
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    const [person, other] = await unregisteredCustomers(page, TENANT, 2);
    if (!person || !other) throw new Error('demo data without two unregistered persons');
    const email = `e2e.gp.${Date.now()}@example.org`;

    // Numbers that do not belong together: the server's explanation.
    await field(page, 'Zählernummer').fill(person.meterNumbers[0]!);
    await field(page, 'Geschäftspartner-Nr. Netz').fill(other.customerNumber);
    await field(page, 'E-Mail-Adresse').fill(email);
    await main.getByRole('button', { name: 'Zugang beantragen' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('GP-Nr');
    await expectAccessible(page, 'GP registration: numbers do not match (de)');

    await field(page, 'Geschäftspartner-Nr. Netz').fill(person.customerNumber);
    await expectAccessible(page, 'GP registration form (de)');
    await screenshot(page, 'register-gp-de');
    await main.getByRole('button', { name: 'Zugang beantragen' }).click();
    await expect.poll(() => heading(page)).toBe('Fast geschafft!');
    await expectAccessible(page, 'GP registration: check your e-mail (de)');

    const link = await mailedLink(page, email, '/aktivieren');
    await page.goto(`${baseUrl(TENANT)}${link}`);
    await field(page, 'Neues Passwort').waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'GP registration: choose a password (de)');
    await field(page, 'Neues Passwort').fill('Deich Möwe Leuchtturm 7');
    await field(page, 'Neues Passwort wiederholen').fill('Deich Möwe Leuchtturm 7');
    await main.getByRole('button', { name: 'Zugang aktivieren' }).click();
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Zugang aktiviert');

    await page.getByRole('link', { name: 'Zur Anmeldung' }).click();
    await expect.poll(() => heading(page)).toBe('Anmelden');
    await field(page, 'E-Mail-Adresse oder Kundennummer').fill(email);
    await field(page, 'Passwort').fill('Deich Möwe Leuchtturm 7');
    await main.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await toMyAccess(page);
    expect(await main.textContent()).toContain(email);
    await context.close();
  });

  it('requests a GP-Nr by post and mails a copy (en, keyboard)', async () => {
    const context = await newContext('en');
    const page = await open(context, '/registrieren');
    expect(await heading(page)).toBe('Apply for access');
    await page.getByRole('link', { name: 'Request it now' }).click();
    await expect.poll(() => heading(page)).toBe('Request your grid business partner number');
    const main = page.locator('main');

    await main.getByRole('button', { name: 'Request business partner number' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('Please enter the street of your postal address.');
    await expectAccessible(page, 'GP-Nr request with missing input (en)');

    const email = `e2e.gp-request.${Date.now()}@example.org`;
    await field(page, 'First and last name or company').fill('Heike Janssen');
    await field(page, 'Street').first().fill('Deichstraße');
    await field(page, 'House number').first().fill('4');
    await field(page, 'Postcode').first().fill('25813');
    await field(page, 'Town').first().fill('Husum');
    // The checkbox reveals the connection address; Space toggles it.
    const checkbox = page.getByRole('checkbox', { name: 'The address of the connection differs from my postal address' });
    await checkbox.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => field(page, 'Street').count()).toBe(2);
    await field(page, 'Street').nth(1).fill('Am Hafen');
    await field(page, 'House number').nth(1).fill('2');
    await field(page, 'Postcode').nth(1).fill('25813');
    await field(page, 'Town').nth(1).fill('Husum');
    await field(page, 'Meter number').fill('1ESY1169999998');
    await field(page, 'Email address').fill(email);
    await expectAccessible(page, 'GP-Nr request filled in (en)');
    await screenshot(page, 'gp-request-en');
    await main.getByRole('button', { name: 'Request business partner number' }).click();
    await expect.poll(() => heading(page)).toBe('Request received');
    expect(await main.textContent()).toContain('We will send you the grid business partner number by post.');
    await expectAccessible(page, 'GP-Nr request received (en)');

    await expect
      .poll(async () => (await mails(page, email)).map((m) => m.text).join('\n'), { timeout: 20_000, interval: 300 })
      .toContain('1ESY1169999998');
    expect((await mails(page, email))[0]!.text).toContain('Am Hafen 2, 25813 Husum');
    await context.close();
  });
});
