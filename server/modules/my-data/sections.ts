// What the export contains, as a list of sections: one small function per kind of data, each giving
// its files (JSON and CSV of the same rows, and files such as PDFs) and the README's description of
// them. A module that adds a table adds a section here; the README follows by itself.
import type { TenantTransaction } from '../../db/database.ts';
import { describeUserAgent } from '../identity/sessions.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as labels from './labels.ts';
import * as repo from './my-data.repository.ts';
import { csvRows, tableEntries, toJson, jsonRows, type Column, type Format } from './table.ts';
import { quartersOf } from './time.ts';
import type { ExportEntry } from './zip.ts';

export type Text = { de: string; en: string };

export type ExportContext = {
  tenant: Tenant;
  loginId: string;
  sessionId: string;
  format: Format;
  now: Date;
  /** Runs `fn` in a short transaction of its own: for large files, read while the stream reaches them. */
  read: <T>(fn: (trx: TenantTransaction) => Promise<T>) => Promise<T>;
};

export type CustomerContext = ExportContext & {
  customer: repo.CustomerRow;
  /** The account's folder in the archive: "customer-40012345/". */
  folder: string;
  /** The customer's meter registers, read once for every section that needs them. */
  registers: (trx: TenantTransaction) => Promise<Map<string, repo.RegisterRow>>;
  /** Where each document's file lies in the archive (the invoices refer to it). */
  documentPaths: (trx: TenantTransaction) => Promise<Map<string, string>>;
};

export type Section<C> = {
  /** The files, as the README names them (relative to the account's folder for customer sections). */
  files: string;
  description: Text;
  collect: (trx: TenantTransaction, ctx: C) => Promise<ExportEntry[]>;
};

/** A file or folder name without path separators, control or reserved characters. */
export function safeName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\p{Cc}/\\:*?"<>|]/gu, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120);
  return cleaned === '' ? 'datei' : cleaned;
}

function registerColumns<R extends { registerId: string }>(registers: Map<string, repo.RegisterRow>): Column<R>[] {
  const of = (row: R) => registers.get(row.registerId);
  return [
    { key: 'meterNumber', de: 'Zählernummer', en: 'Meter number', kind: 'text', value: (row) => of(row)?.meterNumber },
    { key: 'division', de: 'Sparte', en: 'Division', kind: 'text', value: (row) => of(row)?.division, labels: labels.divisionLabels },
    { key: 'obis', de: 'OBIS-Kennzahl', en: 'OBIS code', kind: 'text', value: (row) => of(row)?.obis },
    { key: 'register', de: 'Zählwerk', en: 'Register', kind: 'text', value: (row) => of(row)?.label },
    { key: 'unit', de: 'Einheit', en: 'Unit', kind: 'text', value: (row) => of(row)?.unit },
  ];
}

function address(row: { street: string; houseNumber: string; postalCode: string; city: string }): string {
  return `${row.street} ${row.houseNumber}, ${row.postalCode} ${row.city}`;
}

const customerSection: Section<CustomerContext> = {
  files: 'customer.json, customer.csv',
  description: {
    de: 'Stammdaten des Kundenkontos: Kundennummer, Name, Anschrift, Kontaktdaten, seit wann es mit Ihrem Zugang verknüpft ist.',
    en: 'Master data of the customer account: customer number, name, address, contact details, since when it is linked to your access.',
  },
  collect: (_trx, ctx) => {
    const columns: Column<repo.CustomerRow>[] = [
      { key: 'customerNumber', de: 'Kundennummer', en: 'Customer number', kind: 'text', value: (c) => c.customerNumber },
      { key: 'kind', de: 'Art', en: 'Kind', kind: 'text', value: (c) => c.kind, labels: labels.customerKindLabels },
      { key: 'salutation', de: 'Anrede', en: 'Salutation', kind: 'text', value: (c) => c.salutation, labels: labels.salutationLabels },
      { key: 'firstName', de: 'Vorname', en: 'First name', kind: 'text', value: (c) => c.firstName },
      { key: 'lastName', de: 'Nachname', en: 'Last name', kind: 'text', value: (c) => c.lastName },
      { key: 'companyName', de: 'Firma', en: 'Company', kind: 'text', value: (c) => c.companyName },
      { key: 'street', de: 'Straße', en: 'Street', kind: 'text', value: (c) => c.street },
      { key: 'houseNumber', de: 'Hausnummer', en: 'House number', kind: 'text', value: (c) => c.houseNumber },
      { key: 'postalCode', de: 'Postleitzahl', en: 'Postal code', kind: 'text', value: (c) => c.postalCode },
      { key: 'city', de: 'Ort', en: 'City', kind: 'text', value: (c) => c.city },
      { key: 'country', de: 'Land', en: 'Country', kind: 'text', value: (c) => c.country },
      { key: 'email', de: 'E-Mail-Adresse (Kontakt)', en: 'E-mail address (contact)', kind: 'text', value: (c) => c.email },
      { key: 'phone', de: 'Telefon', en: 'Phone', kind: 'text', value: (c) => c.phone },
      { key: 'createdAt', de: 'Angelegt am', en: 'Created', kind: 'datetime', value: (c) => c.createdAt },
      { key: 'linkedAt', de: 'Mit dem Zugang verknüpft am', en: 'Linked to the access', kind: 'datetime', value: (c) => c.linkedAt },
    ];
    return Promise.resolve([
      { path: `${ctx.folder}customer.json`, content: () => toJson(jsonRows([ctx.customer], columns)[0]) },
      { path: `${ctx.folder}customer.csv`, content: () => csvRows([ctx.customer], columns, ctx.format) },
    ]);
  },
};

