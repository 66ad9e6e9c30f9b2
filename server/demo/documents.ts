// Turns generated invoices and letters into PDF jobs and document rows (German texts).
import type { Insertable } from 'kysely';
import type { TTenantFile } from '../../api/tenant.ts';
import type { DB } from '../db/schema.generated.ts';
import {
  formatDate,
  formatEuro,
  formatNumber,
  type InvoicePdfData,
  type InvoicePosition,
  type InvoiceSection,
  type PdfLetterhead,
  type PdfLogo,
} from '../modules/documents/invoice-pdf.ts';
import {
  customerName,
  netPriceCt,
  planAt,
  type Customer,
  type InvoiceDraft,
  type InvoiceLine,
  type LetterDraft,
  type Premise,
  type Supply,
  type TenantData,
  type TariffVersion,
} from './generate.ts';
import type { PdfJob } from './pdf-jobs.ts';
import { DAY_MS, dateParts, isoDay, type Division } from './profiles.ts';

export type DocumentMeta = Omit<Insertable<DB['documents']>, 'content' | 'size_bytes'>;

/** Parses the paths of our own, simple logo SVG files for drawing them in PDFs. */
export function logoFromSvg(svg: string): PdfLogo | undefined {
  const viewBox = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg);
  if (!viewBox) return undefined;
  const paths: Array<{ d: string; color: string }> = [];
  for (const match of svg.matchAll(/<path d="([^"]+)" fill="(#[0-9a-fA-F]{6})"\s*\/>/g)) {
    if (match[1] && match[2]) paths.push({ d: match[1], color: match[2] });
  }
  return { viewBox: [Number(viewBox[1]), Number(viewBox[2])], paths };
}

/** Small print of the fictitious demo companies (management, register, bank). */
const smallPrint: Record<string, { tagline: string; columns: string[][] }> = {
  musterstadt: {
    tagline: 'Strom · Erdgas · Trinkwasser – Ihr Versorger vor Ort',
    columns: [
      ['Geschäftsführung:', 'Dr. Katrin Beispiel, Thomas Muster', 'Amtsgericht Musterstadt HRB 0000', 'USt-IdNr. DE000000000'],
      ['Musterbank Musterstadt', 'IBAN DE00 0000 0000 0000 0000 00', 'DEMO – fiktives Unternehmen,', 'bitte keine Zahlungen leisten'],
    ],
  },
  alpenstadt: {
    tagline: 'Strom aus der Region für die Region',
    columns: [
      ['Geschäftsführung:', 'Ing. Martina Alpinger', 'FN 000000a, LG Alpenstadt', 'UID ATU00000000'],
      ['Alpenbank Alpenstadt', 'IBAN AT00 0000 0000 0000 0000', 'DEMO – fiktives Unternehmen,', 'bitte keine Zahlungen leisten'],
    ],
  },
  'netz-nord': {
    tagline: 'Stromnetz und Messstellenbetrieb im Norden',
    columns: [
      ['Geschäftsführung:', 'Hauke Beispiel, Frauke Muster', 'Amtsgericht Nordhafen HRB 0000', 'USt-IdNr. DE000000000'],
      ['Förde-Bank Nordhafen', 'IBAN DE00 0000 0000 0000 0000 00', 'DEMO – fiktives Unternehmen,', 'keine echten Zahlungen'],
    ],
  },
};

export function letterheadFor(file: TTenantFile, logo: PdfLogo | undefined): PdfLetterhead {
  const c = file.config;
  const print = smallPrint[file.slug];
  if (!print) throw new Error(`no small print for ${file.slug}`);
  return {
    legalName: c.legalName,
    displayName: c.displayName,
    tagline: print.tagline,
    street: c.address.street,
    postalCode: c.address.postalCode,
    city: c.address.city,
    phone: c.contact.phone,
    email: c.contact.email,
    hours: c.contact.hours.de,
    primaryColor: c.branding.primaryColor,
    logo,
    footerColumns: [[c.legalName, `${c.address.street} · ${c.address.postalCode} ${c.address.city}`, `Telefon ${c.contact.phone}`, c.contact.email], ...print.columns],
  };
}

const divisionLabel: Record<Division, string> = { electricity: 'Strom', gas: 'Erdgas', water: 'Trinkwasser' };

