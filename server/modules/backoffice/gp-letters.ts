// GP-Nr letters (ADR 0024): the back office prints one PDF with a letter per open "GP-Nr anfordern"
// request, for window envelopes, and the requests are marked sent. The GP-Nr of a grid operator is
// the customer number (registration by meter number + GP-Nr compares it with customers.customer_number).
// A letter is printed only when the request's meter, name and postal address lead to one customer
// record; everything else stays open with the reason, for the clerk.
import type { TTenantConfig } from '../../../api/tenant.ts';
import { localDate } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { tenantBaseUrl } from '../../public-url.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { namesMatch, normalizeMeterNumber } from '../identity/proof.ts';
import { findTenantLogo, listDomains } from '../tenants/tenants.repository.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { renderGpLetters, type GpLetter } from './gp-letters.pdf.ts';
import * as repo from './gp-letters.repository.ts';

export type { GpMatchProblem, GpRequestStatus } from './gp-letters.repository.ts';

/** At most this many letters per print run, so the transaction and the PDF stay small. */
export const MAX_LETTERS_PER_BATCH = 500;

export const gpMatchProblemText: Record<repo.GpMatchProblem, { de: string; en: string }> = {
  meter_unknown: { de: 'Zählernummer unbekannt', en: 'Unknown meter number' },
  meter_removed: { de: 'Zähler ist ausgebaut', en: 'The meter has been removed' },
  name_mismatch: { de: 'Name passt zu keinem Kunden dieses Zählers', en: 'The name matches no customer of this meter' },
  address_mismatch: {
    de: 'Anschrift weicht von Kunden- und Verbrauchsstellenadresse ab',
    en: "The address differs from the customer's and the consumption point's address",
  },
  ambiguous: {
    de: 'Zähler gehört mehreren Kunden; bitte manuell zuordnen',
    en: 'The meter belongs to several customers; please assign by hand',
  },
};

export type GpUnmatched = {
  requestId: string;
  name: string;
  meterNumber: string;
  createdAt: Date;
  reason: repo.GpMatchProblem;
};

export type GpLetterBatchResult =
  | { batchId: string; letters: number; unmatched: GpUnmatched[]; remaining: number; pdf: Buffer }
  | { batchId: null; letters: 0; unmatched: GpUnmatched[]; remaining: number; pdf: null };

export type GpLetterOptions = {
  staffLoginId: string;
  now: Date;
  /** Where the portal is reached (the letter names it); from the server configuration. */
  urls: Pick<Config, 'baseDomain' | 'publicScheme' | 'port'>;
  requestId?: string | undefined;
  limit?: number;
};

/** The tolerant key of a meter number for the database look-up; the exact check follows in code. */
export function looseMeterKey(meterNumber: string, stripCharacters: string): string {
  let value = meterNumber;
  for (const char of stripCharacters) value = value.replaceAll(char, '');
  return value
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toUpperCase()
    .replace(/^0+/u, '');
}

function normalizeWords(value: string): string {
  return value
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replace(/str(asse|\.)?\b/gu, 'strasse')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[^a-z0-9]/gu, '');
}

function sameAddress(
  a: { street: string; houseNumber: string; postalCode: string },
  b: { street: string; houseNumber: string; postalCode: string },
): boolean {
  return (
    a.postalCode.trim() === b.postalCode.trim() &&
    normalizeWords(a.street) === normalizeWords(b.street) &&
    normalizeWords(a.houseNumber) === normalizeWords(b.houseNumber)
  );
}

type Match = { kind: 'letter'; gpNumbers: GpLetter['gpNumbers']; meterNumber: string } | { kind: 'problem'; problem: repo.GpMatchProblem };

/**
 * Which GP-Nr(s) a request may be sent: the customers of the currently installed meter with the
 * request's number, whose name matches (tolerantly, as registration by name does) and whose
 * billing address or consumption point is the postal address the letter goes to. Two customer
 * records at the meter are printed only as consumption and feed-in (Bezug und Einspeisung).
 */
