// Interval data as JSON (ADR 0022): { "series": [{ "meterNumber" | "melo", "obis", "unit", "start",
// "resolutionMinutes": 15, "quality"?, "values": [...] }] }. Parsed as a stream (@streamparser/json):
// one series at a time is held (its fields and values), handed on when the next begins, and
// dropped, so a file of many series never lies in memory whole. Values are numbers, decimal
// strings ("0,25"), null (no value for that quarter hour) or { "value", "quality" }. Fields of the
// document other than `series` are not read.
import { JSONParser } from '@streamparser/json';
import {
  importError,
  MELO,
  MISSING,
  normalizeMeterNumber,
  parseIsoTime,
  parseMilli,
  QUARTER_MS,
  qualityCode,
  TRUE_VALUE,
  type IntervalImportError,
  type IntervalSink,
  type SeriesRef,
} from './interval-values.ts';

const SERIES_KEYS = new Set(['meterNumber', 'melo', 'obis', 'unit', 'start', 'resolutionMinutes', 'quality', 'values']);

/** Where a value is: series[3].values[17] (made only for errors). */
const valuePath = (index: number, key: number) => `series[${String(index)}].values[${String(key)}]`;

type Series = { index: number; ref: SeriesRef; startMs: number; quality: number } | { index: number; error: true };