const premisesSection: Section<CustomerContext> = {
  files: 'consumption-points.json, consumption-points.csv',
  description: { de: 'Verbrauchsstellen mit Anschrift und Marktlokations-ID.', en: 'Consumption points with address and market location ID.' },
  collect: async (trx, ctx) => {
    const rows = await repo.listPremises(trx, ctx.tenant.id, ctx.customer.id);
    return tableEntries(
      `${ctx.folder}consumption-points`,
      rows,
      [
        { key: 'id', de: 'ID', en: 'ID', kind: 'text', value: (p) => p.id },
        { key: 'street', de: 'Straße', en: 'Street', kind: 'text', value: (p) => p.street },
        { key: 'houseNumber', de: 'Hausnummer', en: 'House number', kind: 'text', value: (p) => p.houseNumber },
        { key: 'postalCode', de: 'Postleitzahl', en: 'Postal code', kind: 'text', value: (p) => p.postalCode },
        { key: 'city', de: 'Ort', en: 'City', kind: 'text', value: (p) => p.city },
        { key: 'country', de: 'Land', en: 'Country', kind: 'text', value: (p) => p.country },
        { key: 'maloId', de: 'Marktlokations-ID', en: 'Market location ID', kind: 'text', value: (p) => p.maloId },
        { key: 'createdAt', de: 'Angelegt am', en: 'Created', kind: 'datetime', value: (p) => p.createdAt },
      ],
      ctx.format,
    );
  },
};

const contractsSection: Section<CustomerContext> = {
  files: 'contracts.json, contracts.csv',
  description: {
    de: 'Verträge: Vertragsnummer, Sparte, Verbrauchsstelle, Tarif mit Arbeitspreis (ct/kWh bzw. ct/m³) und Grundpreis, Beginn, Ende, Laufzeit, Kündigungsfrist, Jahresverbrauchsprognose.',
    en: 'Contracts: contract number, division, consumption point, tariff with energy price (ct per unit) and base price, start, end, term, notice period, annual consumption forecast.',
  },
  collect: async (trx, ctx) => {
    const rows = await repo.listContracts(trx, ctx.tenant.id, ctx.customer.id);
    return tableEntries(
      `${ctx.folder}contracts`,
      rows,
      [
        { key: 'contractNumber', de: 'Vertragsnummer', en: 'Contract number', kind: 'text', value: (k) => k.contractNumber },
        { key: 'division', de: 'Sparte', en: 'Division', kind: 'text', value: (k) => k.division, labels: labels.divisionLabels },
        { key: 'direction', de: 'Richtung', en: 'Direction', kind: 'text', value: (k) => k.direction, labels: labels.directionLabels },
        { key: 'consumptionPointId', de: 'Verbrauchsstelle (ID)', en: 'Consumption point (ID)', kind: 'text', value: (k) => k.premiseId },
        { key: 'tariffCode', de: 'Tarifkürzel', en: 'Tariff code', kind: 'text', value: (k) => k.tariffCode },
        { key: 'tariffName', de: 'Tarif', en: 'Tariff', kind: 'text', value: (k) => k.tariffName },
        { key: 'energyPriceCt', de: 'Arbeitspreis (ct je Einheit, netto)', en: 'Energy price (ct per unit, net)', kind: 'decimal', value: (k) => k.energyPriceCt },
        { key: 'basePriceCentsPerYear', de: 'Grundpreis (EUR pro Jahr, netto)', en: 'Base price (EUR per year, net)', kind: 'cents', value: (k) => k.basePriceCentsPerYear },
        { key: 'tariffValidFrom', de: 'Tarif gültig ab', en: 'Tariff valid from', kind: 'date', value: (k) => k.tariffValidFrom },
        { key: 'startDate', de: 'Vertragsbeginn', en: 'Start', kind: 'date', value: (k) => k.startDate },
        { key: 'endDate', de: 'Vertragsende', en: 'End', kind: 'date', value: (k) => k.endDate },
        { key: 'minimumTermMonths', de: 'Mindestlaufzeit (Monate)', en: 'Minimum term (months)', kind: 'integer', value: (k) => k.minimumTermMonths },
        { key: 'noticePeriodWeeks', de: 'Kündigungsfrist (Wochen)', en: 'Notice period (weeks)', kind: 'integer', value: (k) => k.noticePeriodWeeks },
        { key: 'annualForecastMilli', de: 'Jahresverbrauchsprognose', en: 'Annual consumption forecast', kind: 'milli', value: (k) => k.annualForecastMilli },
      ],
      ctx.format,
    );
  },
};

const metersSection: Section<CustomerContext> = {
  files: 'meters.json, meters.csv',
  description: {
    de: 'Zähler mit Zählernummer, Sparte, Art, Zählpunkt, Ein- und Ausbaudatum und ihren Zählwerken (OBIS-Kennzahl, Einheit, Stellen); in der CSV-Datei eine Zeile je Zählwerk.',
    en: 'Meters with meter number, division, kind, metering point, installation and removal dates and their registers (OBIS code, unit, digits); one line per register in the CSV file.',
  },
  collect: async (trx, ctx) => {
    const registers = [...(await ctx.registers(trx)).values()];
    const meters = new Map<string, { meterNumber: string; consumptionPointId: string; division: string; kind: string; meteringPointId: string | null; dataGranularity: string | null; installedOn: string; removedOn: string | null; registers: unknown[] }>();
    for (const r of registers) {
      const meter = meters.get(r.meterId) ?? {
        meterNumber: r.meterNumber,
        consumptionPointId: r.premiseId,
        division: r.division,
        kind: r.meterKind,
        meteringPointId: r.meteringPointId,
        dataGranularity: r.dataGranularity,
        installedOn: r.installedOn,
        removedOn: r.removedOn,
        registers: [],
      };
      meter.registers.push({ obis: r.obis, label: r.label, unit: r.unit, digits: r.digits, decimals: r.decimals });
      meters.set(r.meterId, meter);
    }
    const columns: Column<repo.RegisterRow>[] = [
      { key: 'meterNumber', de: 'Zählernummer', en: 'Meter number', kind: 'text', value: (r) => r.meterNumber },
      { key: 'division', de: 'Sparte', en: 'Division', kind: 'text', value: (r) => r.division, labels: labels.divisionLabels },
      { key: 'kind', de: 'Zählerart', en: 'Meter kind', kind: 'text', value: (r) => r.meterKind, labels: labels.meterKindLabels },
      { key: 'meteringPointId', de: 'Zählpunkt', en: 'Metering point', kind: 'text', value: (r) => r.meteringPointId },
      { key: 'dataGranularity', de: 'Messwerte', en: 'Metered values', kind: 'text', value: (r) => r.dataGranularity, labels: labels.granularityLabels },
      { key: 'installedOn', de: 'Eingebaut am', en: 'Installed', kind: 'date', value: (r) => r.installedOn },
      { key: 'removedOn', de: 'Ausgebaut am', en: 'Removed', kind: 'date', value: (r) => r.removedOn },
      { key: 'consumptionPointId', de: 'Verbrauchsstelle (ID)', en: 'Consumption point (ID)', kind: 'text', value: (r) => r.premiseId },
      { key: 'obis', de: 'OBIS-Kennzahl', en: 'OBIS code', kind: 'text', value: (r) => r.obis },
      { key: 'register', de: 'Zählwerk', en: 'Register', kind: 'text', value: (r) => r.label },
      { key: 'unit', de: 'Einheit', en: 'Unit', kind: 'text', value: (r) => r.unit },
      { key: 'digits', de: 'Vorkommastellen', en: 'Digits', kind: 'integer', value: (r) => r.digits },
      { key: 'decimals', de: 'Nachkommastellen', en: 'Decimals', kind: 'integer', value: (r) => r.decimals },
    ];
    return [
      { path: `${ctx.folder}meters.json`, content: () => toJson([...meters.values()]) },
      { path: `${ctx.folder}meters.csv`, content: () => csvRows(registers, columns, ctx.format) },
    ];
  },
};

