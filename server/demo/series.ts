// Smart meter series: 15-minute values (one row per register and local day) and daily values for the
// last two years, derived from the same daily consumption (or feed-in) as the readings and invoices.
import type { Insertable } from 'kysely';
import type { DB } from '../db/schema.generated.ts';
import type { TenantData } from './generate.ts';
import { clearSkyFeedIn, dateParts, distribute, hashSeed, householdShape, localQuarterMinutes, Rng, winterness, type Site } from './profiles.ts';

export type IntervalRow = Insertable<DB['interval_values']>;
export type DailyRow = Insertable<DB['consumption_daily']>;

const SUBSTITUTE = 67;
const TRUE_VALUE = 220;

const templates = new Map<string, Float64Array>();

/** The household shape of a normal 96-quarter-hour day, cached per day type and season bucket. */
function shapeTemplate(weekend: boolean, winter: number): Float64Array {
  const bucket = Math.round(winter * 24);
  const key = `${weekend ? 1 : 0}|${bucket}`;
  let template = templates.get(key);
  if (!template) {
    template = new Float64Array(96);
    for (let i = 0; i < 96; i++) template[i] = householdShape(i * 15, weekend, bucket / 24);
    templates.set(key, template);
  }
  return template;
}

function quarterHours(total: number, minutes: Int16Array, weekend: boolean, winter: number, rng: Rng): number[] {
  const count = minutes.length;
  const weights = new Float64Array(count);
  if (count === 96) {
    const template = shapeTemplate(weekend, winter);
    for (let i = 0; i < 96; i++) weights[i] = (template[i] ?? 1) * (0.72 + 0.56 * rng.next());
  } else {
    for (let i = 0; i < count; i++) weights[i] = householdShape(minutes[i] ?? 0, weekend, winter) * (0.72 + 0.56 * rng.next());
  }
  // Appliances (washing machine, oven, kettle): one to three blocks of 30 to 90 minutes.
  const peaks = rng.int(1, 3);
  for (let p = 0; p < peaks; p++) {
    const start = rng.int(Math.floor(count * 0.27), count - 4);
    const length = rng.int(2, 6);
    const height = rng.between(1.2, 3.2);
    for (let i = start; i < Math.min(count, start + length); i++) weights[i] = (weights[i] ?? 0) + height;
  }
  return distribute(total, weights);
}

/**
 * Feed-in of a PV system over a local day: the clear-sky course of the sun with passing clouds
 * (smoothly varying), zero while the sun is down or low. All zero when the day's total is zero.
 */
function feedInQuarterHours(total: number, day: number, timeZone: string, site: Site, rng: Rng): number[] {
  const clear = clearSkyFeedIn(day, timeZone, site);
  const weights = new Float64Array(clear.length);
  let cloud = rng.between(0.6, 1.2);
  for (let i = 0; i < clear.length; i++) {
    cloud = Math.min(1.25, Math.max(0.45, cloud + rng.between(-0.12, 0.12)));
    weights[i] = (clear[i] ?? 0) * cloud;
  }
  if (total === 0) return Array.from(weights, () => 0);
  return distribute(total, weights);
}

/**
 * Yields the series rows of a tenant register by register, day by day. The daily row is always the
 * sum of the day's quarter-hour values when those exist.
 */
export function* seriesRows(data: TenantData): Generator<{ interval: IntervalRow | null; daily: DailyRow }> {
  const { spec, day0, today, windowStart } = data;
  for (const customer of data.customers) {
    for (const premise of customer.premises) {
      for (const supply of premise.supplies) {
        if (!supply.smart) continue;
        const daily = supply.daily[0];
        if (!daily) continue;
        for (const seg of supply.meters) {
          if (seg.kind !== 'smart' || (seg.granularity !== 'DAILY' && seg.granularity !== 'QUARTER_HOUR')) continue;
          const registerId = seg.registerIds[0];
          if (!registerId) continue;
          const quarterHourly = seg.granularity === 'QUARTER_HOUR' && supply.intervals;
          const site = supply.direction === 'feed_in' ? spec.site : undefined;
          if (supply.direction === 'feed_in' && !site) throw new Error(`${spec.slug}: feed-in needs a site`);
          const rng = new Rng(hashSeed(`${spec.slug}|series|${registerId}`));
          const first = Math.max(windowStart, seg.fromDay, supply.startDay);
          const last = Math.min(today - 1, seg.toDay ?? today, supply.endDay ?? today);
          for (let day = first; day <= last; day++) {
            const total = daily[day - day0] ?? 0;
            const substitute = rng.chance(0.004);
            const isoDay = new Date(day * 86_400_000).toISOString().slice(0, 10);
            let interval: IntervalRow | null = null;
            if (quarterHourly) {
              let values: number[];
              if (site) {
                values = feedInQuarterHours(total, day, spec.timeZone, site, rng);
              } else {
                const minutes = localQuarterMinutes(day, spec.timeZone);
                const { weekday } = dateParts(day);
                values = quarterHours(total, minutes, weekday === 0 || weekday === 6, winterness(day), rng);
              }
              let quality: number[] | null = null;
              if (substitute) {
                // A gap in the transmission, filled with substitute values.
                const start = rng.int(0, values.length - 17);
                const length = rng.int(4, 16);
                quality = values.map((_, i) => (i >= start && i < start + length ? SUBSTITUTE : TRUE_VALUE));
              }
              interval = { tenant_id: spec.tenantId, register_id: registerId, day: isoDay, values_milli: values, quality };
            }
            yield {
              interval,
              daily: {
                tenant_id: spec.tenantId,
                register_id: registerId,
                day: isoDay,
                quantity_milli: total,
                quality: substitute ? SUBSTITUTE : TRUE_VALUE,
              },
            };
          }
        }
      }
    }
  }
}
