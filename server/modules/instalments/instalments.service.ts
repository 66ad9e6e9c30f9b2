// Instalments (Abschlag): the overview of the selected customer account (amount per contract,
// validity, due dates, total, recommendation, pending changes) and the change request, which becomes
// a customer request of kind 'instalment' (confirmation mail and audit through createRequest).
import { localDate } from '../../clock.ts';
import {
  formatCalendarDate,
  formatEuro,
  INSTALMENT_LIMITS,
  parseEuroAmount,
  type TInstalmentChangeRequest,
  type TInstalmentContract,
  type TInstalmentDueDate,
  type TInstalmentOverview,
  type TPendingInstalmentChange,
} from '../../../api/instalments.ts';
import type { TCreatedRequest } from '../../../api/requests.ts';
import { ZRequestStatus } from '../../../api/requests.ts';
import { ZDivision, type TDivision, type TLocale } from '../../../api/tenant.ts';
import { withTenant, withTenantRetryingDuplicates, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError, type FieldError } from '../../errors.ts';
import type { RequestMeta } from '../identity/identity.service.ts';
import { selectedCustomer, type AuthContext } from '../identity/sessions.ts';
import * as requestsRepo from '../requests/requests.repository.ts';
import { createRequest } from '../requests/requests.service.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './instalments.repository.ts';
import { addDays, addMonths, changeLimits, dueDates, isCalendarDate, monthOf, planOn, recommendInstalment, type Plan } from './instalments.rules.ts';

/** How many due dates the overview lists. */
export const UPCOMING_COUNT = 6;
/** How far ahead a change may start. */
export const CHANGE_MONTHS_AHEAD = 12;

const divisionNames: Record<TLocale, Record<TDivision, string>> = {
  de: { electricity: 'Strom', gas: 'Gas', water: 'Wasser', heat: 'Wärme' },
  en: { electricity: 'electricity', gas: 'gas', water: 'water', heat: 'heat' },
};

type ContractState = {
  row: repo.ContractRow;
  division: TDivision;
  plans: Plan[];
  plan: Plan | null;
  limits: { minCents: number; maxCents: number } | null;
  /** Due dates from tomorrow up to a year ahead: the dates a change can start at. */
  changeDates: string[];
  pending: repo.PendingChangeRow | undefined;
};

type Snapshot = { today: string; monthWithout: number | null; contracts: ContractState[] };

/** Everything the overview and a change need, read in the caller's transaction. */
async function snapshot(trx: TenantTransaction, tenant: Tenant, customerId: string, now: Date): Promise<Snapshot> {
  const config = tenant.config;
  const today = localDate(now, config.timeZone);
  const rows = await repo.listContracts(trx, tenant.id, customerId, today);
  const planRows = await repo.listPlans(
    trx,
    tenant.id,
    rows.map((row) => row.id),
    today,
  );
  // With 11 instalments a year the month of the annual bill has none (January when there is no bill yet).
  const monthWithout = config.instalmentsPerYear === 11 ? monthOf((await repo.latestAnnualBillDate(trx, tenant.id, customerId)) ?? `${today.slice(0, 4)}-01-01`) : null;
  const pending = await repo.listPendingChanges(trx, tenant.id, customerId);
  const contracts = rows.map((row): ContractState => {
    const plans = planRows.filter((plan) => plan.contractId === row.id).map(({ amountCents, validFrom, validTo, dueDay }) => ({ amountCents, validFrom, validTo, dueDay }));
    const plan = planOn(plans, today);
    return {
      row,
      division: ZDivision.parse(row.division),
      plans,
      plan,
      limits: plan ? changeLimits(plan.amountCents, config.instalmentLimits) : null,
      changeDates: plan ? dueDates(plans, addDays(today, 1), addMonths(today, CHANGE_MONTHS_AHEAD), monthWithout).map((due) => due.date) : [],
      pending: pending.find((request) => payloadOf(request.payload).contractId === row.id),
    };
  });
  return { today, monthWithout, contracts };
}

function payloadOf(payload: unknown): Record<string, unknown> {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
}

function presentPending(row: repo.PendingChangeRow): TPendingInstalmentChange {
  const payload = payloadOf(row.payload);
  return {
    requestId: row.id,
    reference: row.reference,
    status: ZRequestStatus.parse(row.status),
    createdAt: row.createdAt.toISOString(),
    desiredAmountCents: typeof payload.desiredAmountCents === 'number' ? payload.desiredAmountCents : 0,
    desiredDate: typeof payload.desiredDate === 'string' ? payload.desiredDate : '',
  };
}