const readingsSection: Section<CustomerContext> = {
  files: 'readings.json, readings.csv',
  description: {
    de: 'Zählerstände je Zählwerk mit Ablesedatum, Stand, Herkunft (Kunde, Versorger, geschätzt, intelligentes Messsystem), Anlass und Status.',
    en: 'Meter readings per register with reading date, value, source (customer, utility, estimated, smart meter), reason and status.',
  },
  collect: async (trx, ctx) => {
    const registers = await ctx.registers(trx);
    const rows = await repo.listReadings(trx, ctx.tenant.id, ctx.customer.id);
    return tableEntries(
      `${ctx.folder}readings`,
      rows,
      [
        ...registerColumns<repo.ReadingRow>(registers),
        { key: 'readOn', de: 'Ablesedatum', en: 'Reading date', kind: 'date', value: (r) => r.readOn },
        { key: 'value', de: 'Zählerstand', en: 'Reading', kind: 'decimal', value: (r) => r.value },
        { key: 'source', de: 'Herkunft', en: 'Source', kind: 'text', value: (r) => r.source, labels: labels.readingSourceLabels },
        { key: 'reason', de: 'Anlass', en: 'Reason', kind: 'text', value: (r) => r.reason, labels: labels.readingReasonLabels },
        { key: 'status', de: 'Status', en: 'Status', kind: 'text', value: (r) => r.status, labels: labels.readingStatusLabels },
        { key: 'recordedAt', de: 'Erfasst am', en: 'Recorded', kind: 'datetime', value: (r) => r.createdAt },
      ],
      ctx.format,
    );
  },
};

const readingSubmissionsSection: Section<CustomerContext> = {
  files: 'reading-submissions.json, reading-submissions.csv',
  description: {
    de: 'Zählerstände, die Sie im Kundenportal gemeldet haben: Zähler, Ablesedatum, Status, Ihr Kommentar, die Hinweise der Plausibilitätsprüfung und die Vorgangsnummer einer Prüfung.',
    en: 'Meter readings you sent through the customer portal: meter, reading date, status, your comment, the findings of the plausibility check and the reference number of a review.',
  },
  collect: async (trx, ctx) => {
    const rows = await repo.listReadingSubmissions(trx, ctx.tenant.id, ctx.customer.id, ctx.loginId);
    return tableEntries(
      `${ctx.folder}reading-submissions`,
      rows,
      [
        { key: 'meterNumber', de: 'Zählernummer', en: 'Meter number', kind: 'text', value: (r) => r.meterNumber },
        { key: 'readOn', de: 'Ablesedatum', en: 'Reading date', kind: 'date', value: (r) => r.readOn },
        { key: 'status', de: 'Status', en: 'Status', kind: 'text', value: (r) => r.status, labels: labels.readingStatusLabels },
        { key: 'comment', de: 'Ihr Kommentar', en: 'Your comment', kind: 'text', value: (r) => r.comment },
        { key: 'findings', de: 'Hinweise der Prüfung (JSON)', en: 'Check findings (JSON)', kind: 'text', value: (r) => (Array.isArray(r.findings) && r.findings.length > 0 ? JSON.stringify(r.findings) : null) },
        { key: 'requestReference', de: 'Vorgangsnummer', en: 'Reference number', kind: 'text', value: (r) => r.requestReference },
        { key: 'byThisLogin', de: 'Durch diesen Zugang', en: 'By this access', kind: 'boolean', value: (r) => r.byThisLogin },
        { key: 'sentAt', de: 'Gesendet am', en: 'Sent', kind: 'datetime', value: (r) => r.createdAt },
      ],
      ctx.format,
    );
  },
};

const dailySection: Section<CustomerContext> = {
  files: 'consumption-daily.json, consumption-daily.csv',
  description: {
    de: 'Tagesverbräuche je Zählwerk (in der Einheit des Zählwerks, in JSON in tausendstel Einheiten) mit Qualitätskennzeichen (220 = wahrer Wert).',
    en: 'Daily consumption per register (in the register unit; in JSON in thousandths of the unit) with a quality code (220 = true value).',
  },
  collect: async (trx, ctx) => {
    const registers = await ctx.registers(trx);
    const rows = await repo.listDailyConsumption(trx, ctx.tenant.id, ctx.customer.id);
    if (rows.length === 0) return [];
    return tableEntries(
      `${ctx.folder}consumption-daily`,
      rows,
      [
        ...registerColumns<(typeof rows)[number]>(registers),
        { key: 'day', de: 'Tag', en: 'Day', kind: 'date', value: (r) => r.day },
        { key: 'quantityMilli', de: 'Verbrauch', en: 'Consumption', kind: 'milli', value: (r) => r.quantityMilli },
        { key: 'quality', de: 'Qualität', en: 'Quality', kind: 'integer', value: (r) => r.quality },
      ],
      ctx.format,
    );
  },
};

