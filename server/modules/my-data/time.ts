// Local time of the utility for 15-minute values: value i of a day starts i quarter hours after local
// midnight (ADR 0007), so a day has 92, 96 or 100 values and the clock repeats or skips an hour on
// the days daylight saving time changes.
const QUARTER_MS = 15 * 60_000;

const formats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading of `timeZone` at `instant`. */
export function wallClock(instant: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = partsFormat(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** How far `timeZone` is ahead of UTC at `instant` (ms). */
export function offsetMs(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant of local midnight starting `day` ("2026-03-29") in `timeZone`. */
export function localMidnight(day: string, timeZone: string): number {
  const wall = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  const first = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(first, timeZone);
}

export type Quarter = { start: number; localStart: string; localEnd: string };

function hhmm(instant: number, offset: number): string {
  const local = new Date(instant + offset);
  return `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
}

/** Start instant and local clock times (start and end, "02:45") of each of `count` quarter hours of `day`. */
export function quartersOf(day: string, count: number, timeZone: string): Quarter[] {
  const midnight = localMidnight(day, timeZone);
  const end = midnight + count * QUARTER_MS;
  const first = offsetMs(midnight, timeZone);
  const constant = first === offsetMs(end, timeZone);
  const quarters: Quarter[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = midnight + i * QUARTER_MS;
    const startOffset = constant ? first : offsetMs(start, timeZone);
    const endOffset = constant ? first : offsetMs(start + QUARTER_MS, timeZone);
    quarters.push({ start, localStart: hhmm(start, startOffset), localEnd: hhmm(start + QUARTER_MS, endOffset) });
  }
  return quarters;
}
