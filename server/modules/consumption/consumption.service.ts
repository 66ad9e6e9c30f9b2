// Consumption of the selected customer account: its meters and the data they have, values per year,
// month, day and quarter hour with the previous year, downloads (CSV for Excel, JSON) and the cost
// projection per contract. Every register is reached through the account's premises (404 otherwise).
import {
  INTERVAL_EXPORT_MAX_DAYS,
  INTERVAL_VIEW_MAX_DAYS,
  MIN_YEAR,
  ZRegisterUnit,
  type TConsumptionOverview,
  type TConsumptionPremise,
  type TDateRange,
  type TGasConversion,
  type TIntervalView,
  type TMonthView,
  type TPeriodValue,
  type TProjection,
  type TProjections,
  type TRegisterUnit,
  type TYearsView,
  type TYearView,
} from '../../../api/consumption.ts';
import { ZDivision, type TDivision, type TLocale } from '../../../api/tenant.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { selectedCustomer, type AuthContext } from '../identity/sessions.ts';
import { dayShare } from '../readings/profile.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { addYears, isoOf, localMidnightUtcMs, localToday, monthOf, monthRange, toDay, utcOffsetMs, yearOf, yearRange } from './calendar.ts';
import * as repo from './consumption.repository.ts';
import {
  BOM,
  historyFileName,
  historyHeader,
  historyJsonRow,
  historyLine,
  intervalFileName,
  intervalHeader,
  intervalJsonRow,
  intervalLine,
  QUARTER_MS,
  type ExportRegister,
  type QuarterHour,
} from './export.ts';
import { instalmentSummary, projectConsumption, projectedCostCents, type Plan } from './projection.ts';
import { compareWithPreviousYear, daySeries, historyRows, readingPeriods, sumPeriod, TRUE_VALUE, type DailyValue, type DayPoint } from './series.ts';

/** Feed-in registers (OBIS 2.8.x export energy, 2.29 / 2.9 feed-in load profiles). */
export function isFeedIn(obis: string): boolean {
  return /:2\.(8|9|29)\./.test(obis);
}

export function gasConversion(tenant: Tenant): TGasConversion {
  const { calorificValue, zNumber } = tenant.config.gasConversion;
  return { calorificValue, zNumber, factor: Math.round(calorificValue * zNumber * 1e8) / 1e8 };
}

function address(row: { street: string; houseNumber: string; postalCode: string; city: string }): string {
  return `${row.street} ${row.houseNumber}, ${row.postalCode} ${row.city}`;
}

function divisionOf(value: string): TDivision {
  return ZDivision.parse(value);
}

function unitOf(value: string): TRegisterUnit {
  return ZRegisterUnit.parse(value);
}

const messages = {
  year: { de: `Bitte wählen Sie ein Jahr zwischen ${String(MIN_YEAR)} und dem nächsten Jahr.`, en: `Please choose a year between ${String(MIN_YEAR)} and next year.` },
  order: { de: 'Das Ende des Zeitraums darf nicht vor seinem Beginn liegen.', en: 'The end of the period must not be before its start.' },
  view: {
    de: `Bitte wählen Sie höchstens ${String(INTERVAL_VIEW_MAX_DAYS)} Tage.`,
    en: `Please choose at most ${String(INTERVAL_VIEW_MAX_DAYS)} days.`,
  },
  export: {
    de: `Bitte wählen Sie höchstens ${String(INTERVAL_EXPORT_MAX_DAYS)} Tage (ein Jahr).`,
    en: `Please choose at most ${String(INTERVAL_EXPORT_MAX_DAYS)} days (a year).`,
  },
  noIntervals: { de: 'Für diesen Zähler gibt es keine 15-Minuten-Werte.', en: 'There are no 15-minute values for this meter.' },
} as const;

function invalid(field: string, message: { de: string; en: string }, locale: TLocale): AppError {
  return new AppError('validation_failed', { fields: [{ field, message: message[locale] }] });
}

/** Years a view may show: from MIN_YEAR to next year (the range guard of every query). */
function checkYear(year: number, field: string, today: number, locale: TLocale): void {
  if (year < MIN_YEAR || year > yearOf(today) + 1) throw invalid(field, messages.year, locale);
}