type QuarterRow = { day: string; start: string; end: string; utc: Date; valueMilli: number | null; quality: number | null };

const intervalSection: Section<CustomerContext> = {
  files: 'interval-values/<Zählernummer>_<OBIS>_<Jahr>.json, .csv',
  description: {
    de: '15-Minuten-Werte (Lastgang) intelligenter Messsysteme, eine Datei je Zählwerk und Jahr: Tag, Beginn und Ende in Ortszeit, Beginn in UTC, Menge der Viertelstunde.',
    en: '15-minute values (load profile) of smart meters, one file per register and year: day, start and end in local time, start in UTC, quantity of the quarter hour.',
  },
  collect: async (trx, ctx) => {
    const registers = await ctx.registers(trx);
    const years = await repo.listIntervalYears(trx, ctx.tenant.id, ctx.customer.id);
    const { tenant, customer, format } = ctx;
    return years.flatMap(({ registerId, year }) => {
      const register = registers.get(registerId);
      if (!register) return [];
      const base = `${ctx.folder}interval-values/${safeName(`${register.meterNumber}_${register.obis.replace(/[:.*]/g, '-')}_${String(year)}`)}`;
      const days = () => ctx.read((reader) => repo.listIntervalDays(reader, tenant.id, customer.id, registerId, year));
      const columns: Column<QuarterRow>[] = [
        { key: 'day', de: 'Tag', en: 'Day', kind: 'date', value: (q) => q.day },
        { key: 'start', de: 'Beginn (Ortszeit)', en: 'Start (local time)', kind: 'text', value: (q) => q.start },
        { key: 'end', de: 'Ende (Ortszeit)', en: 'End (local time)', kind: 'text', value: (q) => q.end },
        { key: 'startUtc', de: 'Beginn (UTC)', en: 'Start (UTC)', kind: 'text', value: (q) => q.utc.toISOString() },
        { key: 'value', de: `Menge (${register.unit})`, en: `Quantity (${register.unit})`, kind: 'milli', value: (q) => q.valueMilli },
        { key: 'quality', de: 'Qualität', en: 'Quality', kind: 'integer', value: (q) => q.quality },
      ];
      const quarters = function* (rows: Awaited<ReturnType<typeof days>>): Generator<QuarterRow> {
        for (const row of rows) {
          const times = quartersOf(row.day, row.valuesMilli.length, tenant.config.timeZone);
          for (const [i, time] of times.entries()) {
            yield { day: row.day, start: time.localStart, end: time.localEnd, utc: new Date(time.start), valueMilli: row.valuesMilli[i] ?? null, quality: row.quality?.[i] ?? 220 };
          }
        }
      };
      return [
        {
          path: `${base}.json`,
          content: async () =>
            toJson({
              meterNumber: register.meterNumber,
              obis: register.obis,
              unit: register.unit,
              timeZone: tenant.config.timeZone,
              note: 'valuesMilli[i]: thousandths of the unit in the i-th quarter hour after local midnight; quality null = all true values (220)',
              days: (await days()).map((d) => ({ day: d.day, valuesMilli: d.valuesMilli, quality: d.quality })),
            }),
        },
        { path: `${base}.csv`, content: async () => csvRows(quarters(await days()), columns, format) },
      ];
    });
  },
};

const invoicesSection: Section<CustomerContext> = {
  files: 'invoices.json, invoices.csv',
  description: {
    de: 'Rechnungen: Nummer, Art, Datum, Zeitraum, Netto, Umsatzsteuer, Brutto, gezahlte Abschläge, Saldo, Fälligkeit und die zugehörige PDF-Datei im Ordner documents.',
    en: 'Invoices: number, kind, date, period, net, VAT, gross, instalments paid, balance, due date and the matching PDF file in the documents folder.',
  },
  collect: async (trx, ctx) => {
    const rows = await repo.listInvoices(trx, ctx.tenant.id, ctx.customer.id);
    const paths = await ctx.documentPaths(trx);
    return tableEntries(
      `${ctx.folder}invoices`,
      rows,
      [
        { key: 'invoiceNumber', de: 'Rechnungsnummer', en: 'Invoice number', kind: 'text', value: (i) => i.invoiceNumber },
        { key: 'kind', de: 'Art', en: 'Kind', kind: 'text', value: (i) => i.kind, labels: labels.invoiceKindLabels },
        { key: 'invoiceDate', de: 'Rechnungsdatum', en: 'Invoice date', kind: 'date', value: (i) => i.invoiceDate },
        { key: 'periodStart', de: 'Zeitraum von', en: 'Period from', kind: 'date', value: (i) => i.periodStart },
        { key: 'periodEnd', de: 'Zeitraum bis', en: 'Period to', kind: 'date', value: (i) => i.periodEnd },
        { key: 'netCents', de: 'Netto (EUR)', en: 'Net (EUR)', kind: 'cents', value: (i) => i.netCents },
        { key: 'vatCents', de: 'Umsatzsteuer (EUR)', en: 'VAT (EUR)', kind: 'cents', value: (i) => i.vatCents },
        { key: 'grossCents', de: 'Brutto (EUR)', en: 'Gross (EUR)', kind: 'cents', value: (i) => i.grossCents },
        { key: 'instalmentsPaidCents', de: 'Gezahlte Abschläge (EUR)', en: 'Instalments paid (EUR)', kind: 'cents', value: (i) => i.instalmentsPaidCents },
        { key: 'balanceCents', de: 'Nachzahlung (+) / Guthaben (-) (EUR)', en: 'Amount due (+) / credit (-) (EUR)', kind: 'cents', value: (i) => i.balanceCents },
        { key: 'dueDate', de: 'Fällig am', en: 'Due date', kind: 'date', value: (i) => i.dueDate },
        { key: 'file', de: 'Datei', en: 'File', kind: 'text', value: (i) => (i.documentId ? paths.get(i.documentId) : null) },
      ],
      ctx.format,
    );
  },
};

