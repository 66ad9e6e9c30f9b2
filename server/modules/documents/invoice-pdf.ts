// PDF rendering of invoices and letters (DIN 5008 form B layout, tagged PDF, DejaVu fonts).
// Pure: data in, PDF bytes out. Deterministic for the same data (creation date comes from the data).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

// ---------------------------------------------------------------------------------------------
// Data

export type PdfLogo = {
  /** Width and height of the SVG viewBox the paths are drawn in. */
  viewBox: readonly [number, number];
  paths: ReadonlyArray<{ d: string; color: string }>;
};

export type PdfLetterhead = {
  legalName: string;
  displayName: string;
  tagline: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string;
  hours: string;
  primaryColor: string;
  logo?: PdfLogo | undefined;
  /** Small print at the bottom of every page (register, VAT id, bank, management). */
  footerColumns: ReadonlyArray<ReadonlyArray<string>>;
};

export type PdfMeterReadingLine = {
  meterNumber: string;
  register: string;
  fromDate: string;
  fromValue: string;
  toDate: string;
  toValue: string;
  /** Consumption, already formatted with unit (e.g. "2.345 kWh"). */
  consumption: string;
  /** How the closing reading was obtained, e.g. "Ablesung", "Kundenablesung", "Schätzung". */
  readingType: string;
};

export type InvoicePosition = {
  text: string;
  periodStart: string;
  periodEnd: string;
  quantity: number;
  quantityDecimals: number;
  quantityUnit: string;
  /** Net unit price in the unit given by priceUnit (ct/kWh, €/m³, €/Jahr). */
  unitPriceNet: number;
  priceDecimals: number;
  priceUnit: string;
  netCents: number;
  vatPercent: number;
};

export type InvoiceSection = {
  title: string;
  details: ReadonlyArray<string>;
  meterReadings: ReadonlyArray<PdfMeterReadingLine>;
  /** Extra explanation below the readings, e.g. the gas conversion from m³ to kWh. */
  notes: ReadonlyArray<string>;
  positions: ReadonlyArray<InvoicePosition>;
};

export type InvoicePdfData = {
  letterhead: PdfLetterhead;
  recipient: ReadonlyArray<string>;
  title: string;
  customerNumber: string;
  invoiceNumber: string;
  invoiceDate: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  salutation: string;
  intro: string;
  sections: ReadonlyArray<InvoiceSection>;
  vat: ReadonlyArray<{ percent: number; netCents: number; vatCents: number }>;
  netCents: number;
  vatCents: number;
  grossCents: number;
  /** "Abschläge" (DE) or "Teilbeträge" (AT). */
  instalmentLabel: string;
  instalmentsPaidCents: number;
  balanceCents: number;
  paymentNote: string;
  nextInstalments: ReadonlyArray<{ label: string; amountCents: number; validFrom: string }>;
  closing: ReadonlyArray<string>;
};

export type LetterPdfData = {
  letterhead: PdfLetterhead;
  recipient: ReadonlyArray<string>;
  /** Document title (PDF metadata) and subject line. */
  subject: string;
  date: string;
  references: ReadonlyArray<{ label: string; value: string }>;
  salutation: string;
  paragraphs: ReadonlyArray<string>;
  table?:
    | {
        head: ReadonlyArray<string>;
        rows: ReadonlyArray<ReadonlyArray<string>>;
        align: ReadonlyArray<'left' | 'right'>;
        /** Relative column widths. */
        widths: ReadonlyArray<number>;
      }
    | undefined;
  closingParagraphs: ReadonlyArray<string>;
  signature: ReadonlyArray<string>;
};

// ---------------------------------------------------------------------------------------------
// Formatting (German)

const euroFormat = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatEuro(cents: number): string {
  return euroFormat.format(cents / 100);
}

export function formatNumber(value: number, decimals: number): string {
  let format = numberFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('de-DE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(decimals, format);
  }
  return format.format(value);
}

