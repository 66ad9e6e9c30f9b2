// Proof of being a customer: customer number + meter number, customer number + name, or meter
// number + grid business-partner number (GP-Nr). Used by registration and by linking accounts.
import type { TProof } from '../../../api/identity.ts';
import type { TLocale, TTenantConfig } from '../../../api/tenant.ts';
import type { TenantTransaction } from '../../db/database.ts';
import { AppError, type FieldError } from '../../errors.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './identity.repository.ts';

export function normalizeCustomerNumber(input: string): string {
  return input.replace(/\s+/gu, '');
}

export function normalizeMeterNumber(input: string, rules: TTenantConfig['meterNumber']): string {
  let value = input.replace(/\s+/gu, '');
  for (const char of rules.stripCharacters) value = value.replaceAll(char, '');
  if (rules.uppercase) value = value.toUpperCase();
  if (rules.stripLeadingZeros) value = value.replace(/^0+(?=.)/u, '');
  return value;
}

const legalForms = new Set(['gmbh', 'mbh', 'ag', 'kg', 'ohg', 'gbr', 'ug', 'ek', 'e', 'k', 'co', 'und', 'eg', 'ev', 'v', 'se', 'haftungsbeschraenkt']);

/** Lower case, umlauts as ae/oe/ue, ß as ss, other accents removed, split into words. */
export function nameTokens(name: string): string[] {
  return name
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .split(/[^a-z0-9]+/u)
    .filter(Boolean);
}

/**
 * Tolerant name match: every word of the last name must appear in what was typed (so extra first
 * names, another order or "Nachname, Vorname" match); given first names must not contradict.
 * Companies: the typed words, legal forms aside, must all belong to the company name.
 */
export function namesMatch(typed: string, customer: repo.CustomerForProof): boolean {
  const input = nameTokens(typed);
  if (input.length === 0) return false;
  if (customer.kind === 'company') {
    const company = new Set(nameTokens(customer.companyName ?? customer.lastName ?? '').filter((t) => !legalForms.has(t)));
    const significant = input.filter((t) => !legalForms.has(t));
    return significant.length > 0 && significant.every((t) => company.has(t));
  }
  const last = nameTokens(customer.lastName ?? '');
  if (last.length === 0 || !last.every((t) => input.includes(t))) return false;
  const first = nameTokens(customer.firstName ?? '');
  const rest = input.filter((t) => !last.includes(t));
  // Extra first names are fine, as long as one of the record's first names is among them.
  return rest.length === 0 || first.length === 0 || rest.some((t) => first.includes(t));
}

const formatMessage = {
  de: (label: string, example: string) => `Die ${label} hat nicht das erwartete Format (Beispiel: ${example}).`,
  en: (label: string, example: string) => `The ${label} does not have the expected format (example: ${example}).`,
};
const labels = {
  customerNumber: { de: 'Kundennummer', en: 'customer number' },
  gpNumber: { de: 'Geschäftspartner-Nr. Netz', en: 'grid business partner number' },
};

/** Format errors of the numbers in a proof (checked before anything is looked up). */
export function proofFormatErrors(tenant: Tenant, proof: TProof, locale: TLocale): FieldError[] {
  const config = tenant.config.customerNumber;
  const pattern = new RegExp(`^(?:${config.pattern})$`, 'u');
  const field = proof.method === 'meter_gp' ? 'gpNumber' : 'customerNumber';
  const number = normalizeCustomerNumber(proof.method === 'meter_gp' ? proof.gpNumber : proof.customerNumber);
  return pattern.test(number) ? [] : [{ field, message: formatMessage[locale](labels[field][locale], config.example) }];
}

/** The customer the proof identifies, or null (unknown and mismatching are the same to the caller). */
export async function customerForProof(trx: TenantTransaction, tenant: Tenant, proof: TProof): Promise<repo.CustomerForProof | null> {
  if (!tenant.config.registrationMethods.includes(proof.method)) throw new AppError('forbidden', { detail: 'This registration method is not offered.' });
  const number = normalizeCustomerNumber(proof.method === 'meter_gp' ? proof.gpNumber : proof.customerNumber);
  const customer = await repo.findCustomerByNumber(trx, tenant.id, number);
  if (!customer) return null;
  if (proof.method === 'customer_name') return namesMatch(proof.name, customer) ? customer : null;
  const rules = tenant.config.meterNumber;
  const typed = normalizeMeterNumber(proof.meterNumber, rules);
  const meters = await repo.meterNumbersOfCustomer(trx, tenant.id, customer.id);
  return meters.some((m) => normalizeMeterNumber(m, rules) === typed) ? customer : null;
}

/** The throttle key of a proof: the number that is being guessed at. */
export function proofKey(proof: TProof): string {
  return normalizeCustomerNumber(proof.method === 'meter_gp' ? proof.gpNumber : proof.customerNumber);
}
