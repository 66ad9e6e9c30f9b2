// Interval data as CSV (docs/API.md "Interval data CSV", ADR 0022), read line by line as chunks
// arrive: a header row; `;` or `,` as separator (the header decides); columns meter_number or
// melo, obis, start, value, optional unit, quality, dst and end; values with a decimal comma or
// point (quote them when the separator is a comma); start as ISO 8601 with offset, or local time
// of the utility ("30.03.2025 03:00" or ISO without offset), where the repeated hour of the autumn
// change needs an offset, MEZ/MESZ after the time or the dst column. A BOM is skipped.
import {
  importError,
  LocalTime,
  MISSING,
  normalizeMeterNumber,
  parseDst,
  parseGermanTime,
  parseIsoTime,
  parseMilli,
  qualityCode,
  TRUE_VALUE,
  type IntervalSink,
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

type Layout = { separator: string; index: Partial<Record<Column, number>>; width: number };

export async function readIntervalCsv(chunks: AsyncIterable<string>, sink: IntervalSink, timeZone: string): Promise<void> {
  const local = new LocalTime(timeZone);
  const state: { layout: Layout | null } = { layout: null };
  let broken = false;
  let lineNumber = 0;
  let rest = '';
  const series = new Map<string, SeriesRef>();

  const header = (line: string): Layout | null => {
    const separator = line.includes(';') ? ';' : ',';
    const names = (splitLine(line, separator) ?? []).map((name) => name.trim().toLowerCase().replace(/[\s-]+/g, '_'));
    const index: Partial<Record<Column, number>> = {};
    let ok = true;
    names.forEach((name, i) => {
      const column = ALIASES[name];
      if (!column) {
        ok = false;
        sink.error(importError('bad_header', { line: 1, column: name || String(i + 1) }, `Unbekannte Spalte „${name}“.`, `Unknown column "${name}".`));
      } else if (index[column] !== undefined) {
        ok = false;
        sink.error(importError('bad_header', { line: 1, column: name }, `Die Spalte „${name}“ kommt zweimal vor.`, `The column "${name}" appears twice.`));
      } else index[column] = i;
    });
    const need = (column: Column, de: string, en: string) => {
      if (index[column] === undefined) {
        ok = false;
        sink.error(importError('bad_header', { line: 1, column }, de, en));
      }
    };
    if ((index.meter_number === undefined) === (index.melo === undefined)) {
      ok = false;
      sink.error(importError('bad_header', { line: 1 }, 'Genau eine der Spalten meter_number oder melo wird benötigt.', 'Exactly one of the columns meter_number or melo is needed.'));
    }
    need('obis', 'Die Spalte obis fehlt.', 'The column obis is missing.');
    need('start', 'Die Spalte start fehlt.', 'The column start is missing.');
    need('value', 'Die Spalte value fehlt.', 'The column value is missing.');
    return ok ? { separator, index, width: names.length } : null;
  };

  const onLine = (raw: string) => {
    lineNumber += 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineNumber === 1) {
      state.layout = header(line.startsWith('\uFEFF') ? line.slice(1) : line);
      if (!state.layout) broken = true;
      return;
    }
    const layout = state.layout;
    if (broken || !layout || line.trim() === '') return;
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
    const get = (column: Column): string | undefined => {
      const i = layout.index[column];
      return i === undefined ? undefined : (fields[i] ?? '').trim();
    };
    // Series
    const meterRaw = get('meter_number');
    const meloRaw = get('melo');
    const obis = get('obis') ?? '';
    const unit = get('unit') || null;
    if (obis === '') {
      sink.error(importError('missing_field', { line: at, column: 'obis' }, 'Die OBIS-Kennzahl fehlt.', 'The OBIS code is missing.'));
      return;
    }
    let ref: SeriesRef;
    if (meterRaw !== undefined) {
      const meterNumber = normalizeMeterNumber(meterRaw);
      if (meterNumber === '') {
        sink.error(importError('missing_field', { line: at, column: 'meter_number' }, 'Die Zählernummer fehlt.', 'The meter number is missing.'));
        return;
      }
      const key = `m|${meterNumber}|${obis}|${unit ?? ''}`;
      ref = series.get(key) ?? { meterNumber, melo: null, obis, unit };
      series.set(key, ref);
    } else {
      const melo = (meloRaw ?? '').toUpperCase();
      if (!/^[A-Z]{2}\d{11}[A-Z0-9]{20}$/.test(melo)) {
        sink.error(importError('bad_identifier', { line: at, column: 'melo' }, `„${meloRaw ?? ''}“ ist keine Messlokations-ID (33 Zeichen).`, `"${meloRaw ?? ''}" is not a metering point id (33 characters).`));
        return;
      }
      const key = `l|${melo}|${obis}|${unit ?? ''}`;
      ref = series.get(key) ?? { meterNumber: null, melo, obis, unit };
      series.set(key, ref);
    }
    // Quality and value
    const qualityRaw = get('quality');
    const quality = qualityRaw ? qualityCode(qualityRaw) : TRUE_VALUE;
    if (quality === null) {
      sink.error(importError('bad_quality', { line: at, column: 'quality' }, `„${qualityRaw ?? ''}“ ist kein Qualitätskennzeichen (z. B. 220, 67, Z18, Z30).`, `"${qualityRaw ?? ''}" is not a quality code (e.g. 220, 67, Z18, Z30).`));
      return;
    }
    const valueRaw = get('value') ?? '';
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
    const startRaw = get('start') ?? '';
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
      const dstRaw = get('dst');
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
    sink.value(ref, startMs, milli, quality, () => ({ line: at }));
  };

  for await (const chunk of chunks) {
    const text = rest + chunk;
    let from = 0;
    for (;;) {
      const end = text.indexOf('\n', from);
      if (end < 0) break;
      onLine(text.slice(from, end));
      from = end + 1;
    }
    rest = text.slice(from);
    await sink.checkpoint();
  }
  if (rest !== '') onLine(rest);
  if (lineNumber === 0) sink.error(importError('empty', { line: 1 }, 'Die Datei ist leer.', 'The file is empty.'));
  else if (lineNumber === 1 && state.layout) sink.error(importError('empty', { line: 2 }, 'Die Datei enthält nur die Kopfzeile.', 'The file holds only the header row.'));
}