/** Document files: documents/2026-03-01_Jahresrechnung 2025.pdf, unique within the folder. */
export function documentPaths(documents: readonly repo.DocumentRow[], timeZone: string): Map<string, string> {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const taken = new Set<string>();
  const paths = new Map<string, string>();
  for (const document of documents) {
    const name = safeName(`${day.format(document.createdAt)}_${document.fileName}`);
    let candidate = `documents/${name}`;
    for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) {
      const dot = name.lastIndexOf('.');
      candidate = dot > 0 ? `documents/${name.slice(0, dot)} (${String(n)})${name.slice(dot)}` : `documents/${name} (${String(n)})`;
    }
    taken.add(candidate.toLowerCase());
    paths.set(document.id, candidate);
  }
  return paths;
}

const documentsSection: Section<CustomerContext> = {
  files: 'documents.json, documents.csv, documents/',
  description: {
    de: 'Dokumente (Rechnungen, Schreiben, Verträge) mit Titel, Art, Datum und wann Sie sie geöffnet haben; die Dateien selbst im Ordner documents.',
    en: 'Documents (invoices, letters, contracts) with title, kind, date and when you opened them; the files themselves in the documents folder.',
  },
  collect: async (trx, ctx) => {
    const rows = await repo.listDocuments(trx, ctx.tenant.id, ctx.customer.id);
    const paths = await ctx.documentPaths(trx);
    const { tenant, customer } = ctx;
    return [
      ...tableEntries(
        `${ctx.folder}documents`,
        rows,
        [
          { key: 'title', de: 'Titel', en: 'Title', kind: 'text', value: (d) => d.title },
          { key: 'kind', de: 'Art', en: 'Kind', kind: 'text', value: (d) => d.kind, labels: labels.documentKindLabels },
          { key: 'fileName', de: 'Dateiname', en: 'File name', kind: 'text', value: (d) => d.fileName },
          { key: 'contentType', de: 'Format', en: 'Format', kind: 'text', value: (d) => d.contentType },
          { key: 'sizeBytes', de: 'Größe (Bytes)', en: 'Size (bytes)', kind: 'integer', value: (d) => d.sizeBytes },
          { key: 'createdAt', de: 'Bereitgestellt am', en: 'Provided', kind: 'datetime', value: (d) => d.createdAt },
          { key: 'readAt', de: 'Geöffnet am', en: 'Opened', kind: 'datetime', value: (d) => d.readAt },
          { key: 'file', de: 'Datei', en: 'File', kind: 'text', value: (d) => paths.get(d.id) },
        ],
        ctx.format,
      ),
      ...rows.map(
        (document): ExportEntry => ({
          path: `${ctx.folder}${paths.get(document.id) ?? `documents/${document.id}`}`,
          store: true,
          content: () => ctx.read((reader) => repo.documentContent(reader, tenant.id, customer.id, document.id)),
        }),
      ),
    ];
  },
};

const transactionsSection: Section<CustomerContext> = {
  files: 'account-transactions.json, account-transactions.csv',
  description: {
    de: 'Kontobewegungen (Kontoübersicht): Rechnungen, Abschläge, Zahlungen, Gutschriften und Gebühren mit Buchungsdatum, Fälligkeit, Betrag (positiv = Forderung, negativ = Zahlung oder Gutschrift) und ob sie ausgeglichen sind.',
    en: 'Account transactions (account statement): invoices, instalments, payments, credits and fees with booking date, due date, amount (positive = owed, negative = payment or credit) and whether they are settled.',
  },
  collect: async (trx, ctx) => {
    const rows = await repo.listTransactions(trx, ctx.tenant.id, ctx.customer.id);
    return tableEntries(
      `${ctx.folder}account-transactions`,
      rows,
      [
        { key: 'bookingDate', de: 'Buchungsdatum', en: 'Booking date', kind: 'date', value: (t) => t.bookingDate },
        { key: 'dueDate', de: 'Fällig am', en: 'Due date', kind: 'date', value: (t) => t.dueDate },
        { key: 'kind', de: 'Art', en: 'Kind', kind: 'text', value: (t) => t.kind, labels: labels.transactionKindLabels },
        { key: 'description', de: 'Buchungstext', en: 'Description', kind: 'text', value: (t) => t.description },
        { key: 'amountCents', de: 'Betrag (EUR)', en: 'Amount (EUR)', kind: 'cents', value: (t) => t.amountCents },
        { key: 'reference', de: 'Referenz', en: 'Reference', kind: 'text', value: (t) => t.reference },
        { key: 'invoiceNumber', de: 'Rechnungsnummer', en: 'Invoice number', kind: 'text', value: (t) => t.invoiceNumber },
        { key: 'cleared', de: 'Ausgeglichen', en: 'Settled', kind: 'boolean', value: (t) => t.cleared },
      ],
      ctx.format,
    );
  },
};

const instalmentsSection: Section<CustomerContext> = {
  files: 'instalment-plans.json, instalment-plans.csv',
  description: {
    de: 'Abschlagspläne je Vertrag: monatlicher Betrag, gültig von/bis, Fälligkeitstag im Monat.',
    en: 'Instalment plans per contract: monthly amount, valid from/to, due day of the month.',
  },
  collect: async (trx, ctx) => {
    const rows = await repo.listInstalmentPlans(trx, ctx.tenant.id, ctx.customer.id);
    return tableEntries(
      `${ctx.folder}instalment-plans`,
      rows,
      [
        { key: 'contractNumber', de: 'Vertragsnummer', en: 'Contract number', kind: 'text', value: (p) => p.contractNumber },
        { key: 'division', de: 'Sparte', en: 'Division', kind: 'text', value: (p) => p.division, labels: labels.divisionLabels },
        { key: 'amountCents', de: 'Abschlag (EUR)', en: 'Instalment (EUR)', kind: 'cents', value: (p) => p.amountCents },
        { key: 'validFrom', de: 'Gültig ab', en: 'Valid from', kind: 'date', value: (p) => p.validFrom },
        { key: 'validTo', de: 'Gültig bis', en: 'Valid to', kind: 'date', value: (p) => p.validTo },
        { key: 'dueDay', de: 'Fällig am (Tag des Monats)', en: 'Due on (day of month)', kind: 'integer', value: (p) => p.dueDay },
        { key: 'createdAt', de: 'Angelegt am', en: 'Created', kind: 'datetime', value: (p) => p.createdAt },
      ],
      ctx.format,
    );
  },
};

