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
  const interpreter = new MsconsInterpreter();
  const splitter = new MsconsSplitter(interpreter);
  splitter.push(text);
  splitter.end();
  return interpreter.end();
}

/**
 * A quantity with its period complete (the next QTY, LIN, LOC or UNT closed it), for streamed
 * reading. The reader hands on the same object each time, filled anew: take what you need during
 * the call and keep nothing of it.
 */
export type MsconsQuantityEvent = {
  location: MsconsLocation;
  line: MsconsLine;
  /** QTY qualifier (220, 67, Z18, ...), as sent. */
  quality: string;
  /** The quantity as a decimal string with '.' ("0.250"), as sent; never a float. */
  value: string;
  /** DTM 163/164 as instants (ms since epoch), null when not given. */
  from: number | null;
  to: number | null;
  /** DTM 7/9/60 as an instant, null when not given. */
  readAt: number | null;
  /** STS status codes. */
  status: readonly string[];
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
  const interpreter = new MsconsInterpreter(onQuantity);
  const splitter = new MsconsSplitter(interpreter);
  for await (const chunk of chunks) {
    splitter.push(chunk);
    await afterChunk?.();
  }
  splitter.end();
  return interpreter.end();
}

/** Blanks between segments: CR, LF, space, tab. */
const isBlank = (c: number) => c === 13 || c === 10 || c === 32 || c === 9;

/**
 * Splits text into segments on unreleased terminators, chunk by chunk, and hands each to the
 * interpreter as a range of the text (nothing is copied here): the service string advice (UNA)
 * sets the separators, a BOM is skipped, line breaks and blanks between segments are layout.
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
  private readonly interpreter: MsconsInterpreter;

  constructor(interpreter: MsconsInterpreter) {
    this.interpreter = interpreter;
  }

  push(chunk: string): void {
    if (!this.started) {
      this.head += chunk;
      if (this.head.length < 10) return;
      this.begin();
      return;
    }
    this.scan(chunk);
  }

  end(): void {
    if (!this.started) this.begin();
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
  }

  private begin(): void {
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
      return;
    }
    if (text.startsWith('UNA')) {
      const advice = text.slice(3, 9);
      if (advice.length < 6) throw new MsconsError('bad_service_advice', 1, base, 'UNA must be followed by six service characters');
      const separators = { component: advice.charAt(0), element: advice.charAt(1), decimal: advice.charAt(2), release: advice.charAt(3), segment: advice.charAt(5) };
      if (new Set([separators.component, separators.element, separators.release, separators.segment]).size !== 4) {
        throw new MsconsError('bad_service_advice', 1, base, 'the separators in UNA must differ from each other');
      }
      this.separators = separators;
      this.interpreter.separators(separators);
      text = text.slice(9);
      base += 9;
    }
    this.pendingOffset = base;
    this.scan(text);
  }

  private scan(chunk: string): void {
    const terminator = this.separators.segment;
    const release = this.separators.release.charCodeAt(0);
    // The unfinished segment is joined with this chunk only until it ends; the rest is read in
    // the chunk itself (a joined string is slower to read character by character).
    const pendingLength = this.pending.length;
    let data = pendingLength > 0 ? this.pending + chunk : chunk;
    let joined = pendingLength > 0;
    let base = this.pendingOffset;
    let position = 0;
    // The unfinished segment holds no unreleased terminator.
    let from = pendingLength;
    try {
      for (;;) {
        const at = data.indexOf(terminator, from);
        if (at < 0) break;
        // An odd run of release characters before the terminator releases it.
        let releases = 0;
        while (at - releases - 1 >= position && data.charCodeAt(at - releases - 1) === release) releases += 1;
        if (releases % 2 === 1) {
          from = at + 1;
          continue;
        }
        let start = position;
        while (start < at && isBlank(data.charCodeAt(start))) start += 1;
        this.count += 1;
        position = at + 1;
        from = position;
        this.interpreter.range(data, start, at, this.count, base + start);
        if (joined) {
          joined = false;
          data = chunk;
          base += pendingLength;
          position -= pendingLength;
          from = position;
        }
      }
    } finally {
      this.pending = data.slice(position);
      this.pendingOffset = base + position;
    }
  }
}

/**
 * The segment in data[from, to) (terminator excluded) as elements and components, release
 * characters removed: text between separators is taken as slices, a released character joins them.
 */
