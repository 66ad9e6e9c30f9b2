// EDIFACT MSCONS (DOMAIN.md §6): how billing and metering systems ship load profiles (quarter-hour
// values) and meter readings. A small, strict reader: service string advice (UNA) with its
// separators and release character, segments split on unescaped terminators, and the segments the
// German market uses (UNB/UNH/BGM/NAD/LOC/LIN/PIA/QTY/DTM/STS/UNT/UNZ). Every problem names the
// segment number and the character offset where it is, so a sender can find it in their file.
// Generic EDIFACT tokenisers exist on npm (edifact, ts-edifact, @ediflow/edifact); the MSCONS rules
// (303 offsets, DST days, positioned errors) are ours either way and the tokenizer is short.
// parseMscons reads a whole text; readMscons reads chunks as they arrive and hands on each quantity
// once complete (the streamed interval import, ADR 0022), both through the same splitter and reader.

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
  const splitter = new MsconsSplitter();
  const interpreter = new MsconsInterpreter();
  for (const segment of splitter.push(text)) interpreter.segment(segment);
  for (const segment of splitter.end()) interpreter.segment(segment);
  return interpreter.end();
}

/** A quantity with its period complete (the next QTY, LIN, LOC or UNT closed it), for streamed reading. */
export type MsconsQuantityEvent = {
  location: MsconsLocation;
  line: MsconsLine;
  quantity: MsconsQuantity;
  /** The QTY segment: number from 1 and character offset from 0. */
  segment: number;
  offset: number;
};

/**
 * Reads an interchange from chunks of text as they arrive (a file or request stream), without
 * holding it whole: each quantity goes to `onQuantity` once complete and is not kept in the
 * returned tree (its lines have no quantities); `afterChunk` runs after each chunk's quantities
 * (a reader may write what it gathered there). Throws MsconsError like parseMscons.
 */
export async function readMscons(
  chunks: AsyncIterable<string>,
  onQuantity: (event: MsconsQuantityEvent) => void,
  afterChunk?: () => Promise<void>,
): Promise<MsconsInterchange> {
  const splitter = new MsconsSplitter();
  const interpreter = new MsconsInterpreter(onQuantity);
  for await (const chunk of chunks) {
    for (const segment of splitter.push(chunk)) interpreter.segment(segment);
    await afterChunk?.();
  }
  for (const segment of splitter.end()) interpreter.segment(segment);
  return interpreter.end();
}

const BLANKS = new Set(['\r', '\n', ' ', '\t']);

/**
 * Splits text into segments on unreleased terminators, chunk by chunk: the service string advice
 * (UNA) sets the separators, a BOM is skipped, line breaks and blanks between segments are layout.
 * Positions are character offsets in the whole input.
 */
class MsconsSplitter {
  private separators: Separators = DEFAULT_SEPARATORS;
  private started = false;
  /** Text before the start was read (BOM and UNA need the first ten characters). */
  private head = '';
  /** The unfinished segment (and blanks before it) and the offset of its first character. */
  private pending = '';
  private pendingOffset = 0;
  private count = 0;

  push(chunk: string): Segment[] {
    if (!this.started) {
      this.head += chunk;
      if (this.head.length < 10) return [];
      return this.begin();
    }
    return this.scan(chunk);
  }

  end(): Segment[] {
    const segments = this.started ? [] : this.begin();
    const rest = this.pending;
    const start = rest.search(/[^\r\n \t]/);
    if (start >= 0) {
      const released = rest.endsWith(this.separators.release) && !rest.endsWith(this.separators.release + this.separators.release);
      throw new MsconsError(
        'unterminated',
        this.count + 1,
        this.pendingOffset + start,
        released ? 'the file ends after a release character' : `the last segment is not closed with ${this.separators.segment}`,
      );
    }
    if (this.count === 0) throw new MsconsError('empty', 0, 0, 'the file is empty');
    return segments;
  }

  private begin(): Segment[] {
    this.started = true;
    let text = this.head;
    this.head = '';
    let base = 0;
    if (text.startsWith('\uFEFF')) {
      text = text.slice(1);
      base = 1;
    }
    if (text.trim() === '') {
      this.pending = text;
      this.pendingOffset = base;
      return [];
    }
    if (text.startsWith('UNA')) {
      const advice = text.slice(3, 9);
      if (advice.length < 6) throw new MsconsError('bad_service_advice', 1, base, 'UNA must be followed by six service characters');
      const separators = { component: advice.charAt(0), element: advice.charAt(1), decimal: advice.charAt(2), release: advice.charAt(3), segment: advice.charAt(5) };
      if (new Set([separators.component, separators.element, separators.release, separators.segment]).size !== 4) {
        throw new MsconsError('bad_service_advice', 1, base, 'the separators in UNA must differ from each other');
      }
      this.separators = separators;
      text = text.slice(9);
      base += 9;
    }
    this.pendingOffset = base;
    return this.scan(text);
  }