/** 'YYYY-MM-DD' -> 'DD.MM.YYYY' */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

// ---------------------------------------------------------------------------------------------
// Fonts: parsed once per process (fontkit parsing dominates the cost of a small PDF otherwise).

type GlyphPosition = { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number };
type GlyphRun = { glyphs: unknown[]; positions: GlyphPosition[] };
type FontkitSubset = { readonly glyphs: number[]; encode(): Uint8Array };
type FontkitGlyph = { readonly advanceWidth: number };
type FontkitFont = {
  readonly postscriptName: string;
  layout(text: string, features?: unknown): GlyphRun;
  glyphsForString(text: string): FontkitGlyph[];
  createSubset(): FontkitSubset;
};
type Fonts = { regular: FontkitFont; bold: FontkitFont };
let fonts: Fonts | null = null;

/**
 * OpenType shaping of every word is the most expensive step of a small PDF. For our Latin business
 * texts simple layout is enough: one glyph per character with its advance width (no kerning, no
 * ligatures), cached across documents. pdfkit scales the positions of a run in place, so every call
 * gets fresh position objects.
 */
function withLayoutCache(font: FontkitFont): FontkitFont {
  const cache = new Map<string, GlyphRun>();
  const shape = font.layout.bind(font);
  font.layout = (text: string, features?: unknown): GlyphRun => {
    if (features !== undefined && features !== null) return shape(text, features);
    let run = cache.get(text);
    if (!run) {
      if (cache.size > 50_000) cache.clear();
      const glyphs = font.glyphsForString(text);
      run = { glyphs, positions: glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })) };
      cache.set(text, run);
    }
    const positions = run.positions.map((p) => ({ ...p }));
    let advanceWidth: number | null = null;
    return {
      glyphs: run.glyphs,
      positions,
      // Read by pdfkit after it scaled the positions, so it is computed lazily (once).
      get advanceWidth(): number {
        if (advanceWidth === null) {
          advanceWidth = 0;
          for (const p of positions) advanceWidth += p.xAdvance;
        }
        return advanceWidth;
      },
    } as GlyphRun;
  };
  return font;
}

/**
 * Encoding the embedded font subset is the other expensive step. Every document first includes the
 * same character set in the same order (see preloadGlyphs), so most documents have identical subsets
 * and the encoded font program can be reused.
 */
function withSubsetCache(font: FontkitFont): FontkitFont {
  const cache = new Map<string, Uint8Array>();
  const create = font.createSubset.bind(font);
  font.createSubset = (): FontkitSubset => {
    const subset = create();
    const encode = subset.encode.bind(subset);
    subset.encode = (): Uint8Array => {
      const key = subset.glyphs.join(',');
      let bytes = cache.get(key);
      if (!bytes) {
        if (cache.size > 100) cache.clear();
        bytes = encode();
        cache.set(key, bytes);
      }
      return bytes;
    };
    return subset;
  };
  return font;
}

const CHARSET =
  ' !"#%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz' + 'ÄÖÜäöüßé€–·×„“°²³§';

/** Includes the common character set first, in a fixed order, as an invisible artifact off the page. */
function preloadGlyphs(doc: Doc): void {
  artifact(doc, 'Layout', () => {
    for (const name of [REGULAR, BOLD]) doc.font(name).fontSize(1).text(CHARSET, -500, -500, { lineBreak: false });
  });
}