export function matchRequest(
  request: repo.GpRequestRow,
  candidates: readonly repo.MeterCandidate[],
  rules: TTenantConfig['meterNumber'],
  today: string,
): Match {
  const wanted = normalizeMeterNumber(request.meterNumber, rules);
  const meters = candidates.filter((c) => normalizeMeterNumber(c.meterNumber, rules) === wanted);
  if (meters.length === 0) return { kind: 'problem', problem: 'meter_unknown' };
  const installed = meters.filter((m) => m.installedOn <= today && (m.removedOn === null || m.removedOn > today));
  if (installed.length === 0) return { kind: 'problem', problem: 'meter_removed' };
  const named = installed.filter((m) =>
    namesMatch(request.name, { id: m.customerId, customerNumber: m.customerNumber, kind: m.kind, firstName: m.firstName, lastName: m.lastName, companyName: m.companyName }),
  );
  if (named.length === 0) return { kind: 'problem', problem: 'name_mismatch' };
  const postal = { street: request.street, houseNumber: request.houseNumber, postalCode: request.postalCode };
  const addressed = named.filter(
    (m) =>
      sameAddress(postal, { street: m.street, houseNumber: m.houseNumber, postalCode: m.postalCode }) ||
      sameAddress(postal, { street: m.premiseStreet, houseNumber: m.premiseHouseNumber, postalCode: m.premisePostalCode }),
  );
  if (addressed.length === 0) return { kind: 'problem', problem: 'address_mismatch' };
  const byNumber = new Map<string, repo.MeterCandidate>();
  for (const m of addressed) byNumber.set(m.customerNumber, m);
  const numbers = [...byNumber.values()].sort((a, b) => a.customerNumber.localeCompare(b.customerNumber));
  const first = numbers[0];
  if (!first) return { kind: 'problem', problem: 'meter_unknown' };
  if (numbers.length === 1) return { kind: 'letter', meterNumber: first.meterNumber, gpNumbers: [{ number: first.customerNumber, label: null }] };
  // Several business partners at one meter are fine only as consumption and feed-in of one person.
  const only = (m: repo.MeterCandidate, direction: string): boolean => m.directions.length === 1 && m.directions[0] === direction;
  const consumption = numbers.filter((m) => only(m, 'consumption'));
  const feedIn = numbers.filter((m) => only(m, 'feed_in'));
  const [bezug] = consumption;
  const [einspeisung] = feedIn;
  if (numbers.length !== 2 || !bezug || !einspeisung) return { kind: 'problem', problem: 'ambiguous' };
  return {
    kind: 'letter',
    meterNumber: bezug.meterNumber,
    gpNumbers: [
      { number: bezug.customerNumber, label: 'Bezug' },
      { number: einspeisung.customerNumber, label: 'Einspeisung' },
    ],
  };
}

function formatDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d ?? ''}.${m ?? ''}.${y ?? ''}`;
}

function recipientLines(request: repo.GpRequestRow): string[] {
  return [request.name, `${request.street} ${request.houseNumber}`, `${request.postalCode} ${request.city}`];
}

async function senderOf(database: Database, tenant: Tenant, urls: GpLetterOptions['urls']): Promise<Parameters<typeof renderGpLetters>[0]['sender']> {
  const c = tenant.config;
  const domains = await listDomains(database.db, tenant.id);
  const logo = tenant.hasLogo ? await findTenantLogo(database.db, tenant.id) : undefined;
  return {
    legalName: c.legalName,
    displayName: c.displayName,
    street: c.address.street,
    postalCode: c.address.postalCode,
    city: c.address.city,
    phone: c.contact.phone,
    email: c.contact.email,
    hours: c.contact.hours.de,
    primaryColor: c.branding.primaryColor,
    portalUrl: tenantBaseUrl(urls, { slug: tenant.slug, domains }),
    logo: logo && (logo.logoType === 'image/png' || logo.logoType === 'image/jpeg') ? logo.logo : undefined,
  };
}

/**
 * Prints the open GP-Nr requests (oldest first, at most MAX_LETTERS_PER_BATCH) into one PDF, stores
 * it as a batch, marks the printed requests sent and audits the run, all in one tenant transaction.
 * Requests that lead to no customer are not printed; they stay open with their reason.
 * Throws `gp_requests_none_pending` when nothing is open.
 */
export async function createGpLetterBatch(database: Database, tenant: Tenant, options: GpLetterOptions): Promise<GpLetterBatchResult> {
  if (!tenant.config.registrationMethods.includes('meter_gp')) throw new AppError('module_disabled');
  // Read before the transaction: tenant_domains and the logo are global rows of the owner connection.
  const sender = await senderOf(database, tenant, options.urls);
  const limit = Math.min(options.limit ?? MAX_LETTERS_PER_BATCH, MAX_LETTERS_PER_BATCH);
  return withTenant(database, tenant.id, async (trx) => {
    const requests = await repo.lockOpenRequests(trx, tenant.id, limit);
    if (requests.length === 0) throw new AppError('gp_requests_none_pending');
    const rules = tenant.config.meterNumber;
    const keys = [...new Set(requests.map((r) => looseMeterKey(r.meterNumber, rules.stripCharacters)).filter(Boolean))];
    const candidates = await repo.meterCandidates(trx, tenant.id, keys, rules.stripCharacters);
    const today = localDate(options.now, tenant.config.timeZone);

    const letters: GpLetter[] = [];
    const printed: string[] = [];
    const unmatched: GpUnmatched[] = [];
    for (const request of requests) {
      const match = matchRequest(request, candidates, rules, today);
      if (match.kind === 'problem') {
        unmatched.push({ requestId: request.id, name: request.name, meterNumber: request.meterNumber, createdAt: request.createdAt, reason: match.problem });
        continue;
      }
      printed.push(request.id);
      letters.push({
        recipient: recipientLines(request),
        salutationName: request.name,
        requestDate: formatDay(localDate(request.createdAt, tenant.config.timeZone)),
        meterNumber: match.meterNumber,
        gpNumbers: match.gpNumbers,
      });
    }
    await repo.markProblems(trx, tenant.id, unmatched.map((u) => ({ requestId: u.requestId, problem: u.reason })), options.now);
    // Open requests this run did not look at (over the limit, or being printed by another run).
    const remaining = (await repo.countOpenRequests(trx, tenant.id)) - requests.length;
    const audit = {
      actorType: 'staff' as const,
      actorId: options.staffLoginId,
      requestId: options.requestId ?? null,
    };
    if (letters.length === 0) {
      await recordAudit(trx, tenant.id, {
        ...audit,
        action: 'gp_letters.none_printable',
        details: { unmatched: unmatched.map((u) => ({ requestId: u.requestId, reason: u.reason })) },
      });
      return { batchId: null, letters: 0, unmatched, remaining, pdf: null };
    }
    const pdf = await renderGpLetters({ sender, date: formatDay(today), createdAt: options.now, letters });
    const batchId = await repo.insertBatch(trx, tenant.id, {
      createdBy: options.staffLoginId,
      createdAt: options.now,
      letters: letters.length,
      fileName: `gp-nr-schreiben-${today}.pdf`,
      pdf,
    });
    await repo.markSent(trx, tenant.id, printed, batchId, options.now);
    await recordAudit(trx, tenant.id, {
      ...audit,
      action: 'gp_letters.printed',
      targetType: 'gp_letter_batch',
      targetId: batchId,
      details: {
        letters: letters.length,
        requestIds: printed,
        unmatched: unmatched.map((u) => ({ requestId: u.requestId, reason: u.reason })),
      },
    });
    return { batchId, letters: letters.length, unmatched, remaining, pdf };
  });
}

export type GpRequestListItem = {
  id: string;
  name: string;
  address: string;
  connectionAddress: string | null;
  meterNumber: string;
  email: string;
  locale: 'de' | 'en';
  status: repo.GpRequestStatus;
  createdAt: Date;
  sentAt: Date | null;
  letterBatchId: string | null;
  /** Why the last print run left it open (null when printed or not yet tried). */
  problem: repo.GpMatchProblem | null;
  problemCheckedAt: Date | null;
};

/** The requests for the back-office list, oldest first. */
export async function listGpRequests(
  trx: TenantTransaction,
  tenantId: string,
  filter: { status?: repo.GpRequestStatus | undefined; limit?: number } = {},
): Promise<GpRequestListItem[]> {
  const rows = await repo.listRequests(trx, tenantId, { status: filter.status, limit: Math.min(filter.limit ?? 500, 1000) });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    address: `${r.street} ${r.houseNumber}, ${r.postalCode} ${r.city}`,
    connectionAddress: r.connectionStreet
      ? `${r.connectionStreet} ${r.connectionHouseNumber ?? ''}, ${r.connectionPostalCode ?? ''} ${r.connectionCity ?? ''}`
      : null,
    meterNumber: r.meterNumber,
    email: r.email,
    locale: r.locale,
    status: r.status,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
    letterBatchId: r.letterBatchId,
    problem: r.status === 'open' ? r.matchProblem : null,
    problemCheckedAt: r.status === 'open' ? r.matchCheckedAt : null,
  }));
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** A printed batch again (the same PDF); audited, since it holds customers' numbers and addresses. */
export async function gpLetterBatchPdf(
  database: Database,
  tenant: Tenant,
  batchId: string,
  options: { staffLoginId: string; requestId?: string | undefined },
): Promise<{ fileName: string; pdf: Buffer; letters: number; createdAt: Date }> {
  if (!uuidPattern.test(batchId)) throw new AppError('not_found');
  return withTenant(database, tenant.id, async (trx) => {
    const batch = await repo.findBatchPdf(trx, tenant.id, batchId);
    if (!batch) throw new AppError('not_found');
    await recordAudit(trx, tenant.id, {
      actorType: 'staff',
      actorId: options.staffLoginId,
      action: 'gp_letters.downloaded',
      targetType: 'gp_letter_batch',
      targetId: batch.id,
      requestId: options.requestId ?? null,
    });
    return { fileName: batch.fileName, pdf: batch.pdf, letters: batch.letters, createdAt: batch.createdAt };
  });
}

/** The latest print runs (without their PDFs). */
export async function listGpLetterBatches(trx: TenantTransaction, tenantId: string, limit = 50): Promise<repo.BatchRow[]> {
  return repo.listBatches(trx, tenantId, Math.min(limit, 200));
}
