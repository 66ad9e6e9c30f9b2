// MSCONS reader (DOMAIN.md §6): the example interchange, release characters, both decimal marks,
// time zone offsets, DST days with 92 and 100 quarter hours, meter readings, and positioned errors.
import { describe, expect, it } from 'vitest';
import { MsconsError, parseMscons, quarterHours, readMscons } from './mscons.ts';

const EXAMPLE = [
  "UNA:+.? 'UNB+UNOC:3+9900000000001:500+9900000000002:500+250101:1200+REF0001++TL'",
  "UNH+1+MSCONS:D:04B:UN:2.4c'BGM+7+MSG0001+9'DTM+137:202501011200?+00:303'RFF+Z13:13025'",
  "NAD+MS+9900000000001::293'NAD+MR+9900000000002::293'UNS+D'NAD+DP'",
  "LOC+172+DE00056266802AO6G56M11SN51G21M24S'DTM+163:202412312300?+00:303'DTM+164:202412312330?+00:303'",
  "LIN+1'PIA+5+1-1?:1.29.0:SRW'",
  "QTY+220:0.250'DTM+163:202412312300?+00:303'DTM+164:202412312315?+00:303'",
  "QTY+220:0.310'DTM+163:202412312315?+00:303'DTM+164:202412312330?+00:303'",
  "UNT+20+1'UNZ+1+REF0001'",
].join('\n');

/** One message of quarter-hour values from `start` (UTC), `count` values, given in `offset` notation. */
function loadProfile(startUtc: string, count: number, options: { decimal?: ',' | '.'; quality?: (i: number) => string } = {}): string {
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 12);
  const start = Date.parse(startUtc);
  const values: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const from = start + i * 900_000;
    const value = `${String(i % 10)}${options.decimal ?? '.'}${String(100 + i).slice(-3)}`;
    values.push(`QTY+${options.quality?.(i) ?? '220'}:${value}'DTM+163:${stamp(from)}?+00:303'DTM+164:${stamp(from + 900_000)}?+00:303'`);
  }
  const body = [
    "UNH+7+MSCONS:D:04B:UN:2.4c'",
    "BGM+7+DOC7+9'",
    "LOC+172+DE0001234567890000000000000000001'",
    "LIN+1'",
    "PIA+5+1-1?:1.29.0:SRW'",
    ...values,
  ];
  const segments = body.join('').split("'").filter((s) => s !== '').length + 1;
  return `UNA:+.? 'UNB+UNOC:3+SENDER:500+RECEIVER:500+250330:0100+IC7'${body.join('')}UNT+${String(segments)}+7'UNZ+1+IC7'`;
}