function payloadText(payload: unknown, key: string): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const value = (payload as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}

const bankSection: Section<CustomerContext> = {
  files: 'bank-details.json, bank-details.csv',
  description: {
    de: 'Bankverbindungen und SEPA-Lastschriftmandate: Zahlungsart, Kontoinhaber, IBAN (maskiert, wie überall im Kundenportal; vollständig im Mandat als PDF bei Ihrem Anliegen), BIC, gültig ab, Gläubiger-ID, Mandatsreferenz, für welche Verbrauchsstellen, Status und Ihre Einwilligung mit Wortlaut, Version, Zeitpunkt und Weg.',
    en: 'Bank details and SEPA direct debit mandates: payment method, account holder, IBAN (masked, as everywhere in the customer portal; in full on the mandate PDF with your request), BIC, valid from, creditor identifier, mandate reference, for which consumption points, status and your consent with its wording, version, time and channel.',
  },
  collect: async (trx, ctx) => {
    const { tenant, customer } = ctx;
    const rows = await repo.listBankAccounts(trx, tenant.id, customer.id);
    if (rows.length === 0) return [];
    const premises = new Map((await repo.listPremises(trx, tenant.id, customer.id)).map((p) => [p.id, address(p)]));
    const links = await repo.listBankAccountPremises(trx, tenant.id, customer.id);
    const appliesTo = (row: repo.BankAccountRow): string[] | null =>
      row.allPremises ? null : links.filter((l) => l.bankAccountId === row.id).map((l) => premises.get(l.premiseId) ?? l.premiseId);
    const columns: Column<repo.BankAccountRow>[] = [
      { key: 'paymentMethod', de: 'Zahlungsart', en: 'Payment method', kind: 'text', value: (b) => b.paymentMethod, labels: labels.paymentMethodLabels },
      { key: 'holder', de: 'Kontoinhaber', en: 'Account holder', kind: 'text', value: (b) => b.holder },
      { key: 'ibanMasked', de: 'IBAN (maskiert)', en: 'IBAN (masked)', kind: 'text', value: (b) => b.ibanMasked },
      { key: 'bic', de: 'BIC', en: 'BIC', kind: 'text', value: (b) => b.bic },
      { key: 'validFrom', de: 'Gültig ab', en: 'Valid from', kind: 'date', value: (b) => b.validFrom },
      { key: 'consumptionPoints', de: 'Verbrauchsstellen', en: 'Consumption points', kind: 'text', value: (b) => appliesTo(b)?.join(' | ') ?? (ctx.format.locale === 'de' ? 'alle' : 'all') },
      { key: 'creditorId', de: 'Gläubiger-ID', en: 'Creditor identifier', kind: 'text', value: (b) => b.creditorId },
      { key: 'mandateReference', de: 'Mandatsreferenz', en: 'Mandate reference', kind: 'text', value: (b) => b.mandateReference },
      { key: 'status', de: 'Status', en: 'Status', kind: 'text', value: (b) => b.status, labels: labels.bankStatusLabels },
      { key: 'consentedAt', de: 'Eingewilligt am', en: 'Consent given', kind: 'datetime', value: (b) => b.consentedAt },
      { key: 'consentChannel', de: 'Einwilligung über', en: 'Consent channel', kind: 'text', value: (b) => b.consentChannel, labels: labels.consentChannelLabels },
      { key: 'consentTextVersion', de: 'Version des Mandatstexts', en: 'Mandate text version', kind: 'text', value: (b) => b.consentTextVersion },
      { key: 'consentText', de: 'Mandatstext', en: 'Mandate text', kind: 'text', value: (b) => b.consentText },
      { key: 'requestReference', de: 'Vorgangsnummer', en: 'Reference number', kind: 'text', value: (b) => b.requestReference },
      { key: 'createdAt', de: 'Angelegt am', en: 'Created', kind: 'datetime', value: (b) => b.createdAt },
    ];
    const json = rows.map((b) => ({
      paymentMethod: b.paymentMethod,
      holder: b.holder,
      ibanMasked: b.ibanMasked,
      bic: b.bic,
      validFrom: b.validFrom,
      /** null: every consumption point of the account. */
      consumptionPoints: appliesTo(b),
      creditorId: b.creditorId,
      mandateReference: b.mandateReference,
      status: b.status,
      consent: b.consentedAt
        ? { at: b.consentedAt.toISOString(), channel: b.consentChannel, textVersion: b.consentTextVersion, locale: b.consentLocale, text: b.consentText }
        : null,
      requestReference: b.requestReference,
      createdAt: b.createdAt.toISOString(),
    }));
    return [
      { path: `${ctx.folder}bank-details.json`, content: () => toJson(json) },
      { path: `${ctx.folder}bank-details.csv`, content: () => csvRows(rows, columns, ctx.format) },
    ];
  },
};

