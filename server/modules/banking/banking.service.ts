// Bank details and SEPA direct debit mandates of the selected customer account: what applies per
// consumption point, changes (a new mandate or payment by transfer) as customer requests of kind
// 'bank' with a pending arrangement, the mandate as PDF, mails and audit.
import { localDate } from '../../clock.ts';
import {
  BANKING_LIMITS,
  checkIban,
  type IbanProblem,
  type TBankArrangement,
  type TBankChangeRequest,
  type TBankChangeResult,
  type TBankingOverview,
  type TMandateStatus,
  ZMandateStatus,
  ZPaymentMethod,
} from '../../../api/banking.ts';
import { ZRequestStatus } from '../../../api/requests.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { withTenant, withTenantRetryingDuplicates, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError, type FieldError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { requireRecentAuthentication } from '../identity/account.service.ts';
import type { RequestMeta } from '../identity/identity.service.ts';
import { selectedCustomer, type AuthContext } from '../identity/sessions.ts';
import { enqueueMail } from '../mail/mail.ts';
import { createRequest } from '../requests/requests.service.ts';
import { storedIban } from './bank-account.ts';
import * as repo from './banking.repository.ts';
import { consentRecord, creditorOf, MANDATE_TEXT_VERSION, mandateReference, mandateText, renderMandatePdf } from './mandate.ts';

export type BankingDeps = { secretsKey: Buffer };

/** Where the bank details are in the portal (mails link here). */
export const BANKING_PATH = '/bankverbindung';

// ---------------------------------------------------------------------------------------------
// Dates in the utility's time zone

function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function formatDay(isoDate: string, locale: TLocale): string {
  const [y, m, d] = isoDate.split('-');
  return locale === 'de' ? `${d ?? ''}.${m ?? ''}.${y ?? ''}` : `${d ?? ''}/${m ?? ''}/${y ?? ''}`;
}

// ---------------------------------------------------------------------------------------------
// Presenting

function premiseAddress(p: repo.PremiseRow): string {
  return `${p.street} ${p.houseNumber}, ${p.postalCode} ${p.city}`;
}

function customerName(c: repo.CustomerRow): string {
  return c.kind === 'company' ? (c.companyName ?? '') : [c.firstName, c.lastName].filter(Boolean).join(' ');
}

function customerAddress(c: repo.CustomerRow): string {
  return `${c.street} ${c.houseNumber}, ${c.postalCode} ${c.city}`;
}

/** Address lines of the mandate letter (DIN 5008). */
function recipientLines(c: repo.CustomerRow): string[] {
  const name = customerName(c);
  const lines = c.kind === 'company' ? [name] : c.salutation === 'ms' ? ['Frau', name] : c.salutation === 'mr' ? ['Herrn', name] : [name];
  return [...lines, `${c.street} ${c.houseNumber}`, `${c.postalCode} ${c.city}`];
}

/**
 * The status that applies: a change made in the portal stays 'pending' in its row until the utility
 * applies it; its request already tells the outcome (done: in force; rejected: never took effect).
 */
function effectiveStatus(row: repo.ArrangementRow): TMandateStatus {
  const stored = ZMandateStatus.parse(row.status);
  if (stored !== 'pending') return stored;
  if (row.requestStatus === 'done') return 'active';
  if (row.requestStatus === 'rejected') return 'revoked';
  return 'pending';
}