function presentContract(tenant: Tenant, state: ContractState): TInstalmentContract {
  const { row, plan, limits } = state;
  const first = state.changeDates[0];
  const last = state.changeDates.at(-1);
  return {
    contractId: row.id,
    contractNumber: row.contractNumber,
    division: state.division,
    premise: `${row.street} ${row.houseNumber}, ${row.postalCode} ${row.city}`,
    tariffName: row.tariffName,
    plan,
    limits,
    changeWindow: first && last ? { earliest: first, latest: last } : null,
    recommendation:
      row.annualForecastMilli === null
        ? null
        : recommendInstalment({
            forecastMilli: row.annualForecastMilli,
            unit: state.division === 'water' ? 'm3' : 'kWh',
            energyPriceCt: row.energyPriceCt,
            basePriceCentsPerYear: row.basePriceCentsPerYear,
            instalmentsPerYear: tenant.config.instalmentsPerYear,
            limits,
          }),
    pendingChange: state.pending ? presentPending(state.pending) : null,
  };
}

/** The instalments of the selected customer account. */
export async function getOverview(database: Database, auth: AuthContext, now: Date): Promise<TInstalmentOverview> {
  const tenant = auth.tenant;
  return withTenant(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const { today, monthWithout, contracts } = await snapshot(trx, tenant, customerId, now);
    const byDate = new Map<string, TInstalmentDueDate>();
    for (const state of contracts) {
      for (const due of dueDates(state.plans, today, addMonths(today, 12), monthWithout)) {
        const entry = byDate.get(due.date) ?? { dueDate: due.date, items: [], totalCents: 0 };
        entry.items.push({ contractId: state.row.id, amountCents: due.amountCents });
        entry.totalCents += due.amountCents;
        byDate.set(due.date, entry);
      }
    }
    const upcoming = [...byDate.values()].sort((a, b) => a.dueDate.localeCompare(b.dueDate)).slice(0, UPCOMING_COUNT);
    return {
      contracts: contracts.map((state) => presentContract(tenant, state)),
      totalCents: contracts.reduce((sum, state) => sum + (state.plan && state.plan.validFrom <= today ? state.plan.amountCents : 0), 0),
      instalmentsPerYear: tenant.config.instalmentsPerYear,
      monthWithoutInstalment: monthWithout,
      upcoming,
      limits: tenant.config.instalmentLimits,
    };
  });
}