const requestsSection: Section<CustomerContext> = {
  files: 'requests.json, requests.csv, request-history.csv, requests/',
  description: {
    de: 'Ihre Anliegen (Nachrichten und Änderungswünsche) mit Vorgangsnummer, Betreff, Inhalt, Status und Verlauf; die Anhänge im Ordner requests/<Vorgangsnummer>.',
    en: 'Your requests (messages and change requests) with reference number, subject, content, status and history; the attachments in the folder requests/<reference number>.',
  },
  collect: async (trx, ctx) => {
    const { tenant, customer } = ctx;
    const requests = await repo.listRequests(trx, tenant.id, customer.id);
    const events = await repo.listRequestEvents(trx, tenant.id, customer.id);
    const attachments = await repo.listRequestAttachments(trx, tenant.id, customer.id);
    const premises = new Map((await repo.listPremises(trx, tenant.id, customer.id)).map((p) => [p.id, address(p)]));
    const byId = new Map(requests.map((r) => [r.id, r]));
    const attachmentPath = new Map<string, string>();
    const taken = new Set<string>();
    for (const file of attachments) {
      const request = byId.get(file.requestId);
      if (!request) continue;
      let path = `requests/${safeName(request.reference)}/${safeName(file.fileName)}`;
      for (let n = 2; taken.has(path.toLowerCase()); n += 1) path = `requests/${safeName(request.reference)}/${String(n)}_${safeName(file.fileName)}`;
      taken.add(path.toLowerCase());
      attachmentPath.set(file.id, path);
    }
    const json = requests.map((r) => ({
      reference: r.reference,
      kind: r.kind,
      subject: r.subject,
      status: r.status,
      consumptionPoint: r.premiseId ? (premises.get(r.premiseId) ?? null) : null,
      data: r.payload,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      history: events.filter((e) => e.requestId === r.id).map((e) => ({ status: e.status, reason: e.reason, by: e.actorType, at: e.createdAt.toISOString() })),
      attachments: attachments
        .filter((a) => a.requestId === r.id)
        .map((a) => ({ fileName: a.fileName, contentType: a.contentType, sizeBytes: a.sizeBytes, file: attachmentPath.get(a.id) ?? null })),
    }));
    const requestColumns: Column<repo.RequestRow>[] = [
      { key: 'reference', de: 'Vorgangsnummer', en: 'Reference number', kind: 'text', value: (r) => r.reference },
      { key: 'kind', de: 'Art', en: 'Kind', kind: 'text', value: (r) => r.kind, labels: labels.requestKindLabels },
      { key: 'subject', de: 'Betreff', en: 'Subject', kind: 'text', value: (r) => r.subject },
      { key: 'message', de: 'Ihr Anliegen', en: 'Your request', kind: 'text', value: (r) => payloadText(r.payload, 'text') },
      { key: 'phone', de: 'Telefonnummer', en: 'Phone number', kind: 'text', value: (r) => payloadText(r.payload, 'phone') },
      { key: 'data', de: 'Weitere Angaben (JSON)', en: 'Further details (JSON)', kind: 'text', value: (r) => (r.kind === 'message' ? null : JSON.stringify(r.payload)) },
      { key: 'consumptionPoint', de: 'Verbrauchsstelle', en: 'Consumption point', kind: 'text', value: (r) => (r.premiseId ? premises.get(r.premiseId) : null) },
      { key: 'status', de: 'Status', en: 'Status', kind: 'text', value: (r) => r.status, labels: labels.requestStatusLabels },
      { key: 'createdAt', de: 'Eingegangen am', en: 'Received', kind: 'datetime', value: (r) => r.createdAt },
      { key: 'updatedAt', de: 'Zuletzt geändert am', en: 'Last changed', kind: 'datetime', value: (r) => r.updatedAt },
      { key: 'attachments', de: 'Anhänge', en: 'Attachments', kind: 'integer', value: (r) => attachments.filter((a) => a.requestId === r.id).length },
    ];
    type EventRow = (typeof events)[number];
    const eventColumns: Column<EventRow>[] = [
      { key: 'reference', de: 'Vorgangsnummer', en: 'Reference number', kind: 'text', value: (e) => byId.get(e.requestId)?.reference },
      { key: 'status', de: 'Status', en: 'Status', kind: 'text', value: (e) => e.status, labels: labels.requestStatusLabels },
      { key: 'reason', de: 'Begründung', en: 'Reason', kind: 'text', value: (e) => e.reason },
      { key: 'by', de: 'Durch', en: 'By', kind: 'text', value: (e) => e.actorType, labels: labels.actorLabels },
      { key: 'at', de: 'Zeitpunkt', en: 'Time', kind: 'datetime', value: (e) => e.createdAt },
    ];
    return [
      { path: `${ctx.folder}requests.json`, content: () => toJson(json) },
      { path: `${ctx.folder}requests.csv`, content: () => csvRows(requests, requestColumns, ctx.format) },
      { path: `${ctx.folder}request-history.csv`, content: () => csvRows(events, eventColumns, ctx.format) },
      ...attachments.flatMap((file): ExportEntry[] => {
        const path = attachmentPath.get(file.id);
        if (!path) return [];
        return [{ path: `${ctx.folder}${path}`, store: true, content: () => ctx.read((reader) => repo.attachmentContent(reader, tenant.id, customer.id, file.id)) }];
      }),
    ];
  },
};

function auditColumns(loginId: string, targets: (row: repo.AuditRow) => string | null): Column<repo.AuditRow>[] {
  return [
    { key: 'at', de: 'Zeitpunkt', en: 'Time', kind: 'datetime', value: (a) => a.at },
    { key: 'action', de: 'Vorgang', en: 'Action', kind: 'text', value: (a) => a.action },
    { key: 'actorType', de: 'Ausgelöst durch', en: 'Done by', kind: 'text', value: (a) => a.actorType, labels: labels.actorLabels },
    { key: 'byThisLogin', de: 'Durch diesen Zugang', en: 'By this access', kind: 'boolean', value: (a) => a.actorType === 'customer' && a.actorId === loginId },
    { key: 'targetType', de: 'Betrifft', en: 'Concerns', kind: 'text', value: (a) => a.targetType },
    { key: 'target', de: 'Betrifft (Nummer oder ID)', en: 'Concerns (number or ID)', kind: 'text', value: targets },
    { key: 'details', de: 'Einzelheiten (JSON)', en: 'Details (JSON)', kind: 'text', value: (a) => (typeof a.details === 'object' && a.details !== null && Object.keys(a.details).length > 0 ? JSON.stringify(a.details) : null) },
  ];
}

const AUDIT_DESCRIPTION: Text = {
  de: 'Protokoll (Audit-Log) der Vorgänge: Zeitpunkt, Vorgang, wer ihn ausgelöst hat (Mitarbeiter werden nicht namentlich genannt), was er betrifft, Einzelheiten wie die IP-Adresse bei Anmeldeversuchen.',
  en: 'Log (audit log) of actions: time, action, who started it (staff are not named), what it concerns, details such as the IP address of sign-in attempts.',
};