  private scan(chunk: string): Segment[] {
    const { segment: terminator, release } = this.separators;
    const data = this.pending + chunk;
    const base = this.pendingOffset;
    const segments: Segment[] = [];
    let position = 0;
    let from = 0;
    for (;;) {
      const at = data.indexOf(terminator, from);
      if (at < 0) break;
      // An odd run of release characters before the terminator releases it.
      let releases = 0;
      while (at - releases - 1 >= position && data.charAt(at - releases - 1) === release) releases += 1;
      if (releases % 2 === 1) {
        from = at + 1;
        continue;
      }
      segments.push(this.segment(data, position, at, base));
      position = at + 1;
      from = position;
    }
    this.pending = data.slice(position);
    this.pendingOffset = base + position;
    return segments;
  }

  /** The segment in data[from, to) (terminator excluded), leading blanks skipped. */
  private segment(data: string, from: number, to: number, base: number): Segment {
    let start = from;
    while (start < to && BLANKS.has(data.charAt(start))) start += 1;
    const { component: componentSeparator, element: elementSeparator, release } = this.separators;
    const text = data.slice(start, to);
    let parts: string[][];
    if (!text.includes(release)) {
      parts = text.split(elementSeparator).map((element) => element.split(componentSeparator));
    } else {
      parts = [];
      let current: string[] = [];
      let component = '';
      for (let i = 0; i < text.length; i += 1) {
        const c = text.charAt(i);
        if (c === release) {
          i += 1;
          component += text.charAt(i);
        } else if (c === componentSeparator) {
          current.push(component);
          component = '';
        } else if (c === elementSeparator) {
          current.push(component);
          parts.push(current);
          current = [];
          component = '';
        } else {
          component += c;
        }
      }
      current.push(component);
      parts.push(current);
    }
    const [tagElement, ...rest] = parts;
    this.count += 1;
    return { tag: tagElement?.[0] ?? '', elements: rest, number: this.count, offset: base + start };
  }
}

const field = (segment: Segment, element: number, component = 0): string => segment.elements[element - 1]?.[component] ?? '';

/**
 * The interchange's structure, one segment at a time: UNB, messages (UNH ... UNT) with their
 * locations, lines and quantities, UNZ. Without `onQuantity` quantities are kept in the tree;
 * with it, each goes there once complete and the tree keeps no quantities.
 */
class MsconsInterpreter {
  private state: 'start' | 'between' | 'message' | 'done' = 'start';
  private interchange: MsconsInterchange = { sender: '', receiver: '', reference: '', messages: [] };
  private message: MsconsMessage | null = null;
  private unhNumber = 0;
  private location: MsconsLocation | null = null;
  private line: MsconsLine | null = null;
  private quantity: MsconsQuantity | null = null;
  private quantitySegment: Segment | null = null;
  private last: Segment | null = null;

  private readonly onQuantity: ((event: MsconsQuantityEvent) => void) | undefined;

  constructor(onQuantity?: (event: MsconsQuantityEvent) => void) {
    this.onQuantity = onQuantity;
  }

  segment(segment: Segment): void {
    this.last = segment;
    switch (this.state) {
      case 'start':
        if (segment.tag !== 'UNB') throw unexpected(segment, 'UNB');
        this.interchange = { sender: field(segment, 2), receiver: field(segment, 3), reference: field(segment, 5), messages: [] };
        this.state = 'between';
        return;
      case 'between':
        if (segment.tag === 'UNH') return this.startMessage(segment);
        if (this.interchange.messages.length === 0) throw new MsconsError('missing_segment', segment.number, segment.offset, 'the interchange holds no message (UNH)');
        if (segment.tag !== 'UNZ') throw unexpected(segment, 'UNZ');
        this.endInterchange(segment);
        return;
      case 'message':
        return this.inMessage(segment);
      case 'done':
        throw new MsconsError('unexpected_segment', segment.number, segment.offset, `${segment.tag} after UNZ`);
    }
  }

  end(): MsconsInterchange {
    const last = this.last;
    if (!last) throw new MsconsError('empty', 0, 0, 'the file holds no segment');
    if (this.state === 'start') throw new MsconsError('missing_segment', last.number, last.offset, 'UNB is missing at the end');
    if (this.state === 'message') throw new MsconsError('missing_segment', last.number, last.offset, 'UNT is missing at the end of the message');
    if (this.state === 'between') {
      if (this.interchange.messages.length === 0) throw new MsconsError('missing_segment', last.number, last.offset, 'the interchange holds no message (UNH)');
      throw new MsconsError('missing_segment', last.number, last.offset, 'UNZ is missing at the end');
    }
    return this.interchange;
  }

  private startMessage(unh: Segment): void {
    const type = unh.elements[1] ?? [];
    if (type[0] !== 'MSCONS') throw new MsconsError('not_mscons', unh.number, unh.offset, `the message type is ${type[0] || 'missing'}, not MSCONS`);
    this.message = { reference: field(unh, 1), type: type.join(':'), documentNumber: '', sender: null, receiver: null, locations: [] };
    this.unhNumber = unh.number;
    this.location = null;
    this.line = null;
    this.quantity = null;
    this.state = 'message';
  }