const messages = {
  amountRequired: { de: 'Bitte geben Sie den gewünschten Abschlag in Euro ein.', en: 'Please enter the instalment you would like, in euros.' },
  amountInvalid: {
    de: 'Bitte geben Sie den Betrag in Euro ein, zum Beispiel 85 oder 85,50.',
    en: 'Please enter the amount in euros, for example 85 or 85.50.',
  },
  dateRequired: { de: 'Bitte geben Sie an, ab wann der neue Abschlag gelten soll.', en: 'Please enter the date from which the new instalment should apply.' },
  dateInvalid: { de: 'Bitte geben Sie ein gültiges Datum ein, zum Beispiel 15.03.2027.', en: 'Please enter a valid date, for example 15/03/2027.' },
  commentRequired: {
    de: 'Bitte begründen Sie kurz die Änderung, zum Beispiel „neues Elektroauto“ oder „Haushalt kleiner geworden“.',
    en: 'Please give a short reason for the change, for example "new electric car" or "smaller household".',
  },
  commentTooLong: {
    de: `Der Kommentar darf höchstens ${String(INSTALMENT_LIMITS.comment)} Zeichen lang sein.`,
    en: `The comment may be at most ${String(INSTALMENT_LIMITS.comment)} characters long.`,
  },
  sameAmount: (current: string) => ({
    de: `${current} ist bereits Ihr aktueller Abschlag. Bitte geben Sie den Betrag ein, den Sie künftig zahlen möchten.`,
    en: `${current} is your current instalment already. Please enter the amount you would like to pay from now on.`,
  }),
  tooHigh: (range: Range) => ({
    de: `Der gewünschte Abschlag ist zu hoch. Online können Sie Ihren Abschlag von ${range.current} auf einen Betrag zwischen ${range.min} und ${range.max} ändern (bis zu ${range.increase} % mehr). Für eine größere Änderung schreiben Sie uns bitte über das Kontaktformular.`,
    en: `The instalment you entered is too high. Online you can change your instalment of ${range.current} to an amount between ${range.min} and ${range.max} (up to ${range.increase} % more). For a larger change please write to us using the contact form.`,
  }),
  tooLow: (range: Range) => ({
    de: `Der gewünschte Abschlag ist zu niedrig. Online können Sie Ihren Abschlag von ${range.current} auf einen Betrag zwischen ${range.min} und ${range.max} ändern (bis zu ${range.decrease} % weniger). Ein zu niedriger Abschlag führt meist zu einer Nachzahlung mit der Jahresabrechnung; für eine größere Senkung schreiben Sie uns bitte über das Kontaktformular.`,
    en: `The instalment you entered is too low. Online you can change your instalment of ${range.current} to an amount between ${range.min} and ${range.max} (up to ${range.decrease} % less). An instalment that is too low usually means an additional payment with the annual bill; for a larger reduction please write to us using the contact form.`,
  }),
  dateTooEarly: (earliest: string) => ({
    de: `Eine Änderung ist frühestens ab der nächsten Fälligkeit am ${earliest} möglich; Abschläge, die heute oder früher fällig waren, bleiben unverändert.`,
    en: `A change can start at the next due date, ${earliest}, at the earliest; instalments due today or earlier stay as they are.`,
  }),
  dateTooLate: (latest: string) => ({
    de: `Eine Änderung können Sie höchstens ein Jahr im Voraus beantragen, also ab spätestens ${latest}.`,
    en: `You can ask for a change at most a year ahead, that is from ${latest} at the latest.`,
  }),
  pending: (date: string, reference: string) => ({
    de: `Ihre Änderung vom ${date} (Vorgangsnummer ${reference}) ist in Bearbeitung. Sobald wir sie bearbeitet haben, können Sie den Abschlag für diesen Vertrag wieder ändern. Möchten Sie etwas an Ihrer Änderung korrigieren, schreiben Sie uns bitte mit der Vorgangsnummer.`,
    en: `Your change of ${date} (reference ${reference}) is being processed. Once we have dealt with it you can change the instalment of this contract again. If you would like to correct your change, please write to us quoting the reference.`,
  }),
  noInstalment: {
    de: 'Für diesen Vertrag ist kein Abschlag mehr fällig, den Sie ändern könnten. Bitte wenden Sie sich an unseren Kundenservice.',
    en: 'No instalment of this contract is due any more that you could change. Please contact our customer service.',
  },
};

type Range = { current: string; min: string; max: string; increase: number; decrease: number };

type Checked = { amountCents: number; desiredDate: string; comment: string };

/** Checks what needs no database: the amount as typed, the date's form, the comment. */
function checkInput(input: TInstalmentChangeRequest, locale: TLocale): Checked {
  const fields: FieldError[] = [];
  const amountText = input.desiredAmount.trim();
  const amountCents = parseEuroAmount(amountText);
  if (!amountText) fields.push({ field: 'desiredAmount', message: messages.amountRequired[locale] });
  else if (amountCents === null) fields.push({ field: 'desiredAmount', message: messages.amountInvalid[locale] });
  const desiredDate = input.desiredDate.trim();
  if (!desiredDate) fields.push({ field: 'desiredDate', message: messages.dateRequired[locale] });
  else if (!isCalendarDate(desiredDate)) fields.push({ field: 'desiredDate', message: messages.dateInvalid[locale] });
  const comment = input.comment.trim();
  if (!comment) fields.push({ field: 'comment', message: messages.commentRequired[locale] });
  else if (comment.length > INSTALMENT_LIMITS.comment) fields.push({ field: 'comment', message: messages.commentTooLong[locale] });
  if (fields.length > 0 || amountCents === null) throw new AppError('validation_failed', { fields });
  return { amountCents, desiredDate, comment };
}

