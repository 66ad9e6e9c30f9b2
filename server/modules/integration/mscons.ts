// EDIFACT MSCONS (DOMAIN.md §6): how billing and metering systems ship load profiles (quarter-hour
// values) and meter readings. A small, strict reader: service string advice (UNA) with its
// separators and release character, segments split on unescaped terminators, and the segments the
// German market uses (UNB/UNH/BGM/NAD/LOC/LIN/PIA/QTY/DTM/STS/UNT/UNZ). Every problem names the
// segment number and the character offset where it is, so a sender can find it in their file.
// Generic EDIFACT tokenisers exist on npm (edifact, ts-edifact, @ediflow/edifact); the MSCONS rules
// (303 offsets, DST days, positioned errors) are ours either way and the tokenizer is sixty lines.
// Whether to adopt one is decided with the streamed import of issue 5 (node-edifact streams).

export type MsconsErrorCode =
  | 'empty'
  | 'bad_service_advice'
  | 'unterminated'
  | 'unexpected_segment'
  | 'missing_segment'
  | 'not_mscons'
  | 'bad_date'
  | 'bad_quantity'
  | 'bad_period'
  | 'count_mismatch'
  | 'reference_mismatch';

/** A problem in the file: where (segment number from 1, character offset from 0) and what. */
export class MsconsError extends Error {
  readonly code: MsconsErrorCode;
  readonly segment: number;
  readonly offset: number;

  constructor(code: MsconsErrorCode, segment: number, offset: number, message: string) {
    super(`segment ${String(segment)} (character ${String(offset + 1)}): ${message}`);
    this.name = 'MsconsError';
    this.code = code;
    this.segment = segment;
    this.offset = offset;
  }
}

export type MsconsQuantity = {
  /** QTY qualifier: 220 true value, 67 substitute, 201 proposed, Z18 provisional, Z30 missing. */
  quality: string;
  /** The quantity as a decimal string with '.' ("0.250"), as sent; never a float. */
  value: string;
  /** DTM 163/164: the period the value covers (load profiles). */
  from: Date | null;
  to: Date | null;
  /** DTM 7: when a reading was taken; DTM 9: the reading date; DTM 60: device change. */
  readAt: Date | null;
  /** STS status codes (e.g. Z83 = customer self-reading). */
  status: string[];
};

export type MsconsLine = {
  /** PIA+5: the register's OBIS code, e.g. "1-1:1.29.0" (load profile) or "1-1:1.8.0" (reading). */
  obis: string | null;
  quantities: MsconsQuantity[];
};

export type MsconsLocation = {
  /** LOC+172: the metering or market location id (Messlokation/Marktlokation). */
  id: string;
  /** DTM 163/164 right after LOC: the period the location's values cover. */
  from: Date | null;
  to: Date | null;
  lines: MsconsLine[];
};

export type MsconsMessage = {
  /** UNH message reference. */
  reference: string;
  /** UNH message type version, e.g. "MSCONS:D:04B:UN:2.4c". */
  type: string;
  /** BGM document number. */
  documentNumber: string;
  sender: string | null;
  receiver: string | null;
  locations: MsconsLocation[];
};

export type MsconsInterchange = {
  sender: string;
  receiver: string;
  /** UNB interchange control reference. */
  reference: string;
  messages: MsconsMessage[];
};

type Separators = { component: string; element: string; decimal: string; release: string; segment: string };

const DEFAULT_SEPARATORS: Separators = { component: ':', element: '+', decimal: '.', release: '?', segment: "'" };

type Segment = {
  tag: string;
  /** Elements, each a list of components, release characters removed. */
  elements: string[][];
  number: number;
  offset: number;
};

/** Reads an MSCONS interchange; throws MsconsError with the position of the first problem. */
export function parseMscons(text: string): MsconsInterchange {
  const segments = splitSegments(text);
  return interpret(segments);
}