function present(row: repo.ArrangementRow, premiseIds: readonly string[]): TBankArrangement {
  return {
    id: row.id,
    paymentMethod: ZPaymentMethod.parse(row.paymentMethod),
    holder: row.holder,
    ibanMasked: row.ibanMasked,
    bic: row.bic,
    validFrom: row.validFrom,
    mandateReference: row.mandateReference,
    status: effectiveStatus(row),
    allPremises: row.allPremises,
    premiseIds: row.allPremises ? [] : [...premiseIds],
    request:
      row.requestId && row.requestReference && row.requestStatus
        ? { id: row.requestId, reference: row.requestReference, status: ZRequestStatus.parse(row.requestStatus) }
        : null,
    consentedAt: row.consentedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

async function presentAll(trx: TenantTransaction, tenantId: string, rows: repo.ArrangementRow[]): Promise<TBankArrangement[]> {
  const links = await repo.listArrangementPremises(
    trx,
    tenantId,
    rows.filter((r) => !r.allPremises).map((r) => r.id),
  );
  return rows.map((row) =>
    present(
      row,
      links.filter((l) => l.bankAccountId === row.id).map((l) => l.premiseId),
    ),
  );
}

function appliesTo(arrangement: TBankArrangement, premiseId: string): boolean {
  return arrangement.allPremises || arrangement.premiseIds.includes(premiseId);
}

/** Rank of each arrangement in the order it was made (created_at, then the insertion sequence). */
function madeOrder(rows: readonly repo.ArrangementRow[]): Map<string, number> {
  const sorted = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || Number(BigInt(a.seq) - BigInt(b.seq)));
  return new Map(sorted.map((row, index) => [row.id, index]));
}

/**
 * Per consumption point: the arrangement in force today (the latest active one that started, by
 * start date and then by when it was made; a change for all points supersedes older ones for a
 * single point and vice versa), and the newest change still to come (later start or not yet applied).
 * `arrangements` come newest first as listed by the repository; `made` ranks them by when they were made.
 */
function resolve(
  arrangements: readonly TBankArrangement[],
  made: ReadonlyMap<string, number>,
  premiseId: string,
  today: string,
): { current: TBankArrangement | null; upcoming: TBankArrangement | null } {
  const rank = (a: TBankArrangement): number => made.get(a.id) ?? -1;
  const relevant = arrangements.filter((a) => appliesTo(a, premiseId));
  const current = relevant.find((a) => a.status === 'active' && a.validFrom <= today) ?? null;
  const later = relevant
    .filter((a) => a.status === 'pending' || (a.status === 'active' && a.validFrom > today))
    .filter((a) => !current || rank(a) > rank(current) || a.validFrom > current.validFrom)
    .sort((a, b) => rank(b) - rank(a));
  return { current, upcoming: later[0] ?? null };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Bank details of the selected customer account per consumption point, with the changes on record. */
export async function getOverview(database: Database, auth: AuthContext, locale: TLocale, now: Date): Promise<TBankingOverview> {
  const tenant = auth.tenant;
  const creditor = creditorOf(tenant.config);
  const today = localDate(now, tenant.config.timeZone);
  return withTenant(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const customer = await repo.findCustomer(trx, tenant.id, customerId);
    if (!customer) throw new AppError('not_found');
    const premises = await repo.listPremises(trx, tenant.id, customerId);
    const rows = await repo.listArrangements(trx, tenant.id, customerId);
    const arrangements = await presentAll(trx, tenant.id, rows);
    const made = madeOrder(rows);
    const mandates = await repo.countMandates(trx, tenant.id, customerId);
    return {
      creditor,
      customer: { customerNumber: customer.customerNumber, name: customerName(customer), address: customerAddress(customer) },
      premises: premises.map((p) => ({ id: p.id, address: premiseAddress(p), maloId: p.maloId, ...resolve(arrangements, made, p.id, today) })),
      arrangements,
      nextMandateReference: mandateReference(customer.customerNumber, mandates + 1),
      mandateText: mandateText(creditor, locale),
      today,
      latestValidFrom: addDays(today, BANKING_LIMITS.validFromMaxDays),
    };
  });
}

/** The mandate of a direct debit arrangement of the selected customer account as PDF; 404 otherwise. */
export async function getMandatePdf(database: Database, auth: AuthContext, id: string): Promise<{ fileName: string; content: Buffer }> {
  const tenant = auth.tenant;
  const { row, customer, premises } = await withTenant(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const found = await repo.findArrangement(trx, tenant.id, customerId, id);
    const customerRow = await repo.findCustomer(trx, tenant.id, customerId);
    if (!found || !customerRow || found.paymentMethod !== 'direct_debit') throw new AppError('not_found');
    const chosen = found.allPremises ? [] : (await repo.listArrangementPremises(trx, tenant.id, [found.id])).map((l) => l.premiseId);
    const all = found.allPremises ? [] : await repo.listPremises(trx, tenant.id, customerId);
    return { row: found, customer: customerRow, premises: all.filter((p) => chosen.includes(p.id)) };
  });
  if (!row.mandateReference || !row.holder || !row.ibanMasked || !row.consentedAt) throw new AppError('not_found');
  const content = await mandatePdf(tenant.config, customer, {
    reference: row.mandateReference,
    holder: row.holder,
    ibanMasked: row.ibanMasked,
    bic: row.bic,
    validFrom: row.validFrom,
    premises: row.allPremises ? 'all' : premises.map(premiseAddress),
    consent: { channel: row.consentChannel === 'paper' ? 'paper' : 'portal', at: row.consentedAt, locale: row.consentLocale === 'en' ? 'en' : 'de' },
  });
  return { fileName: mandateFileName(row.mandateReference), content };
}

