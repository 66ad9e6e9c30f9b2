// One PDF with a GP-Nr letter per page, laid out for a window envelope (DIN 5008 form B, DL/C6/5
// long): fold marks at 105 and 210 mm, hole mark at 148.5 mm, address field 45 mm from the top and
// 20 mm from the left, 85 x 45 mm (5 lines Zusatz- und Vermerkzone with the return address at its
// foot, then the recipient), information block on the right. Tagged PDF, lang de-DE, DejaVu fonts.
// Pure: data in, PDF bytes out; the creation date comes from the data.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

export type GpLetterSender = {
  legalName: string;
  displayName: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string;
  hours: string;
  primaryColor: string;
  portalUrl: string;
  /** PNG or JPEG bytes (pdfkit cannot draw SVG or WebP); drawn top right. */
  logo?: Buffer | undefined;
};

export type GpLetter = {
  /** Up to 6 lines: name, street and number, postal code and city (DIN 5008 Anschriftzone). */
  recipient: readonly string[];
  salutationName: string;
  /** 'DD.MM.YYYY' */
  requestDate: string;
  meterNumber: string;
  /** One entry, or two for consumption and feed-in (Bezug und Einspeisung). */
  gpNumbers: ReadonlyArray<{ number: string; label: string | null }>;
};

export type GpLetterBatchPdf = {
  sender: GpLetterSender;
  /** 'DD.MM.YYYY', printed as the letters' date. */
  date: string;
  /** Creation date for the PDF metadata. */
  createdAt: Date;
  letters: readonly GpLetter[];
};

export const GP_LETTER_SUBJECT = 'Ihre Geschäftspartnernummer für das Kundenportal';

const MM = 72 / 25.4;
const PAGE_W = 210 * MM;
const PAGE_H = 297 * MM;
const LEFT = 25 * MM;
const RIGHT = 20 * MM;
const CONTENT_W = PAGE_W - LEFT - RIGHT;
const GREY = '#4a4a4a';
const LINE = '#b0b0b0';
const REGULAR = 'DejaVuSans';
const BOLD = 'DejaVuSans-Bold';

/** Geometry of the address field, exported for the tests (mm from the top-left corner). */
export const ADDRESS_FIELD = { left: 20, top: 45, width: 85, height: 45, noteZoneHeight: 17.7 } as const;

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

let fontFiles: { regular: string; bold: string } | null = null;
function fonts(): { regular: string; bold: string } {
  if (!fontFiles) {
    const require = createRequire(import.meta.url);
    fontFiles = {
      regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
      bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
    };
  }
  return fontFiles;
}

function artifact(doc: Doc, draw: () => void): void {
  doc.markContent('Artifact', { type: 'Layout' });
  draw();
  doc.endMarkedContent();
}

function add(doc: Doc, parent: Struct, type: string, draw: () => void): void {
  parent.add(doc.struct(type, {}, [draw]));
}

function para(doc: Doc, parent: Struct, value: string, options: { bold?: boolean; size?: number; gap?: number } = {}): void {
  add(doc, parent, 'P', () => {
    doc.font(options.bold ? BOLD : REGULAR).fontSize(options.size ?? 10).fillColor('black');
    doc.text(value, LEFT, doc.y, { width: CONTENT_W, lineGap: 1.5 });
  });
  doc.y += options.gap ?? 7;
}

function layoutMarks(doc: Doc, sender: GpLetterSender): void {
  artifact(doc, () => {
    doc.save().lineWidth(0.5).strokeColor(LINE);
    // Fold marks for a DIN lang envelope (form B) and the hole mark in the middle of the page.
    for (const y of [105, 210]) doc.moveTo(4 * MM, y * MM).lineTo(9 * MM, y * MM).stroke();
    doc.moveTo(4 * MM, 148.5 * MM).lineTo(11 * MM, 148.5 * MM).stroke();
    doc.restore();
    doc.save().rect(LEFT, 38 * MM, CONTENT_W, 1.2).fill(sender.primaryColor).restore();
    if (sender.logo) doc.image(sender.logo, PAGE_W - RIGHT - 40 * MM, 12 * MM, { fit: [40 * MM, 20 * MM], align: 'right' });
  });
}

function letterhead(doc: Doc, parent: Struct, sender: GpLetterSender): void {
  add(doc, parent, 'P', () => {
    doc.font(BOLD).fontSize(16).fillColor(sender.primaryColor).text(sender.displayName, LEFT, 15 * MM, { lineBreak: false });
  });
  add(doc, parent, 'P', () => {
    doc.font(REGULAR).fontSize(9).fillColor(GREY).text(sender.legalName, LEFT, 23 * MM, { lineBreak: false });
  });
}

