// The time source of the app. Tests pass a controllable clock (idle timeouts, token expiry).
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date (YYYY-MM-DD) of an instant in a time zone, e.g. "today" for a utility in
 * Europe/Berlin. Formatters are made once per zone (making one costs far more than using it).
 */
export function localDate(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant);
}
