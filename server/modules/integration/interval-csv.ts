// Interval data as CSV (docs/API.md "Interval data CSV", ADR 0022), read line by line as chunks
// arrive: a header row; `;` or `,` as separator (the header decides); columns meter_number or
// melo, obis, start, value, optional unit, quality, dst and end; values with a decimal comma or
// point (quote them when the separator is a comma); start as ISO 8601 with offset, or local time
// of the utility ("30.03.2025 03:00" or ISO without offset), where the repeated hour of the autumn
// change needs an offset, MEZ/MESZ after the time or the dst column. A BOM is skipped.
//
// Speed (ADR 0022): a line of the usual machine form (no quotes or blanks, a plain number, ISO time
// with offset or "DD.MM.YYYY HH:MM") is read in place from the chunk by character codes, the series
// and quality columns compared with the line before; any other line, and every line with a problem,
// goes through the general reader below, which alone reports errors.
import {
  civilDayStart,
  importError,
  LocalTime,
  MISSING,
  normalizeMeterNumber,
  parseDst,
  parseGermanTime,
  parseIsoTime,
  parseMilli,
  plainMilli,
  qualityCode,
  TRUE_VALUE,
  type IntervalSink,
  MELO,
  type ParsedTime,
  type SeriesRef,
} from './interval-values.ts';

type Column = 'meter_number' | 'melo' | 'obis' | 'start' | 'value' | 'unit' | 'quality' | 'dst' | 'end';

const ALIASES: Record<string, Column> = {
  meter_number: 'meter_number',
  meternumber: 'meter_number',
  zaehlernummer: 'meter_number',
  melo: 'melo',
  metering_point: 'melo',
  obis: 'obis',
  start: 'start',
  value: 'value',
  unit: 'unit',
  quality: 'quality',
  dst: 'dst',
  end: 'end',
};