function addressField(doc: Doc, parent: Struct, sender: GpLetterSender, recipient: readonly string[]): void {
  const left = ADDRESS_FIELD.left * MM;
  const width = ADDRESS_FIELD.width * MM;
  // Return address (Rücksendeangabe): the last line of the Zusatz- und Vermerkzone, small.
  add(doc, parent, 'P', () => {
    doc
      .font(REGULAR)
      .fontSize(7)
      .fillColor(GREY)
      .text(`${sender.legalName} · ${sender.street} · ${sender.postalCode} ${sender.city}`, left, (ADDRESS_FIELD.top + 13.5) * MM, {
        width,
        height: 8,
        lineBreak: false,
        ellipsis: true,
        underline: true,
      });
  });
  // Anschriftzone: from 17.7 mm into the field, at most 9 lines; we use up to 6.
  add(doc, parent, 'P', () => {
    doc.font(REGULAR).fontSize(10).fillColor('black');
    let y = (ADDRESS_FIELD.top + ADDRESS_FIELD.noteZoneHeight + 1) * MM;
    for (const line of recipient.slice(0, 6)) {
      doc.text(line, left, y, { width, lineBreak: false, ellipsis: true, height: 12 });
      y += 12;
    }
  });
}

function infoBlock(doc: Doc, parent: Struct, rows: ReadonlyArray<{ label: string; value: string }>): void {
  const table = doc.struct('Table');
  parent.add(table);
  let y = 50 * MM;
  for (const row of rows) {
    const tr = doc.struct('TR');
    table.add(tr);
    tr.add(doc.struct('TH', {}, [() => doc.font(REGULAR).fontSize(8).fillColor(GREY).text(row.label, 125 * MM, y, { lineBreak: false })]));
    tr.add(
      doc.struct('TD', {}, [
        () => {
          // One line each: a long value (an e-mail address) is set smaller rather than wrapped.
          const width = PAGE_W - RIGHT - 152 * MM;
          doc.font(REGULAR).fontSize(8);
          const size = Math.max(5.5, Math.min(8, (8 * width) / Math.max(1, doc.widthOfString(row.value))));
          doc.fontSize(size).fillColor('black').text(row.value, 152 * MM, y, { lineBreak: false });
        },
      ]),
    );
    tr.end();
    y += 11;
  }
  table.end();
}

function footer(doc: Doc, sender: GpLetterSender): void {
  artifact(doc, () => {
    const top = PAGE_H - 22 * MM;
    doc.save().lineWidth(0.5).strokeColor(LINE).moveTo(LEFT, top - 4).lineTo(PAGE_W - RIGHT, top - 4).stroke().restore();
    doc.font(REGULAR).fontSize(7).fillColor(GREY);
    const columns = [
      [sender.legalName, sender.street, `${sender.postalCode} ${sender.city}`],
      [`Telefon ${sender.phone}`, sender.email, sender.hours],
      ['Kundenportal', sender.portalUrl],
    ];
    const width = CONTENT_W / columns.length;
    columns.forEach((column, c) => {
      column.forEach((line, l) => doc.text(line, LEFT + c * width, top + l * 9, { width: width - 6, lineBreak: false, ellipsis: true }));
    });
  });
}

function numberBox(doc: Doc, parent: Struct, sender: GpLetterSender, gpNumbers: GpLetter['gpNumbers']): void {
  const lineHeight = 22;
  const height = 14 + gpNumbers.length * lineHeight;
  const top = doc.y;
  artifact(doc, () => {
    doc.save().lineWidth(1.2).strokeColor(sender.primaryColor).rect(LEFT, top, CONTENT_W, height).stroke().restore();
  });
  let y = top + 9;
  for (const gp of gpNumbers) {
    add(doc, parent, 'P', () => {
      const label = gp.label ? `Geschäftspartner-Nr. Netz (${gp.label}):` : 'Geschäftspartner-Nr. Netz:';
      doc.font(REGULAR).fontSize(10).fillColor('black').text(label, LEFT + 10, y + 4, { lineBreak: false });
      doc.font(BOLD).fontSize(16).text(gp.number, LEFT + 10 + 95 * MM, y, { lineBreak: false, characterSpacing: 1 });
    });
    y += lineHeight;
  }
  doc.x = LEFT;
  doc.y = top + height + 10;
}

function steps(doc: Doc, parent: Struct, items: readonly string[]): void {
  const list = doc.struct('L');
  parent.add(list);
  items.forEach((item, index) => {
    const li = doc.struct('LI');
    list.add(li);
    const top = doc.y;
    li.add(doc.struct('Lbl', {}, [() => doc.font(BOLD).fontSize(10).fillColor('black').text(`${String(index + 1)}.`, LEFT, top, { lineBreak: false })]));
    li.add(
      doc.struct('LBody', {}, [
        () => doc.font(REGULAR).fontSize(10).fillColor('black').text(item, LEFT + 7 * MM, top, { width: CONTENT_W - 7 * MM, lineGap: 1.5 }),
      ]),
    );
    li.end();
    doc.y += 4;
  });
  list.end();
  doc.y += 4;
}

