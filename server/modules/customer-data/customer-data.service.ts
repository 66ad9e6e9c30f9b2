// Customer data ("Persönliche Daten") of the selected customer account: what the utility has on
// file, the contact data change (applied at once and recorded as a request of kind 'contact') and the
// billing address change (confirmed with the password in the same request; a request of kind
// 'address' that the utility processes). Decisions: ADR 0016.
import { localDate } from '../../clock.ts';
import { z } from 'zod';
import {
  CUSTOMER_DATA_LIMITS,
  isPostalCode,
  PHONE_PATTERN,
  POSTAL_CODE_DIGITS,
  ZCountry,
  type TAddressChange,
  type TBillingAddress,
  type TContactChange,
  type TContactChangeResult,
  type TCustomerData,
  type TPendingAddressChange,
} from '../../../api/customer-data.ts';
import { formatCalendarDate } from '../../../api/instalments.ts';
import { ZRequestStatus, type TCreatedRequest } from '../../../api/requests.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { withTenant, withTenantRetryingDuplicates, type Database } from '../../db/database.ts';
import { AppError, type FieldError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { RequestMeta } from '../identity/identity.service.ts';
import { confirmPassword } from '../identity/account.service.ts';
import { selectedCustomer, type AuthContext } from '../identity/sessions.ts';
import { addMonths, isCalendarDate } from '../instalments/instalments.rules.ts';
import * as requestsRepo from '../requests/requests.repository.ts';
import { createRequest } from '../requests/requests.service.ts';
import * as repo from './customer-data.repository.ts';

/** How far ahead a billing address change may start. */
export const ADDRESS_MONTHS_AHEAD = 12;

function nameOf(row: repo.CustomerRow): string {
  if (row.kind === 'company') return row.companyName ?? '';
  return [row.firstName, row.lastName].filter(Boolean).join(' ');
}

function addressOf(row: repo.CustomerRow): TBillingAddress {
  return { street: row.street, houseNumber: row.houseNumber, postalCode: row.postalCode, city: row.city, country: ZCountry.catch('DE').parse(row.country) };
}

function payloadOf(payload: unknown): Record<string, unknown> {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
}

const ZStoredAddressPayload = z.object({ address: z.object({ street: z.string(), houseNumber: z.string(), postalCode: z.string(), city: z.string(), country: ZCountry }), validFrom: z.string() });

function presentPendingAddress(row: repo.PendingRequestRow | undefined): TPendingAddressChange | null {
  if (!row) return null;
  const payload = ZStoredAddressPayload.safeParse(payloadOf(row.payload));
  if (!payload.success) return null;
  return { requestId: row.id, reference: row.reference, status: ZRequestStatus.parse(row.status), createdAt: row.createdAt.toISOString(), ...payload.data };
}

/** The selected customer account's data with the login's e-mail address for reference. */
export async function getCustomerData(database: Database, auth: AuthContext): Promise<TCustomerData> {
  const tenantId = auth.tenant.id;
  return withTenant(database, tenantId, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const row = await repo.findCustomer(trx, tenantId, customerId);
    const loginEmail = await repo.findLoginEmail(trx, tenantId, auth.loginId);
    if (!row || loginEmail === undefined) throw new AppError('not_found');
    return {
      customerNumber: row.customerNumber,
      kind: row.kind === 'company' ? 'company' : 'person',
      name: nameOf(row),
      billingAddress: addressOf(row),
      phone: row.phone,
      contactEmail: row.email,
      loginEmail,
      pendingAddressChange: presentPendingAddress(await repo.findPendingRequest(trx, tenantId, customerId, 'address')),
    };
  });
}