function tokenize(data: string, from: number, to: number, number: number, offset: number, separators: Separators): Segment {
  const component = separators.component.charCodeAt(0);
  const element = separators.element.charCodeAt(0);
  const release = separators.release.charCodeAt(0);
  const parts: string[][] = [];
  let current: string[] = [];
  let piece = '';
  let start = from;
  for (let i = from; i < to; i += 1) {
    const c = data.charCodeAt(i);
    if (c === release) {
      piece += data.slice(start, i) + (i + 1 < to ? data.charAt(i + 1) : '');
      i += 1;
      start = Math.min(i + 1, to);
    } else if (c === component) {
      current.push(piece + data.slice(start, i));
      piece = '';
      start = i + 1;
    } else if (c === element) {
      current.push(piece + data.slice(start, i));
      parts.push(current);
      current = [];
      piece = '';
      start = i + 1;
    }
  }
  current.push(piece + data.slice(start, to));
  parts.push(current);
  return { tag: parts[0]?.[0] ?? '', elements: parts.slice(1), number, offset };
}

const field = (segment: Segment, element: number, component = 0): string => segment.elements[element - 1]?.[component] ?? '';

const NO_STATUS: readonly string[] = Object.freeze([]);

/** Character codes: Q T Y D M 0 1 3 4 6 + - . , */
const Q = 81;
const T = 84;
const Y = 89;
const D = 68;
const M = 77;
const ZERO = 48;
const PLUS = 43;
const MINUS = 45;
const POINT = 46;
const COMMA = 44;

const isDigit = (c: number) => c >= 48 && c <= 57;

/** The number written by `count` digits at data[at] (checked to be digits before). */
function numberAt(data: string, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k += 1) value = value * 10 + data.charCodeAt(at + k) - ZERO;
  return value;
}

const dateOf = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * The interchange's structure, one segment at a time: UNB, messages (UNH ... UNT) with their
 * locations, lines and quantities, UNZ. Without `onQuantity` quantities are kept in the tree;
 * with it, each goes there once complete and the tree keeps no quantities.
 *
 * Speed (ADR 0022): QTY and DTM 163/164 segments of a load profile in their usual form (a plain
 * number; CCYYMMDDHHMM with offset, format 303) are read in place from the text by character
 * codes; every other segment, and any such segment in another form or with a problem, is split
 * into elements and read by the general code, which alone reports errors.
 */
class MsconsInterpreter {
  private state: 'start' | 'between' | 'message' | 'done' = 'start';
  private interchange: MsconsInterchange = { sender: '', receiver: '', reference: '', messages: [] };
  private message: MsconsMessage | null = null;
  private unhNumber = 0;
  private location: MsconsLocation | null = null;
  private line: MsconsLine | null = null;
  /** The open quantity (QTY until the next QTY, LIN, LOC or UNT). */
  private open = false;
  private quality = '';
  private value = '';
  private from: number | null = null;
  private to: number | null = null;
  private readAt: number | null = null;
  private status: string[] | null = null;
  private quantityNumber = 0;
  private quantityOffset = 0;
  /** The last segment read (number 0: none yet). */
  private lastNumber = 0;
  private lastOffset = 0;
  private seps: Separators = DEFAULT_SEPARATORS;
  private componentCode = 58;
  private elementCode = 43;
  private releaseCode = 63;
  /** Day starts (ms) of CCYYMMDD, null for dates that do not exist. */
  private readonly days = new Map<number, number | null>();
  /** The date (CCYYMMDD) and the zone and format text ("?+00:303") of the last stamp read in place, with what they meant. */
  private lastDayText = '';
  private lastDayStart: number | null = null;
  private lastZoneText = '';
  private lastZoneMinutes = 0;

  private readonly onQuantity: ((event: MsconsQuantityEvent) => void) | undefined;
  private readonly event: MsconsQuantityEvent = {
    location: { id: '', from: null, to: null, lines: [] },
    line: { obis: null, quantities: [] },
    quality: '',
    value: '',
    from: null,
    to: null,
    readAt: null,
    status: NO_STATUS,
    segment: 0,
    offset: 0,
  };

  constructor(onQuantity?: (event: MsconsQuantityEvent) => void) {
    this.onQuantity = onQuantity;
  }

  separators(separators: Separators): void {
    this.seps = separators;
    this.componentCode = separators.component.charCodeAt(0);
    this.elementCode = separators.element.charCodeAt(0);
    this.releaseCode = separators.release.charCodeAt(0);
  }

  /** The segment in data[from, to): the fast forms in place, the rest split and read in general. */
  range(data: string, from: number, to: number, number: number, offset: number): void {
    this.lastNumber = number;
    this.lastOffset = offset;
    if (this.state === 'message' && to - from > 4 && data.charCodeAt(from + 3) === this.elementCode) {
      const a = data.charCodeAt(from);
      const b = data.charCodeAt(from + 1);
      const c = data.charCodeAt(from + 2);
      if (a === Q && b === T && c === Y && this.quantityInPlace(data, from + 4, to, number, offset)) return;
      if (a === D && b === T && c === M && this.open && this.periodInPlace(data, from + 4, to, number, offset)) return;
    }
    this.segment(tokenize(data, from, to, number, offset, this.seps));
  }