function supplyLabel(supply: Supply): string {
  return supply.heatPump ? 'Wärmepumpenstrom' : divisionLabel[supply.division];
}

function recipient(customer: Customer): string[] {
  const lines: string[] = [];
  if (customer.kind === 'company') lines.push(customer.companyName ?? '');
  else if (customer.salutation === 'ms') lines.push('Frau', customerName(customer));
  else if (customer.salutation === 'mr') lines.push('Herrn', customerName(customer));
  else lines.push(customerName(customer));
  lines.push(`${customer.street} ${customer.houseNumber}`, `${customer.postalCode} ${customer.city}`);
  return lines;
}

function salutation(customer: Customer): string {
  if (customer.kind === 'company') return 'Sehr geehrte Damen und Herren,';
  if (customer.salutation === 'ms') return `Sehr geehrte Frau ${customer.lastName ?? ''},`;
  if (customer.salutation === 'mr') return `Sehr geehrter Herr ${customer.lastName ?? ''},`;
  return `Guten Tag ${customerName(customer)},`;
}

function address(premise: Premise): string {
  return `${premise.street} ${premise.houseNumber}, ${premise.postalCode} ${premise.city}`;
}

function tariffOf(data: TenantData, supply: Supply, year: number): TariffVersion {
  const version = data.tariffs.get(supply.tariffCode)?.get(Math.min(Math.max(year, data.year - 3), data.year));
  if (!version) throw new Error(`tariff ${supply.tariffCode} missing`);
  return version;
}

function priceText(division: Division, grossCt: number): string {
  return division === 'water' ? `${formatNumber(grossCt / 100, 2)} €/m³` : `${formatNumber(grossCt, 2)} ct/kWh`;
}

function unitOf(division: Division): string {
  return division === 'water' ? 'm³' : 'kWh';
}

function readingType(source: InvoiceLine['readings'][number]['toSource'], country: 'DE' | 'AT'): string {
  switch (source) {
    case 'utility':
      return country === 'DE' ? 'Ablesung Stadtwerke' : 'Ablesung';
    case 'customer':
      return 'Selbstablesung';
    case 'estimated':
      return 'Schätzung';
    case 'smart_meter':
      return 'Fernauslesung';
    case 'exchange':
      return 'Zählerwechsel';
  }
}

function identifiers(data: TenantData, line: InvoiceLine): string {
  const meter = line.supply.meters.at(-1);
  if (data.spec.country === 'AT') return `Vertragsnummer ${line.supply.contractNumber} · Zählpunkt ${meter?.meteringPointId ?? '–'}`;
  // The schema keeps one MaLo-ID per premise; it is the electricity market location.
  if (line.supply.division !== 'electricity' || line.supply.heatPump || !line.premise.maloId) return `Vertragsnummer ${line.supply.contractNumber}`;
  const melo = meter?.meteringPointId ? ` · Messlokation ${meter.meteringPointId}` : '';
  return `Vertragsnummer ${line.supply.contractNumber} · Marktlokation ${line.premise.maloId}${melo}`;
}

