// Back office: a customer asks for a new billing address and a new instalment; a clerk signs in with
// password and authenticator code (keyboard), finds both in the work queue, notes, works and closes
// them; the customer sees "Erledigt" and the new address. An admin invites a colleague who sets the
// password and the authenticator from the mailed link; a read-only member sees no change controls
// (in English). Axe on every back-office page visited.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, screenshot } from './browser.ts';
import { browserSuite, DEMO_PASSWORD, demoStaffMember, field, freshTotpCode, heading, isFocused, mailedInvitation, section, signIn, type DemoStaff } from './helpers.ts';

const TENANT = 'musterstadt';
// A Musterstadt login no other browser test changes the address or instalment of.
const LUKAS = 'lukas.hoffmann@example.org';

const { newContext, open } = browserSuite(TENANT);

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');
}

function referenceIn(text: string): string {
  const reference = /A-\d{4}-\d{6}/.exec(text)?.[0];
  if (!reference) throw new Error(`no reference in ${text}`);
  return reference;
}

/** "85,50 €" -> 8550 */
function cents(text: string): number {
  const match = /(\d{1,3}(?:\.\d{3})*),(\d{2})/.exec(text);
  if (!match) throw new Error(`no amount in ${text}`);
  return Number(match[1]!.replace(/\./g, '')) * 100 + Number(match[2]);
}

/** Signs a staff member in with the mouse: password, then the authenticator code; lands on the dashboard. */
async function staffSignIn(context: BrowserContext, role: DemoStaff['role'], labels = { email: 'E-Mail-Adresse', password: 'Passwort', next: 'Weiter', code: 'Code aus der Authenticator-App', submit: 'Anmelden', home: 'Übersicht' }): Promise<{ page: Page; member: DemoStaff }> {
  const page = await open(context, '/backoffice/anmelden');
  const member = await demoStaffMember(page, TENANT, role);
  await field(page, labels.email).fill(member.email);
  await field(page, labels.password).fill(member.password);
  await page.locator('main').getByRole('button', { name: labels.next, exact: true }).click();
  await field(page, labels.code).fill(await freshTotpCode(member.totpSecret));
  await page.locator('main').getByRole('button', { name: labels.submit, exact: true }).click();
  await expect.poll(() => heading(page)).toBe(labels.home);
  return { page, member };
}