  /** QTY+<qualifier>:<plain number>; false when the segment has another form. */
  private quantityInPlace(data: string, from: number, to: number, number: number, offset: number): boolean {
    if (!this.line) return false;
    let i = from;
    for (; i < to; i += 1) {
      const c = data.charCodeAt(i);
      if (c === this.componentCode) break;
      if (c === this.elementCode || c === this.releaseCode) return false;
    }
    if (i === to) return false;
    const qualifierEnd = i;
    const valueStart = i + 1;
    let mark = -1;
    let digits = 0;
    for (i = valueStart; i < to; i += 1) {
      const c = data.charCodeAt(i);
      if (isDigit(c)) digits += 1;
      else if ((c === POINT || c === COMMA) && mark < 0 && digits > 0) {
        mark = i;
        digits = 0;
      } else return false;
    }
    if (digits === 0) return false;
    this.closeQuantity();
    this.open = true;
    const qualifierLength = qualifierEnd - from;
    this.quality = qualifierLength === this.quality.length && data.startsWith(this.quality, from) ? this.quality : data.slice(from, qualifierEnd);
    // One flat string (a joined one would be slow to read character by character later).
    this.value = mark >= 0 && data.charCodeAt(mark) === COMMA ? data.slice(valueStart, to).replace(',', '.') : data.slice(valueStart, to);
    this.from = null;
    this.to = null;
    this.readAt = null;
    this.status = null;
    this.quantityNumber = number;
    this.quantityOffset = offset;
    return true;
  }

  /** DTM+163|164:<CCYYMMDDHHMM><+|-><HH[MM]>:303 of the open quantity; false when the segment has another form. */
  private periodInPlace(data: string, from: number, to: number, number: number, offset: number): boolean {
    // Qualifier 163 or 164.
    if (to - from < 21 || data.charCodeAt(from) !== ZERO + 1 || data.charCodeAt(from + 1) !== ZERO + 6) return false;
    const kind = data.charCodeAt(from + 2);
    if ((kind !== ZERO + 3 && kind !== ZERO + 4) || data.charCodeAt(from + 3) !== this.componentCode) return false;
    let i = from + 4;
    // CCYYMMDD: the same text as the last stamp's names the same day (load profiles go on for
    // 96 values a day); else the digits are read and the day's start looked up or computed.
    let start: number | null;
    if (this.lastDayText !== '' && data.startsWith(this.lastDayText, i)) start = this.lastDayStart;
    else {
      for (let k = 0; k < 8; k += 1) if (!isDigit(data.charCodeAt(i + k))) return false;
      const year = numberAt(data, i, 4);
      const month = numberAt(data, i + 4, 2);
      const day = numberAt(data, i + 6, 2);
      const key = year * 10_000 + month * 100 + day;
      let known = this.days.get(key);
      if (known === undefined) {
        const utc = Date.UTC(year, month - 1, day);
        const check = new Date(utc);
        known = check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? utc : null;
        if (this.days.size > 100_000) this.days.clear();
        this.days.set(key, known);
      }
      start = known;
      this.lastDayText = data.slice(i, i + 8);
      this.lastDayStart = start;
    }
    for (let k = 8; k < 12; k += 1) if (!isDigit(data.charCodeAt(i + k))) return false;
    const hour = numberAt(data, i + 8, 2);
    const minute = numberAt(data, i + 10, 2);
    i += 12;
    // The offset and the format: the same text as the last stamp's means the same offset.
    let offsetMinutes: number;
    if (to - i === this.lastZoneText.length && data.startsWith(this.lastZoneText, i)) offsetMinutes = this.lastZoneMinutes;
    else {
      const zone = i;
      // The sign of the offset, released when it is a separator ("?+").
      let sign = data.charCodeAt(i);
      if (sign === this.releaseCode) {
        i += 1;
        sign = data.charCodeAt(i);
      } else if (sign === this.elementCode || sign === this.componentCode) return false;
      if (sign !== PLUS && sign !== MINUS) return false;
      i += 1;
      let offsetDigits = 0;
      while (i + offsetDigits < to && isDigit(data.charCodeAt(i + offsetDigits))) offsetDigits += 1;
      if (offsetDigits !== 2 && offsetDigits !== 4) return false;
      offsetMinutes = (numberAt(data, i, 2) * 60 + (offsetDigits === 4 ? numberAt(data, i + 2, 2) : 0)) * (sign === MINUS ? -1 : 1);
      i += offsetDigits;
      if (to - i !== 4 || data.charCodeAt(i) !== this.componentCode || data.charCodeAt(i + 1) !== ZERO + 3 || data.charCodeAt(i + 2) !== ZERO || data.charCodeAt(i + 3) !== ZERO + 3) return false;
      this.lastZoneText = data.slice(zone, to);
      this.lastZoneMinutes = offsetMinutes;
    }
    if (start === null || hour > 23 || minute > 59) return false;
    const at = start + (hour * 60 + minute - offsetMinutes) * 60_000;
    if (kind === ZERO + 3) this.from = at;
    else this.to = at;
    this.checkPeriod(number, offset);
    return true;
  }