function checkRange(from: string, to: string, maxDays: number, today: number, locale: TLocale): { from: number; to: number } {
  const range = { from: toDay(from), to: toDay(to) };
  checkYear(yearOf(range.from), 'from', today, locale);
  checkYear(yearOf(range.to), 'to', today, locale);
  if (range.to < range.from) throw invalid('to', messages.order, locale);
  if (range.to - range.from + 1 > maxDays) throw invalid('to', maxDays === INTERVAL_VIEW_MAX_DAYS ? messages.view : messages.export, locale);
  return range;
}

/** Why a register was not found: 409 account_not_selected when the account is not (or no longer) linked, else 404. */
async function notFound(trx: TenantTransaction, auth: AuthContext): Promise<never> {
  await selectedCustomer(trx, auth);
  throw new AppError('not_found');
}

function access(auth: AuthContext): { loginId: string; customerId: string } | null {
  return auth.selectedCustomerId === null ? null : { loginId: auth.loginId, customerId: auth.selectedCustomerId };
}

/** A register of the selected account, or 404. */
async function registerOf(trx: TenantTransaction, auth: AuthContext, registerId: string): Promise<repo.RegisterRow> {
  const who = access(auth);
  const row = who === null ? undefined : await repo.findLinkedRegister(trx, auth.tenant.id, who.loginId, who.customerId, registerId);
  return row ?? notFound(trx, auth);
}

/**
 * A register of the selected account with its days from..to: daily values, and readings spread over
 * the days they do not cover (one query); 404 for registers the account may not see.
 */
async function seriesOf(trx: TenantTransaction, auth: AuthContext, registerId: string, from: number, to: number) {
  const who = access(auth);
  const data = who === null ? undefined : await repo.registerSeries(trx, auth.tenant.id, who, registerId, isoOf(from), isoOf(to));
  if (!data) return notFound(trx, auth);
  const { register } = data;
  const readings = data.readings.map((r) => ({ day: toDay(r.readOn), value: Number(r.value) }));
  const periods = readingPeriods(readings, register.digits);
  const daily = new Map<number, DailyValue>();
  for (const row of data.daily) daily.set(toDay(row.day), { milli: row.milli, quality: row.quality });
  const division = divisionOf(register.division);
  const kind = isFeedIn(register.obis) ? 'feed_in' : division;
  const weight = (day: number) => dayShare(kind, day, auth.tenant.config.timeZone);
  return { register, points: daySeries(weight, from, to, daily, periods), periods };
}

function rangeOf(row: repo.RangeRow | undefined): TDateRange | null {
  return row ? { from: row.first, to: row.last } : null;
}

/** The account's premises with their meters (newest first) and what data each register has. */
export async function overview(database: Database, auth: AuthContext, now: Date): Promise<TConsumptionOverview> {
  const tenant = auth.tenant;
  return withTenant(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const rows = await repo.listRegisters(trx, tenant.id, customerId);
    const ids = rows.map((r) => r.registerId);
    const [daily, intervals, readings] = [
      new Map((await repo.dayRanges(trx, tenant.id, 'consumption_daily', ids)).map((r) => [r.registerId, r])),
      new Map((await repo.dayRanges(trx, tenant.id, 'interval_values', ids)).map((r) => [r.registerId, r])),
      new Map((await repo.readingRanges(trx, tenant.id, ids)).map((r) => [r.registerId, r])),
    ];
    const premises: TConsumptionPremise[] = [];
    for (const row of rows) {
      let premise = premises.find((p) => p.id === row.premiseId);
      if (!premise) {
        premise = { id: row.premiseId, address: address(row), meters: [] };
        premises.push(premise);
      }
      let meter = premise.meters.find((m) => m.id === row.meterId);
      if (!meter) {
        meter = {
          id: row.meterId,
          meterNumber: row.meterNumber,
          division: divisionOf(row.division),
          kind: row.meterKind === 'smart' || row.meterKind === 'modern' ? row.meterKind : 'conventional',
          granularity: row.granularity === 'OPT_OUT' || row.granularity === 'DAILY' || row.granularity === 'QUARTER_HOUR' ? row.granularity : null,
          installedOn: row.installedOn,
          removedOn: row.removedOn,
          registers: [],
        };
        premise.meters.push(meter);
      }
      meter.registers.push({
        id: row.registerId,
        obis: row.obis,
        label: row.label,
        unit: unitOf(row.unit),
        feedIn: isFeedIn(row.obis),
        daily: rangeOf(daily.get(row.registerId)),
        intervals: rangeOf(intervals.get(row.registerId)),
        readings: rangeOf(readings.get(row.registerId)),
      });
    }
    return { today: isoOf(localToday(tenant.config.timeZone, now)), timeZone: tenant.config.timeZone, gasConversion: gasConversion(tenant), premises };
  });
}