function invoiceSection(data: TenantData, line: InvoiceLine): InvoiceSection {
  const supply = line.supply;
  const tariff = tariffOf(data, supply, line.priceYear);
  const readings = line.readings.map((r) => {
    const channel = r.seg.channels[r.channel];
    const unit = channel?.unit === 'm3' ? 'm³' : 'kWh';
    const decimals = channel?.decimals ?? 0;
    return {
      meterNumber: r.seg.number,
      register: `${channel?.obis ?? ''} ${channel?.label ?? ''}`.trim(),
      fromDate: isoDay(r.fromDay),
      fromValue: `${formatNumber(r.fromValue, decimals)} ${unit}`,
      toDate: isoDay(r.toDay),
      toValue: `${formatNumber(r.toValue, decimals)} ${unit}`,
      consumption: `${formatNumber(r.toValue - r.fromValue, decimals)} ${unit}`,
      readingType: readingType(r.toSource, data.spec.country),
    };
  });
  const notes: string[] = [];
  if (supply.division === 'gas') {
    const kwh = line.energy[0]?.quantity ?? 0;
    notes.push(
      `Umrechnung in Kilowattstunden: ${formatNumber(line.gasM3, 3)} m³ × Zustandszahl ${formatNumber(supply.gasZ, 4)} × Brennwert ${formatNumber(line.gasHs, 3)} kWh/m³ = ${formatNumber(kwh, 0)} kWh.`,
    );
  }
  if (line.readings.some((r) => r.toSource === 'estimated')) {
    notes.push('Ein Zählerstand wurde geschätzt, weil uns zum Stichtag kein Ablesewert vorlag. Teilen Sie uns Ihren Zählerstand gern im Kundenportal mit.');
  }
  const positions: InvoicePosition[] = line.energy.map((e, i) => ({
    text: e.label,
    periodStart: isoDay(line.from),
    periodEnd: isoDay(line.to),
    quantity: e.quantity,
    quantityDecimals: e.decimals,
    quantityUnit: e.unit,
    unitPriceNet: supply.division === 'water' ? line.netCt / 100 : line.netCt,
    priceDecimals: 4,
    priceUnit: supply.division === 'water' ? '€/m³' : 'ct/kWh',
    netCents: line.energyNetCents[i] ?? 0,
    vatPercent: line.vatPercent,
  }));
  positions.push({
    text: `Grundpreis (${line.baseDays} Tage)`,
    periodStart: isoDay(line.from),
    periodEnd: isoDay(line.to),
    quantity: line.baseDays,
    quantityDecimals: 0,
    quantityUnit: 'Tage',
    unitPriceNet: line.baseNetCentsPerYear / 100,
    priceDecimals: 2,
    priceUnit: '€/Jahr',
    netCents: line.baseNetCents,
    vatPercent: line.vatPercent,
  });
  return {
    title: `${supplyLabel(supply)} – ${tariff.name}`,
    details: [`Verbrauchsstelle: ${address(line.premise)}`, identifiers(data, line)],
    meterReadings: readings,
    notes,
    positions,
  };
}

function invoiceJob(data: TenantData, letterhead: PdfLetterhead, invoice: InvoiceDraft): PdfJob {
  const { spec } = data;
  const customer = invoice.customer;
  const title = `${invoice.kind === 'final' ? 'Schlussrechnung' : 'Jahresabrechnung'} ${invoice.year}`;
  const balance = invoice.balanceCents;
  let paymentNote: string;
  if (balance > 0) {
    paymentNote =
      customer.payment === 'sepa'
        ? `Den Nachzahlungsbetrag von ${formatEuro(balance)} ziehen wir am ${formatDate(isoDay(invoice.dueDay))} per SEPA-Lastschrift von Ihrem Konto ein.`
        : `Bitte überweisen Sie den Nachzahlungsbetrag von ${formatEuro(balance)} bis zum ${formatDate(isoDay(invoice.dueDay))} unter Angabe der Rechnungsnummer ${invoice.number} auf unser unten genanntes Konto.`;
  } else if (balance < 0) {
    paymentNote = `Ihr Guthaben von ${formatEuro(-balance)} überweisen wir in den nächsten Tagen auf Ihr Konto.`;
  } else {
    paymentNote = `Die Rechnung ist durch Ihre ${spec.instalmentWordPlural} vollständig ausgeglichen.`;
  }
  const data_: InvoicePdfData = {
    letterhead,
    recipient: recipient(customer),
    title,
    customerNumber: customer.number,
    invoiceNumber: invoice.number,
    invoiceDate: isoDay(invoice.day),
    periodStart: isoDay(invoice.periodStart),
    periodEnd: isoDay(invoice.periodEnd),
    dueDate: isoDay(invoice.dueDay),
    salutation: salutation(customer),
    intro:
      invoice.kind === 'final'
        ? `nach dem Ende Ihres Vertrags erhalten Sie Ihre Schlussrechnung für den Zeitraum vom ${formatDate(isoDay(invoice.periodStart))} bis ${formatDate(isoDay(invoice.periodEnd))}. Die Positionen sind Nettobeträge; die Umsatzsteuer weisen wir gesondert aus.`
        : `hiermit erhalten Sie Ihre Jahresabrechnung für den Zeitraum vom ${formatDate(isoDay(invoice.periodStart))} bis ${formatDate(isoDay(invoice.periodEnd))}. Die Positionen sind Nettobeträge; die Umsatzsteuer weisen wir gesondert aus.`,
    sections: invoice.lines.map((line) => invoiceSection(data, line)),
    vat: invoice.vat,
    netCents: invoice.netCents,
    vatCents: invoice.vatCents,
    grossCents: invoice.grossCents,
    instalmentLabel: spec.instalmentWordPlural,
    instalmentsPaidCents: invoice.paidCents,
    balanceCents: invoice.balanceCents,
    paymentNote,
    nextInstalments: invoice.nextPlans.map(({ supply, plan }) => ({
      label: `${supplyLabel(supply)}, Vertrag ${supply.contractNumber}`,
      amountCents: plan.amountCents,
      validFrom: isoDay(plan.from),
    })),
    closing: [
      spec.country === 'DE'
        ? 'Informationen nach § 40 EnWG (Stromkennzeichnung, Vergleich mit dem Vorjahresverbrauch, Ansprechpartner für Beschwerden und die Schlichtungsstelle Energie) finden Sie in Ihrem Kundenportal.'
        : 'Informationen zur Stromkennzeichnung und zur Schlichtungsstelle der E-Control finden Sie in Ihrem Kundenportal.',
      'Mit freundlichen Grüßen\nIhr Kundenservice',
    ],
  };
  return { kind: 'invoice', data: data_ };
}

