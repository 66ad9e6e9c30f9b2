// Meter readings (Zählerstände): the meters of the selected customer account with their registers
// and last readings, the check (plausibility) and the submission of a reading, and the history.
// Shared by the server (validation, OpenAPI) and the web app.
import { z } from 'zod';
import { ZAttachmentUpload, ZRequestStatus } from './requests.ts';
import { ZDivision } from './tenant.ts';

export const ZReadingSource = z.enum(['customer', 'utility', 'estimated', 'smart_meter']);
export type TReadingSource = z.infer<typeof ZReadingSource>;

export const ZReadingStatus = z.enum(['accepted', 'pending_review', 'rejected']);
export type TReadingStatus = z.infer<typeof ZReadingStatus>;

export const ZReadingReason = z.enum(['periodic', 'move_in', 'move_out', 'meter_installed', 'meter_removed', 'interim', 'billing']);
export type TReadingReason = z.infer<typeof ZReadingReason>;

export const ZMeterKind = z.enum(['conventional', 'modern', 'smart']);
export type TMeterKind = z.infer<typeof ZMeterKind>;

export const ZRegisterUnit = z.enum(['kWh', 'm3']);
export type TRegisterUnit = z.infer<typeof ZRegisterUnit>;

/** A date in the utility's time zone, YYYY-MM-DD. */
const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A meter reading value as a decimal string with a dot, e.g. "12345.6" (register units). */
const ZDecimal = z.string().regex(/^\d+(\.\d+)?$/);

export const ZLastReading = z.object({
  readOn: ZIsoDate,
  value: ZDecimal,
  source: ZReadingSource,
  status: ZReadingStatus,
});
export type TLastReading = z.infer<typeof ZLastReading>;

export const ZRegister = z.object({
  id: z.uuid(),
  /** OBIS code, e.g. 1-0:1.8.1 (high tariff). */
  obis: z.string(),
  /** The utility's name for the register, e.g. "Hochtarif (HT)"; null when the meter has one register. */
  label: z.string().nullable(),
  unit: ZRegisterUnit,
  /** Digits before the decimal mark on the meter's display. */
  digits: z.number().int(),
  /** Decimals the utility records (the customer may leave them out). */
  decimals: z.number().int(),
  /** The newest reading that was not rejected (any source), or null. */
  lastReading: ZLastReading.nullable(),
});
export type TRegister = z.infer<typeof ZRegister>;

/**
 * Why a meter takes no readings from the customer: an intelligent metering system sends them itself,
 * the meter was removed (exchanged), or the account has no supply at this meter any more.
 */
export const ZSelfReadingBlock = z.enum(['smart_meter', 'removed', 'no_supply']);
export type TSelfReadingBlock = z.infer<typeof ZSelfReadingBlock>;

/**
 * A reading is due: for the annual bill (the date the utility reads for; due from six weeks before to
 * four weeks after it, until a reading from that window exists), or because no real reading (only
 * estimates) exists for more than a year.
 */
export const ZReadingDue = z.object({
  reason: z.enum(['annual_billing', 'no_recent_reading']),
  /** The billing date (annual_billing) or the date of the last real reading (no_recent_reading). */
  date: ZIsoDate.nullable(),
});
export type TReadingDue = z.infer<typeof ZReadingDue>;

export const ZMeter = z.object({
  id: z.uuid(),
  meterNumber: z.string(),
  division: ZDivision,
  kind: ZMeterKind,
  premise: z.object({ id: z.uuid(), address: z.string() }),
  installedOn: ZIsoDate,
  removedOn: ZIsoDate.nullable(),
  /** The customer may submit readings for this meter (null), or why not. */
  selfReadingBlocked: ZSelfReadingBlock.nullable(),
  /** The earliest reading date the customer may enter (day after the last reading, installation, start of supply). */
  earliestReadOn: ZIsoDate,
  /** Today in the utility's time zone: the default and the latest reading date. */
  today: ZIsoDate,
  readingDue: ZReadingDue.nullable(),
  registers: z.array(ZRegister),
});
export type TMeter = z.infer<typeof ZMeter>;

/** Limits the server checks with translated messages. */
export const READING_LIMITS = { comment: 2000, value: 40 } as const;

export const ZReadingValueInput = z.strictObject({
  registerId: z.uuid(),
  /** As typed: "12345", "1.234,5" (German) or "1,234.5" (English); spaces are ignored. */
  value: z.string().max(READING_LIMITS.value),
});
export type TReadingValueInput = z.infer<typeof ZReadingValueInput>;