function splitSegments(input: string): Segment[] {
  let text = input.replace(/^\uFEFF/, '');
  let base = input.length - text.length;
  if (text.trim() === '') throw new MsconsError('empty', 0, 0, 'the file is empty');
  let separators = DEFAULT_SEPARATORS;
  if (text.startsWith('UNA')) {
    const advice = text.slice(3, 9);
    if (advice.length < 6) throw new MsconsError('bad_service_advice', 1, base, 'UNA must be followed by six service characters');
    separators = { component: advice.charAt(0), element: advice.charAt(1), decimal: advice.charAt(2), release: advice.charAt(3), segment: advice.charAt(5) };
    if (new Set([separators.component, separators.element, separators.release, separators.segment]).size !== 4) {
      throw new MsconsError('bad_service_advice', 1, base, 'the separators in UNA must differ from each other');
    }
    text = text.slice(9);
    base += 9;
  }
  const segments: Segment[] = [];
  let current: string[] = [];
  let elements: string[][] = [current];
  let component = '';
  let start = -1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (start < 0) {
      // Line breaks and blanks between segments are layout, not data.
      if (c === '\r' || c === '\n' || c === ' ' || c === '\t') continue;
      start = i;
    }
    if (c === separators.release) {
      i += 1;
      if (i >= text.length) throw new MsconsError('unterminated', segments.length + 1, base + start, 'the file ends after a release character');
      component += text.charAt(i);
    } else if (c === separators.component) {
      current.push(component);
      component = '';
    } else if (c === separators.element) {
      current.push(component);
      component = '';
      current = [];
      elements.push(current);
    } else if (c === separators.segment) {
      current.push(component);
      const [tagElement, ...rest] = elements;
      segments.push({ tag: tagElement?.[0] ?? '', elements: rest, number: segments.length + 1, offset: base + start });
      current = [];
      elements = [current];
      component = '';
      start = -1;
    } else {
      component += c;
    }
  }
  if (start >= 0) throw new MsconsError('unterminated', segments.length + 1, base + start, `the last segment is not closed with ${separators.segment}`);
  // UNA's decimal mark is not enforced: both ',' and '.' are accepted in quantities (DOMAIN.md §6).
  return segments;
}

const field = (segment: Segment, element: number, component = 0): string => segment.elements[element - 1]?.[component] ?? '';

function interpret(segments: readonly Segment[]): MsconsInterchange {
  let i = 0;
  const peek = (): Segment | undefined => segments[i];
  const last = segments.at(-1);
  if (!last) throw new MsconsError('empty', 0, 0, 'the file holds no segment');
  const expect = (tag: string): Segment => {
    const segment = segments[i];
    if (!segment) throw new MsconsError('missing_segment', last.number, last.offset, `${tag} is missing at the end`);
    if (segment.tag !== tag) throw new MsconsError('unexpected_segment', segment.number, segment.offset, `expected ${tag}, found ${segment.tag || 'an empty segment'}`);
    i += 1;
    return segment;
  };

  const unb = expect('UNB');
  const interchange: MsconsInterchange = { sender: field(unb, 2), receiver: field(unb, 3), reference: field(unb, 5), messages: [] };
  while (peek()?.tag === 'UNH') {
    const unh = expect('UNH');
    const type = unh.elements[1] ?? [];
    if (type[0] !== 'MSCONS') throw new MsconsError('not_mscons', unh.number, unh.offset, `the message type is ${type[0] || 'missing'}, not MSCONS`);
    const message: MsconsMessage = { reference: field(unh, 1), type: type.join(':'), documentNumber: '', sender: null, receiver: null, locations: [] };
    let location: MsconsLocation | null = null;
    let line: MsconsLine | null = null;
    let quantity: MsconsQuantity | null = null;
    for (;;) {
      const segment = peek();
      if (!segment) throw new MsconsError('missing_segment', last.number, last.offset, 'UNT is missing at the end of the message');
      if (segment.tag === 'UNT') break;
      i += 1;
      switch (segment.tag) {
        case 'BGM':
          message.documentNumber = field(segment, 2);
          break;
        case 'NAD':
          if (field(segment, 1) === 'MS') message.sender = field(segment, 2);
          if (field(segment, 1) === 'MR') message.receiver = field(segment, 2);
          break;
        case 'LOC':
          if (field(segment, 1) === '172') {
            location = { id: field(segment, 2), from: null, to: null, lines: [] };
            message.locations.push(location);
            line = null;
            quantity = null;
          }
          break;
        case 'LIN':
          if (!location) throw new MsconsError('unexpected_segment', segment.number, segment.offset, 'LIN before any LOC+172 location');
          line = { obis: null, quantities: [] };
          location.lines.push(line);
          quantity = null;
          break;
        case 'PIA':
          if (line && field(segment, 1) === '5') line.obis = field(segment, 2);
          break;
        case 'QTY': {
          if (!line) throw new MsconsError('unexpected_segment', segment.number, segment.offset, 'QTY before any LIN');
          quantity = { quality: field(segment, 1, 0), value: decimal(segment, field(segment, 1, 1)), from: null, to: null, readAt: null, status: [] };
          line.quantities.push(quantity);
          break;
        }
        case 'DTM': {
          const qualifier = field(segment, 1, 0);
          const at = ediDate(segment, field(segment, 1, 1), field(segment, 1, 2));
          const target = quantity ?? (line ? null : location);
          if (!target) break;
          if (qualifier === '163') target.from = at;
          else if (qualifier === '164') target.to = at;
          else if (quantity && (qualifier === '7' || qualifier === '9' || qualifier === '60')) quantity.readAt = at;
          if (quantity?.from && quantity.to && quantity.to <= quantity.from) {
            throw new MsconsError('bad_period', segment.number, segment.offset, 'the period ends before it starts');
          }
          break;
        }
        case 'STS':
          if (quantity) quantity.status.push(...segment.elements.map((e) => e[0] ?? '').filter((code) => code !== ''));
          break;
        case 'UNH':
        case 'UNZ':
          throw new MsconsError('unexpected_segment', segment.number, segment.offset, `${segment.tag} before UNT closed the message`);
        default:
          // Other segments (UNS, RFF, CTA, COM, CCI, MEA...) carry nothing the portal stores.
          break;
      }
    }
    const unt = expect('UNT');
    const counted = unt.number - unh.number + 1;
    if (Number(field(unt, 1)) !== counted) {
      throw new MsconsError('count_mismatch', unt.number, unt.offset, `UNT says ${field(unt, 1)} segments, the message has ${String(counted)}`);
    }
    if (field(unt, 2) !== message.reference) {
      throw new MsconsError('reference_mismatch', unt.number, unt.offset, `UNT names message ${field(unt, 2)}, UNH ${message.reference}`);
    }
    interchange.messages.push(message);
  }
  if (interchange.messages.length === 0) {
    const next = peek() ?? last;
    throw new MsconsError('missing_segment', next.number, next.offset, 'the interchange holds no message (UNH)');
  }
  const unz = expect('UNZ');
  if (Number(field(unz, 1)) !== interchange.messages.length) {
    throw new MsconsError('count_mismatch', unz.number, unz.offset, `UNZ says ${field(unz, 1)} messages, the interchange has ${String(interchange.messages.length)}`);
  }
  if (field(unz, 2) !== interchange.reference) {
    throw new MsconsError('reference_mismatch', unz.number, unz.offset, `UNZ names interchange ${field(unz, 2)}, UNB ${interchange.reference}`);
  }
  const extra = peek();
  if (extra) throw new MsconsError('unexpected_segment', extra.number, extra.offset, `${extra.tag} after UNZ`);
  return interchange;
}