/** Checks the amount against the limits and the date against the due dates of this contract. */
function checkAgainstContract(state: ContractState, plan: Plan, limits: { minCents: number; maxCents: number }, input: Checked, tenant: Tenant, locale: TLocale): string {
  const fields: FieldError[] = [];
  const euro = (cents: number) => formatEuro(cents, locale);
  const range: Range = {
    current: euro(plan.amountCents),
    min: euro(limits.minCents),
    max: euro(limits.maxCents),
    increase: tenant.config.instalmentLimits.maxIncreasePercent,
    decrease: tenant.config.instalmentLimits.maxDecreasePercent,
  };
  if (input.amountCents === plan.amountCents) fields.push({ field: 'desiredAmount', message: messages.sameAmount(range.current)[locale] });
  else if (input.amountCents > limits.maxCents) fields.push({ field: 'desiredAmount', message: messages.tooHigh(range)[locale] });
  else if (input.amountCents < limits.minCents) fields.push({ field: 'desiredAmount', message: messages.tooLow(range)[locale] });
  const earliest = state.changeDates[0];
  const latest = state.changeDates.at(-1);
  if (!earliest || !latest) throw new AppError('conflict', { detail: messages.noInstalment[locale] });
  if (input.desiredDate < earliest) fields.push({ field: 'desiredDate', message: messages.dateTooEarly(formatCalendarDate(earliest, locale))[locale] });
  else if (input.desiredDate > latest) fields.push({ field: 'desiredDate', message: messages.dateTooLate(formatCalendarDate(latest, locale))[locale] });
  if (fields.length > 0) throw new AppError('validation_failed', { fields });
  // The new amount applies from the first due date on or after the desired date.
  return state.changeDates.find((date) => date >= input.desiredDate) ?? earliest;
}

/**
 * A request to change the instalment of one contract: amount within the utility's limits, start at a
 * coming due date, a comment; one open change per contract. The same idempotency key returns the
 * first request (created: false).
 */
export async function requestChange(
  database: Database,
  auth: AuthContext,
  input: TInstalmentChangeRequest,
  meta: RequestMeta,
): Promise<TCreatedRequest & { created: boolean }> {
  const { locale } = meta;
  const checked = checkInput(input, locale);
  const tenant = auth.tenant;
  return withTenantRetryingDuplicates(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    // Another customer's contract is as unknown as a made-up one (SEC-16); the lock makes a second
    // change for the same contract wait until this one is written.
    if (!(await repo.lockContract(trx, tenant.id, customerId, input.contractId))) throw new AppError('not_found');
    if (input.idempotencyKey) {
      const existing = await requestsRepo.findByIdempotencyKey(trx, tenant.id, auth.loginId, input.idempotencyKey);
      if (existing) return { id: existing.id, reference: existing.reference, status: ZRequestStatus.parse(existing.status), created: false };
    }
    const { contracts } = await snapshot(trx, tenant, customerId, meta.now);
    const state = contracts.find((contract) => contract.row.id === input.contractId);
    if (!state?.plan || !state.limits) throw new AppError('conflict', { detail: messages.noInstalment[locale] });
    if (state.pending) {
      const since = formatCalendarDate(localDate(state.pending.createdAt, tenant.config.timeZone), locale);
      throw new AppError('conflict', { detail: messages.pending(since, state.pending.reference)[locale] });
    }
    const firstDueDate = checkAgainstContract(state, state.plan, state.limits, checked, tenant, locale);
    const recommendation = presentContract(tenant, state).recommendation;
    const division = divisionNames[locale][state.division];
    const subject =
      locale === 'de'
        ? `Abschlagsänderung ${division} (Vertrag ${state.row.contractNumber}): ${formatEuro(checked.amountCents, 'de')} ab ${formatCalendarDate(checked.desiredDate, 'de')}`
        : `Instalment change, ${division} (contract ${state.row.contractNumber}): ${formatEuro(checked.amountCents, 'en')} from ${formatCalendarDate(checked.desiredDate, 'en')}`;
    return createRequest(trx, tenant, {
      customerId,
      loginId: auth.loginId,
      premiseId: state.row.premiseId,
      kind: 'instalment',
      subject,
      payload: {
        contractId: state.row.id,
        contractNumber: state.row.contractNumber,
        division: state.division,
        currentAmountCents: state.plan.amountCents,
        desiredAmountCents: checked.amountCents,
        desiredDate: checked.desiredDate,
        firstDueDate,
        comment: checked.comment,
        recommendedAmountCents: recommendation?.amountCents ?? null,
        limits: state.limits,
      },
      attachments: [],
      idempotencyKey: input.idempotencyKey ?? null,
      actor: { type: 'customer', id: auth.loginId },
      locale,
      now: meta.now,
      traceId: meta.requestId,
    });
  });
}