/**
 * Annual credit note of a grid operator for the feed-in of a PV system, as a letter: the invoice
 * layout speaks of "Rechnungsbetrag" and instalments, which a credit note has neither of.
 */
function creditNoteJob(data: TenantData, letterhead: PdfLetterhead, invoice: InvoiceDraft): PdfJob {
  const customer = invoice.customer;
  const line = invoice.lines[0];
  const energy = line?.energy[0];
  if (!line || !energy) throw new Error(`credit note ${invoice.number} has no position`);
  const supply = line.supply;
  const tariff = tariffOf(data, supply, invoice.year);
  const meter = supply.meters.at(-1);
  const amount = -invoice.balanceCents;
  const readings = line.readings.map((r) => {
    const channel = r.seg.channels[r.channel];
    const decimals = channel?.decimals ?? 0;
    return `Zähler ${r.seg.number}, Register ${channel?.obis ?? ''} (Fernauslesung): Stand am ${formatDate(isoDay(r.fromDay))} ${formatNumber(r.fromValue, decimals)} kWh, am ${formatDate(isoDay(r.toDay))} ${formatNumber(r.toValue, decimals)} kWh.`;
  });
  const subject = `Gutschrift Einspeisevergütung ${invoice.year}`;
  return {
    kind: 'letter',
    data: {
      letterhead,
      recipient: recipient(customer),
      subject,
      date: isoDay(invoice.day),
      references: [
        { label: 'GP-Nr. Netz', value: customer.number },
        { label: 'Gutschrift-Nr.', value: invoice.number },
      ],
      salutation: salutation(customer),
      paragraphs: [
        `für den Strom, den Ihre Photovoltaikanlage vom ${formatDate(isoDay(line.from))} bis ${formatDate(isoDay(line.to))} in unser Netz eingespeist hat, schreiben wir Ihnen die Einspeisevergütung nach dem Erneuerbare-Energien-Gesetz (EEG) gut.`,
        `Einspeisestelle: ${address(line.premise)} · Marktlokation ${line.premise.maloId ?? '–'} · Zählpunkt ${meter?.meteringPointId ?? '–'}`,
        `Die eingespeiste Strommenge hat Ihr intelligentes Messsystem gemessen. ${readings.join(' ')}`,
      ],
      table: {
        head: ['Position', 'Menge', 'Vergütung', 'Betrag'],
        rows: [
          [`Einspeisevergütung ${formatDate(isoDay(line.from))} – ${formatDate(isoDay(line.to))}\n${tariff.name}`, `${formatNumber(energy.quantity, energy.decimals)} kWh`, `${formatNumber(line.netCt, 2)} ct/kWh`, formatEuro(amount)],
          ['Umsatzsteuer (0 %)', '', '', formatEuro(0)],
          ['Gutschriftsbetrag', '', '', formatEuro(amount)],
        ],
        align: ['left', 'right', 'right', 'right'],
        widths: [2.6, 0.9, 0.9, 0.9],
      },
      closingParagraphs: [
        `Den Gutschriftsbetrag von ${formatEuro(amount)} überweisen wir bis zum ${formatDate(isoDay(invoice.dueDay))} auf Ihr bei uns hinterlegtes Konto.`,
        'Umsatzsteuer weisen wir nicht aus, weil Sie uns mitgeteilt haben, dass Sie die Kleinunternehmerregelung (§ 19 UStG) anwenden. Ändert sich das, geben Sie uns bitte Bescheid. Diese Abrechnung ist eine Gutschrift im Sinne des § 14 Abs. 2 Satz 2 UStG.',
        'Ihre Einspeisewerte sehen Sie jederzeit im Kundenportal unter Ihrer GP-Nr. für die Einspeisung.',
      ],
      signature: ['Mit freundlichen Grüßen', `Ihre ${letterhead.displayName}`],
    },
  };
}

