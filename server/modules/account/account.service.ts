// Account statement (Kontoübersicht) of the selected customer account: every booking with its
// running balance, the open items with the overdue ones marked, the balance, and the next
// instalments due from the instalment plans. Positive amounts are owed by the customer (Soll),
// negative ones are payments and credits (Haben).
import { localDate } from '../../clock.ts';
import {
  accountCsvPath,
  ZBookingKind,
  type TAccountQuery,
  type TAccountStatement,
  type TBooking,
  type TStatementRow,
  type TUpcomingInstalment,
} from '../../../api/account.ts';
import { documentFilePath } from '../../../api/documents.ts';
import { ZDivision, type TLocale } from '../../../api/tenant.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { dateOf, yearOf } from '../contracts/calendar.ts';
import { selectedCustomer, type AuthContext } from '../identity/sessions.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './account.repository.ts';
import { statementCsv } from './statement-csv.ts';

/** How many due dates of upcoming instalments the statement shows. */
const UPCOMING_DUE_DATES = 3;

function present(row: repo.TransactionRow): TBooking {
  return {
    id: row.id,
    bookingDate: row.bookingDate,
    dueDate: row.dueDate,
    kind: ZBookingKind.parse(row.kind),
    description: row.description,
    reference: row.reference,
    amountCents: row.amountCents,
    cleared: row.cleared,
    documentPath: row.documentId ? documentFilePath(row.documentId) : null,
  };
}

/** Chronological, and on one day what is owed before what is paid (the balance never dips on paper). */
function chronological(a: TBooking, b: TBooking): number {
  return a.bookingDate.localeCompare(b.bookingDate) || Number(b.amountCents > 0) - Number(a.amountCents > 0);
}

/**
 * The next instalment due dates from today on, per contract in force on that day, skipping dates
 * already booked. With 11 instalments a year the month of the annual bill has none (DOMAIN.md §4).
 */
export function upcomingInstalments(
  plans: readonly repo.PlanRow[],
  options: { today: string; bookedDueDates: ReadonlySet<string>; skipMonth: number | null; count: number },
): TUpcomingInstalment[] {
  const { today, bookedDueDates, skipMonth, count } = options;
  const byDate = new Map<string, TUpcomingInstalment>();
  const firstYear = yearOf(today);
  const firstMonth = Number(today.slice(5, 7));
  for (let offset = 0; offset < 15; offset++) {
    const month = ((firstMonth - 1 + offset) % 12) + 1;
    if (month === skipMonth) continue;
    const found: Array<{ dueDate: string; contractNumber: string; division: repo.PlanRow['division']; amountCents: number }> = [];
    for (const plan of plans) {
      const dueDate = dateOf(firstYear, firstMonth + offset, plan.dueDay);
      if (dueDate < today || bookedDueDates.has(dueDate)) continue;
      const inForce = plan.validFrom <= dueDate && (plan.validTo === null || plan.validTo >= dueDate);
      const supplied = plan.startDate <= dueDate && (plan.endDate === null || plan.endDate >= dueDate);
      if (inForce && supplied && plan.amountCents > 0) found.push({ dueDate, contractNumber: plan.contractNumber, division: plan.division, amountCents: plan.amountCents });
    }
    for (const item of found) {
      const entry = byDate.get(item.dueDate) ?? { dueDate: item.dueDate, amountCents: 0, contracts: [] };
      entry.amountCents += item.amountCents;
      entry.contracts.push({ contractNumber: item.contractNumber, division: ZDivision.parse(item.division), amountCents: item.amountCents });
      byDate.set(item.dueDate, entry);
    }
  }
  return [...byDate.values()].sort((a, b) => a.dueDate.localeCompare(b.dueDate)).slice(0, count);
}

