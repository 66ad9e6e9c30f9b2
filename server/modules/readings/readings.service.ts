// Meter readings of the selected customer account: the meters with their registers and last
// readings, the plausibility check (review step), the submission and the history. A reading the
// customer confirms despite a warning is booked as pending review and becomes a customer request
// ("Meine Anliegen") with the comment and the photo; a plausible one is accepted and confirmed by mail.
import { localDate } from '../../clock.ts';
import { createHash, randomUUID } from 'node:crypto';
import {
  READING_LIMITS,
  ZMeterKind,
  ZReadingReason,
  ZReadingSource,
  ZReadingStatus,
  ZReadingSubmission,
  ZRegisterUnit,
  type TCheckedRegisterReading,
  type TMeter,
  type TReadingCheck,
  type TReadingCheckRequest,
  type TReadingDue,
  type TReadingHistory,
  type TReadingHistoryEntry,
  type TReadingSubmission,
  type TReadingSubmitRequest,
  type TRegister,
  type TSelfReadingBlock,
} from '../../../api/readings.ts';
import { ZDivision, type TLocale } from '../../../api/tenant.ts';
import { withTenant, withTenantRetryingDuplicates, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError, type FieldError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { RequestMeta } from '../identity/identity.service.ts';
import { selectedCustomer, type AuthContext } from '../identity/sessions.ts';
import { enqueueMail } from '../mail/mail.ts';
import { checkAttachment, type CheckedAttachment } from '../requests/attachments.ts';
import { recordReadingSubmitted } from '../integration/events.service.ts';
import { createRequest } from '../requests/requests.service.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { checkReading, earliestReadingDate, splitAnnual, type CheckInput, type CheckResult, type HistoryReading, type RegisterInput } from './plausibility.ts';
import { isoDay, parseDay, type ProfileKind } from './profile.ts';
import { dateErrorMessage, findingMessage, formatDate, quantity, readingMessages, valueErrorMessage, type RegisterWords } from './readings.messages.ts';
import * as repo from './readings.repository.ts';
import { decimalToMilli, milliToDecimal } from './value.ts';

/** Where the readings page is in the portal (mails link to it). */
export const READINGS_PATH = '/zaehlerstaende';

/** A reading is due from this many days before the annual billing date … */
const DUE_BEFORE_DAYS = 42;
/** … to this many days after it. */
const DUE_AFTER_DAYS = 28;

type MeterData = {
  meter: repo.MeterRow;
  registers: repo.RegisterRow[];
  readings: Map<string, repo.ReadingRow[]>;
  contracts: repo.ContractRow[];
};

function address(meter: repo.MeterRow): string {
  return `${meter.street} ${meter.houseNumber}, ${meter.postalCode} ${meter.city}`;
}

/** 1-0:2.8.x registers count energy fed into the grid; everything else is consumption. */
function directionOf(obis: string): 'consumption' | 'feed_in' {
  return /^1-\d+:2\.8\./.test(obis) ? 'feed_in' : 'consumption';
}

function profileOf(meter: repo.MeterRow, register: repo.RegisterRow): ProfileKind {
  return directionOf(register.obis) === 'feed_in' ? 'feed_in' : ZDivision.parse(meter.division);
}

/** The customer's contract for the meter's consumption point, division and direction on a date. */
function contractOn(data: MeterData, direction: 'consumption' | 'feed_in', date: string): repo.ContractRow | undefined {
  return data.contracts.findLast(
    (c) => c.premiseId === data.meter.premiseId && c.division === data.meter.division && c.direction === direction && c.startDate <= date && (c.endDate === null || c.endDate >= date),
  );
}

function selfReadingBlocked(data: MeterData, today: string): TSelfReadingBlock | null {
  if (data.meter.kind === 'smart') return 'smart_meter';
  if (data.meter.removedOn !== null) return 'removed';
  const supplied = data.contracts.some(
    (c) => c.premiseId === data.meter.premiseId && c.division === data.meter.division && c.startDate <= today && (c.endDate === null || c.endDate >= today),
  );
  return supplied ? null : 'no_supply';
}

function history(data: MeterData, registerId: string): HistoryReading[] {
  return (data.readings.get(registerId) ?? []).map((r) => ({
    readOn: r.readOn,
    milli: decimalToMilli(r.value),
    source: ZReadingSource.parse(r.source),
    status: ZReadingStatus.parse(r.status),
  }));
}

/**
 * The expected annual consumption of each register, in its unit: the forecast of the contract in
 * force on `date`, gas converted from kWh to m³ with the utility's calorific value and Zustandszahl,
 * split between the registers that measure the same direction (HT/NT).
 */
function annualByRegister(data: MeterData, tenant: Tenant, date: string): Map<string, number | null> {
  const result = new Map<string, number | null>();
  for (const direction of ['consumption', 'feed_in'] as const) {
    const registers = data.registers.filter((r) => directionOf(r.obis) === direction);
    if (registers.length === 0) continue;
    const forecast = contractOn(data, direction, date)?.annualForecastMilli ?? null;
    if (forecast === null) {
      for (const r of registers) result.set(r.id, null);
      continue;
    }
    const split = splitAnnual(
      forecast,
      registers.map((r) => ({ id: r.id, history: history(data, r.id) })),
    );
    for (const r of registers) {
      const annual = split.get(r.id) ?? null;
      const gasInM3 = data.meter.division === 'gas' && r.unit === 'm3';
      const { calorificValue, zNumber } = tenant.config.gasConversion;
      result.set(r.id, annual === null ? null : gasInM3 ? annual / (calorificValue * zNumber) : annual);
    }
  }
  return result;
}

function meterInput(data: MeterData, tenant: Tenant, date: string): CheckInput['meter'] {
  const annual = annualByRegister(data, tenant, date);
  const supplyStart = contractOn(data, 'consumption', date)?.startDate ?? contractOn(data, 'feed_in', date)?.startDate ?? null;
  return {
    installedOn: data.meter.installedOn,
    removedOn: data.meter.removedOn,
    supplyStart: supplyStart !== null && supplyStart > data.meter.installedOn ? supplyStart : null,
    registers: data.registers.map(
      (r): RegisterInput => ({
        id: r.id,
        digits: r.digits,
        decimals: r.decimals,
        profile: profileOf(data.meter, r),
        annualMilli: annual.get(r.id) ?? null,
        history: history(data, r.id),
      }),
    ),
  };
}

async function loadMeters(trx: TenantTransaction, tenantId: string, customerId: string, meters: repo.MeterRow[]): Promise<MeterData[]> {
  const registers = await repo.listRegisters(
    trx,
    tenantId,
    meters.map((m) => m.id),
  );
  const readings = await repo.listReadings(
    trx,
    tenantId,
    registers.map((r) => r.id),
  );
  const contracts = await repo.listContracts(trx, tenantId, customerId);
  const byRegister = new Map<string, repo.ReadingRow[]>();
  for (const reading of readings) byRegister.set(reading.registerId, [...(byRegister.get(reading.registerId) ?? []), reading]);
  return meters.map((meter) => ({
    meter,
    registers: registers.filter((r) => r.meterId === meter.id),
    readings: byRegister,
    contracts,
  }));
}

async function loadMeter(trx: TenantTransaction, tenantId: string, customerId: string, meterId: string): Promise<MeterData> {
  const meter = await repo.findMeter(trx, tenantId, customerId, meterId);
  if (!meter) throw new AppError('not_found');
  const [data] = await loadMeters(trx, tenantId, customerId, [meter]);
  if (!data) throw new AppError('not_found');
  return data;
}

function today(tenant: Tenant, now: Date): string {
  return localDate(now, tenant.config.timeZone);
}

/** The next annual billing date from the end of the last annual bill's period (same day and month). */
function nextBillingDate(lastPeriodEnd: string, todayDay: number): number | null {
  const last = parseDay(lastPeriodEnd);
  if (last === null) return null;
  const date = new Date(last * 86_400_000);
  for (let years = 1; years <= 50; years++) {
    const year = date.getUTCFullYear() + years;
    const lastOfMonth = new Date(Date.UTC(year, date.getUTCMonth() + 1, 0)).getUTCDate();
    const candidate = Date.UTC(year, date.getUTCMonth(), Math.min(date.getUTCDate(), lastOfMonth)) / 86_400_000;
    if (candidate + DUE_AFTER_DAYS >= todayDay) return candidate;
  }
  return null;
}

function readingDue(data: MeterData, blocked: TSelfReadingBlock | null, lastPeriodEnd: string | null, todayIso: string): TReadingDue | null {
  if (blocked !== null) return null;
  const todayDay = parseDay(todayIso) ?? 0;
  const real = data.registers
    .flatMap((r) => history(data, r.id))
    .filter((r) => r.status !== 'rejected' && r.source !== 'estimated')
    .map((r) => r.readOn)
    .sort();
  const lastReal = real.at(-1) ?? null;
  if (lastPeriodEnd !== null) {
    const billing = nextBillingDate(lastPeriodEnd, todayDay);
    if (billing !== null && todayDay >= billing - DUE_BEFORE_DAYS) {
      const windowStart = isoDay(billing - DUE_BEFORE_DAYS);
      if (lastReal === null || lastReal < windowStart) return { reason: 'annual_billing', date: isoDay(billing) };
    }
  }
  if (lastReal !== null && todayDay - (parseDay(lastReal) ?? todayDay) > 365) return { reason: 'no_recent_reading', date: lastReal };
  return null;
}

function presentRegister(data: MeterData, r: repo.RegisterRow): TRegister {
  const last = (data.readings.get(r.id) ?? []).filter((reading) => reading.status !== 'rejected').at(-1);
  return {
    id: r.id,
    obis: r.obis,
    label: r.label,
    unit: ZRegisterUnit.parse(r.unit),
    digits: r.digits,
    decimals: r.decimals,
    lastReading: last
      ? { readOn: last.readOn, value: milliToDecimal(decimalToMilli(last.value)), source: ZReadingSource.parse(last.source), status: ZReadingStatus.parse(last.status) }
      : null,
  };
}

/** The meters of the selected customer account with registers, last readings and what is possible. */
export async function listMeters(database: Database, auth: AuthContext, now: Date): Promise<TMeter[]> {
  return withTenant(database, auth.tenant.id, async (trx) => customerMeters(trx, auth.tenant, await selectedCustomer(trx, auth), now));
}

/** The meters of a customer account (see listMeters), in the caller's tenant transaction (the start page). */
export async function customerMeters(trx: TenantTransaction, tenant: Tenant, customerId: string, now: Date): Promise<TMeter[]> {
  const meters = await repo.listMeters(trx, tenant.id, customerId);
  const all = await loadMeters(trx, tenant.id, customerId, meters);
  const lastPeriodEnd = await repo.lastAnnualPeriodEnd(trx, tenant.id, customerId);
  const todayIso = today(tenant, now);
  return all.map((data): TMeter => {
    const blocked = selfReadingBlocked(data, todayIso);
    return {
      id: data.meter.id,
      meterNumber: data.meter.meterNumber,
      division: ZDivision.parse(data.meter.division),
      kind: ZMeterKind.parse(data.meter.kind),
      premise: { id: data.meter.premiseId, address: address(data.meter) },
      installedOn: data.meter.installedOn,
      removedOn: data.meter.removedOn,
      selfReadingBlocked: blocked,
      earliestReadOn: earliestReadingDate(meterInput(data, tenant, todayIso)),
      today: todayIso,
      readingDue: readingDue(data, blocked, lastPeriodEnd, todayIso),
      registers: data.registers.map((r) => presentRegister(data, r)),
    };
  });
}

function wordsOf(register: repo.RegisterRow): RegisterWords {
  return { unit: ZRegisterUnit.parse(register.unit), decimals: register.decimals, digits: register.digits };
}

/**
 * The request's values in the meter's register order; 404 for a register of another meter (or of
 * nobody), 400 unless every register has exactly one value.
 */
function valuesInMeterOrder(data: MeterData, readings: TReadingCheckRequest['readings'], locale: TLocale): { values: string[]; indexOf: Map<string, number> } {
  const known = new Set(data.registers.map((r) => r.id));
  if (readings.some((r) => !known.has(r.registerId))) throw new AppError('not_found');
  const indexOf = new Map(readings.map((r, index) => [r.registerId, index]));
  if (indexOf.size !== readings.length || indexOf.size !== data.registers.length) {
    throw new AppError('validation_failed', { fields: [{ field: 'readings', message: readingMessages.readingsIncomplete[locale] }] });
  }
  return { values: data.registers.map((r) => readings[indexOf.get(r.id) ?? 0]?.value ?? ''), indexOf };
}

function prefixed(data: MeterData, register: repo.RegisterRow, message: string): string {
  return data.registers.length > 1 && register.label ? `${register.label}: ${message}` : message;
}

/** Runs the plausibility check; hard errors and blocked values become 400 with field messages. */
function runCheck(data: MeterData, tenant: Tenant, body: TReadingCheckRequest, meta: RequestMeta): { result: CheckResult; todayIso: string } {
  const { locale } = meta;
  const todayIso = today(tenant, meta.now);
  const blocked = selfReadingBlocked(data, todayIso);
  if (blocked !== null) throw new AppError('unprocessable', { detail: readingMessages.blocked[blocked][locale] });
  const { values, indexOf } = valuesInMeterOrder(data, body.readings, locale);
  const readOn = body.readOn.trim();
  const result = checkReading({
    meter: meterInput(data, tenant, parseDay(readOn) === null ? todayIso : readOn),
    readOn,
    values,
    today: todayIso,
    timeZone: tenant.config.timeZone,
    bands: tenant.config.plausibility,
    locale,
  });
  if (result.outcome === 'invalid') {
    const fields: FieldError[] = [];
    if (result.dateError) fields.push({ field: 'readOn', message: dateErrorMessage(result.dateError, readOn, locale) });
    data.registers.forEach((register, i) => {
      const error = result.registers[i]?.error;
      if (error) fields.push({ field: `readings.${String(indexOf.get(register.id) ?? i)}.value`, message: prefixed(data, register, valueErrorMessage(error, wordsOf(register), locale)) });
    });
    throw new AppError('validation_failed', { fields });
  }
  return { result, todayIso };
}

function checkedReadings(data: MeterData, result: CheckResult, locale: TLocale): TCheckedRegisterReading[] {
  return data.registers.map((register, i) => {
    const verdict = result.registers[i];
    const baseline = verdict?.baseline ?? null;
    return {
      registerId: register.id,
      value: milliToDecimal(verdict?.milli ?? 0),
      consumption: verdict?.consumptionMilli === null || verdict?.consumptionMilli === undefined ? null : milliToDecimal(verdict.consumptionMilli),
      comparedWith: baseline ? { readOn: baseline.readOn, value: milliToDecimal(baseline.milli) } : null,
      findings: (verdict?.findings ?? []).map((f) => ({
        code: f.code,
        severity: f.severity,
        message: prefixed(data, register, findingMessage(f, wordsOf(register), baseline?.readOn ?? null, locale)),
      })),
    };
  });
}

/** The review step: checks a reading without saving it. */
export async function checkMeterReading(database: Database, auth: AuthContext, meterId: string, body: TReadingCheckRequest, meta: RequestMeta): Promise<TReadingCheck> {
  const tenant = auth.tenant;
  return withTenant(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const data = await loadMeter(trx, tenant.id, customerId, meterId);
    const { result } = runCheck(data, tenant, body, meta);
    return { meterId, readOn: body.readOn.trim(), outcome: result.outcome === 'warning' ? 'warning' : 'ok', readings: checkedReadings(data, result, meta.locale) };
  });
}