function fileSafe(text: string): string {
  return text
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
}

function documentTime(day: number, hourUtc: number): Date {
  return new Date(day * DAY_MS + hourUtc * 3_600_000);
}

function readAt(data: TenantData, customer: Customer, day: number): Date | null {
  const registered = data.logins.some((l) => l.customers.includes(customer));
  return registered && day <= data.today - 30 ? documentTime(day + 2, 18) : null;
}

function letterJob(data: TenantData, letterhead: PdfLetterhead, letter: LetterDraft): { job: PdfJob; title: string; fileName: string; kind: string; typeCode: string } {
  const { spec } = data;
  const customer = letter.customer;
  const base = {
    letterhead,
    recipient: recipient(customer),
    date: isoDay(letter.day),
    salutation: salutation(customer),
    signature: ['Mit freundlichen Grüßen', `Ihre ${letterhead.displayName}`],
  };
  if (letter.kind === 'price_change') {
    const { year } = dateParts(letter.changeDay);
    const rows = letter.supplies.map((supply) => {
      const before = tariffOf(data, supply, year - 1);
      const after = tariffOf(data, supply, year);
      const plan = planAt(supply, letter.changeDay);
      return {
        cells: [
          `${supplyLabel(supply)} – ${after.name} (Vertrag ${supply.contractNumber})`,
          `${priceText(supply.division, before.grossCt)}\n${formatEuro(before.baseGrossCents)}/Jahr`,
          `${priceText(supply.division, after.grossCt)}\n${formatEuro(after.baseGrossCents)}/Jahr`,
          plan ? formatEuro(plan.amountCents) : '–',
        ],
        lower: after.grossCt <= before.grossCt,
      };
    });
    const lower = rows.every((r) => r.lower);
    const word = spec.country === 'DE' ? 'Preisanpassung' : 'Preisänderung';
    const subject = `${word} zum ${formatDate(isoDay(letter.changeDay))}`;
    return {
      kind: 'letter',
      typeCode: 'preisanpassung',
      title: subject,
      fileName: `${fileSafe(word)}-${year}-${customer.number}.pdf`,
      job: {
        kind: 'letter',
        data: {
          ...base,
          subject,
          references: [{ label: 'Kundennummer', value: customer.number }],
          paragraphs: [
            lower
              ? `wir freuen uns, Ihnen mitteilen zu können, dass wir unsere Preise zum ${formatDate(isoDay(letter.changeDay))} senken. Grund dafür sind gesunkene Kosten für die Beschaffung von Energie. Die Senkung geben wir vollständig an Sie weiter.`
              : `zum ${formatDate(isoDay(letter.changeDay))} müssen wir unsere Preise anpassen. Grund dafür sind gestiegene Kosten für Beschaffung, Netznutzung und staatlich veranlasste Preisbestandteile.`,
            `Die folgende Übersicht zeigt Ihre bisherigen und neuen Preise (jeweils inklusive der gesetzlichen Umsatzsteuer) sowie Ihren neuen monatlichen ${spec.instalmentWord}.`,
          ],
          table: {
            head: ['Vertrag', 'bisher', 'neu', spec.instalmentWord],
            rows: rows.map((r) => r.cells),
            align: ['left', 'right', 'right', 'right'],
            widths: [2.2, 1, 1, 0.8],
          },
          closingParagraphs: [
            lower
              ? `Sie müssen nichts weiter tun. Ihren ${spec.instalmentWord} passen wir automatisch an.`
              : 'Sie haben das Recht, Ihren Vertrag ohne Einhaltung einer Kündigungsfrist zum Zeitpunkt der Preisänderung zu kündigen. Ihren Abschlag passen wir automatisch an.',
            'Ihre aktuellen Preise und Abschläge sehen Sie jederzeit in Ihrem Kundenportal.',
          ],
        },
      },
    };
  }
  if (letter.kind === 'contract_confirmation') {
    const supply = letter.supply;
    const tariff = tariffOf(data, supply, dateParts(supply.startDay).year);
    const plan = planAt(supply, supply.startDay);
    const meter = supply.meters[0];
    const subject = `Vertragsbestätigung ${supplyLabel(supply)} – ${tariff.name}`;
    const rows: string[][] = [
      ['Vertragsnummer', supply.contractNumber],
      ['Verbrauchsstelle', address(letter.premise)],
      ['Lieferbeginn', formatDate(isoDay(supply.startDay))],
      ['Tarif', tariff.name],
      [supply.division === 'water' ? 'Mengenpreis (brutto)' : 'Arbeitspreis (brutto)', priceText(supply.division, tariff.grossCt)],
      [
        supply.division === 'water' ? 'Mengenpreis (netto)' : 'Arbeitspreis (netto)',
        supply.division === 'water'
          ? `${formatNumber(netPriceCt(tariff.grossCt, spec.vatPercent[supply.division]) / 100, 4)} €/m³`
          : `${formatNumber(netPriceCt(tariff.grossCt, spec.vatPercent[supply.division]), 4)} ct/kWh`,
      ],
      ['Grundpreis (brutto)', `${formatEuro(tariff.baseGrossCents)} pro Jahr`],
      ['Voraussichtlicher Jahresverbrauch', `${formatNumber(supply.initialForecast, 0)} ${unitOf(supply.division)}`],
      [`Monatlicher ${spec.instalmentWord}`, plan ? formatEuro(plan.amountCents) : '–'],
      ['Mindestlaufzeit', supply.minimumTermMonths > 0 ? `${supply.minimumTermMonths} Monate` : 'keine'],
      ['Kündigungsfrist', `${supply.noticeWeeks} Wochen`],
      ['Zählernummer', meter?.number ?? '–'],
    ];
    if (spec.country === 'DE' && supply.division === 'electricity' && !supply.heatPump && letter.premise.maloId) {
      rows.push(['Marktlokations-ID', letter.premise.maloId]);
    }
    if (meter?.meteringPointId) rows.push(['Zählpunkt', meter.meteringPointId]);
    return {
      kind: 'contract',
      typeCode: 'vertragsbestaetigung',
      title: subject,
      fileName: `Vertragsbestaetigung-${supply.contractNumber}.pdf`,
      job: {
        kind: 'letter',
        data: {
          ...base,
          subject,
          references: [
            { label: 'Kundennummer', value: customer.number },
            { label: 'Vertragsnummer', value: supply.contractNumber },
          ],
          paragraphs: [
            `vielen Dank für Ihren Auftrag. Wir freuen uns, Sie ab dem ${formatDate(isoDay(supply.startDay))} mit ${divisionLabel[supply.division]} zu beliefern, und bestätigen Ihnen folgende Vertragsdaten:`,
          ],
          table: { head: ['Angabe', 'Wert'], rows, align: ['left', 'left'], widths: [1, 1.6] },
          closingParagraphs: [
            `Bitte teilen Sie uns den Zählerstand am Tag Ihres Einzugs mit, am einfachsten im Kundenportal. Ihren ersten ${spec.instalmentWord} buchen wir zum ${spec.dueDay}. des Folgemonats ab.`,
            'Widerrufsbelehrung: Sie können Ihre Vertragserklärung innerhalb von 14 Tagen ohne Angabe von Gründen widerrufen. Die Frist beginnt mit dem Erhalt dieser Bestätigung.',
          ],
        },
      },
    };
  }
  const supply = letter.supply;
  const exchangeDay = supply.exchangeDay ?? letter.day;
  const subject = 'Ankündigung Zählerwechsel';
  return {
    kind: 'notice',
    typeCode: 'zaehlerwechsel',
    title: `${subject} ${letter.seg.number}`,
    fileName: `Zaehlerwechsel-${letter.seg.number}.pdf`,
    job: {
      kind: 'letter',
      data: {
        ...base,
        subject,
        references: [
          { label: 'Kundennummer', value: customer.number },
          { label: 'Zählernummer', value: letter.seg.number },
        ],
        paragraphs: [
          `an Ihrer Verbrauchsstelle ${address(letter.premise)} tauschen wir am ${formatDate(isoDay(exchangeDay))} Ihren ${supplyLabel(supply)}zähler mit der Nummer ${letter.seg.number} aus. ${
            supply.division === 'electricity'
              ? 'Sie erhalten eine moderne Messeinrichtung (digitaler Stromzähler) nach dem Messstellenbetriebsgesetz.'
              : 'Der Wechsel ist nötig, weil die Eichfrist des Zählers abläuft.'
          }`,
          'Unsere Monteurin oder unser Monteur kommt zwischen 8 und 16 Uhr. Bitte sorgen Sie dafür, dass der Zähler zugänglich ist. Während des Wechsels ist die Versorgung für etwa 30 Minuten unterbrochen.',
          'Den Zählerstand des alten Zählers beim Ausbau und den Anfangsstand des neuen Zählers finden Sie anschließend in Ihrem Kundenportal. Für Sie entstehen keine Kosten.',
        ],
        closingParagraphs: ['Passt Ihnen der Termin nicht? Rufen Sie uns an, wir vereinbaren gern einen anderen.'],
      },
    },
  };
}