async function buildStatement(trx: TenantTransaction, tenant: Tenant, customerId: string, year: number | undefined, now: Date): Promise<TAccountStatement> {
  const today = localDate(now, tenant.config.timeZone);
  const bookings = (await repo.listTransactions(trx, tenant.id, customerId)).map(present).sort(chronological);
  let running = 0;
  const rows: TStatementRow[] = bookings.map((booking) => {
    running += booking.amountCents;
    return { ...booking, balanceCents: running };
  });
  const chosen = year ?? yearOf(today);
  const years = [...new Set([yearOf(today), ...bookings.map((b) => yearOf(b.bookingDate))])].sort((a, b) => b - a);
  const before = rows.filter((r) => yearOf(r.bookingDate) < chosen);
  const inYear = rows.filter((r) => yearOf(r.bookingDate) === chosen);
  const openingBalanceCents = before.at(-1)?.balanceCents ?? 0;
  const open = bookings
    .filter((b) => !b.cleared)
    .map((b) => ({ ...b, overdue: b.amountCents > 0 && b.dueDate !== null && b.dueDate < today }))
    .sort((a, b) => (a.dueDate ?? a.bookingDate).localeCompare(b.dueDate ?? b.bookingDate) || chronological(a, b));
  const plans = await repo.listInstalmentPlans(trx, tenant.id, customerId);
  let skipMonth: number | null = null;
  if (tenant.config.instalmentsPerYear === 11) {
    const billed = await repo.latestAnnualInvoiceDate(trx, tenant.id, customerId);
    skipMonth = billed ? Number(billed.slice(5, 7)) : 1;
  }
  const bookedDueDates = new Set(bookings.filter((b) => b.kind === 'instalment' && b.dueDate !== null).map((b) => b.dueDate as string));
  return {
    today,
    balanceCents: running,
    openCents: open.filter((b) => b.amountCents > 0).reduce((sum, b) => sum + b.amountCents, 0),
    overdueCents: open.filter((b) => b.overdue).reduce((sum, b) => sum + b.amountCents, 0),
    creditCents: -open.filter((b) => b.amountCents < 0).reduce((sum, b) => sum + b.amountCents, 0),
    openItems: open,
    year: chosen,
    years,
    openingBalanceCents,
    bookings: inYear,
    closingBalanceCents: inYear.at(-1)?.balanceCents ?? openingBalanceCents,
    upcomingInstalments: upcomingInstalments(plans, { today, bookedDueDates, skipMonth, count: UPCOMING_DUE_DATES }),
    csvPath: accountCsvPath(chosen),
  };
}

/** The statement of the selected account for a year (default: this year). */
export async function accountStatement(database: Database, auth: AuthContext, query: TAccountQuery, now: Date): Promise<TAccountStatement> {
  return withTenant(database, auth.tenant.id, async (trx) => buildStatement(trx, auth.tenant, await selectedCustomer(trx, auth), query.year, now));
}

/**
 * The balance and the next instalment of a customer account, for the start page. Runs in the
 * caller's tenant transaction.
 */
export async function accountSummary(
  trx: TenantTransaction,
  tenant: Tenant,
  customerId: string,
  now: Date,
): Promise<{ balanceCents: number; overdueCents: number; nextInstalment: TUpcomingInstalment | null }> {
  const statement = await buildStatement(trx, tenant, customerId, undefined, now);
  return { balanceCents: statement.balanceCents, overdueCents: statement.overdueCents, nextInstalment: statement.upcomingInstalments[0] ?? null };
}

/** The chosen year's bookings as CSV (German Excel: semicolons, decimal comma, BOM); audited. */
export async function accountStatementCsv(
  database: Database,
  auth: AuthContext,
  query: TAccountQuery,
  meta: { locale: TLocale; requestId: string; now: Date },
): Promise<{ fileName: string; content: Buffer }> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const statement = await buildStatement(trx, auth.tenant, customerId, query.year, meta.now);
    await recordAudit(trx, auth.tenant.id, {
      actorType: 'customer',
      actorId: auth.loginId,
      action: 'account.statement_exported',
      targetType: 'customer',
      targetId: customerId,
      requestId: meta.requestId,
      details: { year: statement.year, bookings: statement.bookings.length },
    });
    const word = meta.locale === 'en' ? 'account-statement' : 'Kontoauszug';
    const number = await repo.customerNumber(trx, auth.tenant.id, customerId);
    return { fileName: `${word}-${number.replace(/[^A-Za-z0-9-]+/g, '-')}-${String(statement.year)}.csv`, content: statementCsv(statement, meta.locale) };
  });
}