const messages = {
  phoneInvalid: {
    de: `Bitte geben Sie die Telefonnummer nur mit Ziffern, Leerzeichen und den Zeichen + / - ( ) ein, höchstens ${String(CUSTOMER_DATA_LIMITS.phone)} Zeichen, z. B. 0123 456789.`,
    en: `Please enter the phone number with digits, spaces and the characters + / - ( ) only, at most ${String(CUSTOMER_DATA_LIMITS.phone)} characters, e.g. 0123 456789.`,
  },
  emailInvalid: {
    de: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de, oder lassen Sie das Feld leer.',
    en: 'Please enter a valid e-mail address, for example name@example.com, or leave the field empty.',
  },
  nothingChanged: {
    de: 'Sie haben nichts geändert. Bitte ändern Sie Ihre Telefonnummer oder Ihre E-Mail-Adresse für Rückfragen.',
    en: 'You have not changed anything. Please change your phone number or your contact e-mail address.',
  },
  streetRequired: { de: 'Bitte geben Sie die Straße ein.', en: 'Please enter the street.' },
  houseNumberRequired: { de: 'Bitte geben Sie die Hausnummer ein.', en: 'Please enter the house number.' },
  postalCodeRequired: { de: 'Bitte geben Sie die Postleitzahl ein.', en: 'Please enter the postcode.' },
  postalCodeInvalid: (country: 'DE' | 'AT') => ({
    de: `Bitte geben Sie eine Postleitzahl mit ${String(POSTAL_CODE_DIGITS[country])} Ziffern ein (${country === 'DE' ? 'Deutschland' : 'Österreich'}).`,
    en: `Please enter a postcode of ${String(POSTAL_CODE_DIGITS[country])} digits (${country === 'DE' ? 'Germany' : 'Austria'}).`,
  }),
  cityRequired: { de: 'Bitte geben Sie den Ort ein.', en: 'Please enter the town or city.' },
  tooLong: (max: number) => ({ de: `Bitte verwenden Sie höchstens ${String(max)} Zeichen.`, en: `Please use at most ${String(max)} characters.` }),
  countryInvalid: { de: 'Bitte wählen Sie Deutschland oder Österreich.', en: 'Please choose Germany or Austria.' },
  validFromRequired: { de: 'Bitte geben Sie an, ab wann die neue Adresse gelten soll.', en: 'Please enter the date from which the new address applies.' },
  validFromInvalid: { de: 'Bitte geben Sie ein gültiges Datum ein, zum Beispiel 01.04.2027.', en: 'Please enter a valid date, for example 01/04/2027.' },
  validFromPast: (today: string) => ({
    de: `Die neue Adresse kann frühestens ab heute (${today}) gelten; Post, die schon unterwegs ist, erreicht Sie noch an der bisherigen Adresse.`,
    en: `The new address can apply from today (${today}) at the earliest; letters already on their way still go to the previous address.`,
  }),
  validFromTooLate: (latest: string) => ({
    de: `Bitte teilen Sie uns eine neue Adresse höchstens ein Jahr im Voraus mit (bis ${latest}).`,
    en: `Please tell us about a new address at most a year ahead (until ${latest}).`,
  }),
  passwordRequired: { de: 'Bitte bestätigen Sie die Änderung mit Ihrem Passwort.', en: 'Please confirm the change with your password.' },
  sameAddress: { de: 'Das ist bereits Ihre Rechnungsadresse.', en: 'This is your billing address already.' },
  pendingAddress: (date: string, reference: string) => ({
    de: `Ihre Änderung der Rechnungsadresse vom ${date} (Vorgangsnummer ${reference}) ist in Bearbeitung. Sobald wir sie bearbeitet haben, können Sie die Adresse wieder ändern. Möchten Sie etwas korrigieren, schreiben Sie uns bitte mit der Vorgangsnummer.`,
    en: `Your billing address change of ${date} (reference ${reference}) is being processed. Once we have dealt with it you can change the address again. If you would like to correct something, please write to us quoting the reference.`,
  }),
};