  /** The current quantity is complete: hand it on (streamed) and forget it. */
  private closeQuantity(): void {
    const { quantity, quantitySegment, location, line } = this;
    if (quantity && quantitySegment && location && line && this.onQuantity) {
      this.onQuantity({ location, line, quantity, segment: quantitySegment.number, offset: quantitySegment.offset });
    }
    this.quantity = null;
    this.quantitySegment = null;
  }

  private inMessage(segment: Segment): void {
    const message = this.message;
    if (!message) throw unexpected(segment, 'UNH');
    switch (segment.tag) {
      case 'UNT': {
        this.closeQuantity();
        const counted = segment.number - this.unhNumber + 1;
        if (Number(field(segment, 1)) !== counted) {
          throw new MsconsError('count_mismatch', segment.number, segment.offset, `UNT says ${field(segment, 1)} segments, the message has ${String(counted)}`);
        }
        if (field(segment, 2) !== message.reference) {
          throw new MsconsError('reference_mismatch', segment.number, segment.offset, `UNT names message ${field(segment, 2)}, UNH ${message.reference}`);
        }
        this.interchange.messages.push(message);
        this.message = null;
        this.state = 'between';
        return;
      }
      case 'BGM':
        message.documentNumber = field(segment, 2);
        return;
      case 'NAD':
        if (field(segment, 1) === 'MS') message.sender = field(segment, 2);
        if (field(segment, 1) === 'MR') message.receiver = field(segment, 2);
        return;
      case 'LOC':
        if (field(segment, 1) === '172') {
          this.closeQuantity();
          this.location = { id: field(segment, 2), from: null, to: null, lines: [] };
          message.locations.push(this.location);
          this.line = null;
        }
        return;
      case 'LIN':
        if (!this.location) throw new MsconsError('unexpected_segment', segment.number, segment.offset, 'LIN before any LOC+172 location');
        this.closeQuantity();
        this.line = { obis: null, quantities: [] };
        this.location.lines.push(this.line);
        return;
      case 'PIA':
        if (this.line && field(segment, 1) === '5') this.line.obis = field(segment, 2);
        return;
      case 'QTY': {
        if (!this.line) throw new MsconsError('unexpected_segment', segment.number, segment.offset, 'QTY before any LIN');
        this.closeQuantity();
        const quantity: MsconsQuantity = { quality: field(segment, 1, 0), value: decimal(segment, field(segment, 1, 1)), from: null, to: null, readAt: null, status: [] };
        this.quantity = quantity;
        this.quantitySegment = segment;
        if (!this.onQuantity) this.line.quantities.push(quantity);
        return;
      }
      case 'DTM': {
        const qualifier = field(segment, 1, 0);
        const at = ediDate(segment, field(segment, 1, 1), field(segment, 1, 2));
        const quantity = this.quantity;
        const target = quantity ?? (this.line ? null : this.location);
        if (!target) return;
        if (qualifier === '163') target.from = at;
        else if (qualifier === '164') target.to = at;
        else if (quantity && (qualifier === '7' || qualifier === '9' || qualifier === '60')) quantity.readAt = at;
        if (quantity?.from && quantity.to && quantity.to <= quantity.from) {
          throw new MsconsError('bad_period', segment.number, segment.offset, 'the period ends before it starts');
        }
        return;
      }
      case 'STS':
        if (this.quantity) this.quantity.status.push(...segment.elements.map((e) => e[0] ?? '').filter((code) => code !== ''));
        return;
      case 'UNH':
      case 'UNZ':
        throw new MsconsError('unexpected_segment', segment.number, segment.offset, `${segment.tag} before UNT closed the message`);
      default:
        // Other segments (UNS, RFF, CTA, COM, CCI, MEA...) carry nothing the portal stores.
        return;
    }
  }

  private endInterchange(unz: Segment): void {
    const { interchange } = this;
    if (Number(field(unz, 1)) !== interchange.messages.length) {
      throw new MsconsError('count_mismatch', unz.number, unz.offset, `UNZ says ${field(unz, 1)} messages, the interchange has ${String(interchange.messages.length)}`);
    }
    if (field(unz, 2) !== interchange.reference) {
      throw new MsconsError('reference_mismatch', unz.number, unz.offset, `UNZ names interchange ${field(unz, 2)}, UNB ${interchange.reference}`);
    }
    this.state = 'done';
  }
}

function unexpected(segment: Segment, tag: string): MsconsError {
  return new MsconsError('unexpected_segment', segment.number, segment.offset, `expected ${tag}, found ${segment.tag || 'an empty segment'}`);
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
const ediDates = new Map<string, number>();

function ediDate(segment: Segment, raw: string, format: string): Date {
  // Load profiles repeat the same periods for every location: parse each stamp once.
  const key = `${format}|${raw}`;
  const known = ediDates.get(key);
  if (known !== undefined) return new Date(known);
  const at = parseEdiDate(segment, raw, format);
  if (ediDates.size > 100_000) ediDates.clear();
  ediDates.set(key, at.getTime());
  return at;
}

function parseEdiDate(segment: Segment, raw: string, format: string): Date {
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