  private checkPeriod(number: number, offset: number): void {
    if (this.open && this.from !== null && this.to !== null && this.to <= this.from) {
      throw new MsconsError('bad_period', number, offset, 'the period ends before it starts');
    }
  }

  segment(segment: Segment): void {
    this.lastNumber = segment.number;
    this.lastOffset = segment.offset;
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
    const number = this.lastNumber;
    const offset = this.lastOffset;
    if (number === 0) throw new MsconsError('empty', 0, 0, 'the file holds no segment');
    if (this.state === 'start') throw new MsconsError('missing_segment', number, offset, 'UNB is missing at the end');
    if (this.state === 'message') throw new MsconsError('missing_segment', number, offset, 'UNT is missing at the end of the message');
    if (this.state === 'between') {
      if (this.interchange.messages.length === 0) throw new MsconsError('missing_segment', number, offset, 'the interchange holds no message (UNH)');
      throw new MsconsError('missing_segment', number, offset, 'UNZ is missing at the end');
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
    this.open = false;
    this.state = 'message';
  }

  /** The open quantity is complete: hand it on (streamed) or keep it in its line (tree). */
  private closeQuantity(): void {
    const { location, line } = this;
    if (this.open && location && line) {
      if (this.onQuantity) {
        const event = this.event;
        event.location = location;
        event.line = line;
        event.quality = this.quality;
        event.value = this.value;
        event.from = this.from;
        event.to = this.to;
        event.readAt = this.readAt;
        event.status = this.status ?? NO_STATUS;
        event.segment = this.quantityNumber;
        event.offset = this.quantityOffset;
        this.onQuantity(event);
      } else {
        line.quantities.push({ quality: this.quality, value: this.value, from: dateOf(this.from), to: dateOf(this.to), readAt: dateOf(this.readAt), status: this.status ?? [] });
      }
    }
    this.open = false;
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
        this.open = true;
        this.quality = field(segment, 1, 0);
        this.value = decimal(segment, field(segment, 1, 1));
        this.from = null;
        this.to = null;
        this.readAt = null;
        this.status = null;
        this.quantityNumber = segment.number;
        this.quantityOffset = segment.offset;
        return;
      }
      case 'DTM': {
        const qualifier = field(segment, 1, 0);
        const at = ediDate(segment, field(segment, 1, 1), field(segment, 1, 2));
        if (this.open) {
          if (qualifier === '163') this.from = at;
          else if (qualifier === '164') this.to = at;
          else if (qualifier === '7' || qualifier === '9' || qualifier === '60') this.readAt = at;
          this.checkPeriod(segment.number, segment.offset);
          return;
        }
        // DTM right after LOC: the period of the location's values.
        const target = this.line ? null : this.location;
        if (!target) return;
        if (qualifier === '163') target.from = new Date(at);
        else if (qualifier === '164') target.to = new Date(at);
        return;
      }
      case 'STS':
        if (this.open) (this.status ??= []).push(...segment.elements.map((e) => e[0] ?? '').filter((code) => code !== ''));
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
 * DTM dates as instants (ms): 303 = CCYYMMDDHHMM followed by the offset from UTC ("+00", "+01",
 * "+0100"), 203 = CCYYMMDDHHMM in UTC, 102 = CCYYMMDD (midnight UTC).
 */
const ediDates = new Map<string, number>();

function ediDate(segment: Segment, raw: string, format: string): number {
  // Load profiles repeat the same periods for every location: parse each stamp once.
  const key = `${format}|${raw}`;
  const known = ediDates.get(key);
  if (known !== undefined) return known;
  const at = parseEdiDate(segment, raw, format);
  if (ediDates.size > 100_000) ediDates.clear();
  ediDates.set(key, at);
  return at;
}

function parseEdiDate(segment: Segment, raw: string, format: string): number {
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
  return utc - offsetMinutes * 60_000;
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