/** Splits one line on the separator; fields may be quoted with "" (a doubled quote inside). Null when a quote is open. */
function splitLine(line: string, separator: string): string[] | null {
  if (!line.includes('"')) return line.split(separator);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line.charAt(i);
    if (quoted) {
      if (c === '"') {
        if (line.charAt(i + 1) === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

type Layout = {
  separator: string;
  index: Partial<Record<Column, number>>;
  width: number;
  /** Column numbers for the fast path, -1 when the column is not there. */
  series: number[];
  quality: number;
  value: number;
  start: number;
  dst: number;
};

const column = (fields: readonly string[], layout: Layout, name: Column): string | undefined => {
  const i = layout.index[name];
  return i === undefined ? undefined : (fields[i] ?? '').trim();
};

const isDigit = (c: number) => c >= 48 && c <= 57;
const two = (text: string, at: number) => (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
const digitsAt = (text: string, at: number, count: number): boolean => {
  for (let i = at; i < at + count; i += 1) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
};

export async function readIntervalCsv(chunks: AsyncIterable<string>, sink: IntervalSink, timeZone: string): Promise<void> {
  const local = new LocalTime(timeZone);
  const state: { layout: Layout | null; broken: boolean } = { layout: null, broken: false };
  let lineNumber = 0;
  let rest = '';
  const series = new Map<string, SeriesRef>();

  /** The series named by a line's (trimmed) fields; null when they name none (the general reader says why). */
  const findSeries = (meterRaw: string | undefined, meloRaw: string | undefined, obis: string, unit: string | null): SeriesRef | null => {
    if (obis === '') return null;
    if (meterRaw !== undefined) {
      const meterNumber = normalizeMeterNumber(meterRaw);
      if (meterNumber === '') return null;
      const key = `m|${meterNumber}|${obis}|${unit ?? ''}`;
      let ref = series.get(key);
      if (!ref) {
        ref = { meterNumber, melo: null, obis, unit };
        series.set(key, ref);
      }
      return ref;
    }
    const melo = (meloRaw ?? '').toUpperCase();
    if (!MELO.test(melo)) return null;
    const key = `l|${melo}|${obis}|${unit ?? ''}`;
    let ref = series.get(key);
    if (!ref) {
      ref = { meterNumber: null, melo, obis, unit };
      series.set(key, ref);
    }
    return ref;
  };

  const header = (line: string): Layout | null => {
    const separator = line.includes(';') ? ';' : ',';
    const names = (splitLine(line, separator) ?? []).map((name) => name.trim().toLowerCase().replace(/[\s-]+/g, '_'));
    const index: Partial<Record<Column, number>> = {};
    let ok = true;
    names.forEach((name, i) => {
      const found = ALIASES[name];
      if (!found) {
        ok = false;
        sink.error(importError('bad_header', { line: 1, column: name || String(i + 1) }, `Unbekannte Spalte „${name}“.`, `Unknown column "${name}".`));
      } else if (index[found] !== undefined) {
        ok = false;
        sink.error(importError('bad_header', { line: 1, column: name }, `Die Spalte „${name}“ kommt zweimal vor.`, `The column "${name}" appears twice.`));
      } else index[found] = i;
    });
    const need = (name: Column, de: string, en: string) => {
      if (index[name] === undefined) {
        ok = false;
        sink.error(importError('bad_header', { line: 1, column: name }, de, en));
      }
    };
    if ((index.meter_number === undefined) === (index.melo === undefined)) {
      ok = false;
      sink.error(importError('bad_header', { line: 1 }, 'Genau eine der Spalten meter_number oder melo wird benötigt.', 'Exactly one of the columns meter_number or melo is needed.'));
    }
    need('obis', 'Die Spalte obis fehlt.', 'The column obis is missing.');
    need('start', 'Die Spalte start fehlt.', 'The column start is missing.');
    need('value', 'Die Spalte value fehlt.', 'The column value is missing.');
    if (!ok) return null;
    const at = (name: Column) => index[name] ?? -1;
    return {
      separator,
      index,
      width: names.length,
      series: [at('meter_number'), at('melo'), at('obis'), at('unit')],
      quality: at('quality'),
      value: at('value'),
      start: at('start'),
      dst: at('dst'),
    };
  };

  /** The general reader of a line: every form the format allows, and every error. */
  const onLine = (raw: string) => {
    lineNumber += 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineNumber === 1) {
      state.layout = header(line.startsWith('\uFEFF') ? line.slice(1) : line);
      if (!state.layout) state.broken = true;
      return;
    }
    const layout = state.layout;
    if (state.broken || !layout || line.trim() === '') return;
    sink.record();
    const at = lineNumber;
    const fields = splitLine(line, layout.separator);
    if (!fields) {
      sink.error(importError('syntax', { line: at }, 'Ein Anführungszeichen wird nicht geschlossen.', 'A quote is not closed.'));
      return;
    }
    if (fields.length !== layout.width) {
      sink.error(
        importError(
          'syntax',
          { line: at },
          `Die Zeile hat ${String(fields.length)} statt ${String(layout.width)} Felder.`,
          `The line has ${String(fields.length)} fields instead of ${String(layout.width)}.`,
        ),
      );
      return;
    }
    // Series
    const meterRaw = column(fields, layout, 'meter_number');
    const meloRaw = column(fields, layout, 'melo');
    const obis = column(fields, layout, 'obis') ?? '';
    const unit = column(fields, layout, 'unit') || null;
    if (obis === '') {
      sink.error(importError('missing_field', { line: at, column: 'obis' }, 'Die OBIS-Kennzahl fehlt.', 'The OBIS code is missing.'));
      return;
    }
    const ref = findSeries(meterRaw, meloRaw, obis, unit);
    if (!ref) {
      if (meterRaw !== undefined) {
        sink.error(importError('missing_field', { line: at, column: 'meter_number' }, 'Die Zählernummer fehlt.', 'The meter number is missing.'));
      } else {
        sink.error(importError('bad_identifier', { line: at, column: 'melo' }, `„${meloRaw ?? ''}“ ist keine Messlokations-ID (33 Zeichen).`, `"${meloRaw ?? ''}" is not a metering point id (33 characters).`));
      }
      return;
    }
    // Quality and value
    const qualityRaw = column(fields, layout, 'quality');
    const quality = qualityRaw ? qualityCode(qualityRaw) : TRUE_VALUE;
    if (quality === null) {
      sink.error(importError('bad_quality', { line: at, column: 'quality' }, `„${qualityRaw ?? ''}“ ist kein Qualitätskennzeichen (z. B. 220, 67, Z18, Z30).`, `"${qualityRaw ?? ''}" is not a quality code (e.g. 220, 67, Z18, Z30).`));
      return;
    }
    const valueRaw = column(fields, layout, 'value') ?? '';
    let milli: number | null;
    if (valueRaw === '' && quality === MISSING) milli = 0;
    else milli = parseMilli(valueRaw);
    if (milli === null) {
      sink.error(importError('bad_number', { line: at, column: 'value' }, `„${valueRaw}“ ist keine Zahl.`, `"${valueRaw}" is not a number.`));
      return;
    }
    if (milli < 0) {
      sink.error(importError('negative_value', { line: at, column: 'value' }, `Negative Werte werden nicht übernommen: „${valueRaw}“.`, `Negative values are not accepted: "${valueRaw}".`));
      return;
    }
    // Start
    const startRaw = column(fields, layout, 'start') ?? '';
    const parsed: ParsedTime | null = parseIsoTime(startRaw) ?? parseGermanTime(startRaw);
    if (!parsed) {
      sink.error(
        importError(
          'bad_time',
          { line: at, column: 'start' },
          `„${startRaw}“ ist kein Zeitpunkt (ISO 8601 mit Offset oder TT.MM.JJJJ HH:MM).`,
          `"${startRaw}" is not a time (ISO 8601 with offset or DD.MM.YYYY HH:MM).`,
        ),
      );
      return;
    }
    let startMs: number;
    if (parsed.offsetMs !== null) {
      startMs = parsed.wallMs - parsed.offsetMs;
    } else {
      const dstRaw = column(fields, layout, 'dst');
      let dst: boolean | null = null;
      if (parsed.zoneWord) dst = parsed.zoneWord === 'MESZ' || parsed.zoneWord === 'CEST';
      else if (dstRaw) {
        dst = parseDst(dstRaw);
        if (dst === null) {
          sink.error(importError('bad_time', { line: at, column: 'dst' }, `„${dstRaw}“: bitte 1/0, MESZ/MEZ oder CEST/CET.`, `"${dstRaw}": please use 1/0, MESZ/MEZ or CEST/CET.`));
          return;
        }
      }
      const instants = local.instantsOf(parsed.wallMs);
      if (instants.length === 0) {
        sink.error(importError('nonexistent_time', { line: at, column: 'start' }, `${startRaw} gibt es in der Zeitzone ${timeZone} nicht (Zeitumstellung).`, `${startRaw} does not exist in ${timeZone} (clock change).`));
        return;
      }
      if (instants.length === 2) {
        if (dst === null) {
          sink.error(
            importError(
              'ambiguous_time',
              { line: at, column: 'start' },
              `${startRaw} gibt es am Tag der Zeitumstellung zweimal: bitte Offset (+02:00/+01:00), MESZ/MEZ oder die Spalte dst angeben.`,
              `${startRaw} occurs twice on the day the clocks change: please give the offset (+02:00/+01:00), MESZ/MEZ or the dst column.`,
            ),
          );
          return;
        }
        const [summer = 0, standard = 0] = instants;
        startMs = dst ? summer : standard;
      } else {
        startMs = instants[0] ?? 0;
        if (dst !== null && (local.offsetAt(startMs) > local.offsetAt(startMs + 183 * 86_400_000) || local.offsetAt(startMs) > local.offsetAt(startMs - 183 * 86_400_000)) !== dst) {
          sink.error(importError('bad_time', { line: at, column: 'dst' }, `${startRaw} liegt ${dst ? 'nicht ' : ''}in der Sommerzeit.`, `${startRaw} is ${dst ? 'not ' : ''}in summer time.`));
          return;
        }
      }
    }
    sink.value(ref, startMs, milli, quality, at, 0);
  };

  // The fast path's memory: field bounds of the current line, and the raw series and quality
  // fields of the line before with what they meant.
  const starts = new Int32Array(64);
  const ends = new Int32Array(64);
  const previousSeries = ['', '', '', ''];
  let previousRef: SeriesRef | null = null;
  let previousQualityRaw = '';
  let previousQuality = TRUE_VALUE;
  let nextQuote = -1;
  let previousDateText = '';
  let previousDate: number | null = null;
  let previousZoneText = '';
  let previousZone = 0;

  /** The start of a field in the usual forms, as an instant; NaN for any other form (the general reader decides). */
  const fastStart = (text: string, from: number, to: number, layout: Layout): number => {
    const length = to - from;
    if (length === 25 || length === 20) {
      // 2025-01-01T00:15:00+01:00 or ...Z (parseIsoTime's machine form); the date and the offset
      // are read again only when their text differs from the line before.
      let day: number | null;
      if (previousDateText !== '' && text.startsWith(previousDateText, from)) day = previousDate;
      else {
        if (!digitsAt(text, from, 4) || text.charCodeAt(from + 4) !== 45 || !digitsAt(text, from + 5, 2) || text.charCodeAt(from + 7) !== 45 || !digitsAt(text, from + 8, 2) || text.charCodeAt(from + 10) !== 84) {
          return NaN;
        }
        day = civilDayStart(two(text, from) * 100 + two(text, from + 2), two(text, from + 5), two(text, from + 8));
        previousDateText = text.slice(from, from + 11);
        previousDate = day;
      }
      if (!digitsAt(text, from + 11, 2) || text.charCodeAt(from + 13) !== 58 || !digitsAt(text, from + 14, 2) || text.charCodeAt(from + 16) !== 58 || !digitsAt(text, from + 17, 2)) {
        return NaN;
      }
      let offset = 0;
      if (length === 20) {
        if (text.charCodeAt(from + 19) !== 90) return NaN;
      } else if (previousZoneText !== '' && text.startsWith(previousZoneText, from + 19)) offset = previousZone;
      else {
        const zone = text.charCodeAt(from + 19);
        if ((zone !== 43 && zone !== 45) || !digitsAt(text, from + 20, 2) || text.charCodeAt(from + 22) !== 58 || !digitsAt(text, from + 23, 2)) return NaN;
        offset = (zone === 45 ? -1 : 1) * (two(text, from + 20) * 60 + two(text, from + 23)) * 60_000;
        previousZoneText = text.slice(from + 19, from + 25);
        previousZone = offset;
      }
      const hour = two(text, from + 11);
      const minute = two(text, from + 14);
      const second = two(text, from + 17);
      if (day === null || hour > 23 || minute > 59 || second > 59) return NaN;
      return day + (hour * 60 + minute) * 60_000 + second * 1000 - offset;
    }
    if (length === 16) {
      // 30.03.2025 03:00, local time without zone: one instant, and no dst column to check.
      if (
        !digitsAt(text, from, 2) || text.charCodeAt(from + 2) !== 46 || !digitsAt(text, from + 3, 2) || text.charCodeAt(from + 5) !== 46 || !digitsAt(text, from + 6, 4) ||
        text.charCodeAt(from + 10) !== 32 || !digitsAt(text, from + 11, 2) || text.charCodeAt(from + 13) !== 58 || !digitsAt(text, from + 14, 2)
      ) {
        return NaN;
      }
      if (layout.dst >= 0 && ends[layout.dst] !== starts[layout.dst]) return NaN;
      const day = civilDayStart(two(text, from + 6) * 100 + two(text, from + 8), two(text, from + 3), two(text, from));
      const hour = two(text, from + 11);
      const minute = two(text, from + 14);
      if (day === null || hour > 23 || minute > 59) return NaN;
      return local.instantOf(day + (hour * 60 + minute) * 60_000);
    }
    return NaN;
  };

  /**
   * Reads text[from, to) (a line without its \n) when it has the usual form and no problem; false
   * leaves the line to the general reader.
   */
  const fastLine = (text: string, from: number, to: number, layout: Layout): boolean => {
    let end = to;
    if (end > from && text.charCodeAt(end - 1) === 13) end -= 1;
    if (end === from) return false;
    if (nextQuote < from) {
      nextQuote = text.indexOf('"', from);
      if (nextQuote < 0) nextQuote = text.length;
    }
    if (nextQuote < end) return false;
    const { width, separator } = layout;
    if (width > starts.length) return false;
    let count = 0;
    let position = from;
    for (;;) {
      const at = text.indexOf(separator, position);
      if (count >= width) return false;
      starts[count] = position;
      if (at < 0 || at >= end) {
        ends[count] = end;
        count += 1;
        break;
      }
      ends[count] = at;
      count += 1;
      position = at + 1;
    }
    if (count !== width) return false;
    // Series: the same raw fields as the line before name the same series.
    let ref = previousRef;
    const columns = layout.series;
    for (let k = 0; k < 4; k += 1) {
      const c = columns[k] ?? -1;
      if (c < 0) continue;
      const before = previousSeries[k] ?? '';
      if ((ends[c] ?? 0) - (starts[c] ?? 0) !== before.length || !text.startsWith(before, starts[c])) {
        ref = null;
        break;
      }
    }
    if (ref === null) {
      const raw = columns.map((c) => (c < 0 ? undefined : text.slice(starts[c], ends[c])));
      const [meterRaw, meloRaw, obisRaw, unitRaw] = raw;
      ref = findSeries(meterRaw?.trim(), meloRaw?.trim(), obisRaw?.trim() ?? '', unitRaw?.trim() || null);
      if (!ref) return false;
      raw.forEach((value, k) => {
        previousSeries[k] = value ?? '';
      });
      previousRef = ref;
    }
    // Quality
    let quality = TRUE_VALUE;
    if (layout.quality >= 0) {
      const a = starts[layout.quality] ?? 0;
      const b = ends[layout.quality] ?? 0;
      if (b - a === previousQualityRaw.length && text.startsWith(previousQualityRaw, a)) quality = previousQuality;
      else {
        const raw = text.slice(a, b);
        const code = raw.trim() === '' ? TRUE_VALUE : qualityCode(raw.trim());
        if (code === null) return false;
        previousQualityRaw = raw;
        previousQuality = code;
        quality = code;
      }
    }
    const milli = plainMilli(text, starts[layout.value] ?? 0, ends[layout.value] ?? 0);
    if (milli < 0) return false;
    const startMs = fastStart(text, starts[layout.start] ?? 0, ends[layout.start] ?? 0, layout);
    if (Number.isNaN(startMs)) return false;
    lineNumber += 1;
    sink.record();
    sink.value(ref, startMs, milli, quality, lineNumber, 0);
    return true;
  };

  /** Reads the complete lines of text from `from` on; returns where the unfinished rest begins. */
  const lines = (text: string, start: number): number => {
    nextQuote = -1;
    let from = start;
    for (;;) {
      const end = text.indexOf('\n', from);
      if (end < 0) break;
      const layout = state.layout;
      if (lineNumber === 0 || state.broken || !layout || !fastLine(text, from, end, layout)) onLine(text.slice(from, end));
      from = end + 1;
    }
    return from;
  };

  for await (const chunk of chunks) {
    // The unfinished line is joined with this chunk only until it ends; the rest is read in the
    // chunk itself (a joined string is slower to read character by character).
    let from = 0;
    if (rest !== '') {
      const end = chunk.indexOf('\n');
      if (end < 0) {
        rest += chunk;
        await sink.checkpoint();
        continue;
      }
      lines(rest + chunk.slice(0, end + 1), 0);
      from = end + 1;
    }
    rest = chunk.slice(lines(chunk, from));
    await sink.checkpoint();
  }
  if (rest !== '') onLine(rest);
  if (lineNumber === 0) sink.error(importError('empty', { line: 1 }, 'Die Datei ist leer.', 'The file is empty.'));
  else if (lineNumber === 1 && state.layout) sink.error(importError('empty', { line: 2 }, 'Die Datei enthält nur die Kopfzeile.', 'The file holds only the header row.'));
}