/** The first and last day a register has a value for (daily values, or the days after its first reading). */
async function dataBounds(trx: TenantTransaction, tenantId: string, registerId: string): Promise<{ from: number; to: number } | null> {
  const [daily] = await repo.dayRanges(trx, tenantId, 'consumption_daily', [registerId]);
  const [readings] = await repo.readingRanges(trx, tenantId, [registerId]);
  const starts: number[] = [];
  const ends: number[] = [];
  if (daily) {
    starts.push(toDay(daily.first));
    ends.push(toDay(daily.last));
  }
  if (readings && readings.first !== readings.last) {
    starts.push(toDay(readings.first) + 1);
    ends.push(toDay(readings.last));
  }
  if (starts.length === 0) return null;
  return { from: Math.min(...starts), to: Math.max(...ends) };
}

/** Every year with data and its total. */
export async function yearsView(database: Database, auth: AuthContext, registerId: string, now: Date): Promise<TYearsView> {
  const tenant = auth.tenant;
  const today = localToday(tenant.config.timeZone, now);
  return withTenant(database, tenant.id, async (trx) => {
    const register = await registerOf(trx, auth, registerId);
    const bounds = await dataBounds(trx, tenant.id, register.registerId);
    const unit = unitOf(register.unit);
    if (!bounds) return { unit, years: [] };
    const from = yearRange(yearOf(bounds.from)).from;
    const to = yearRange(yearOf(bounds.to)).to;
    const { points } = await seriesOf(trx, auth, register.registerId, from, to);
    const years: TPeriodValue[] = [];
    for (let year = yearOf(from); year <= yearOf(to); year++) {
      const range = yearRange(year);
      years.push(sumPeriod(points, from, String(year), range.from, range.to, today));
    }
    return { unit, years };
  });
}

