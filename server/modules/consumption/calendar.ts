// Calendar arithmetic on local dates: "epoch days" (days since 1970-01-01) for YYYY-MM-DD dates,
// and the instants of local midnights in a utility's time zone (from the platform's time-zone data,
// so the days the clocks change come out right: 23 or 25 hours).

export const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;

/** Civil date of an epoch day (H. Hinnant's algorithm: integer arithmetic, no Date objects in hot loops). */
export function civil(day: number): { year: number; month: number; dom: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dom = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, dom };
}

/** Epoch day of a civil date (the inverse of civil()). */
function fromCivil(year: number, month: number, dom: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + dom - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Epoch day of a YYYY-MM-DD date; throws on anything else (callers validate first). */
export function toDay(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`expected YYYY-MM-DD, got ${iso}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const dom = Number(match[3]);
  if (month < 1 || month > 12 || dom < 1 || dom > daysInMonth(year, month)) throw new Error(`invalid date ${iso}`);
  return fromCivil(year, month, dom);
}

export function isValidDate(iso: string): boolean {
  try {
    toDay(iso);
    return true;
  } catch {
    return false;
  }
}

function pad(value: number, length: number): string {
  return String(value).padStart(length, '0');
}

export function isoOf(day: number): string {
  const { year, month, dom } = civil(day);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(dom, 2)}`;
}

/** Epoch day of a date; days beyond the month's end roll over into the next (like Date.UTC). */
export function dayOf(year: number, month: number, dayOfMonth: number): number {
  const index = year * 12 + (month - 1);
  return fromCivil(Math.floor(index / 12), (index % 12) + 1, 1) + dayOfMonth - 1;
}

export function yearOf(day: number): number {
  return civil(day).year;
}

export function monthOf(day: number): string {
  return isoOf(day).slice(0, 7);
}

export function daysInYear(year: number): number {
  return dayOf(year + 1, 1, 1) - dayOf(year, 1, 1);
}

/** First and last day of a YYYY-MM month. */
export function monthRange(month: string): { from: number; to: number } {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return { from: dayOf(year, m, 1), to: dayOf(year, m + 1, 1) - 1 };
}

export function yearRange(year: number): { from: number; to: number } {
  return { from: dayOf(year, 1, 1), to: dayOf(year + 1, 1, 1) - 1 };
}

/** The same calendar day a year earlier, null for 29 February. */
export function sameDayPreviousYear(day: number): number | null {
  const { year, month, dom } = civil(day);
  if (month === 2 && dom === 29) return null;
  return fromCivil(year - 1, month, dom);
}

/** The same date n years later (29 February becomes 28 February). */
export function addYears(day: number, years: number): number {
  const { year, month, dom } = civil(day);
  return fromCivil(year + years, month, Math.min(dom, daysInMonth(year + years, month)));
}

/** The month `months` months after (or before, when negative) a year and month. */
export function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of local time from UTC in ms at an instant. */
export function utcOffsetMs(timeZone: string, utcMs: number): number {
  const parts = partsFormatter(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Today's date in a time zone. */
export function localToday(timeZone: string, now: Date): number {
  const offset = utcOffsetMs(timeZone, now.getTime());
  return Math.floor((now.getTime() + offset) / DAY_MS);
}

const midnights = new Map<string, number>();

/** The instant (ms since epoch) of local midnight starting a day (remembered: Intl is slow). */
export function localMidnightUtcMs(day: number, timeZone: string): number {
  const key = `${timeZone}|${String(day)}`;
  const known = midnights.get(key);
  if (known !== undefined) return known;
  const wall = day * DAY_MS;
  let utc = wall - utcOffsetMs(timeZone, wall);
  utc = wall - utcOffsetMs(timeZone, utc);
  if (midnights.size > 100_000) midnights.clear();
  midnights.set(key, utc);
  return utc;
}

/** Quarter hours of a local day: 96, or 92 / 100 on the days the clocks change. */
export function quarterHoursOfDay(day: number, timeZone: string): number {
  return (localMidnightUtcMs(day + 1, timeZone) - localMidnightUtcMs(day, timeZone)) / QUARTER_MS;
}