/** "0,250" or "0.250" -> "0.250"; anything else is an error at the segment. */
function decimal(segment: Segment, raw: string): string {
  if (!/^-?\d+([.,]\d+)?$/.test(raw)) throw new MsconsError('bad_quantity', segment.number, segment.offset, `"${raw}" is not a number`);
  return raw.replace(',', '.');
}

/**
 * DTM dates: 303 = CCYYMMDDHHMM followed by the offset from UTC ("+00", "+01", "+0100"), 203 =
 * CCYYMMDDHHMM in UTC, 102 = CCYYMMDD (midnight UTC).
 */
function ediDate(segment: Segment, raw: string, format: string): Date {
  const fail = (): never => {
    throw new MsconsError('bad_date', segment.number, segment.offset, `"${raw}" is not a date in format ${format || '(none)'}`);
  };
  const pattern =
    format === '303' ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})([+-])(\d{2})(\d{2})?$/
    : format === '203' ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/
    : format === '102' ? /^(\d{4})(\d{2})(\d{2})$/
    : null;
  const match = pattern?.exec(raw);
  if (!match) return fail();
  const [, y, mo, d, h = '00', mi = '00', sign, oh = '00', om = '00'] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  const check = new Date(utc);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59) return fail();
  const offsetMinutes = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  return new Date(utc - offsetMinutes * 60_000);
}

/**
 * The quarter-hour values of a load-profile line as a gapless series: each value starts where the
 * previous one ended and lasts 15 minutes. A German local day has 92, 96 or 100 of them (DST).
 */
export function quarterHours(line: MsconsLine): Array<{ from: Date; value: string; quality: string }> {
  const series: Array<{ from: Date; value: string; quality: string }> = [];
  let previousEnd: Date | null = null;
  line.quantities.forEach((q, index) => {
    if (!q.from || !q.to) throw new Error(`value ${String(index + 1)} of ${line.obis ?? 'the line'} has no period (DTM 163/164)`);
    if (q.to.getTime() - q.from.getTime() !== 15 * 60_000) throw new Error(`value ${String(index + 1)} of ${line.obis ?? 'the line'} does not cover 15 minutes`);
    if (previousEnd && q.from.getTime() !== previousEnd.getTime()) throw new Error(`value ${String(index + 1)} of ${line.obis ?? 'the line'} does not follow the previous one`);
    previousEnd = q.to;
    series.push({ from: q.from, value: q.value, quality: q.quality });
  });
  return series;
}