describe('parseMscons', () => {
  it('reads the example interchange: parties, location, OBIS code with a released colon, values and periods', () => {
    const interchange = parseMscons(EXAMPLE);
    expect(interchange).toMatchObject({ sender: '9900000000001', receiver: '9900000000002', reference: 'REF0001' });
    const [message] = interchange.messages;
    expect(message).toMatchObject({ reference: '1', type: 'MSCONS:D:04B:UN:2.4c', documentNumber: 'MSG0001', sender: '9900000000001', receiver: '9900000000002' });
    const [location] = message!.locations;
    expect(location?.id).toBe('DE00056266802AO6G56M11SN51G21M24S');
    expect(location?.from?.toISOString()).toBe('2024-12-31T23:00:00.000Z');
    expect(location?.to?.toISOString()).toBe('2024-12-31T23:30:00.000Z');
    const [line] = location!.lines;
    expect(line?.obis).toBe('1-1:1.29.0');
    expect(line?.quantities.map((q) => [q.quality, q.value, q.from?.toISOString(), q.to?.toISOString()])).toEqual([
      ['220', '0.250', '2024-12-31T23:00:00.000Z', '2024-12-31T23:15:00.000Z'],
      ['220', '0.310', '2024-12-31T23:15:00.000Z', '2024-12-31T23:30:00.000Z'],
    ]);
  });

  it('accepts a decimal comma, other separators from UNA, a BOM and CRLF between segments', () => {
    const comma = parseMscons(`\uFEFF${EXAMPLE.replace('QTY+220:0.250', 'QTY+220:0,250').replaceAll('\n', '\r\n')}`);
    expect(comma.messages[0]!.locations[0]!.lines[0]!.quantities[0]!.value).toBe('0.250');
    // UNA with other characters: component |, element *, release !, segment ~.
    // What had to be released before (+ of the offset, : in the OBIS code) is plain data there.
    const other = EXAMPLE.replace("UNA:+.? '", 'UNA|*.! ~')
      .replaceAll('?+', '\u0001')
      .replaceAll('?:', '\u0002')
      .replaceAll("'", '~')
      .replaceAll(':', '|')
      .replaceAll('+', '*')
      .replaceAll('\u0001', '+')
      .replaceAll('\u0002', ':')
      .replace('MSG0001', 'MSG!*0001');
    const parsed = parseMscons(other);
    expect(parsed.messages[0]!.documentNumber).toBe('MSG*0001');
    expect(parsed.messages[0]!.locations[0]!.lines[0]!.obis).toBe('1-1:1.29.0');
    expect(parsed.messages[0]!.locations[0]!.lines[0]!.quantities[1]!.from?.toISOString()).toBe('2024-12-31T23:15:00.000Z');
  });

  it('converts local times with their offset (+01, +0200, -0130) to instants', () => {
    const withOffset = (value: string) => parseMscons(EXAMPLE.replace("DTM+163:202412312300?+00:303'DTM+164:202412312315?+00:303'", `DTM+163:${value}:303'DTM+164:202501010100?+00:303'`));
    expect(withOffset('202501010000?+01').messages[0]!.locations[0]!.lines[0]!.quantities[0]!.from?.toISOString()).toBe('2024-12-31T23:00:00.000Z');
    expect(withOffset('202501010100?+0200').messages[0]!.locations[0]!.lines[0]!.quantities[0]!.from?.toISOString()).toBe('2024-12-31T23:00:00.000Z');
    expect(withOffset('202412312130-0130').messages[0]!.locations[0]!.lines[0]!.quantities[0]!.from?.toISOString()).toBe('2024-12-31T23:00:00.000Z');
  });

  it('keeps the DST days whole: 92 quarter hours on 30 March 2025, 100 on 26 October 2025 (German local days)', () => {
    // Local day 30.03.2025 runs from 29.03. 23:00 UTC to 30.03. 22:00 UTC: 23 hours.
    const spring = quarterHours(parseMscons(loadProfile('2025-03-29T23:00:00Z', 92)).messages[0]!.locations[0]!.lines[0]!);
    expect(spring).toHaveLength(92);
    expect(spring.at(-1)!.from.toISOString()).toBe('2025-03-30T21:45:00.000Z');
    // Local day 26.10.2025 runs from 25.10. 22:00 UTC to 26.10. 23:00 UTC: 25 hours.
    const autumn = quarterHours(parseMscons(loadProfile('2025-10-25T22:00:00Z', 100, { decimal: ',' })).messages[0]!.locations[0]!.lines[0]!);
    expect(autumn).toHaveLength(100);
    expect(autumn[0]!.value).toBe('0.100');
    expect(autumn.at(-1)!.from.toISOString()).toBe('2025-10-26T22:45:00.000Z');
  });

  it('keeps quality flags per value (true, substitute, provisional, missing)', () => {
    const flags = ['220', '67', 'Z18', 'Z30'];
    const series = quarterHours(parseMscons(loadProfile('2025-01-01T23:00:00Z', 4, { quality: (i) => flags[i]! })).messages[0]!.locations[0]!.lines[0]!);
    expect(series.map((v) => v.quality)).toEqual(flags);
  });

  it('reads meter readings with the reading date and the self-reading status', () => {
    const reading = EXAMPLE.replaceAll('\n', '').replace(
      "LIN+1'PIA+5+1-1?:1.29.0:SRW'QTY+220:0.250'DTM+163:202412312300?+00:303'DTM+164:202412312315?+00:303'QTY+220:0.310'DTM+163:202412312315?+00:303'DTM+164:202412312330?+00:303'",
      "LIN+1'PIA+5+1-1?:1.8.0:SRW'QTY+220:2729.000'DTM+7:202412311000?+01:303'STS+Z33++Z83'",
    ).replace('UNT+20+1', 'UNT+17+1');
    const [quantity] = parseMscons(reading).messages[0]!.locations[0]!.lines[0]!.quantities;
    expect(quantity).toMatchObject({ quality: '220', value: '2729.000', status: ['Z33', 'Z83'] });
    expect(quantity?.readAt?.toISOString()).toBe('2024-12-31T09:00:00.000Z');
  });

  it('names the segment and character of each problem', () => {
    const problem = (text: string) => {
      try {
        parseMscons(text);
      } catch (error) {
        if (error instanceof MsconsError) return { code: error.code, segment: error.segment, offset: error.offset, message: error.message };
        throw error;
      }
      throw new Error('no error');
    };
    expect(problem('  \n')).toMatchObject({ code: 'empty' });
    expect(problem(EXAMPLE.replace('QTY+220:0.250', 'QTY+220:0.2x5'))).toMatchObject({ code: 'bad_quantity', segment: 15 });
    expect(problem(EXAMPLE.replace('QTY+220:0.250', 'QTY+220:0.2x5')).message).toMatch(/^segment 15 \(character \d+\): "0\.2x5" is not a number$/);
    const badDate = problem(EXAMPLE.replace('DTM+163:202412312315?+00:303', 'DTM+163:202402302315?+00:303'));
    expect(badDate).toMatchObject({ code: 'bad_date', segment: 19 });
    expect(EXAMPLE.slice(badDate.offset, badDate.offset + 8)).toBe('DTM+163:');
    expect(problem(EXAMPLE.replace("UNZ+1+REF0001'", 'UNZ+1+REF0001'))).toMatchObject({ code: 'unterminated', segment: 22 });
    expect(problem(EXAMPLE.replace("UNZ+1+REF0001'", "UNZ+1+REF0001?'"))).toMatchObject({ code: 'unterminated' });
    expect(problem(EXAMPLE.replace('UNT+20+1', 'UNT+19+1'))).toMatchObject({ code: 'count_mismatch', segment: 21 });
    expect(problem(EXAMPLE.replace('UNZ+1+REF0001', 'UNZ+2+REF0001'))).toMatchObject({ code: 'count_mismatch', segment: 22 });
    expect(problem(EXAMPLE.replace('UNZ+1+REF0001', 'UNZ+1+REF0002'))).toMatchObject({ code: 'reference_mismatch' });
    expect(problem(EXAMPLE.replace('MSCONS:D:04B', 'UTILMD:D:04B'))).toMatchObject({ code: 'not_mscons', segment: 2 });
    expect(problem(EXAMPLE.replace("UNT+20+1'", ''))).toMatchObject({ code: 'unexpected_segment', segment: 21 });
    expect(problem(EXAMPLE.replace("UNA:+.? 'UNB", "UNA:+.? 'XYZ"))).toMatchObject({ code: 'unexpected_segment', segment: 1 });
    expect(problem(EXAMPLE.replace('DTM+164:202412312315?+00:303', 'DTM+164:202412312245?+00:303'))).toMatchObject({ code: 'bad_period' });
  });

  it('reads a stream in any chunks the same as the whole text: quantities, periods, offsets, released characters', async () => {
    const text = `\uFEFF${loadProfile('2025-10-25T22:00:00Z', 100, { decimal: ',', quality: (i) => (i === 3 ? 'Z18' : '220') })}`
      // Forms read in place and forms read in general: "?-" and four-digit offsets, a date
      // with an extra component, a negative value, a status.
      .replace('DTM+163:202510252215?+00:303', 'DTM+163:202510260015?+0200:303')
      .replace('DTM+164:202510252230?+00:303', 'DTM+164:202510252130?-0100:303')
      .replace('DTM+163:202510252230?+00:303', 'DTM+163:202510252230?+00:303:X')
      .replace("QTY+Z18:3,103'", "QTY+Z18:-3,103'STS+Z33'")
      .replace('UNT+306+7', 'UNT+307+7');
    const whole = parseMscons(text).messages[0]!.locations[0]!.lines[0]!.quantities;
    expect(whole).toHaveLength(100);
    expect(whole[1]).toMatchObject({ value: '1.101', from: new Date('2025-10-25T22:15:00Z'), to: new Date('2025-10-25T22:30:00Z') });
    expect(whole[3]).toMatchObject({ quality: 'Z18', value: '-3.103', status: ['Z33'] });
    for (const size of [1, 7, 64, 4096]) {
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
      const streamed: unknown[] = [];
      const tree = await readMscons(
        (async function* () {
          yield* chunks;
        })(),
        (e) => streamed.push({ quality: e.quality, value: e.value, from: e.from, to: e.to, readAt: e.readAt, status: [...e.status], segment: e.segment, offset: e.offset, obis: e.line.obis }),
      );
      expect(tree.messages[0]!.locations[0]!.lines[0]!.quantities).toEqual([]);
      expect(streamed).toHaveLength(100);
      expect(streamed.map((e) => ({ ...(e as Record<string, unknown>), segment: 0, offset: 0, obis: null }))).toEqual(
        whole.map((q) => ({ quality: q.quality, value: q.value, from: q.from?.getTime() ?? null, to: q.to?.getTime() ?? null, readAt: null, status: q.status, segment: 0, offset: 0, obis: null })),
      );
      const first = streamed[0] as { segment: number; offset: number; obis: string };
      expect(first.segment).toBe(7);
      expect(text.slice(first.offset, first.offset + 4)).toBe('QTY+');
      expect(first.obis).toBe('1-1:1.29.0');
    }
  });

  it('reads QTY and DTM the same in place and split into elements (an extra component sends them the general way)', () => {
    const text = loadProfile('2025-03-29T23:00:00Z', 92, { decimal: ',', quality: (i) => ['220', '67', 'Z18', 'Z30'][i % 4]! });
    const general = text.replace(/(QTY\+[^']*)'/g, "$1:KWH'").replace(/(DTM\+16[34]:[^']*)'/g, "$1:X'");
    expect(general).not.toBe(text);
    const quantities = (t: string) => parseMscons(t).messages[0]!.locations[0]!.lines[0]!.quantities;
    expect(quantities(general)).toEqual(quantities(text));
    expect(quantities(text)[1]).toMatchObject({ quality: '67', value: '1.101', from: new Date('2025-03-29T23:15:00Z') });
  });

  it('refuses a load profile with a gap or a value that is not a quarter hour', () => {
    const gap = parseMscons(EXAMPLE.replaceAll('\n', '').replace('DTM+163:202412312315?+00:303', 'DTM+163:202412312320?+00:303').replace('DTM+164:202412312330?+00:303\'U', 'DTM+164:202412312335?+00:303\'U'));
    expect(() => quarterHours(gap.messages[0]!.locations[0]!.lines[0]!)).toThrow(/value 2 of 1-1:1.29.0 does not follow the previous one/);
    const long = parseMscons(EXAMPLE.replace('DTM+164:202412312315?+00:303', 'DTM+164:202412312330?+00:303'));
    expect(() => quarterHours(long.messages[0]!.locations[0]!.lines[0]!)).toThrow(/value 1 of 1-1:1.29.0 does not cover 15 minutes/);
  });
});