export async function readIntervalJson(chunks: AsyncIterable<string | Uint8Array>, sink: IntervalSink): Promise<void> {
  // Each property of each series is emitted (and then dropped by the parser): a series is complete
  // when the next one starts or the document ends, so memory holds one series' values at a time.
  const parser = new JSONParser({ paths: ['$.series.*.*'], keepStack: false });
  let current: { index: number; object: Record<string, unknown> } | null = null;
  const state = { anySeries: false, fatal: false };

  const fail = (error: IntervalImportError) => sink.error(error);

  /** The series' register, start and quality, or errors. */
  const describe = (index: number, object: Record<string, unknown>): Series => {
    const path = `series[${String(index)}]`;
    const check = { ok: true };
    const bad = (key: string, de: string, en: string, code: IntervalImportError['code'] = 'missing_field') => {
      check.ok = false;
      fail(importError(code, { record: index, path: `${path}.${key}` }, de, en));
    };
    for (const key of Object.keys(object)) {
      if (!SERIES_KEYS.has(key)) bad(key, `Unbekanntes Feld „${key}“.`, `Unknown field "${key}".`, 'unknown_field');
    }
    const { meterNumber, melo, obis, unit, start, resolutionMinutes, quality } = object;
    let ref: SeriesRef | null = null;
    if ((meterNumber === undefined) === (melo === undefined)) {
      bad('meterNumber', 'Genau eines der Felder meterNumber oder melo wird benötigt.', 'Exactly one of meterNumber or melo is needed.');
    } else if (meterNumber !== undefined) {
      if (typeof meterNumber !== 'string' || normalizeMeterNumber(meterNumber) === '') bad('meterNumber', 'Die Zählernummer fehlt.', 'The meter number is missing.');
    } else if (typeof melo !== 'string' || !MELO.test(melo.toUpperCase())) {
      bad('melo', `„${String(melo)}“ ist keine Messlokations-ID (33 Zeichen).`, `"${String(melo)}" is not a metering point id (33 characters).`, 'bad_identifier');
    }
    if (typeof obis !== 'string' || obis.trim() === '') bad('obis', 'Die OBIS-Kennzahl fehlt.', 'The OBIS code is missing.');
    if (unit !== undefined && typeof unit !== 'string') bad('unit', 'Die Einheit muss ein Text sein.', 'The unit must be a string.', 'unit_mismatch');
    if (resolutionMinutes !== undefined && resolutionMinutes !== 15) {
      bad('resolutionMinutes', 'Es werden nur 15-Minuten-Werte übernommen (resolutionMinutes: 15).', 'Only 15-minute values are accepted (resolutionMinutes: 15).', 'bad_resolution');
    }
    const time = typeof start === 'string' ? parseIsoTime(start) : null;
    let startMs = 0;
    if (!time || time.offsetMs === null) {
      bad('start', `„${String(start)}“ ist kein Zeitpunkt nach ISO 8601 mit Offset.`, `"${String(start)}" is not an ISO 8601 time with offset.`, 'bad_time');
    } else {
      startMs = time.wallMs - time.offsetMs;
      if (startMs % QUARTER_MS !== 0) bad('start', 'Der Beginn liegt nicht auf einer Viertelstunde.', 'The start is not at a quarter hour.', 'not_quarter_hour');
    }
    const seriesQuality = quality === undefined ? TRUE_VALUE : qualityCode(JSON.stringify(quality).replaceAll('"', ''));
    if (seriesQuality === null) bad('quality', `${JSON.stringify(quality)} ist kein Qualitätskennzeichen.`, `${JSON.stringify(quality)} is not a quality code.`, 'bad_quality');
    if (check.ok && typeof obis === 'string') {
      ref = {
        meterNumber: typeof meterNumber === 'string' ? normalizeMeterNumber(meterNumber) : null,
        melo: typeof melo === 'string' ? melo.toUpperCase() : null,
        obis: obis.trim(),
        unit: typeof unit === 'string' ? unit : null,
      };
    }
    return ref && seriesQuality !== null ? { index, ref, startMs, quality: seriesQuality } : { index, error: true };
  };

  const emit = (series: Series, key: number, item: unknown) => {
    if ('error' in series) return;
    if (item === null) return;
    let raw: unknown = item;
    let quality = series.quality;
    if (typeof item === 'object') {
      const object = item as Record<string, unknown>;
      const extra = Object.keys(object).find((k) => k !== 'value' && k !== 'quality');
      if (extra !== undefined || Array.isArray(item)) {
        fail(importError('unknown_field', { record: series.index, path: valuePath(series.index, key) }, 'Ein Wert ist eine Zahl, ein Text oder { value, quality }.', 'A value is a number, a string or { value, quality }.'));
        return;
      }
      raw = object.value;
      if (object.quality !== undefined) {
        const text = JSON.stringify(object.quality);
        const code = qualityCode(text.replaceAll('"', ''));
        if (code === null) {
          fail(importError('bad_quality', { record: series.index, path: `${valuePath(series.index, key)}.quality` }, `${text} ist kein Qualitätskennzeichen.`, `${text} is not a quality code.`));
          return;
        }
        quality = code;
      }
    }
    let milli: number | null;
    if ((raw === null || raw === undefined) && quality === MISSING) milli = 0;
    else if (typeof raw === 'number') milli = Number.isFinite(raw) ? parseMilli(String(raw)) : null;
    else if (typeof raw === 'string') milli = parseMilli(raw);
    else milli = null;
    if (milli === null) {
      const shown = raw === undefined ? 'undefined' : JSON.stringify(raw);
      fail(importError('bad_number', { record: series.index, path: valuePath(series.index, key) }, `${shown} ist keine Zahl.`, `${shown} is not a number.`));
      return;
    }
    if (milli < 0) {
      fail(importError('negative_value', { record: series.index, path: valuePath(series.index, key) }, 'Negative Werte werden nicht übernommen.', 'Negative values are not accepted.'));
      return;
    }
    sink.value(series.ref, series.startMs + key * QUARTER_MS, milli, quality, series.index, key);
  };

  const finish = () => {
    if (!current) return;
    const { index, object } = current;
    current = null;
    const series = describe(index, object);
    const values = object.values;
    if (!Array.isArray(values)) {
      fail(importError('missing_field', { record: index, path: `series[${String(index)}].values` }, 'Die Werte (values) fehlen.', 'The values are missing.'));
      return;
    }
    values.forEach((item, key) => {
      sink.record();
      emit(series, key, item);
    });
  };

  parser.onValue = ({ value, key, stack }) => {
    // stack: root, { key 'series', value: the document }, { key: series index, value: the series array }.
    const index = typeof stack[2]?.key === 'number' ? stack[2].key : -1;
    if (!current || current.index !== index) {
      finish();
      state.anySeries = true;
      current = { index, object: {} };
    }
    if (typeof key === 'string') current.object[key] = value;
  };
  // The offset of the last token read: where a grammar error (",," or a missing bracket) is.
  let lastToken = 0;
  parser.onToken = ({ offset }) => {
    lastToken = offset;
  };
  parser.onError = (error) => {
    if (state.fatal) return;
    state.fatal = true;
    const position = Number(/absolute position "(\d+)"/.exec(error.message)?.[1] ?? lastToken);
    fail(importError('syntax', { character: position + 1 }, `Kein gültiges JSON: ${error.message}`, `Not valid JSON: ${error.message}`));
  };

  for await (const chunk of chunks) {
    if (state.fatal) continue;
    parser.write(chunk);
    await sink.checkpoint();
  }
  if (!state.fatal && !parser.isEnded) parser.end();
  if (state.fatal) return;
  finish();
  if (!state.anySeries) fail(importError('empty', { path: 'series' }, 'Die Datei enthält keine Werte (series[].values).', 'The file holds no values (series[].values).'));
}
