// Interval data as EDIFACT MSCONS load profiles (DOMAIN.md §6, ADR 0022), read as a stream with
// readMscons(): each QTY with its DTM 163/164 period of 15 minutes becomes one value of the
// register named by the location (LOC+172, MeLo) and the line's OBIS code (PIA+5). A structural
// error of the interchange ends the reading with its segment and character.
import { MsconsError, readMscons, type MsconsLine, type MsconsLocation, type MsconsQuantityEvent } from './mscons.ts';
import { importError, MELO, parseMilli, QUARTER_MS, qualityCode, TRUE_VALUE, type IntervalSink, type SeriesRef } from './interval-values.ts';

export async function readIntervalMscons(chunks: AsyncIterable<string>, sink: IntervalSink): Promise<void> {
  const refs = new Map<string, SeriesRef>();
  // The series of the last value (the same location and line name the same series) and the last
  // quality code: looked up again only when they change.
  let lastLocation: MsconsLocation | null = null;
  let lastLine: MsconsLine | null = null;
  let lastObis: string | null = null;
  let lastRef: SeriesRef | null = null;
  let lastQualityRaw: string | null = null;
  let lastQuality = TRUE_VALUE;
  const onQuantity = ({ location, line, quality: qualityRaw, value, from, to, readAt, segment, offset }: MsconsQuantityEvent) => {
    sink.record();
    if (from === null || to === null) {
      if (readAt !== null) {
        sink.error(importError('not_load_profile', { segment, character: offset + 1 }, 'Das ist ein Zählerstand (DTM 7/9), kein 15-Minuten-Wert.', 'This is a meter reading (DTM 7/9), not a 15-minute value.'));
      } else {
        sink.error(importError('bad_time', { segment, character: offset + 1 }, 'Der Wert hat keinen Zeitraum (DTM 163/164).', 'The value has no period (DTM 163/164).'));
      }
      return;
    }
    if (to - from !== QUARTER_MS) {
      sink.error(importError('bad_resolution', { segment, character: offset + 1 }, 'Der Wert umfasst nicht 15 Minuten.', 'The value does not cover 15 minutes.'));
      return;
    }
    const startMs = from;
    if (startMs % QUARTER_MS !== 0) {
      sink.error(importError('not_quarter_hour', { segment, character: offset + 1 }, 'Der Zeitraum beginnt nicht auf einer Viertelstunde.', 'The period does not start at a quarter hour.'));
      return;
    }
    let ref = lastRef;
    if (location !== lastLocation || line !== lastLine || line.obis !== lastObis || ref === null) {
      const melo = location.id.toUpperCase();
      if (!MELO.test(melo)) {
        sink.error(importError('bad_identifier', { segment, character: offset + 1 }, `LOC+172 „${location.id}“ ist keine Messlokations-ID (33 Zeichen).`, `LOC+172 "${location.id}" is not a metering point id (33 characters).`));
        return;
      }
      if (!line.obis) {
        sink.error(importError('missing_field', { segment, character: offset + 1 }, 'Die Zeile hat keine OBIS-Kennzahl (PIA+5).', 'The line has no OBIS code (PIA+5).'));
        return;
      }
      const key = `${melo}|${line.obis}`;
      ref = refs.get(key) ?? null;
      if (!ref) {
        ref = { meterNumber: null, melo, obis: line.obis, unit: null };
        refs.set(key, ref);
      }
      lastLocation = location;
      lastLine = line;
      lastObis = line.obis;
      lastRef = ref;
    }
    let quality = lastQuality;
    if (qualityRaw !== lastQualityRaw) {
      const code = qualityCode(qualityRaw);
      if (code === null) {
        sink.error(importError('bad_quality', { segment, character: offset + 1 }, `„${qualityRaw}“ ist kein Qualitätskennzeichen.`, `"${qualityRaw}" is not a quality code.`));
        return;
      }
      lastQualityRaw = qualityRaw;
      lastQuality = code;
      quality = code;
    }
    const milli = parseMilli(value);
    if (milli === null) {
      sink.error(importError('bad_number', { segment, character: offset + 1 }, `„${value}“ ist zu groß.`, `"${value}" is too large.`));
      return;
    }
    if (milli < 0) {
      sink.error(importError('negative_value', { segment, character: offset + 1 }, 'Negative Werte werden nicht übernommen.', 'Negative values are not accepted.'));
      return;
    }
    sink.value(ref, startMs, milli, quality, segment, offset);
  };
  try {
    await readMscons(chunks, onQuantity, () => sink.checkpoint());
  } catch (error) {
    if (!(error instanceof MsconsError)) throw error;
    sink.error(importError('syntax', { segment: error.segment, character: error.offset + 1 }, `MSCONS: ${error.message}`, `MSCONS: ${error.message}`));
  }
}