/** What the check (review step) takes: the reading date and one value per register of the meter. */
export const ZReadingCheckRequest = z.strictObject({
  readOn: z.string().max(20),
  readings: z.array(ZReadingValueInput).min(1).max(12),
});
export type TReadingCheckRequest = z.infer<typeof ZReadingCheckRequest>;

/**
 * Submitting a reading: all registers of the meter at once. A reading with a plausibility warning
 * needs `comment` (why the value is right) and may bring a photo of the meter (JPEG, PNG or PDF up
 * to 5 MB, base64); both are ignored when the reading is plausible. The same `idempotencyKey`
 * from the same login answers the first result instead of booking a second reading.
 */
export const ZReadingSubmitRequest = ZReadingCheckRequest.extend({
  comment: z.string().max(20_000).nullable().optional(),
  photo: ZAttachmentUpload.nullable().optional(),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/).optional(),
});
export type TReadingSubmitRequest = z.infer<typeof ZReadingSubmitRequest>;

/** A note on a plausible or confirmable value: informational (rollover) or a warning to confirm. */
export const ZReadingFinding = z.object({
  code: z.enum(['rollover', 'zero_consumption', 'below_expected', 'above_expected', 'above_previous_year', 'first_reading']),
  severity: z.enum(['info', 'warning']),
  /** The finding in the language of the request. */
  message: z.string(),
});
export type TReadingFinding = z.infer<typeof ZReadingFinding>;

export const ZCheckedRegisterReading = z.object({
  registerId: z.uuid(),
  /** The value as understood, e.g. "12345.6". */
  value: ZDecimal,
  /** Consumption since the last real reading of this register on this meter, null without one. */
  consumption: ZDecimal.nullable(),
  /** The last real reading the value was compared with. */
  comparedWith: z.object({ readOn: ZIsoDate, value: ZDecimal }).nullable(),
  findings: z.array(ZReadingFinding),
});
export type TCheckedRegisterReading = z.infer<typeof ZCheckedRegisterReading>;

/**
 * The check of a reading (200): plausible (`ok`) or plausible only when confirmed (`warning`: the
 * submission needs a comment). Hard errors and implausible values answer 400 with field messages
 * (`readOn`, `readings.<i>.value`).
 */
export const ZReadingCheck = z.object({
  meterId: z.uuid(),
  readOn: ZIsoDate,
  outcome: z.enum(['ok', 'warning']),
  readings: z.array(ZCheckedRegisterReading),
});
export type TReadingCheck = z.infer<typeof ZReadingCheck>;

/** A booked reading: accepted, or pending review with the request the customer follows in "Meine Anliegen". */
export const ZReadingSubmission = z.object({
  id: z.uuid(),
  meterId: z.uuid(),
  meterNumber: z.string(),
  readOn: ZIsoDate,
  status: z.enum(['accepted', 'pending_review']),
  readings: z.array(z.object({ registerId: z.uuid(), value: ZDecimal })),
  /** The customer request for the review (status pending_review), else null. */
  request: z.object({ id: z.uuid(), reference: z.string(), status: ZRequestStatus }).nullable(),
  submittedAt: z.string(),
});
export type TReadingSubmission = z.infer<typeof ZReadingSubmission>;

/** One line of a meter's history: the readings of one date and source (all registers). */
export const ZReadingHistoryEntry = z.object({
  readOn: ZIsoDate,
  source: ZReadingSource,
  reason: ZReadingReason,
  status: ZReadingStatus,
  values: z.array(
    z.object({
      registerId: z.uuid(),
      value: ZDecimal,
      /** Since the previous reading in the history (null for the first, for rejected ones and below an estimate). */
      consumption: ZDecimal.nullable(),
    }),
  ),
  /** The review request of a reading confirmed despite a warning. */
  request: z.object({ id: z.uuid(), reference: z.string() }).nullable(),
});
export type TReadingHistoryEntry = z.infer<typeof ZReadingHistoryEntry>;

export const ZReadingHistory = z.object({
  meterId: z.uuid(),
  registers: z.array(ZRegister.omit({ lastReading: true })),
  /** Newest first. */
  entries: z.array(ZReadingHistoryEntry),
});
export type TReadingHistory = z.infer<typeof ZReadingHistory>;