function clean(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/** Empty -> null; the phone with single spaces; the e-mail address in lower case. */
function checkContact(input: TContactChange, locale: TLocale): { phone: string | null; email: string | null } {
  const phone = clean(input.phone);
  const email = input.contactEmail.trim().toLowerCase();
  const fields: FieldError[] = [];
  if (phone && (phone.length > CUSTOMER_DATA_LIMITS.phone || !PHONE_PATTERN.test(phone))) fields.push({ field: 'phone', message: messages.phoneInvalid[locale] });
  if (email && (email.length > CUSTOMER_DATA_LIMITS.email || !z.email().safeParse(email).success)) fields.push({ field: 'contactEmail', message: messages.emailInvalid[locale] });
  if (fields.length > 0) throw new AppError('validation_failed', { fields });
  return { phone: phone || null, email: email || null };
}

/**
 * Changes phone number and contact e-mail address at once and records the change as a request of
 * kind 'contact' (for the transfer into the billing system; confirmation mail to the login). The
 * same idempotency key returns the first request (created: false) and changes nothing.
 */
export async function changeContact(
  database: Database,
  auth: AuthContext,
  input: TContactChange,
  meta: RequestMeta,
): Promise<TContactChangeResult & { created: boolean }> {
  const { locale } = meta;
  const contact = checkContact(input, locale);
  const tenant = auth.tenant;
  return withTenantRetryingDuplicates(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const current = await repo.lockCustomer(trx, tenant.id, customerId);
    if (!current) throw new AppError('not_found');
    if (input.idempotencyKey) {
      const existing = await requestsRepo.findByIdempotencyKey(trx, tenant.id, auth.loginId, input.idempotencyKey);
      if (existing) {
        return { request: { id: existing.id, reference: existing.reference, status: ZRequestStatus.parse(existing.status) }, phone: current.phone, contactEmail: current.email, created: false };
      }
    }
    const phoneChanged = contact.phone !== current.phone;
    const emailChanged = contact.email !== current.email;
    if (!phoneChanged && !emailChanged) throw new AppError('validation_failed', { fields: [{ field: 'phone', message: messages.nothingChanged[locale] }] });
    await repo.updateContact(trx, tenant.id, customerId, contact);
    const what =
      locale === 'de'
        ? [phoneChanged ? 'Telefonnummer' : null, emailChanged ? 'E-Mail-Adresse' : null].filter(Boolean).join(' und ')
        : [phoneChanged ? 'phone number' : null, emailChanged ? 'e-mail address' : null].filter(Boolean).join(' and ');
    const request = await createRequest(trx, tenant, {
      customerId,
      loginId: auth.loginId,
      premiseId: null,
      kind: 'contact',
      subject: locale === 'de' ? `Kontaktdaten geändert: ${what}` : `Contact details changed: ${what}`,
      payload: { phone: contact.phone, contactEmail: contact.email, previous: { phone: current.phone, contactEmail: current.email }, appliedAt: meta.now.toISOString() },
      attachments: [],
      idempotencyKey: input.idempotencyKey ?? null,
      actor: { type: 'customer', id: auth.loginId },
      locale,
      now: meta.now,
      traceId: meta.requestId,
    });
    await recordAudit(trx, tenant.id, {
      actorType: 'customer',
      actorId: auth.loginId,
      action: 'customer.contact_changed',
      targetType: 'customer',
      targetId: customerId,
      requestId: meta.requestId,
      details: { phone: phoneChanged, email: emailChanged, request: request.reference },
    });
    const { created, ...summary } = request;
    return { request: summary, phone: contact.phone, contactEmail: contact.email, created };
  });
}

type CheckedAddress = { address: TBillingAddress; validFrom: string };