/** Fingerprint of a submission: a repeat with the same key must carry the same content. */
function requestHash(meterId: string, body: TReadingSubmitRequest): string {
  const content = {
    meterId,
    readOn: body.readOn.trim(),
    readings: [...body.readings].sort((a, b) => a.registerId.localeCompare(b.registerId)).map((r) => [r.registerId, r.value.trim()]),
    comment: body.comment?.trim() ?? '',
    photo: body.photo ? createHash('sha256').update(body.photo.contentBase64).digest('hex') : null,
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

function requestSubject(data: MeterData, result: CheckResult, readOn: string, locale: TLocale): string {
  const values = data.registers
    .map((register, i) => {
      const value = quantity(result.registers[i]?.milli ?? 0, wordsOf(register), locale);
      return data.registers.length > 1 && register.label ? `${register.label} ${value}` : value;
    })
    .join(', ');
  return locale === 'de'
    ? `Zählerstand vom ${formatDate(readOn, locale)}, Zähler ${data.meter.meterNumber}: ${values}`
    : `Meter reading of ${formatDate(readOn, locale)}, meter ${data.meter.meterNumber}: ${values}`;
}

/**
 * Submits a reading: checks it again under a lock on the meter, books it (accepted, or pending
 * review with a customer request when the customer confirmed a warning with a comment), mails the
 * confirmation and writes the audit log. The same idempotency key answers the first result.
 */
export async function submitMeterReading(
  database: Database,
  auth: AuthContext,
  meterId: string,
  body: TReadingSubmitRequest,
  meta: RequestMeta,
): Promise<TReadingSubmission & { created: boolean }> {
  const { locale } = meta;
  const comment = body.comment?.trim() ?? '';
  const inputErrors: FieldError[] = [];
  if (comment.length > READING_LIMITS.comment) inputErrors.push({ field: 'comment', message: readingMessages.commentTooLong[locale](READING_LIMITS.comment) });
  let photo: CheckedAttachment | null = null;
  if (body.photo) {
    const checked = checkAttachment(body.photo, locale);
    if (checked.ok) photo = checked.file;
    else inputErrors.push({ field: 'photo', message: checked.message });
  }
  if (inputErrors.length > 0) throw new AppError('validation_failed', { fields: inputErrors });

  const tenant = auth.tenant;
  const key = body.idempotencyKey ?? null;
  const hash = requestHash(meterId, body);
  return withTenantRetryingDuplicates(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    if (!(await repo.findMeter(trx, tenant.id, customerId, meterId))) throw new AppError('not_found');
    await repo.lockMeter(trx, tenant.id, meterId);
    if (key !== null) {
      const earlier = await repo.findSubmissionByKey(trx, tenant.id, auth.loginId, key);
      if (earlier) {
        if (earlier.requestHash !== hash) throw new AppError('unprocessable', { detail: readingMessages.keyReused[locale] });
        return { ...ZReadingSubmission.parse(earlier.result), created: false };
      }
    }
    const data = await loadMeter(trx, tenant.id, customerId, meterId);
    const { result, todayIso } = runCheck(data, tenant, body, meta);
    const readOn = body.readOn.trim();
    const warning = result.outcome === 'warning';
    if (warning && comment === '') throw new AppError('validation_failed', { fields: [{ field: 'comment', message: readingMessages.commentRequired[locale] }] });

    const submissionId = randomUUID();
    const values = data.registers.map((register, i) => ({ registerId: register.id, value: milliToDecimal(result.registers[i]?.milli ?? 0) }));
    const findings = data.registers.flatMap((register, i) =>
      (result.registers[i]?.findings ?? []).map((f) => ({ registerId: register.id, code: f.code, severity: f.severity, consumption: f.consumptionMilli, expected: f.expectedMilli, previousYear: f.previousYearMilli })),
    );
    let request: TReadingSubmission['request'] = null;
    if (warning) {
      const created = await createRequest(trx, tenant, {
        customerId,
        loginId: auth.loginId,
        premiseId: data.meter.premiseId,
        kind: 'reading',
        subject: requestSubject(data, result, readOn, locale),
        payload: {
          submissionId,
          meterId,
          meterNumber: data.meter.meterNumber,
          division: data.meter.division,
          readOn,
          readings: data.registers.map((register, i) => ({
            registerId: register.id,
            obis: register.obis,
            label: register.label,
            unit: register.unit,
            value: values[i]?.value,
            consumption: result.registers[i]?.consumptionMilli === null ? null : milliToDecimal(result.registers[i]?.consumptionMilli ?? 0),
            expected: result.registers[i]?.expectedMilli === null ? null : milliToDecimal(result.registers[i]?.expectedMilli ?? 0),
          })),
          findings: findings.map((f) => f.code),
          comment,
        },
        attachments: photo ? [photo] : [],
        idempotencyKey: key === null ? null : `reading-${key}`,
        actor: { type: 'customer', id: auth.loginId },
        locale,
        now: meta.now,
        traceId: meta.requestId,
      });
      request = { id: created.id, reference: created.reference, status: created.status };
    }
    const status = warning ? 'pending_review' : 'accepted';
    const submission: TReadingSubmission = {
      id: submissionId,
      meterId,
      meterNumber: data.meter.meterNumber,
      readOn,
      status,
      readings: values,
      request,
      submittedAt: meta.now.toISOString(),
    };
    await repo.insertSubmission(trx, tenant.id, {
      id: submissionId,
      customerId,
      meterId,
      loginId: auth.loginId,
      readOn,
      status,
      comment: comment === '' ? null : comment,
      findings,
      requestId: request?.id ?? null,
      idempotencyKey: key,
      requestHash: hash,
      result: submission,
      now: meta.now,
    });
    const lastPeriodEnd = await repo.lastAnnualPeriodEnd(trx, tenant.id, customerId);
    const reason = readingDue(data, null, lastPeriodEnd, todayIso)?.reason === 'annual_billing' ? 'periodic' : 'interim';
    await repo.insertReadings(
      trx,
      tenant.id,
      values.map((v) => ({ registerId: v.registerId, readOn, value: v.value, reason: ZReadingReason.parse(reason), status, submissionId, now: meta.now })),
    );
    // The export feed and webhooks of the billing system (ADR 0023), in this transaction.
    const decimalOrNull = (milli: number | null | undefined) => (milli === null || milli === undefined ? null : milliToDecimal(milli));
    await recordReadingSubmitted(trx, tenant.id, {
      submissionId,
      customerId,
      meter: data.meter,
      readOn,
      status,
      plausibility: { outcome: warning ? 'warning' : 'ok', findings: findings.map((f) => f.code) },
      registers: data.registers.map((register, i) => ({
        registerId: register.id,
        obis: register.obis,
        unit: register.unit,
        value: values[i]?.value ?? '0',
        consumption: decimalOrNull(result.registers[i]?.consumptionMilli),
        expected: decimalOrNull(result.registers[i]?.expectedMilli),
      })),
      comment: comment === '' ? null : comment,
      requestReference: request?.reference ?? null,
      now: meta.now,
    });
    if (!warning) {
      const email = await repo.findLoginEmail(trx, tenant.id, auth.loginId);
      if (email) {
        await enqueueMail(
          trx,
          tenant.id,
          {
            to: email,
            locale,
            template: 'reading_received',
            data: {
              meterNumber: data.meter.meterNumber,
              division: ZDivision.parse(data.meter.division),
              readOn,
              values: data.registers.map((register, i) => ({ label: data.registers.length > 1 ? register.label : null, value: values[i]?.value ?? '0', unit: ZRegisterUnit.parse(register.unit) })),
              path: READINGS_PATH,
            },
          },
          `reading-received:${submissionId}`,
        );
      }
    }
    await recordAudit(trx, tenant.id, {
      actorType: 'customer',
      actorId: auth.loginId,
      action: 'reading.submitted',
      targetType: 'meter',
      targetId: meterId,
      requestId: meta.requestId,
      details: { submissionId, status, readOn, registers: values.length, request: request?.reference ?? null },
    });
    return { ...submission, created: true };
  });
}

/** The readings of one meter, newest first, grouped by date and source, with consumption and review requests. */
export async function meterHistory(database: Database, auth: AuthContext, meterId: string): Promise<TReadingHistory> {
  const tenant = auth.tenant;
  return withTenant(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const data = await loadMeter(trx, tenant.id, customerId, meterId);
    const submissionIds = [...new Set(data.registers.flatMap((r) => (data.readings.get(r.id) ?? []).flatMap((reading) => (reading.submissionId ? [reading.submissionId] : []))))];
    const requests = new Map((await repo.listSubmissionRequests(trx, tenant.id, submissionIds)).map((r) => [r.submissionId, { id: r.requestId, reference: r.reference }]));
    const entries = new Map<string, TReadingHistoryEntry>();
    for (const register of data.registers) {
      let previous: { milli: number; estimated: boolean } | null = null;
      for (const reading of data.readings.get(register.id) ?? []) {
        const milli = decimalToMilli(reading.value);
        const status = ZReadingStatus.parse(reading.status);
        const source = ZReadingSource.parse(reading.source);
        let consumption: number | null = null;
        if (status !== 'rejected' && previous !== null) {
          // Less than one unit below: decimals left out. More: the meter ran over, unless the
          // previous value was an estimate that came out too high (then nothing can be said).
          if (milli > previous.milli - 1000) consumption = Math.max(0, milli - previous.milli);
          else if (!previous.estimated) consumption = milli + 10 ** register.digits * 1000 - previous.milli;
        }
        if (status !== 'rejected') previous = { milli, estimated: source === 'estimated' };
        const key = `${reading.readOn}|${source}|${reading.submissionId ?? ''}|${status}`;
        const entry = entries.get(key) ?? {
          readOn: reading.readOn,
          source,
          reason: ZReadingReason.parse(reading.reason),
          status,
          values: [],
          request: reading.submissionId ? (requests.get(reading.submissionId) ?? null) : null,
        };
        entry.values.push({ registerId: register.id, value: milliToDecimal(milli), consumption: consumption === null ? null : milliToDecimal(consumption) });
        entries.set(key, entry);
      }
    }
    return {
      meterId,
      registers: data.registers.map((r) => ({ id: r.id, obis: r.obis, label: r.label, unit: ZRegisterUnit.parse(r.unit), digits: r.digits, decimals: r.decimals })),
      entries: [...entries.values()].sort((a, b) => (a.readOn === b.readOn ? 0 : a.readOn < b.readOn ? 1 : -1)),
    };
  });
}