function mandateFileName(reference: string): string {
  return `SEPA-Lastschriftmandat-${reference.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`;
}

function mandatePdf(
  config: AuthContext['tenant']['config'],
  customer: repo.CustomerRow,
  mandate: Omit<Parameters<typeof renderMandatePdf>[0], 'config' | 'customer'>,
): Promise<Buffer> {
  return renderMandatePdf({
    config,
    customer: { customerNumber: customer.customerNumber, recipient: recipientLines(customer) },
    ...mandate,
  });
}

// ---------------------------------------------------------------------------------------------
// Changing

const messages = {
  holderRequired: { de: 'Bitte geben Sie den Namen der Kontoinhaberin oder des Kontoinhabers ein.', en: 'Please enter the name of the account holder.' },
  holderTooLong: {
    de: `Der Name der Kontoinhaberin oder des Kontoinhabers darf höchstens ${String(BANKING_LIMITS.holder)} Zeichen lang sein.`,
    en: `The account holder's name may be at most ${String(BANKING_LIMITS.holder)} characters long.`,
  },
  holderCharacters: {
    de: 'Bitte geben Sie den Namen nur mit Buchstaben, Ziffern, Leerzeichen und den Zeichen . , - \' & / + ( ) ein.',
    en: "Please enter the name with letters, digits, spaces and the characters . , - ' & / + ( ) only.",
  },
  consentRequired: {
    de: 'Bitte erteilen Sie das SEPA-Lastschriftmandat, indem Sie das Kästchen ankreuzen. Ohne Mandat können wir nicht von Ihrem Konto abbuchen.',
    en: 'Please give the SEPA direct debit mandate by ticking the box. Without a mandate we cannot debit your account.',
  },
  validFromRequired: { de: 'Bitte geben Sie an, ab wann die Änderung gelten soll.', en: 'Please enter the date from which the change applies.' },
  validFromInvalid: { de: 'Bitte geben Sie ein gültiges Datum ein, z. B. 01.03.2027.', en: 'Please enter a valid date, e.g. 01/03/2027.' },
  validFromPast: {
    de: (today: string) => `Die Änderung kann frühestens ab heute gelten (${today}).`,
    en: (today: string) => `The change can apply from today (${today}) at the earliest.`,
  },
  validFromTooLate: {
    de: (latest: string) => `Die Änderung kann höchstens ein Jahr im Voraus beauftragt werden, also bis zum ${latest}.`,
    en: (latest: string) => `A change can be made at most one year ahead, that is up to ${latest}.`,
  },
  premisesRequired: {
    de: 'Bitte wählen Sie mindestens eine Verbrauchsstelle oder „alle Verbrauchsstellen“.',
    en: 'Please choose at least one consumption point or "all consumption points".',
  },
  textChanged: {
    de: 'Der Text des Lastschriftmandats hat sich inzwischen geändert. Bitte lesen Sie ihn erneut und senden Sie die Änderung dann noch einmal.',
    en: 'The text of the direct debit mandate has changed in the meantime. Please read it again and then send the change once more.',
  },
  referenceChanged: {
    de: 'Inzwischen wurde für dieses Kundenkonto ein anderes Lastschriftmandat erteilt, daher hat sich die Mandatsreferenz geändert. Bitte prüfen Sie das Mandat erneut und senden Sie die Änderung noch einmal.',
    en: 'Another direct debit mandate was given for this customer account in the meantime, so the mandate reference has changed. Please check the mandate again and send the change once more.',
  },
  keyReused: {
    de: 'Dieses Formular wurde bereits für ein anderes Kundenkonto gesendet. Bitte laden Sie die Seite neu.',
    en: 'This form was already sent for another customer account. Please reload the page.',
  },
};