function letterPage(doc: Doc, root: Struct, data: GpLetterBatchPdf, letter: GpLetter): void {
  const sender = data.sender;
  const part = doc.struct('Sect');
  root.add(part);
  layoutMarks(doc, sender);
  letterhead(doc, part, sender);
  addressField(doc, part, sender, letter.recipient);
  infoBlock(doc, part, [
    { label: 'Datum', value: data.date },
    { label: 'Ihre Anfrage vom', value: letter.requestDate },
    { label: 'Zählernummer', value: letter.meterNumber },
    { label: 'Ansprechpartner', value: 'Kundenservice' },
    { label: 'Telefon', value: sender.phone },
    { label: 'E-Mail', value: sender.email },
  ]);

  doc.x = LEFT;
  doc.y = 98.4 * MM;
  add(doc, part, 'H1', () => {
    doc.font(BOLD).fontSize(11).fillColor('black').text(GP_LETTER_SUBJECT, LEFT, doc.y, { width: CONTENT_W });
  });
  doc.y += 12;
  para(doc, part, `Guten Tag ${letter.salutationName},`);
  const two = letter.gpNumbers.length > 1;
  para(
    doc,
    part,
    two
      ? `Sie haben am ${letter.requestDate} Ihre Geschäftspartnernummern Netz (GP-Nr.) für das Kundenportal angefordert. Zu Ihrem Zähler gehören zwei Nummern, eine für den Strombezug und eine für die Einspeisung:`
      : `Sie haben am ${letter.requestDate} Ihre Geschäftspartnernummer Netz (GP-Nr.) für das Kundenportal angefordert. Sie lautet:`,
  );
  numberBox(doc, part, sender, letter.gpNumbers);
  add(doc, part, 'H2', () => {
    doc.font(BOLD).fontSize(10).fillColor(sender.primaryColor).text('So registrieren Sie sich', LEFT, doc.y, { width: CONTENT_W });
  });
  doc.y += 5;
  const first = letter.gpNumbers[0]?.number ?? '';
  steps(doc, part, [
    `Öffnen Sie ${sender.portalUrl}/registrieren und wählen Sie „Zugang beantragen“.`,
    `Geben Sie Ihre Zählernummer ${letter.meterNumber}, Ihre Geschäftspartner-Nr. ${first} und Ihre E-Mail-Adresse ein.`,
    'Wir senden Ihnen eine E-Mail. Bestätigen Sie darin Ihre E-Mail-Adresse und legen Sie Ihr Passwort fest.',
    ...(two
      ? [`Wiederholen Sie Schritt 2 mit der zweiten Geschäftspartner-Nr. ${letter.gpNumbers[1]?.number ?? ''} und derselben E-Mail-Adresse. Beide Nummern gehören dann zu Ihrem Zugang.`]
      : []),
    'Danach melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an.',
  ]);
  para(doc, part, 'Bitte bewahren Sie dieses Schreiben auf. Wir fragen Sie nie per E-Mail oder Telefon nach Ihrem Passwort.');
  para(doc, part, `Bei Fragen erreichen Sie uns unter ${sender.phone} (${sender.hours}) oder ${sender.email}.`, { gap: 12 });
  para(doc, part, 'Mit freundlichen Grüßen', { gap: 3 });
  para(doc, part, sender.legalName, { gap: 3 });
  para(doc, part, 'Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig.', { size: 8 });
  part.end();
  footer(doc, sender);
}

export async function renderGpLetters(data: GpLetterBatchPdf): Promise<Buffer> {
  const files = fonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 20 * MM, bottom: 10 * MM, left: LEFT, right: RIGHT },
    tagged: true,
    lang: 'de-DE',
    displayTitle: true,
    pdfVersion: '1.7',
    autoFirstPage: false,
    info: {
      Title: `${GP_LETTER_SUBJECT} (${String(data.letters.length)} Schreiben)`,
      Author: data.sender.legalName,
      Subject: GP_LETTER_SUBJECT,
      Creator: 'Kundenportal',
      Producer: 'Kundenportal (PDFKit)',
      CreationDate: data.createdAt,
      ModDate: data.createdAt,
    },
  });
  doc.registerFont(REGULAR, files.regular);
  doc.registerFont(BOLD, files.bold);
  const root = doc.struct('Document');
  doc.addStructure(root);
  for (const letter of data.letters) {
    doc.addPage();
    doc.font(REGULAR);
    letterPage(doc, root, data, letter);
  }
  root.end();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