function monthsOf(points: readonly DayPoint[], seriesFrom: number, year: number, today: number): TPeriodValue[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${String(year)}-${String(i + 1).padStart(2, '0')}`;
    const range = monthRange(month);
    return sumPeriod(points, seriesFrom, month, range.from, range.to, today);
  });
}

/** Twelve months of a year and of the year before. */
export async function yearView(database: Database, auth: AuthContext, registerId: string, year: number, now: Date, locale: TLocale): Promise<TYearView> {
  const tenant = auth.tenant;
  const today = localToday(tenant.config.timeZone, now);
  checkYear(year, 'year', today, locale);
  return withTenant(database, tenant.id, async (trx) => {
    const from = yearRange(year - 1).from;
    const current = yearRange(year);
    const { register, points } = await seriesOf(trx, auth, registerId, from, current.to);
    const previous = yearRange(year - 1);
    return {
      year,
      unit: unitOf(register.unit),
      months: monthsOf(points, from, year, today),
      previousMonths: monthsOf(points, from, year - 1, today),
      totalMilli: sumPeriod(points, from, String(year), current.from, current.to, today).milli,
      previousTotalMilli: sumPeriod(points, from, String(year - 1), previous.from, previous.to, today).milli,
      comparison: compareWithPreviousYear(points, from, current.from, current.to),
    };
  });
}

/** The days of a month, with the same month a year earlier. */
export async function monthView(database: Database, auth: AuthContext, registerId: string, month: string, now: Date, locale: TLocale): Promise<TMonthView> {
  const tenant = auth.tenant;
  const today = localToday(tenant.config.timeZone, now);
  const range = monthRange(month);
  checkYear(yearOf(range.from), 'month', today, locale);
  const previousMonth = `${String(yearOf(range.from) - 1)}${month.slice(4)}`;
  const previousRange = monthRange(previousMonth);
  return withTenant(database, tenant.id, async (trx) => {
    const { register, points } = await seriesOf(trx, auth, registerId, previousRange.from, range.to);
    const days: TPeriodValue[] = [];
    for (let day = range.from; day <= range.to; day++) days.push(sumPeriod(points, previousRange.from, isoOf(day), day, day, today));
    return {
      month,
      unit: unitOf(register.unit),
      days,
      totalMilli: sumPeriod(points, previousRange.from, month, range.from, range.to, today).milli,
      previous: sumPeriod(points, previousRange.from, previousMonth, previousRange.from, previousRange.to, today),
      comparison: compareWithPreviousYear(points, previousRange.from, range.from, range.to),
    };
  });
}

/** 15-minute values of up to a month; each day carries the instant of its local midnight. */
export async function intervalView(database: Database, auth: AuthContext, registerId: string, from: string, to: string, now: Date, locale: TLocale): Promise<TIntervalView> {
  const tenant = auth.tenant;
  const { timeZone } = tenant.config;
  const range = checkRange(from, to, INTERVAL_VIEW_MAX_DAYS, localToday(timeZone, now), locale);
  return withTenant(database, tenant.id, async (trx) => {
    const who = access(auth);
    const data = who === null ? undefined : await repo.registerIntervals(trx, tenant.id, who, registerId, isoOf(range.from), isoOf(range.to));
    if (!data) return notFound(trx, auth);
    return {
      from,
      to,
      unit: unitOf(data.register.unit),
      timeZone,
      days: data.days.map((row) => ({
        date: row.day,
        start: new Date(localMidnightUtcMs(toDay(row.day), timeZone)).toISOString(),
        values: row.values,
        quality: row.quality,
        totalMilli: row.values.reduce((sum, v) => sum + v, 0),
      })),
    };
  });
}

export type Download = { fileName: string; contentType: string; body: Iterable<string> | AsyncIterable<string> };

function exportRegister(register: repo.RegisterRow): ExportRegister {
  return { meterNumber: register.meterNumber, obis: register.obis, unit: unitOf(register.unit), division: register.division };
}

async function auditExport(trx: TenantTransaction, auth: AuthContext, registerId: string, details: Record<string, unknown>, traceId: string): Promise<void> {
  await recordAudit(trx, auth.tenant.id, {
    actorType: 'customer',
    actorId: auth.loginId,
    action: 'consumption.exported',
    targetType: 'meter_register',
    targetId: registerId,
    requestId: traceId,
    details,
  });
}

/**
 * The whole history of a register as CSV or JSON: one row per daily value, one per reading period
 * (or the part of it daily values do not cover). A register's history is at most a few thousand
 * rows, so it is read in one transaction and written out in pieces.
 */
export async function historyDownload(database: Database, auth: AuthContext, registerId: string, format: 'csv' | 'json', locale: TLocale, now: Date, traceId: string): Promise<Download> {
  const tenant = auth.tenant;
  const factor = gasConversion(tenant).factor;
  const { register, rows } = await withTenant(database, tenant.id, async (trx) => {
    const found = await registerOf(trx, auth, registerId);
    const bounds = await dataBounds(trx, tenant.id, found.registerId);
    await auditExport(trx, auth, found.registerId, { kind: 'history', format }, traceId);
    if (!bounds) return { register: found, rows: [] };
    const { points, periods } = await seriesOf(trx, auth, found.registerId, bounds.from, bounds.to);
    return { register: found, rows: historyRows(points, bounds.from, periods) };
  });
  const meta = exportRegister(register);
  const gasFactor = register.division === 'gas' && meta.unit === 'm3' ? factor : null;
  const pieceSize = 500;
  if (format === 'csv') {
    function* csv(): Generator<string> {
      yield BOM + historyHeader(meta, locale, gasFactor);
      for (let i = 0; i < rows.length; i += pieceSize) yield rows.slice(i, i + pieceSize).map((row) => historyLine(row, locale, gasFactor)).join('');
    }
    return { fileName: historyFileName(meta, locale, 'csv'), contentType: 'text/csv; charset=utf-8', body: csv() };
  }
  function* json(): Generator<string> {
    const head = {
      meterNumber: meta.meterNumber,
      obis: meta.obis,
      division: meta.division,
      unit: meta.unit,
      ...(gasFactor === null ? {} : { gasConversion: gasConversion(tenant) }),
      generatedAt: now.toISOString(),
    };
    yield `${JSON.stringify(head).slice(0, -1)},"values":[`;
    for (let i = 0; i < rows.length; i += pieceSize) {
      yield (i === 0 ? '' : ',') + rows.slice(i, i + pieceSize).map((row) => JSON.stringify(historyJsonRow(row, gasFactor))).join(',');
    }
    yield ']}\n';
  }
  return { fileName: historyFileName(meta, locale, 'json'), contentType: 'application/json; charset=utf-8', body: json() };
}

/**
 * 15-minute values of up to a year as CSV or JSON, streamed a month at a time (one short
 * transaction per month; the register was checked first).
 */
export async function intervalDownload(
  database: Database,
  auth: AuthContext,
  registerId: string,
  query: { from: string; to: string },
  format: 'csv' | 'json',
  locale: TLocale,
  now: Date,
  traceId: string,
): Promise<Download> {
  const tenant = auth.tenant;
  const { timeZone } = tenant.config;
  const range = checkRange(query.from, query.to, INTERVAL_EXPORT_MAX_DAYS, localToday(timeZone, now), locale);
  const register = await withTenant(database, tenant.id, async (trx) => {
    const found = await registerOf(trx, auth, registerId);
    const [available] = await repo.dayRanges(trx, tenant.id, 'interval_values', [found.registerId]);
    if (!available) throw new AppError('not_found', { detail: messages.noIntervals[locale] });
    await auditExport(trx, auth, found.registerId, { kind: 'intervals', format, from: query.from, to: query.to }, traceId);
    return found;
  });
  const meta = exportRegister(register);
  async function* quarterHours(): AsyncGenerator<QuarterHour[]> {
    for (let start = range.from; start <= range.to; ) {
      const end = Math.min(range.to, monthRange(monthOf(start)).to);
      const rows = await withTenant(database, tenant.id, (trx) => repo.intervalDays(trx, tenant.id, register.registerId, isoOf(start), isoOf(end)));
      for (const row of rows) {
        const day = toDay(row.day);
        const midnight = localMidnightUtcMs(day, timeZone);
        // A day of 96 quarter hours has one offset (clocks change at night, never at midnight).
        const even = row.values.length === 96 ? utcOffsetMs(timeZone, midnight) : null;
        const offset = (instant: number) => even ?? utcOffsetMs(timeZone, instant);
        yield row.values.map((milli, i) => {
          const startUtcMs = midnight + i * QUARTER_MS;
          return { day, startUtcMs, offsetMs: offset(startUtcMs), endOffsetMs: offset(startUtcMs + QUARTER_MS), milli, quality: row.quality?.[i] ?? TRUE_VALUE };
        });
      }
      start = end + 1;
    }
  }
  if (format === 'csv') {
    async function* csv(): AsyncGenerator<string> {
      yield BOM + intervalHeader(meta, locale);
      for await (const day of quarterHours()) yield day.map((value) => intervalLine(value, locale)).join('');
    }
    return { fileName: intervalFileName(meta, range.from, range.to, locale, 'csv'), contentType: 'text/csv; charset=utf-8', body: csv() };
  }
  async function* json(): AsyncGenerator<string> {
    yield `${JSON.stringify({ meterNumber: meta.meterNumber, obis: meta.obis, unit: meta.unit, timeZone, from: query.from, to: query.to }).slice(0, -1)},"values":[`;
    let first = true;
    for await (const day of quarterHours()) {
      yield (first ? '' : ',') + day.map((value) => JSON.stringify(intervalJsonRow(value))).join(',');
      first = false;
    }
    yield ']}\n';
  }
  return { fileName: intervalFileName(meta, range.from, range.to, locale, 'json'), contentType: 'application/json; charset=utf-8', body: json() };
}

/**
 * The billing year a projection is for: from the day after the customer's last annual bill (or
 * 1 January without one) for a year, moved on by whole years while it lies in the past.
 */
export function billingYear(lastBilled: number | null, today: number): { from: number; to: number } {
  let from = lastBilled === null ? yearRange(yearOf(today)).from : lastBilled + 1;
  let to = addYears(from, 1) - 1;
  while (to < today) {
    from = to + 1;
    to = addYears(from, 1) - 1;
  }
  return { from, to };
}

/** Cost projections of the account's supply contracts that have an instalment plan this billing year. */
export async function projections(database: Database, auth: AuthContext, now: Date): Promise<TProjections> {
  const tenant = auth.tenant;
  const today = localToday(tenant.config.timeZone, now);
  const conversion = gasConversion(tenant);
  return withTenant(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const lastBilled = await repo.lastBilledDay(trx, tenant.id, customerId, isoOf(today));
    const billing = billingYear(lastBilled === null ? null : toDay(lastBilled), today);
    const contracts = (await repo.contractsOfCustomer(trx, tenant.id, customerId, isoOf(billing.from))).filter(
      (c) => c.direction === 'consumption' && toDay(c.startDate) <= billing.to,
    );
    const plans = await repo.instalmentPlans(trx, tenant.id, contracts.map((c) => c.contractId));
    const booked = new Map<number, boolean>();
    for (const row of await repo.bookedInstalments(trx, tenant.id, customerId, isoOf(billing.from), isoOf(billing.to))) {
      const day = toDay(row.dueDate);
      booked.set(day, (booked.get(day) ?? true) && row.cleared);
    }
    const registers = await repo.listRegisters(trx, tenant.id, customerId);
    const result: TProjection[] = [];
    for (const contract of contracts) {
      const contractPlans: Plan[] = plans
        .filter((p) => p.contractId === contract.contractId)
        .map((p) => ({ amountCents: p.amountCents, validFrom: toDay(p.validFrom), validTo: p.validTo === null ? null : toDay(p.validTo), dueDay: p.dueDay }));
      const supplied = {
        from: Math.max(billing.from, toDay(contract.startDate)),
        to: Math.min(billing.to, contract.endDate === null ? billing.to : toDay(contract.endDate)),
      };
      const instalments = instalmentSummary({ plans: contractPlans, booked, billing, supplied, today, instalmentsPerYear: tenant.config.instalmentsPerYear });
      if (instalments.count === 0) continue;
      const division = divisionOf(contract.division);
      const gas = division === 'gas';
      let actualFloat = 0;
      let gasM3 = 0;
      const measuredDays = new Set<number>();
      const until = Math.min(today, supplied.to);
      for (const register of registers) {
        if (register.premiseId !== contract.premiseId || register.division !== contract.division || isFeedIn(register.obis)) continue;
        const meterTo = register.removedOn === null ? until : Math.min(until, toDay(register.removedOn));
        const meterFrom = Math.max(supplied.from, toDay(register.installedOn));
        if (meterTo < meterFrom) continue;
        // Gas meters count m³; the bill (and the forecast) are in kWh.
        const toKwh = gas && register.unit === 'm3';
        const { points } = await seriesOf(trx, auth, register.registerId, meterFrom, meterTo);
        points.forEach((point, i) => {
          if (point.milli === null) return;
          actualFloat += toKwh ? point.milli * conversion.factor : point.milli;
          if (toKwh) gasM3 += point.milli;
          measuredDays.add(meterFrom + i);
        });
      }
      const actualMilli = Math.round(actualFloat);
      const projection = projectConsumption({
        share: (day) => dayShare(division, day, tenant.config.timeZone),
        from: supplied.from,
        to: supplied.to,
        actualMilli,
        measuredDays,
        annualForecastMilli: contract.annualForecastMilli,
      });
      const energyPriceCt = Number(contract.energyPriceCt);
      const costCents = projectedCostCents(projection.projectedMilli, energyPriceCt, contract.basePriceCentsPerYear, supplied.to - supplied.from + 1, billing.to - billing.from + 1);
      result.push({
        contractId: contract.contractId,
        contractNumber: contract.contractNumber,
        division,
        premiseAddress: address(contract),
        tariffName: contract.tariffName,
        billingPeriod: { from: isoOf(supplied.from), to: isoOf(supplied.to) },
        unit: division === 'water' ? 'm3' : 'kWh',
        consumptionSoFarMilli: actualMilli,
        consumptionSoFarM3Milli: gas ? Math.round(gasM3) : null,
        measuredUntil: measuredDays.size === 0 ? null : isoOf(Math.max(...measuredDays)),
        projectedMilli: projection.projectedMilli,
        basis: projection.basis,
        annualForecastMilli: contract.annualForecastMilli,
        energyPriceCt,
        basePriceCentsPerYear: contract.basePriceCentsPerYear,
        projectedCostCents: costCents,
        instalments,
        expectedBalanceCents: costCents - instalments.totalCents,
        gasConversion: gas ? conversion : null,
      });
    }
    return { today: isoOf(today), projections: result };
  });
}