const customerAuditSection: Section<CustomerContext> = {
  files: 'audit-log.json, audit-log.csv',
  description: { de: `${AUDIT_DESCRIPTION.de} Hier: Vorgänge zu diesem Kundenkonto und seinen Anliegen.`, en: `${AUDIT_DESCRIPTION.en} Here: actions about this customer account and its requests.` },
  collect: async (trx, ctx) => {
    const { tenant, customer } = ctx;
    const requests = await repo.listRequests(trx, tenant.id, customer.id);
    const references = new Map(requests.map((r) => [r.id, r.reference]));
    const rows = await repo.listCustomerAudit(trx, tenant.id, customer.id, [...references.keys()]);
    const target = (a: repo.AuditRow) => (a.targetType === 'customer' ? customer.customerNumber : a.targetId ? (references.get(a.targetId) ?? a.targetId) : null);
    return tableEntries(`${ctx.folder}audit-log`, rows, auditColumns(ctx.loginId, target), ctx.format);
  },
};

/** The sections of each linked customer account's folder, in this order. */
export const customerSections: readonly Section<CustomerContext>[] = [
  customerSection,
  premisesSection,
  contractsSection,
  metersSection,
  readingsSection,
  readingSubmissionsSection,
  dailySection,
  intervalSection,
  invoicesSection,
  documentsSection,
  transactionsSection,
  instalmentsSection,
  bankSection,
  requestsSection,
  customerAuditSection,
];

export type LoginContext = ExportContext & { login: repo.LoginDetails; customers: readonly repo.CustomerRow[]; folderOf: (customer: repo.CustomerRow) => string };

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

const loginSection: Section<LoginContext> = {
  files: 'login.json',
  description: {
    de: 'Ihr Zugang: E-Mail-Adresse, Sprache, Status, Registrierungsweg, angelegt, zuletzt angemeldet, E-Mail bestätigt, Passwort zuletzt geändert; verknüpfte Kundenkonten; zweite Faktoren (ohne Geheimnisse); Anzahl der Wiederherstellungscodes; angemeldete Geräte (Browserkennung, Zeiten); per E-Mail verschickte Links (ohne die Links selbst); Anfragen nach der GP-Nr.; welche E-Mails wir Ihnen wann geschickt haben.',
    en: 'Your access: e-mail address, language, status, how you registered, created, last sign-in, e-mail confirmed, password last changed; linked customer accounts; second factors (without secrets); number of recovery codes; signed-in devices (browser identification, times); links sent by e-mail (without the links themselves); requests for a GP-Nr; which e-mails we sent you when.',
  },
  collect: async (trx, ctx) => {
    const { tenant, login } = ctx;
    const factors = await repo.listFactors(trx, tenant.id, login.id);
    const codes = await repo.recoveryCodeCounts(trx, tenant.id, login.id);
    const sessions = await repo.listSessions(trx, tenant.id, login.id);
    const links = await repo.listMailedLinks(trx, tenant.id, login.id);
    const gpRequests = await repo.listGpNumberRequests(trx, tenant.id, login.email);
    const mails = await repo.listMailsTo(trx, tenant.id, login.email);
    const selected = ctx.customers.find((c) => c.id === login.selectedCustomerId);
    const document = {
      exportedAt: ctx.now.toISOString(),
      utility: { name: tenant.config.displayName, legalName: tenant.config.legalName },
      login: {
        email: login.email,
        locale: login.locale,
        status: login.status,
        registrationMethod: login.registrationMethod,
        createdAt: iso(login.createdAt),
        lastLoginAt: iso(login.lastLoginAt),
        emailVerifiedAt: iso(login.emailVerifiedAt),
        passwordChangedAt: iso(login.passwordChangedAt),
        lastSelectedCustomerNumber: selected?.customerNumber ?? null,
      },
      linkedCustomerAccounts: ctx.customers.map((c) => ({ customerNumber: c.customerNumber, linkedAt: iso(c.linkedAt), folder: ctx.folderOf(c) })),
      secondFactors: factors.map((f) => ({
        kind: f.kind,
        label: f.label,
        createdAt: iso(f.createdAt),
        confirmedAt: iso(f.confirmedAt),
        lastUsedAt: iso(f.lastUsedAt),
        ...(f.kind === 'passkey' ? { transports: f.transports ?? [], backedUp: f.backedUp } : {}),
      })),
      recoveryCodes: { total: codes.total, used: codes.used, createdAt: iso(codes.createdAt) },
      sessions: sessions.map((s) => ({
        current: s.id === ctx.sessionId,
        device: describeUserAgent(s.userAgent, ctx.format.locale),
        userAgent: s.userAgent,
        createdAt: iso(s.createdAt),
        lastSeenAt: iso(s.lastSeenAt),
        idleExpiresAt: iso(s.idleExpiresAt),
        absoluteExpiresAt: iso(s.absoluteExpiresAt),
        passwordConfirmedAt: iso(s.reauthenticatedAt),
        waitingForSecondFactor: s.factorPending,
      })),
      mailedLinks: links.map((l) => ({ purpose: l.purpose, email: l.email, createdAt: iso(l.createdAt), expiresAt: iso(l.expiresAt), usedAt: iso(l.usedAt) })),
      gpNumberRequests: gpRequests.map((g) => ({ ...g, createdAt: iso(g.createdAt) })),
      mailsSent: mails.map((m) => ({ template: m.template, queuedAt: iso(m.createdAt), status: m.status, sentAt: iso(m.doneAt) })),
    };
    return [{ path: 'login.json', content: () => toJson(document) }];
  },
};

const loginAuditSection: Section<LoginContext> = {
  files: 'audit-log.json, audit-log.csv',
  description: { de: `${AUDIT_DESCRIPTION.de} Hier: Vorgänge Ihres Zugangs (Anmeldungen, Änderungen, Downloads).`, en: `${AUDIT_DESCRIPTION.en} Here: actions of your access (sign-ins, changes, downloads).` },
  collect: async (trx, ctx) => {
    const rows = await repo.listLoginAudit(trx, ctx.tenant.id, ctx.login.id);
    const numbers = new Map(ctx.customers.map((c) => [c.id, c.customerNumber]));
    const target = (a: repo.AuditRow) => (a.targetType === 'customer' && a.targetId ? (numbers.get(a.targetId) ?? a.targetId) : a.targetId);
    return tableEntries('audit-log', rows, auditColumns(ctx.login.id, target), ctx.format);
  },
};

/** The sections at the top of the archive, about the login itself. */
export const loginSections: readonly Section<LoginContext>[] = [loginSection, loginAuditSection];