describe('Backoffice', () => {
  it('works a customer’s address and instalment change from the queue to done; the customer sees it (de, keyboard sign-in and status change)', async () => {
    // The customer asks for a new billing address and a new electricity instalment.
    const customerContext = await newContext('de');
    const customer = await open(customerContext, '/anmelden');
    await signIn(customer, LUKAS, DEMO_PASSWORD);
    await customer.waitForURL(/\/(uebersicht|konto-waehlen)$/);
    await customer.goto(`${baseUrl(TENANT)}/persoenliche-daten`);
    const address = section(customer, 'Rechnungsadresse ändern');
    await address.waitFor();
    await field(address, 'Straße').fill('Am Backofen');
    await field(address, 'Hausnummer').fill('12');
    await field(address, 'Postleitzahl').fill('59999');
    await field(address, 'Ort').fill('Musterstadt');
    await field(address, 'Ihr Passwort').fill(DEMO_PASSWORD);
    await address.getByRole('button', { name: 'Rechnungsadresse ändern' }).click();
    const addressSent = address.getByRole('status').filter({ hasText: 'Vielen Dank, wir haben Ihre neue Rechnungsadresse erhalten.' });
    await addressSent.waitFor();
    const addressReference = referenceIn(await textOf(addressSent));

    await customer.goto(`${baseUrl(TENANT)}/abschlag`);
    const power = customer.locator('section', { has: customer.getByRole('heading', { level: 2, name: /^Strom · Vertrag / }) }).first();
    await power.waitFor();
    const current = cents(/Monatlicher Abschlag([\d.,]+ €)/.exec(await textOf(power))?.[1] ?? '');
    await power.getByRole('button', { name: 'Abschlag ändern' }).click();
    await field(power, 'Gewünschter Abschlagsbetrag (€)').fill(`${String(Math.round(current / 100) + 6)},00`);
    await field(power, 'Änderungskommentar').fill('Die Wärmepumpe läuft mehr als gedacht.');
    await power.getByRole('button', { name: 'Änderung beantragen' }).click();
    const instalmentSent = power.getByRole('status').filter({ hasText: 'Vielen Dank, wir haben Ihren Änderungswunsch erhalten.' });
    await instalmentSent.waitFor();
    const instalmentReference = referenceIn(await textOf(instalmentSent));

    // The clerk signs in by keyboard only: e-mail, Tab, password, Enter; code, Enter.
    const clerkContext = await newContext('de');
    const page = await open(clerkContext, '/backoffice/anmelden');
    expect(await heading(page)).toBe('Anmeldung Backoffice');
    await expectAccessible(page, 'back office: sign-in (de)');
    await screenshot(page, 'backoffice-sign-in-de');
    const clerk = await demoStaffMember(page, TENANT, 'clerk');
    // Without a code first: the form says what is missing and takes the focus.
    await field(page, 'E-Mail-Adresse').focus();
    await page.keyboard.type(clerk.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('falsches-passwort');
    await page.keyboard.press('Enter');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await expect.poll(() => isFocused(summary)).toBe(true);
    expect(await textOf(summary)).toContain('E-Mail-Adresse oder Passwort stimmen nicht.');
    await field(page, 'Passwort').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(clerk.password);
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('Code eingeben');
    const code = field(page, 'Code aus der Authenticator-App');
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    await expectAccessible(page, 'back office: code step (de)');
    // A wrong format, then a wrong code, then the right one, all from the keyboard.
    await page.keyboard.press('Tab');
    await expect.poll(() => isFocused(code)).toBe(true);
    await page.keyboard.type('12ab');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page.locator('.error-summary'))).toContain('Bitte geben Sie den 6-stelligen Code');
    await code.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(await freshTotpCode(clerk.totpSecret));
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('Übersicht');
    const header = page.getByRole('banner');
    expect(await textOf(header)).toContain(clerk.name);
    expect(await textOf(header)).toContain('Sachbearbeitung');
    const nav = page.getByRole('navigation', { name: 'Backoffice-Navigation' });
    expect(await nav.getByRole('link', { name: 'Team' }).count()).toBe(0);
    await page.locator('.bo-card').first().waitFor();
    await expectAccessible(page, 'back office: dashboard (de)');
    await screenshot(page, 'backoffice-dashboard-de');

    // The queue: both requests found by the customer's name.
    await nav.getByRole('link', { name: 'Anliegen' }).click();
    await expect.poll(() => heading(page)).toBe('Anliegen');
    await page.getByRole('table').waitFor();
    await page.getByRole('searchbox', { name: 'Suche' }).fill('Hoffmann');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(/q=Hoffmann/);
    const table = page.getByRole('table', { name: /^Anliegen/ });
    const addressRow = table.getByRole('row').filter({ hasText: addressReference });
    const instalmentRow = table.getByRole('row').filter({ hasText: instalmentReference });
    await addressRow.waitFor();
    await instalmentRow.waitFor();
    expect(await textOf(addressRow)).toContain('Adressänderung');
    expect(await textOf(addressRow)).toContain('Eingegangen');
    expect(await textOf(addressRow)).toContain('Hoffmann');
    expect(await textOf(instalmentRow)).toContain('Abschlagsänderung');
    expect(await table.locator('th[scope="col"]').allTextContents()).toEqual(['Vorgangsnummer', 'Art', 'Betreff', 'Kunde', 'Eingegangen', 'Status', 'Bearbeitung']);
    await expectAccessible(page, 'back office: queue filtered (de)');
    await screenshot(page, 'backoffice-queue-de');

    // The address change: assign, note, in progress (keyboard), done.
    await addressRow.getByRole('link', { name: addressReference }).click();
    await expect.poll(() => heading(page)).toBe('Anliegen bearbeiten');
    const main = page.locator('main');
    await main.getByRole('heading', { name: 'Angaben des Kunden' }).waitFor();
    expect(await textOf(main)).toContain('Am Backofen 12');
    await main.getByRole('button', { name: 'Mir zuweisen' }).click();
    await main.getByRole('status').filter({ hasText: 'Das Anliegen ist Ihnen zugewiesen.' }).waitFor();
    expect(await textOf(main)).toContain(`Bearbeitet von ${clerk.name}.`);
    const notes = section(page, 'Interne Notizen');
    expect(await textOf(notes)).toContain('Intern – nicht für den Kunden sichtbar');
    await notes.getByRole('button', { name: 'Notiz speichern' }).click();
    await expect.poll(() => textOf(notes.locator('.error-summary'))).toContain('Bitte schreiben Sie eine Notiz.');
    await field(notes, 'Neue interne Notiz').fill('Adresse mit Einwohnermeldeamt abgeglichen.');
    await notes.getByRole('button', { name: 'Notiz speichern' }).click();
    await notes.getByRole('status').filter({ hasText: 'Die Notiz ist gespeichert.' }).waitFor();
    expect(await textOf(notes.locator('.bo-note'))).toContain('Adresse mit Einwohnermeldeamt abgeglichen.');
    expect(await field(notes, 'Neue interne Notiz').inputValue()).toBe('');
    await expectAccessible(page, 'back office: request with a note (de)');

    const statusSection = section(page, 'Status ändern');
    const inProgress = statusSection.getByRole('radio', { name: 'In Bearbeitung' });
    await inProgress.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Wir prüfen Ihre neue Anschrift.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await statusSection.getByRole('status').filter({ hasText: 'Der Status ist geändert: In Bearbeitung.' }).waitFor();
    expect(await textOf(section(page, 'Bearbeitungsverlauf'))).toContain('Wir prüfen Ihre neue Anschrift.');
    // A rejection needs a reason; then done.
    await statusSection.getByRole('radio', { name: 'Abgelehnt' }).check();
    expect(await textOf(statusSection)).toContain('Begründung für den Kunden (Pflicht bei Ablehnung)');
    await statusSection.getByRole('button', { name: 'Status ändern' }).click();
    await expect.poll(() => textOf(statusSection.locator('.error-summary'))).toContain('Bitte begründen Sie die Ablehnung für den Kunden.');
    await expectAccessible(page, 'back office: rejection without a reason (de)');
    await statusSection.getByRole('radio', { name: 'Erledigt' }).check();
    await statusSection.getByRole('button', { name: 'Status ändern' }).dblclick();
    await statusSection.getByRole('status').filter({ hasText: 'Der Status ist geändert: Erledigt.' }).waitFor();
    expect(await textOf(statusSection)).toContain('abgeschlossen');
    const history = page.locator('.request-history__item');
    expect(await history.count()).toBe(3);
    expect(await textOf(history.last())).toContain('Erledigt');
    await expectAccessible(page, 'back office: request done (de)');
    await screenshot(page, 'backoffice-request-done-de');

    // The instalment change: from the queue again, in progress, then done.
    await page.locator('main').getByRole('link', { name: 'Zurück zu den Anliegen' }).click();
    await expect.poll(() => heading(page)).toBe('Anliegen');
    await page.getByRole('table').getByRole('link', { name: instalmentReference }).click();
    await expect.poll(() => heading(page)).toBe('Anliegen bearbeiten');
    // Handed to a colleague (the admin), who then has it.
    await page.locator('main').getByLabel('An Kollegin oder Kollegen zuweisen').selectOption({ label: 'Petra Leitner' });
    await page.locator('main').getByRole('button', { name: 'Zuweisen', exact: true }).click();
    await page.locator('main').getByRole('status').filter({ hasText: 'Das Anliegen ist Petra Leitner zugewiesen.' }).waitFor();
    expect(await textOf(page.locator('main'))).toContain('Bearbeitet von Petra Leitner.');
    await field(section(page, 'Interne Notizen'), 'Neue interne Notiz').fill('Verbrauchsprognose passt zum neuen Betrag.');
    await section(page, 'Interne Notizen').getByRole('button', { name: 'Notiz speichern' }).click();
    await section(page, 'Interne Notizen').getByRole('status').filter({ hasText: 'Die Notiz ist gespeichert.' }).waitFor();
    const instalmentStatus = section(page, 'Status ändern');
    await instalmentStatus.getByRole('radio', { name: 'In Bearbeitung' }).check();
    await instalmentStatus.getByRole('button', { name: 'Status ändern' }).click();
    await instalmentStatus.getByRole('status').filter({ hasText: 'In Bearbeitung' }).waitFor();
    await instalmentStatus.getByRole('radio', { name: 'Erledigt' }).check();
    await instalmentStatus.getByRole('button', { name: 'Status ändern' }).click();
    await instalmentStatus.getByRole('status').filter({ hasText: 'Erledigt' }).waitFor();

    // The customer view of the request's customer, with the requests and the logged note.
    await page.locator('main').getByRole('link', { name: /^Kundenansicht von / }).click();
    await expect.poll(() => heading(page)).toBe('Kundenansicht');
    await section(page, 'Stammdaten').waitFor();
    expect(await textOf(page.locator('main'))).toContain('Das Öffnen dieser Ansicht wird protokolliert.');
    expect(await textOf(section(page, 'Stammdaten'))).toContain('Am Backofen 12');
    const requestsTable = section(page, 'Anliegen');
    expect(await textOf(requestsTable.getByRole('row').filter({ hasText: addressReference }))).toContain('Erledigt');
    const logins = section(page, 'Zugänge zum Kundenportal');
    expect(await textOf(logins)).toContain(LUKAS);
    await expectAccessible(page, 'back office: customer view (de)');
    await screenshot(page, 'backoffice-customer-de');
    // End the customer's sessions after confirming; the result is announced.
    await logins.getByRole('button', { name: `Sitzungen beenden: ${LUKAS}` }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Sitzungen beenden?' });
    await dialog.waitFor();
    await expectAccessible(page, 'back office: confirm ending sessions (de)');
    await dialog.getByRole('button', { name: 'Sitzungen beenden' }).click();
    await logins.getByRole('status').filter({ hasText: `Die Sitzungen von ${LUKAS} sind beendet.` }).waitFor();

    // The customer signs in again (the sessions were ended) and sees both done and the new address.
    await customer.goto(`${baseUrl(TENANT)}/anmelden`);
    await signIn(customer, LUKAS, DEMO_PASSWORD);
    await customer.waitForURL(/\/(uebersicht|konto-waehlen)$/);
    await customer.goto(`${baseUrl(TENANT)}/anliegen`);
    await expect.poll(() => heading(customer)).toBe('Meine Anliegen');
    for (const reference of [addressReference, instalmentReference]) {
      const card = customer.locator('.request-card').filter({ hasText: reference });
      await card.waitFor();
      expect(await textOf(card)).toContain('Erledigt');
    }
    await customer.goto(`${baseUrl(TENANT)}/persoenliche-daten`);
    await expect.poll(() => textOf(section(customer, 'Ihre Daten'))).toContain('Am Backofen 12');

    // Signing out leads to the sign-in page, and the queue asks for a sign-in again.
    await page.getByRole('banner').getByRole('button', { name: 'Abmelden' }).click();
    await expect.poll(() => heading(page)).toBe('Anmeldung Backoffice');
    await page.getByRole('status').filter({ hasText: 'Sie haben sich abgemeldet.' }).waitFor();
    await page.goto(`${baseUrl(TENANT)}/backoffice/anliegen`);
    await expect.poll(() => heading(page)).toBe('Anmeldung Backoffice');
    await customerContext.close();
    await clerkContext.close();
  });

  it('lets an admin invite a colleague, who sets a password and the authenticator from the mailed link and lands on the dashboard (de)', async () => {
    const adminContext = await newContext('de');
    const { page } = await staffSignIn(adminContext, 'admin');
    await page.getByRole('navigation', { name: 'Backoffice-Navigation' }).getByRole('link', { name: 'Team' }).click();
    await expect.poll(() => heading(page)).toBe('Team');
    const team = section(page, 'Mitarbeiterinnen und Mitarbeiter');
    await team.getByRole('table').waitFor();
    await expectAccessible(page, 'back office: team (de)');

    // The last admin cannot step down; the server's reason is shown.
    const me = team.getByRole('row').filter({ hasText: '(Sie)' });
    await me.getByRole('combobox').selectOption({ label: 'Sachbearbeitung' });
    await me.getByRole('button', { name: /^Rolle von .* ändern$/ }).click();
    await team.getByRole('alert').filter({ hasText: 'Der letzte aktive Administrator kann weder gesperrt noch herabgestuft werden.' }).waitFor();

    const invite = section(page, 'Kollegin oder Kollegen einladen');
    await invite.getByRole('button', { name: 'Einladung senden' }).click();
    const summary = invite.locator('.error-summary');
    await expect.poll(() => textOf(summary)).toContain('Bitte geben Sie den Namen ein.');
    expect(await textOf(summary)).toContain('Bitte geben Sie eine gültige E-Mail-Adresse ein');
    const email = `nora.neu.${String(Date.now())}@stadtwerke-musterstadt.example`;
    await field(invite, 'Name').fill('Nora Neu');
    await field(invite, 'E-Mail-Adresse').fill(email);
    await invite.getByLabel('Rolle').selectOption({ label: 'Sachbearbeitung' });
    await invite.getByRole('button', { name: 'Einladung senden' }).click();
    await invite.getByRole('status').filter({ hasText: `Die Einladung an Nora Neu (${email}) ist gesendet.` }).waitFor();
    const row = team.getByRole('row').filter({ hasText: email });
    await row.waitFor();
    expect(await textOf(row)).toContain('eingeladen');
    // The same address twice: the server's field message.
    await field(invite, 'Name').fill('Nora Neu');
    await field(invite, 'E-Mail-Adresse').fill(email);
    await invite.getByRole('button', { name: 'Einladung senden' }).click();
    await expect.poll(() => textOf(summary)).toContain('Unter dieser E-Mail-Adresse gibt es bereits einen Backoffice-Zugang.');
    await expectAccessible(page, 'back office: team after inviting (de)');
    await screenshot(page, 'backoffice-team-de');

    // The invitee opens the mailed link in another browser.
    const link = await mailedInvitation(page, email);
    const inviteeContext = await newContext('de');
    const invitee = await open(inviteeContext, link);
    expect(await heading(invitee)).toBe('Einladung ins Backoffice');
    await invitee.getByText(email).waitFor();
    expect(new URL(invitee.url()).hash).toBe('');
    await expectAccessible(invitee, 'back office: invitation (de)');
    await field(invitee, 'Neues Passwort').fill('Backofen-Kruste-2026!');
    await field(invitee, 'Neues Passwort wiederholen').fill('Backofen-Kruste-2027!');
    await invitee.locator('main').getByRole('button', { name: 'Passwort festlegen und weiter' }).click();
    await invitee.locator('.error-summary').waitFor();
    await field(invitee, 'Neues Passwort wiederholen').fill('Backofen-Kruste-2026!');
    await invitee.locator('main').getByRole('button', { name: 'Passwort festlegen und weiter' }).click();
    await expect.poll(() => heading(invitee)).toBe('Authenticator-App einrichten');
    const secret = ((await invitee.getByTestId('totp-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    expect(await invitee.getByRole('img', { name: 'QR-Code zum Einrichten der Authenticator-App' }).getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await expectAccessible(invitee, 'back office: authenticator set-up (de)');
    await screenshot(invitee, 'backoffice-enrol-de');
    await field(invitee, 'Code aus der Authenticator-App').fill('000000');
    await invitee.locator('main').getByRole('button', { name: 'Einrichtung abschließen' }).click();
    await expect.poll(() => textOf(invitee.locator('.error-summary'))).toContain('Der Code stimmt nicht');
    await field(invitee, 'Code aus der Authenticator-App').fill(await freshTotpCode(secret));
    await invitee.locator('main').getByRole('button', { name: 'Einrichtung abschließen' }).click();
    await expect.poll(() => heading(invitee)).toBe('Übersicht');
    expect(await textOf(invitee.getByRole('banner'))).toContain('Nora Neu');
    await expectAccessible(invitee, 'back office: dashboard of the new colleague (de)');

    // The admin sees her active with an authenticator and resets it after confirming.
    await page.reload();
    await expect.poll(() => textOf(row)).toContain('aktiv');
    expect(await textOf(row)).toContain('eingerichtet');
    await row.getByRole('button', { name: 'Authenticator von Nora Neu zurücksetzen' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Authenticator zurücksetzen?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Authenticator zurücksetzen' }).click();
    await team.getByRole('status').filter({ hasText: 'Der Authenticator von Nora Neu ist zurückgesetzt.' }).waitFor();
    await expect.poll(() => textOf(row)).toContain('nicht eingerichtet');
    await adminContext.close();
    await inviteeContext.close();
  });

  it('shows a read-only member the queue, a request and a customer without any change controls (en)', async () => {
    const context = await newContext('en');
    const { page } = await staffSignIn(context, 'read_only', { email: 'Email address', password: 'Password', next: 'Continue', code: 'Code from the authenticator app', submit: 'Sign in', home: 'Overview' });
    const nav = page.getByRole('navigation', { name: 'Back-office navigation' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Overview', 'Requests', 'Customers']);
    expect(await textOf(page.getByRole('banner'))).toContain('Read only');
    await page.locator('.bo-card').first().waitFor();
    await expectAccessible(page, 'back office: dashboard (en)');

    await page.goto(`${baseUrl(TENANT)}/backoffice/anliegen?status=all`);
    await expect.poll(() => heading(page)).toBe('Requests');
    const table = page.getByRole('table', { name: /^Requests/ });
    await table.waitFor();
    expect(await table.locator('th[scope="col"]').allTextContents()).toEqual(['Reference', 'Kind', 'Subject', 'Customer', 'Received', 'Status', 'Assigned to']);
    expect(await page.getByLabel('Status').inputValue()).toBe('all');
    await expectAccessible(page, 'back office: queue (en)');
    await screenshot(page, 'backoffice-queue-en');

    await table.getByRole('row').nth(1).getByRole('link').first().click();
    await expect.poll(() => heading(page)).toBe('Work on a request');
    await page.locator('main').getByRole('heading', { name: 'Status history' }).waitFor();
    expect(await page.locator('main').getByRole('heading', { name: 'Change the status' }).count()).toBe(0);
    expect(await page.locator('main').getByRole('button').count()).toBe(0);
    expect(await page.locator('main').getByRole('textbox').count()).toBe(0);
    expect(await textOf(section(page, 'Internal notes'))).toContain('Internal – not visible to the customer');
    await expectAccessible(page, 'back office: request, read only (en)');

    await page.locator('main').getByRole('link', { name: /^Open the customer view of / }).click();
    await expect.poll(() => heading(page)).toBe('Customer view');
    await section(page, 'Master data').waitFor();
    expect(await page.locator('main').getByRole('button').count()).toBe(0);
    expect(await textOf(page.locator('main'))).toContain('Opening this view is logged.');
    await expectAccessible(page, 'back office: customer view, read only (en)');

    // The customer search; too short a term is explained.
    await nav.getByRole('link', { name: 'Customers' }).click();
    await expect.poll(() => heading(page)).toBe('Customers');
    await page.getByRole('searchbox', { name: 'Search term' }).fill('H');
    await page.locator('main').getByRole('button', { name: 'Search' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please enter at least 2 characters.' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search term' }).fill('Hoffmann');
    await page.locator('main').getByRole('button', { name: 'Search' }).click();
    await page.getByRole('table', { name: 'Search results' }).getByRole('row').nth(1).waitFor();
    await expectAccessible(page, 'back office: customer search (en)');

    // Team is for admins; an unknown request is not found.
    await page.goto(`${baseUrl(TENANT)}/backoffice/team`);
    await expect.poll(() => heading(page)).toBe('Team');
    await page.getByRole('alert').filter({ hasText: 'Your role does not give access to this page.' }).waitFor();
    await page.goto(`${baseUrl(TENANT)}/backoffice/anliegen/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').filter({ hasText: 'This content is not available at the moment.' }).waitFor();
    await context.close();
  });
});