export type DocumentPlan = { meta: DocumentMeta; job: PdfJob };

/** All documents of a tenant: invoice PDFs first (in invoice order), then letters. */
export function documentPlans(data: TenantData, letterhead: PdfLetterhead): DocumentPlan[] {
  const tenant_id = data.spec.tenantId;
  const plans: DocumentPlan[] = [];
  for (const invoice of data.invoices) {
    const title =
      invoice.kind === 'credit_note'
        ? `Gutschrift Einspeisevergütung ${invoice.year}`
        : `${invoice.kind === 'final' ? 'Schlussrechnung' : 'Jahresabrechnung'} ${invoice.year}`;
    plans.push({
      meta: {
        tenant_id,
        id: invoice.documentId,
        customer_id: invoice.customer.id,
        kind: 'invoice',
        // The demo tenants' own document types (server/demo/tenants/*.json documentTypes).
        type_code: invoice.kind === 'credit_note' ? 'gutschrift' : invoice.kind === 'final' ? 'schlussrechnung' : 'jahresabrechnung',
        title,
        file_name: `${fileSafe(title)}-${invoice.number}.pdf`,
        content_type: 'application/pdf',
        created_at: documentTime(invoice.day, 6),
        read_at: readAt(data, invoice.customer, invoice.day),
      },
      job: invoice.kind === 'credit_note' ? creditNoteJob(data, letterhead, invoice) : invoiceJob(data, letterhead, invoice),
    });
  }
  for (const letter of data.letters) {
    const built = letterJob(data, letterhead, letter);
    plans.push({
      meta: {
        tenant_id,
        id: letter.id,
        customer_id: letter.customer.id,
        kind: built.kind,
        type_code: built.typeCode,
        title: built.title,
        file_name: built.fileName,
        content_type: 'application/pdf',
        created_at: documentTime(letter.day, 7),
        read_at: readAt(data, letter.customer, letter.day),
      },
      job: built.job,
    });
  }
  // Each customer's newest document stays unread, so the demo shows the "neu" marker and the start
  // page's notice of new documents.
  const newest = new Map<string, DocumentPlan>();
  for (const plan of plans) {
    const current = newest.get(plan.meta.customer_id);
    if (!current || (plan.meta.created_at ?? 0) > (current.meta.created_at ?? 0)) newest.set(plan.meta.customer_id, plan);
  }
  for (const plan of newest.values()) plan.meta.read_at = null;
  return plans;
}