function countryName(code: string, locale: TLocale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** What is wrong with an IBAN, in words that say how to fix it. */
export function ibanMessage(problem: IbanProblem, locale: TLocale): string {
  const de = locale === 'de';
  switch (problem.kind) {
    case 'required':
      return de ? 'Bitte geben Sie Ihre IBAN ein.' : 'Please enter your IBAN.';
    case 'characters':
      return de
        ? 'Die IBAN besteht nur aus Buchstaben und Ziffern (Leerzeichen dürfen Sie mit eingeben).'
        : 'An IBAN consists of letters and digits only (you may type spaces).';
    case 'country':
      return /^[A-Z]{2}$/.test(problem.country)
        ? de
          ? `„${problem.country}“ ist kein Ländercode, für den es IBANs gibt. Eine IBAN beginnt mit dem Ländercode, z. B. DE oder AT.`
          : `"${problem.country}" is not a country code with IBANs. An IBAN starts with the country code, e.g. DE or AT.`
        : de
          ? 'Eine IBAN beginnt mit dem Ländercode aus zwei Buchstaben, z. B. DE oder AT.'
          : 'An IBAN starts with the two-letter country code, e.g. DE or AT.';
    case 'not_sepa':
      return de
        ? `Konten in ${countryName(problem.country, locale)} (${problem.country}) gehören nicht zum SEPA-Raum; davon können wir nicht abbuchen. Bitte geben Sie ein Konto in einem SEPA-Land an.`
        : `Accounts in ${countryName(problem.country, locale)} (${problem.country}) are outside the SEPA area; we cannot debit them. Please enter an account in a SEPA country.`;
    case 'length':
      return de
        ? `Eine IBAN aus ${countryName(problem.country, locale)} hat ${String(problem.expected)} Stellen; Sie haben ${String(problem.actual)} eingegeben.`
        : `An IBAN from ${countryName(problem.country, locale)} has ${String(problem.expected)} characters; you entered ${String(problem.actual)}.`;
    case 'format':
      return de
        ? `Diese IBAN hat nicht den Aufbau einer IBAN aus ${countryName(problem.country, locale)}. Bitte prüfen Sie die Buchstaben und Ziffern.`
        : `This IBAN does not have the format of an IBAN from ${countryName(problem.country, locale)}. Please check its letters and digits.`;
    case 'checksum':
      return de
        ? 'Die Prüfziffer der IBAN stimmt nicht. Bitte vergleichen Sie die IBAN Zeichen für Zeichen mit Ihrer Bankkarte oder Ihrem Kontoauszug.'
        : "The IBAN's check digits do not match. Please compare the IBAN character by character with your bank card or statement.";
  }
}

const holderPattern = /^[\p{L}\p{M}0-9 .,'&/+()-]+$/u;

type CheckedChange =
  | { paymentMethod: 'direct_debit'; iban: string; holder: string; validFrom: string; allPremises: boolean; premiseIds: string[] }
  | { paymentMethod: 'transfer'; validFrom: string; allPremises: boolean; premiseIds: string[] };

/** Checks the form (translated field messages); nothing is stored when anything is wrong. */
function checkChange(input: TBankChangeRequest, today: string, locale: TLocale): CheckedChange {
  const fields: FieldError[] = [];
  const validFrom = input.validFrom.trim();
  const latest = addDays(today, BANKING_LIMITS.validFromMaxDays);
  if (validFrom === '') fields.push({ field: 'validFrom', message: messages.validFromRequired[locale] });
  else if (!isCalendarDate(validFrom)) fields.push({ field: 'validFrom', message: messages.validFromInvalid[locale] });
  else if (validFrom < today) fields.push({ field: 'validFrom', message: messages.validFromPast[locale](formatDay(today, locale)) });
  else if (validFrom > latest) fields.push({ field: 'validFrom', message: messages.validFromTooLate[locale](formatDay(latest, locale)) });
  const premiseIds = input.allPremises ? [] : [...new Set(input.premiseIds ?? [])];
  if (!input.allPremises && premiseIds.length === 0) fields.push({ field: 'premiseIds', message: messages.premisesRequired[locale] });

  if (input.paymentMethod === 'transfer') {
    if (fields.length > 0) throw new AppError('validation_failed', { fields });
    return { paymentMethod: 'transfer', validFrom, allPremises: input.allPremises, premiseIds };
  }
  const iban = checkIban(input.iban ?? '');
  if (!iban.ok) fields.push({ field: 'iban', message: ibanMessage(iban.problem, locale) });
  const holder = (input.holder ?? '').trim().replace(/\s+/g, ' ');
  if (holder === '') fields.push({ field: 'holder', message: messages.holderRequired[locale] });
  else if (holder.length > BANKING_LIMITS.holder) fields.push({ field: 'holder', message: messages.holderTooLong[locale] });
  else if (!holderPattern.test(holder) || !/\p{L}/u.test(holder)) fields.push({ field: 'holder', message: messages.holderCharacters[locale] });
  if (input.mandateConsent !== true) fields.push({ field: 'mandateConsent', message: messages.consentRequired[locale] });
  if (fields.length > 0 || !iban.ok) throw new AppError('validation_failed', { fields });
  if (input.mandateTextVersion !== MANDATE_TEXT_VERSION) throw new AppError('conflict', { detail: messages.textChanged[locale] });
  return { paymentMethod: 'direct_debit', iban: iban.iban, holder, validFrom, allPremises: input.allPremises, premiseIds };
}

function subjectOf(change: CheckedChange, locale: TLocale): string {
  if (change.paymentMethod === 'transfer') return locale === 'de' ? 'Zahlungsweise: Überweisung statt Lastschrift' : 'Payment method: transfer instead of direct debit';
  return locale === 'de' ? 'Neue Bankverbindung und SEPA-Lastschriftmandat' : 'New bank details and SEPA direct debit mandate';
}

/**
 * Changes the bank details of the selected customer account (needs a recent password
 * confirmation): a customer request of kind 'bank' (with the mandate PDF attached) and a pending
 * arrangement, a confirmation with the masked IBAN to the login, a security notice to every login
 * of the account, and an audit entry; the full IBAN is stored sealed only. The same idempotencyKey
 * returns the change made first.
 */
export async function submitChange(
  database: Database,
  auth: AuthContext,
  input: TBankChangeRequest,
  deps: BankingDeps,
  meta: RequestMeta,
): Promise<TBankChangeResult & { created: boolean }> {
  const { locale } = meta;
  const tenant = auth.tenant;
  const creditor = creditorOf(tenant.config);
  const today = localDate(meta.now, tenant.config.timeZone);
  const change = checkChange(input, today, locale);
  // SEC-11: changing where money is taken from needs a password confirmed in the last minutes.
  requireRecentAuthentication(auth, meta.now);

  return withTenantRetryingDuplicates(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    /** The change an earlier submit of the same form made (double submit), if any. */
    const earlierChange = async () => {
      if (!input.idempotencyKey) return null;
      const earlier = await repo.findByIdempotencyKey(trx, tenant.id, auth.loginId, input.idempotencyKey);
      if (!earlier) return null;
      if (earlier.customerId !== customerId) throw new AppError('conflict', { detail: messages.keyReused[locale] });
      const [arrangement] = await presentAll(trx, tenant.id, [earlier]);
      if (!arrangement?.request) throw new AppError('conflict', { detail: messages.keyReused[locale] });
      return { arrangement, request: arrangement.request, created: false };
    };
    await repo.lockCustomerForChange(trx, tenant.id, customerId);
    const earlier = await earlierChange();
    if (earlier) return earlier;
    const premises = await repo.listPremises(trx, tenant.id, customerId);
    // Another account's consumption point is as unknown as a made-up one (SEC-16).
    const chosen = change.premiseIds.map((id) => premises.find((p) => p.id === id));
    if (chosen.some((p) => p === undefined)) throw new AppError('not_found');
    const chosenPremises = chosen.filter((p): p is repo.PremiseRow => p !== undefined);
    const customer = await repo.findCustomer(trx, tenant.id, customerId);
    if (!customer) throw new AppError('not_found');

    let mandate: { reference: string; stored: ReturnType<typeof storedIban>; holder: string; pdf: Buffer } | null = null;
    if (change.paymentMethod === 'direct_debit') {
      const reference = mandateReference(customer.customerNumber, (await repo.countMandates(trx, tenant.id, customerId)) + 1);
      if (input.mandateReference !== reference) {
        // Counted after the same form, submitted at the same moment, made its mandate: that one's change.
        const concurrent = await earlierChange();
        if (concurrent) return concurrent;
        throw new AppError('conflict', { detail: messages.referenceChanged[locale] });
      }
      const stored = storedIban(deps.secretsKey, tenant.id, customerId, change.iban);
      const pdf = await mandatePdf(tenant.config, customer, {
        reference,
        holder: change.holder,
        ibanMasked: stored.iban_masked,
        bic: stored.bic,
        validFrom: change.validFrom,
        premises: change.allPremises ? 'all' : chosenPremises.map(premiseAddress),
        consent: { channel: 'portal', at: meta.now, locale },
      });
      mandate = { reference, stored, holder: change.holder, pdf };
    }

    const premiseLabels = change.allPremises ? null : chosenPremises.map(premiseAddress);
    const request = await createRequest(trx, tenant, {
      customerId,
      loginId: auth.loginId,
      premiseId: chosenPremises.length === 1 ? (chosenPremises[0]?.id ?? null) : null,
      kind: 'bank',
      subject: subjectOf(change, locale),
      // Never the full IBAN: the request is shown, mailed about and exported; the IBAN stays sealed.
      payload: {
        paymentMethod: change.paymentMethod,
        validFrom: change.validFrom,
        allPremises: change.allPremises,
        premises: premiseLabels,
        ...(mandate
          ? { holder: mandate.holder, ibanMasked: mandate.stored.iban_masked, bic: mandate.stored.bic, mandateReference: mandate.reference, creditorId: creditor.creditorId }
          : {}),
      },
      attachments: mandate ? [{ fileName: mandateFileName(mandate.reference), contentType: 'application/pdf', content: mandate.pdf }] : [],
      idempotencyKey: input.idempotencyKey ?? null,
      actor: { type: 'customer', id: auth.loginId },
      locale,
      // banking_change_received below confirms it with the reference and the masked IBAN.
      receiptMail: false,
      now: meta.now,
      traceId: meta.requestId,
    });
    if (!request.created) {
      // The same form submitted at the same moment: the request insert waited for the other
      // submit to commit, whose change is visible to this next statement (read committed).
      const concurrent = await earlierChange();
      if (concurrent) return concurrent;
      throw new AppError('conflict', { detail: messages.keyReused[locale] });
    }

    const id = await repo.insertArrangement(
      trx,
      tenant.id,
      {
        customer_id: customerId,
        payment_method: change.paymentMethod,
        all_premises: change.allPremises,
        valid_from: change.validFrom,
        status: 'pending',
        request_id: request.id,
        login_id: auth.loginId,
        idempotency_key: input.idempotencyKey ?? null,
        created_at: meta.now,
        ...(mandate
          ? {
              ...mandate.stored,
              holder: mandate.holder,
              creditor_id: creditor.creditorId,
              mandate_reference: mandate.reference,
              consent_text_version: MANDATE_TEXT_VERSION,
              consent_text: consentRecord({ creditor, reference: mandate.reference, holder: mandate.holder, ibanMasked: mandate.stored.iban_masked }, locale),
              consent_locale: locale,
              consented_at: meta.now,
              consent_channel: 'portal',
            }
          : {}),
      },
      change.premiseIds,
    );

    const logins = await repo.listLinkedLogins(trx, tenant.id, customerId);
    const own = logins.find((l) => l.id === auth.loginId);
    if (own) {
      await enqueueMail(
        trx,
        tenant.id,
        {
          to: own.email,
          locale,
          template: 'banking_change_received',
          data: {
            reference: request.reference,
            paymentMethod: change.paymentMethod,
            validFrom: change.validFrom,
            premises: premiseLabels,
            mandate: mandate
              ? { holder: mandate.holder, ibanMasked: mandate.stored.iban_masked, bic: mandate.stored.bic, reference: mandate.reference, creditorId: creditor.creditorId }
              : null,
            path: BANKING_PATH,
          },
        },
        `banking-change:${id}`,
      );
    }
    for (const login of logins) {
      await enqueueMail(
        trx,
        tenant.id,
        {
          to: login.email,
          locale: login.id === auth.loginId ? locale : login.locale === 'en' ? 'en' : 'de',
          template: 'banking_security_notice',
          data: { customerNumber: customer.customerNumber, at: meta.now.toISOString(), accessPath: '/mein-zugang' },
        },
        `banking-notice:${id}:${login.id}`,
      );
    }
    await recordAudit(trx, tenant.id, {
      actorType: 'customer',
      actorId: auth.loginId,
      action: 'bank_details.change_requested',
      targetType: 'bank_account',
      targetId: id,
      requestId: meta.requestId,
      details: {
        paymentMethod: change.paymentMethod,
        validFrom: change.validFrom,
        allPremises: change.allPremises,
        premises: change.premiseIds.length,
        requestReference: request.reference,
        ...(mandate ? { ibanCountry: mandate.stored.iban_country, ibanLast4: mandate.stored.iban_last4, mandateReference: mandate.reference } : {}),
      },
    });

    const row = await repo.findArrangement(trx, tenant.id, customerId, id);
    if (!row) throw new Error('arrangement not found after insert');
    return { arrangement: present(row, change.premiseIds), request: { id: request.id, reference: request.reference, status: request.status }, created: true };
  });
}
