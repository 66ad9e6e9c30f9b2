// Calendar dates as 'YYYY-MM-DD' strings (the format of the date columns) and the term and notice
// rules of supply contracts. Pure functions; "today" always comes from the caller.

const DAY_MS = 86_400_000;

function toUtc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromUtc(new Date(toUtc(iso).getTime() + days * DAY_MS));
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Year, month (1-12) and day as a date; the day is clamped to the month's last day. */
export function dateOf(year: number, month: number, day: number): string {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return fromUtc(new Date(Date.UTC(y, m - 1, Math.min(day, daysInMonth(y, m)))));
}

/**
 * The last day of a term of `months` months that begins on `start` (the first day of supply):
 * §§ 187 (2), 188 (2), (3) BGB. It ends the day before the day with the start's number in the
 * final month, or on that month's last day when the month has no such day.
 * 2026-03-01 + 12 -> 2027-02-28; 2026-01-15 + 12 -> 2027-01-14; 2026-01-31 + 1 -> 2026-02-28.
 */
export function termEnd(start: string, months: number): string {
  const [year, month, day] = start.split('-').map(Number) as [number, number, number];
  const targetYear = year + Math.floor((month - 1 + months) / 12);
  const targetMonth = ((month - 1 + months) % 12) + 1;
  if (day > daysInMonth(targetYear, targetMonth)) return dateOf(targetYear, targetMonth, 31);
  return addDays(dateOf(targetYear, targetMonth, day), -1);
}

export type EarliestEnd = {
  /** Last day of the minimum term (null without one). */
  minimumTermEnd: string | null;
  /** The earliest last day of supply when notice is given today. */
  earliestEnd: string;
  /** While the minimum term binds: the last day notice can be given for `earliestEnd`. */
  noticeDeadline: string | null;
};

/**
 * When a running contract can end at the earliest, if the customer gives notice today: not before
 * the minimum term is over, and not before the notice period (counted from today) has passed.
 * After the minimum term the contract runs on indefinitely and can be ended with the notice
 * period at any time (§ 309 no. 9 BGB for contracts since March 2022; basic supply § 20 StromGVV/
 * GasGVV: two weeks, no minimum term).
 */
export function earliestEnd(contract: { startDate: string; minimumTermMonths: number; noticePeriodWeeks: number }, today: string): EarliestEnd {
  const minimumTermEnd = contract.minimumTermMonths > 0 ? termEnd(contract.startDate, contract.minimumTermMonths) : null;
  const afterNotice = addDays(today, contract.noticePeriodWeeks * 7);
  // A contract that has not started yet cannot end before its first day.
  const byNotice = afterNotice < contract.startDate ? contract.startDate : afterNotice;
  if (minimumTermEnd !== null && minimumTermEnd > byNotice) {
    return { minimumTermEnd, earliestEnd: minimumTermEnd, noticeDeadline: addDays(minimumTermEnd, -contract.noticePeriodWeeks * 7) };
  }
  return { minimumTermEnd, earliestEnd: byNotice, noticeDeadline: null };
}

/**
 * EEG feed-in remuneration: paid for 20 calendar years plus the rest of the year of commissioning
 * (§ 25 (1) EEG), i.e. until 31 December of the 20th year after it.
 */
export function eegRemunerationEnd(commissioned: string): string {
  return `${String(yearOf(commissioned) + 20)}-12-31`;
}
