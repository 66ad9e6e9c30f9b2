// Interval data as EDIFACT MSCONS load profiles (DOMAIN.md §6, ADR 0022), read as a stream with
// readMscons(): each QTY with its DTM 163/164 period of 15 minutes becomes one value of the
// register named by the location (LOC+172, MeLo) and the line's OBIS code (PIA+5). A structural
// error of the interchange ends the reading with its segment and character.
import { MsconsError, readMscons, type MsconsQuantityEvent } from './mscons.ts';
import { importError, MELO, parseMilli, QUARTER_MS, qualityCode, type IntervalSink, type SeriesRef } from './interval-values.ts';

export async function readIntervalMscons(chunks: AsyncIterable<string>, sink: IntervalSink): Promise<void> {
  const refs = new Map<string, SeriesRef>();
  const onQuantity = ({ location, line, quantity, segment, offset }: MsconsQuantityEvent) => {
    sink.record();
    const position = { segment, character: offset + 1 };
    if (!quantity.from || !quantity.to) {
      if (quantity.readAt) {
        sink.error(importError('not_load_profile', position, 'Das ist ein Zählerstand (DTM 7/9), kein 15-Minuten-Wert.', 'This is a meter reading (DTM 7/9), not a 15-minute value.'));
      } else {
        sink.error(importError('bad_time', position, 'Der Wert hat keinen Zeitraum (DTM 163/164).', 'The value has no period (DTM 163/164).'));
      }
      return;
    }
    if (quantity.to.getTime() - quantity.from.getTime() !== QUARTER_MS) {
      sink.error(importError('bad_resolution', position, 'Der Wert umfasst nicht 15 Minuten.', 'The value does not cover 15 minutes.'));
      return;
    }
    const startMs = quantity.from.getTime();
    if (startMs % QUARTER_MS !== 0) {
      sink.error(importError('not_quarter_hour', position, 'Der Zeitraum beginnt nicht auf einer Viertelstunde.', 'The period does not start at a quarter hour.'));
      return;
    }
    const melo = location.id.toUpperCase();
    if (!MELO.test(melo)) {
      sink.error(importError('bad_identifier', position, `LOC+172 „${location.id}“ ist keine Messlokations-ID (33 Zeichen).`, `LOC+172 "${location.id}" is not a metering point id (33 characters).`));
      return;
    }
    if (!line.obis) {
      sink.error(importError('missing_field', position, 'Die Zeile hat keine OBIS-Kennzahl (PIA+5).', 'The line has no OBIS code (PIA+5).'));
      return;
    }
    const quality = qualityCode(quantity.quality);
    if (quality === null) {
      sink.error(importError('bad_quality', position, `„${quantity.quality}“ ist kein Qualitätskennzeichen.`, `"${quantity.quality}" is not a quality code.`));
      return;
    }
    const milli = parseMilli(quantity.value);
    if (milli === null) {
      sink.error(importError('bad_number', position, `„${quantity.value}“ ist zu groß.`, `"${quantity.value}" is too large.`));
      return;
    }
    if (milli < 0) {
      sink.error(importError('negative_value', position, 'Negative Werte werden nicht übernommen.', 'Negative values are not accepted.'));
      return;
    }
    const key = `${melo}|${line.obis}`;
    let ref = refs.get(key);
    if (!ref) {
      ref = { meterNumber: null, melo, obis: line.obis, unit: null };
      refs.set(key, ref);
    }
    sink.value(ref, startMs, milli, quality, () => position);
  };
  try {
    await readMscons(chunks, onQuantity, () => sink.checkpoint());
  } catch (error) {
    if (!(error instanceof MsconsError)) throw error;
    sink.error(importError('syntax', { segment: error.segment, character: error.offset + 1 }, `MSCONS: ${error.message}`, `MSCONS: ${error.message}`));
  }
}