/** Checks the new address and its date (translated field messages) before the password is looked at. */
function checkAddress(input: TAddressChange, today: string, locale: TLocale): CheckedAddress {
  const fields: FieldError[] = [];
  const street = clean(input.street);
  const houseNumber = clean(input.houseNumber);
  const postalCode = input.postalCode.replace(/\s/g, '');
  const city = clean(input.city);
  const country = ZCountry.safeParse(input.country.trim().toUpperCase());
  const required = (value: string, field: string, message: { de: string; en: string }, max: number) => {
    if (!value) fields.push({ field, message: message[locale] });
    else if (value.length > max) fields.push({ field, message: messages.tooLong(max)[locale] });
  };
  required(street, 'street', messages.streetRequired, CUSTOMER_DATA_LIMITS.street);
  required(houseNumber, 'houseNumber', messages.houseNumberRequired, CUSTOMER_DATA_LIMITS.houseNumber);
  if (!postalCode) fields.push({ field: 'postalCode', message: messages.postalCodeRequired[locale] });
  else if (country.success && !isPostalCode(postalCode, country.data)) fields.push({ field: 'postalCode', message: messages.postalCodeInvalid(country.data)[locale] });
  required(city, 'city', messages.cityRequired, CUSTOMER_DATA_LIMITS.city);
  if (!country.success) fields.push({ field: 'country', message: messages.countryInvalid[locale] });
  const validFrom = input.validFrom.trim();
  const latest = addMonths(today, ADDRESS_MONTHS_AHEAD);
  if (!validFrom) fields.push({ field: 'validFrom', message: messages.validFromRequired[locale] });
  else if (!isCalendarDate(validFrom)) fields.push({ field: 'validFrom', message: messages.validFromInvalid[locale] });
  else if (validFrom < today) fields.push({ field: 'validFrom', message: messages.validFromPast(formatCalendarDate(today, locale))[locale] });
  else if (validFrom > latest) fields.push({ field: 'validFrom', message: messages.validFromTooLate(formatCalendarDate(latest, locale))[locale] });
  if (!input.password) fields.push({ field: 'password', message: messages.passwordRequired[locale] });
  if (fields.length > 0 || !country.success) throw new AppError('validation_failed', { fields });
  return { address: { street, houseNumber, postalCode, city, country: country.data }, validFrom };
}

function formatAddress(address: TBillingAddress): string {
  return `${address.street} ${address.houseNumber}, ${address.postalCode} ${address.city}`;
}

/**
 * Asks for a new billing address (kind 'address'): fields checked, the password confirmed in the same
 * request, one open change at a time. The confirmation goes to the login's e-mail address.
 */
export async function requestAddressChange(
  database: Database,
  auth: AuthContext,
  input: TAddressChange,
  meta: RequestMeta,
): Promise<TCreatedRequest & { created: boolean }> {
  const { locale } = meta;
  const tenant = auth.tenant;
  const today = localDate(meta.now, tenant.config.timeZone);
  const checked = checkAddress(input, today, locale);
  await confirmPassword(database, auth, input.password, 'password', meta);
  return withTenantRetryingDuplicates(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const current = await repo.lockCustomer(trx, tenant.id, customerId);
    if (!current) throw new AppError('not_found');
    if (input.idempotencyKey) {
      const existing = await requestsRepo.findByIdempotencyKey(trx, tenant.id, auth.loginId, input.idempotencyKey);
      if (existing) return { id: existing.id, reference: existing.reference, status: ZRequestStatus.parse(existing.status), created: false };
    }
    const pending = await repo.findPendingRequest(trx, tenant.id, customerId, 'address');
    if (pending) {
      const since = formatCalendarDate(localDate(pending.createdAt, tenant.config.timeZone), locale);
      throw new AppError('conflict', { detail: messages.pendingAddress(since, pending.reference)[locale] });
    }
    const previous = addressOf(current);
    if (formatAddress(previous) === formatAddress(checked.address) && previous.country === checked.address.country) {
      throw new AppError('validation_failed', { fields: [{ field: 'street', message: messages.sameAddress[locale] }] });
    }
    const date = formatCalendarDate(checked.validFrom, locale);
    return createRequest(trx, tenant, {
      customerId,
      loginId: auth.loginId,
      premiseId: null,
      kind: 'address',
      subject:
        locale === 'de'
          ? `Neue Rechnungsadresse ab ${date}: ${formatAddress(checked.address)}`
          : `New billing address from ${date}: ${formatAddress(checked.address)}`,
      payload: { address: checked.address, validFrom: checked.validFrom, previous },
      attachments: [],
      idempotencyKey: input.idempotencyKey ?? null,
      actor: { type: 'customer', id: auth.loginId },
      locale,
      now: meta.now,
      traceId: meta.requestId,
    });
  });
}