function loadFonts(): Fonts {
  if (fonts) return fonts;
  const require = createRequire(import.meta.url);
  // fontkit is pdfkit's own dependency: resolve it from pdfkit so both use the same instance.
  const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Buffer): FontkitFont };
  const read = (file: string): FontkitFont =>
    withSubsetCache(withLayoutCache(fontkit.create(fs.readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`)))));
  fonts = { regular: read('DejaVuSans.ttf'), bold: read('DejaVuSans-Bold.ttf') };
  if (fonts.regular.postscriptName !== REGULAR || fonts.bold.postscriptName !== BOLD) {
    throw new Error('unexpected DejaVu font names');
  }
  return fonts;
}

/** Parses the fonts now (e.g. while a worker thread waits for its first job). */
export function preloadPdfFonts(): void {
  loadFonts();
}

// ---------------------------------------------------------------------------------------------
// Layout (DIN 5008 form B, A4, units in pt)

const MM = 72 / 25.4;
const PAGE_W = 210 * MM;
const PAGE_H = 297 * MM;
const LEFT = 25 * MM;
const RIGHT = 20 * MM;
const CONTENT_W = PAGE_W - LEFT - RIGHT;
const TOP_FOLLOWING = 20 * MM;
const BOTTOM = 30 * MM;
const GREY = '#4a4a4a';
const LINE = '#b0b0b0';
// Registered under their PostScript names: the bold font is also the document's default font
// (instead of Helvetica, whose metrics pdfkit would parse for every document), and pdfkit finds a
// font registered under the default font's PostScript name in its cache without comparing fonts.
const REGULAR = 'DejaVuSans';
const BOLD = 'DejaVuSans-Bold';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

function createDocument(title: string, date: string, author: string): Doc {
  const loaded = loadFonts();
  const doc = new PDFDocument({
    // pdfkit accepts an already parsed fontkit font; the typings only know file names and buffers.
    font: loaded.bold as unknown as string,
    size: 'A4',
    margins: { top: TOP_FOLLOWING, bottom: BOTTOM, left: LEFT, right: RIGHT },
    tagged: true,
    lang: 'de-DE',
    displayTitle: true,
    pdfVersion: '1.7',
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: title,
      Author: author,
      Subject: title,
      Creator: 'Kundenportal',
      Producer: 'Kundenportal (PDFKit)',
      CreationDate: new Date(`${date}T08:00:00Z`),
      ModDate: new Date(`${date}T08:00:00Z`),
    },
  });
  doc.registerFont(REGULAR, loaded.regular as unknown as Buffer);
  doc.registerFont(BOLD, loaded.bold as unknown as Buffer);
  preloadGlyphs(doc);
  doc.font(REGULAR);
  return doc;
}

function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function artifact(doc: Doc, type: 'Layout' | 'Pagination', draw: () => void): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

function paragraph(doc: Doc, parent: Struct, type: string, draw: () => void): void {
  parent.add(doc.struct(type, {}, [draw]));
}

/** Letterhead, fold marks, sender line, address field and information block of page 1. */
function firstPage(
  doc: Doc,
  root: Struct,
  head: PdfLetterhead,
  recipient: ReadonlyArray<string>,
  info: ReadonlyArray<{ label: string; value: string }>,
): void {
  artifact(doc, 'Layout', () => {
    // Fold marks (105 mm, 210 mm) and hole mark (148.5 mm).
    doc.save().lineWidth(0.5).strokeColor(LINE);
    for (const y of [105, 210]) doc.moveTo(4 * MM, y * MM).lineTo(8 * MM, y * MM).stroke();
    doc.moveTo(4 * MM, 148.5 * MM).lineTo(10 * MM, 148.5 * MM).stroke();
    doc.restore();
    if (head.logo) {
      const size = 22 * MM;
      const scale = size / Math.max(head.logo.viewBox[0], head.logo.viewBox[1]);
      doc.save().translate(PAGE_W - RIGHT - size, 12 * MM).scale(scale);
      for (const path of head.logo.paths) doc.path(path.d).fill(path.color);
      doc.restore();
    }
    doc.save().rect(LEFT, 38 * MM, CONTENT_W - 26 * MM, 1.2).fill(head.primaryColor).restore();
  });
  paragraph(doc, root, 'P', () => {
    doc.font(BOLD).fontSize(16).fillColor(head.primaryColor).text(head.displayName, LEFT, 15 * MM, { lineBreak: false });
  });
  paragraph(doc, root, 'P', () => {
    doc.font(REGULAR).fontSize(9).fillColor(GREY).text(head.tagline, LEFT, 23 * MM, { lineBreak: false });
  });
  // Address field: 20 mm from the left edge, 85 mm wide, starting at 45 mm.
  paragraph(doc, root, 'P', () => {
    doc
      .font(REGULAR)
      .fontSize(7)
      .fillColor(GREY)
      .text(`${head.legalName} · ${head.street} · ${head.postalCode} ${head.city}`, 20 * MM, 56 * MM, {
        lineBreak: false,
        underline: true,
      });
  });
  paragraph(doc, root, 'P', () => {
    doc.font(REGULAR).fontSize(10).fillColor('black');
    let y = 63.5 * MM;
    for (const line of recipient.slice(0, 6)) {
      doc.text(line, 20 * MM, y, { lineBreak: false });
      y += 12;
    }
  });
  // Information block: 125 mm from the left, from 50 mm.
  const infoTable = doc.struct('Table');
  root.add(infoTable);
  let y = 50 * MM;
  for (const row of info) {
    const tr = doc.struct('TR');
    infoTable.add(tr);
    tr.add(
      doc.struct('TH', {}, [
        () => doc.font(REGULAR).fontSize(8).fillColor(GREY).text(row.label, 125 * MM, y, { lineBreak: false }),
      ]),
    );
    tr.add(
      doc.struct('TD', {}, [
        () => doc.font(REGULAR).fontSize(8).fillColor('black').text(row.value, 159 * MM, y, { lineBreak: false }),
      ]),
    );
    tr.end();
    y += 11;
  }
  infoTable.end();
  doc.fillColor('black');
}

function footers(doc: Doc, head: PdfLetterhead): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    artifact(doc, 'Pagination', () => {
      const top = PAGE_H - 22 * MM;
      doc.save().lineWidth(0.5).strokeColor(LINE).moveTo(LEFT, top - 4).lineTo(PAGE_W - RIGHT, top - 4).stroke().restore();
      doc.font(REGULAR).fontSize(6).fillColor(GREY);
      const columns = head.footerColumns;
      const weights = columns.map((_, c) => (c === 0 ? 1.3 : 1));
      const total = weights.reduce((a, b) => a + b, 0);
      let x = LEFT;
      columns.forEach((column, c) => {
        column.forEach((line, l) => doc.text(line, x, top + l * 8, { lineBreak: false }));
        x += (CONTENT_W * (weights[c] ?? 1)) / total;
      });
      const label = `Seite ${i - range.start + 1} von ${range.count}`;
      doc.text(label, PAGE_W - RIGHT - doc.widthOfString(label), 287 * MM, { lineBreak: false });
    });
  }
  doc.fillColor('black');
}

type Column = { width: number; align: 'left' | 'right' };

/** A tagged table (Table/TR/TH/TD) with a repeated header row after page breaks. */
function table(
  doc: Doc,
  parent: Struct,
  columns: ReadonlyArray<Column>,
  head: ReadonlyArray<string>,
  rows: ReadonlyArray<{ cells: ReadonlyArray<string>; bold?: boolean; rule?: boolean }>,
  fontSize = 8,
): void {
  const structure = doc.struct('Table');
  parent.add(structure);
  const padding = 3;
  // Rules and header backgrounds of a page are drawn together as one artifact.
  let decorations: Array<() => void> = [];
  const flushDecorations = (): void => {
    if (decorations.length === 0) return;
    const pending = decorations;
    decorations = [];
    artifact(doc, 'Layout', () => {
      doc.save();
      for (const draw of pending) draw();
      doc.restore();
    });
  };
  type Cell = { text: string; lines: string[] | null };
  const prepare = (cells: ReadonlyArray<string>, bold: boolean): { cells: Cell[]; height: number } => {
    doc.font(bold ? BOLD : REGULAR).fontSize(fontSize);
    const line = doc.currentLineHeight(true);
    let height = 0;
    const prepared = cells.map((text, i) => {
      const width = (columns[i]?.width ?? 50) - 2 * padding;
      // Fast path: every line fits its column, no line wrapping needed.
      let lines: string[] | null = text.split('\n');
      for (const l of lines) {
        if (doc.widthOfString(l) > width) {
          lines = null;
          break;
        }
      }
      height = Math.max(height, lines ? lines.length * line : doc.heightOfString(text, { width }));
      return { text, lines };
    });
    return { cells: prepared, height: height + 2 * padding };
  };
  const drawRow = (cells: ReadonlyArray<string>, header: boolean, bold: boolean, rule: boolean, keepWith = 0): void => {
    const strong = header || bold;
    const row = prepare(cells, strong);
    if (doc.y + row.height + keepWith > PAGE_H - BOTTOM) {
      flushDecorations();
      doc.addPage();
      doc.y = TOP_FOLLOWING;
      if (!header) drawRow(head, true, true, false);
      doc.font(strong ? BOLD : REGULAR).fontSize(fontSize);
    }
    const top = doc.y;
    const height = row.height;
    if (header) {
      // The background must be painted before the header text.
      artifact(doc, 'Layout', () => {
        doc.save().rect(LEFT, top, CONTENT_W, height).fill('#eef1f4').restore();
      });
      doc.font(BOLD).fontSize(fontSize);
    } else if (rule) decorations.push(() => doc.lineWidth(0.6).strokeColor(GREY).moveTo(LEFT, top).lineTo(LEFT + CONTENT_W, top).stroke());
    if (!header) {
      decorations.push(() => doc.lineWidth(0.3).strokeColor(LINE).moveTo(LEFT, top + height).lineTo(LEFT + CONTENT_W, top + height).stroke());
    }
    const tr = doc.struct('TR');
    structure.add(tr);
    doc.fillColor('black');
    const step = doc.currentLineHeight(true);
    let x = LEFT;
    row.cells.forEach((cell, i) => {
      const column = columns[i] ?? { width: 50, align: 'left' as const };
      const cellX = x;
      tr.add(
        doc.struct(header ? 'TH' : 'TD', {}, [
          () => {
            const width = column.width - 2 * padding;
            if (!cell.lines) {
              doc.text(cell.text, cellX + padding, top + padding, { width, align: column.align });
              return;
            }
            cell.lines.forEach((line, l) => {
              const lineX = column.align === 'right' ? cellX + padding + width - doc.widthOfString(line) : cellX + padding;
              doc.text(line, lineX, top + padding + l * step, { lineBreak: false });
            });
          },
        ]),
      );
      x += column.width;
    });
    tr.end();
    doc.y = top + height;
  };
  const firstRow = rows[0];
  drawRow(head, true, true, false, firstRow ? prepare(firstRow.cells, firstRow.bold ?? false).height : 0);
  for (const row of rows) drawRow(row.cells, false, row.bold ?? false, row.rule ?? false);
  flushDecorations();
  structure.end();
  doc.x = LEFT;
  doc.y += 6;
}

/** Text across the content width; a line that fits is drawn without the line wrapper. */
function block(doc: Doc, value: string, lineGap: number): void {
  if (!value.includes('\n') && doc.widthOfString(value) <= CONTENT_W) {
    doc.text(value, LEFT, doc.y, { lineBreak: false });
    doc.x = LEFT;
    doc.y += doc.currentLineHeight(true) + lineGap;
  } else {
    doc.text(value, LEFT, doc.y, { width: CONTENT_W, lineGap });
  }
}

function heading(doc: Doc, parent: Struct, type: 'H1' | 'H2', value: string, color: string): void {
  const size = type === 'H1' ? 12 : 10;
  if (doc.y + size * 3 > PAGE_H - BOTTOM) {
    doc.addPage();
    doc.y = TOP_FOLLOWING;
  }
  paragraph(doc, parent, type, () => {
    doc.font(BOLD).fontSize(size).fillColor(color);
    block(doc, value, 0);
  });
  doc.fillColor('black').moveDown(0.3);
}

function text(doc: Doc, parent: Struct, value: string, options: { size?: number; bold?: boolean; color?: string } = {}): void {
  paragraph(doc, parent, 'P', () => {
    doc
      .font(options.bold ? BOLD : REGULAR)
      .fontSize(options.size ?? 9.5)
      .fillColor(options.color ?? 'black');
    block(doc, value, 1.5);
  });
  doc.fillColor('black').moveDown(0.5);
}

function footerAuthor(head: PdfLetterhead): string {
  return head.legalName;
}

// ---------------------------------------------------------------------------------------------
// Invoice

const positionColumns: Column[] = [
  { width: 116, align: 'left' },
  { width: 112, align: 'left' },
  { width: 68, align: 'right' },
  { width: 76, align: 'right' },
  { width: 66, align: 'right' },
  { width: CONTENT_W - 116 - 112 - 68 - 76 - 66, align: 'right' },
];

const readingColumns: Column[] = [
  { width: 118, align: 'left' },
  { width: 104, align: 'left' },
  { width: 104, align: 'left' },
  { width: 72, align: 'right' },
  { width: CONTENT_W - 118 - 104 - 104 - 72, align: 'left' },
];

const summaryColumns: Column[] = [
  { width: CONTENT_W - 110, align: 'left' },
  { width: 110, align: 'right' },
];

export async function renderInvoicePdf(data: InvoicePdfData): Promise<Buffer> {
  const head = data.letterhead;
  const doc = createDocument(`${data.title} – Rechnung ${data.invoiceNumber}`, data.invoiceDate, footerAuthor(head));
  const root = doc.struct('Document');
  doc.addStructure(root);

  firstPage(doc, root, head, data.recipient, [
    { label: 'Kundennummer', value: data.customerNumber },
    { label: 'Rechnungsnummer', value: data.invoiceNumber },
    { label: 'Rechnungsdatum', value: formatDate(data.invoiceDate) },
    { label: 'Zeitraum', value: `${formatDate(data.periodStart)} – ${formatDate(data.periodEnd)}` },
    { label: 'Fällig am', value: formatDate(data.dueDate) },
    { label: 'Telefon', value: head.phone },
  ]);

  doc.x = LEFT;
  doc.y = 98.4 * MM;
  heading(doc, root, 'H1', data.title, 'black');
  text(doc, root, data.salutation);
  text(doc, root, data.intro);

  for (const section of data.sections) {
    const part = doc.struct('Sect');
    root.add(part);
    heading(doc, part, 'H2', section.title, head.primaryColor);
    for (const detail of section.details) text(doc, part, detail, { size: 8, color: GREY });
    if (section.meterReadings.length > 0) {
      table(
        doc,
        part,
        readingColumns,
        ['Zähler / Register', 'Stand alt', 'Stand neu', 'Verbrauch', 'Ermittlung'],
        section.meterReadings.map((r) => ({
          cells: [
            `${r.meterNumber}\n${r.register}`,
            `${formatDate(r.fromDate)}\n${r.fromValue}`,
            `${formatDate(r.toDate)}\n${r.toValue}`,
            r.consumption,
            r.readingType,
          ],
        })),
      );
    }
    for (const note of section.notes) text(doc, part, note, { size: 8, color: GREY });
    table(
      doc,
      part,
      positionColumns,
      ['Position', 'Zeitraum', 'Menge', 'Preis netto', 'Betrag netto', 'USt'],
      section.positions.map((p) => ({
        cells: [
          p.text,
          `${formatDate(p.periodStart)} – ${formatDate(p.periodEnd)}`,
          `${formatNumber(p.quantity, p.quantityDecimals)} ${p.quantityUnit}`,
          `${formatNumber(p.unitPriceNet, p.priceDecimals)} ${p.priceUnit}`,
          formatEuro(p.netCents),
          `${p.vatPercent} %`,
        ],
      })),
    );
    part.end();
  }

  const summary = doc.struct('Sect');
  root.add(summary);
  heading(doc, summary, 'H2', 'Rechnungsbetrag', head.primaryColor);
  const rows: Array<{ cells: string[]; bold?: boolean; rule?: boolean }> = [];
  for (const vat of data.vat) rows.push({ cells: [`Nettobetrag (${vat.percent} % USt)`, formatEuro(vat.netCents)] });
  for (const vat of data.vat) {
    rows.push({ cells: [`Umsatzsteuer ${vat.percent} % auf ${formatEuro(vat.netCents)}`, formatEuro(vat.vatCents)] });
  }
  rows.push({ cells: ['Rechnungsbetrag brutto', formatEuro(data.grossCents)], bold: true, rule: true });
  rows.push({ cells: [`Abzüglich geleisteter ${data.instalmentLabel}`, formatEuro(-data.instalmentsPaidCents)] });
  const label = data.balanceCents > 0 ? 'Nachzahlung' : data.balanceCents < 0 ? 'Guthaben' : 'Ausgeglichen';
  rows.push({ cells: [label, formatEuro(Math.abs(data.balanceCents))], bold: true, rule: true });
  table(doc, summary, summaryColumns, ['Betrag', 'Euro'], rows, 9);
  text(doc, summary, data.paymentNote);
  if (data.nextInstalments.length > 0) {
    heading(doc, summary, 'H2', `Ihre ${data.instalmentLabel}`, head.primaryColor);
    table(
      doc,
      summary,
      [
        { width: CONTENT_W - 220, align: 'left' },
        { width: 110, align: 'left' },
        { width: 110, align: 'right' },
      ],
      ['Vertrag', 'gültig ab', 'Betrag monatlich'],
      data.nextInstalments.map((i) => ({ cells: [i.label, formatDate(i.validFrom), formatEuro(i.amountCents)] })),
      8.5,
    );
  }
  for (const line of data.closing) text(doc, summary, line);
  summary.end();
  root.end();
  footers(doc, head);
  return toBuffer(doc);
}

// ---------------------------------------------------------------------------------------------
// Letter

export async function renderLetterPdf(data: LetterPdfData): Promise<Buffer> {
  const head = data.letterhead;
  const doc = createDocument(data.subject, data.date, footerAuthor(head));
  const root = doc.struct('Document');
  doc.addStructure(root);
  firstPage(doc, root, head, data.recipient, [
    ...data.references,
    { label: 'Datum', value: formatDate(data.date) },
    { label: 'Telefon', value: head.phone },
    { label: 'Servicezeiten', value: head.hours },
  ]);
  doc.x = LEFT;
  doc.y = 98.4 * MM;
  heading(doc, root, 'H1', data.subject, 'black');
  text(doc, root, data.salutation);
  for (const p of data.paragraphs) text(doc, root, p);
  if (data.table) {
    const t = data.table;
    const total = t.head.reduce((sum, _, i) => sum + (t.widths[i] ?? 1), 0);
    table(
      doc,
      root,
      t.head.map((_, i) => ({ width: (CONTENT_W * (t.widths[i] ?? 1)) / total, align: t.align[i] ?? 'left' })),
      t.head,
      t.rows.map((cells) => ({ cells })),
      8.5,
    );
  }
  for (const p of data.closingParagraphs) text(doc, root, p);
  doc.moveDown(0.5);
  for (const line of data.signature) {
    paragraph(doc, root, 'P', () => {
      doc.font(REGULAR).fontSize(9.5).fillColor('black').text(line, LEFT, doc.y, { width: CONTENT_W });
    });
  }
  root.end();
  footers(doc, head);
  return toBuffer(doc);
}
