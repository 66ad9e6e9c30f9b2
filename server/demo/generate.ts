// Deterministic generation of the demo data (no database access): the same `today` gives the same
// rows. Phases per tenant: customers and supplies -> meters and consumption -> readings -> plans,
// invoices and account transactions -> documents. Consumption is modelled per day and register, so
// readings, invoices, daily values and 15-minute values are consistent with each other. A grid
// operator (role 'grid') bills no consumption: its customers are business partners of the grid
// (GP-Nr), some with a second record for the feed-in of a PV system, which gets annual credit notes.
import { Faker, base, de, de_AT, en } from '@faker-js/faker';
import type { Insertable } from 'kysely';
import type { DB } from '../db/schema.generated.ts';
import {
  alpenstadtLogins,
  alpenstadtPersonas,
  alpenstadtTariffs,
  alpenstadtTowns,
  austrianBusinessStreets,
  austrianFemaleFirstNames,
  austrianLastNames,
  austrianMaleFirstNames,
  austrianStreets,
  companyKinds,
  germanBusinessStreets,
  germanFemaleFirstNames,
  germanLastNames,
  germanMaleFirstNames,
  germanStreets,
  musterstadtLogins,
  musterstadtPersonas,
  musterstadtTariffs,
  musterstadtTowns,
  netzNordLogins,
  netzNordPersonas,
  netzNordTariffs,
  netzNordTowns,
  northernBusinessStreets,
  northernFemaleFirstNames,
  northernLastNames,
  northernMaleFirstNames,
  northernStreets,
  priceFactorsByYearOffset,
  type DemoLogin,
  type Persona,
  type TariffSpec,
  type Town,
} from './catalog.ts';
import { dinMeterNumber, maloId, meteringPointId } from './ids.ts';
import {
  clearSkyFeedInOfDay,
  dateParts,
  dayNumber,
  dayOf,
  daysInYear,
  isoDay,
  Rng,
  hashSeed,
  seasonalFactor,
  winterness,
  DAY_MS,
  type Division,
  type Site,
} from './profiles.ts';

export type TenantSlug = 'musterstadt' | 'alpenstadt' | 'netz-nord';
export type Granularity = 'OPT_OUT' | 'DAILY' | 'QUARTER_HOUR';
type Row<T extends keyof DB> = Insertable<DB[T]>;

// ---------------------------------------------------------------------------------------------
// Tenant specifications

type TenantSpec = {
  slug: TenantSlug;
  /** A supplier bills consumption; a grid operator meters it and pays feed-in remuneration. */
  role: 'supplier' | 'grid';
  tenantId: string;
  seed: number;
  country: 'DE' | 'AT';
  timeZone: 'Europe/Berlin' | 'Europe/Vienna';
  locale: 'de' | 'de_AT';
  customerCount: number;
  companyShare: number;
  secondPremiseShare: number;
  towns: Town[];
  streets: string[];
  businessStreets: string[];
  femaleNames: string[];
  maleNames: string[];
  lastNames: string[];
  tariffs: TariffSpec[];
  personas: Persona[];
  logins: DemoLogin[];
  vatPercent: Record<Division, number>;
  /** Months (1-12) with an instalment; k = their count (DE 11: no instalment in the month of the bill). */
  instalmentMonths: number[];
  dueDay: number;
  instalmentWord: string;
  instalmentWordPlural: string;
  gridOperator: string;
  customerNumber: (faker: Faker) => string;
  contractNumber: (faker: Faker) => string;
  phone: (faker: Faker) => string;
  /** Grid operator: persons that also feed in (a second customer record, the second GP-Nr). */
  feedInCount: number;
  /** Grid operator: consumption and feed-in registers whose 15-minute values are stored. */
  intervalRegisters: { consumption: number; feedIn: number };
  /** Grid operator: where the PV systems are (for the sun's course). */
  site?: Site;
  invoiceNumber: (year: number, sequence: number) => string;
  dunningFeeCents: number;
  dunningFeeText: string;
};

export const TENANT_IDS: Record<TenantSlug, string> = {
  musterstadt: '0b7e5a52-6f0c-4d5e-9a43-1d7c0f3e8a01',
  alpenstadt: '5d2c9e17-3b48-4f6a-8e21-7a9b4c6d2f02',
  'netz-nord': '9a4f1c63-82d5-4b07-b1e8-3c5d7e9f0a03',
};

const NO_GRID = { feedInCount: 0, intervalRegisters: { consumption: 0, feedIn: 0 } };

const specs: TenantSpec[] = [
  {
    slug: 'alpenstadt',
    role: 'supplier',
    tenantId: TENANT_IDS.alpenstadt,
    seed: 6999,
    country: 'AT',
    timeZone: 'Europe/Vienna',
    locale: 'de_AT',
    customerCount: 120,
    companyShare: 0.08,
    secondPremiseShare: 0.06,
    towns: alpenstadtTowns,
    streets: austrianStreets,
    businessStreets: austrianBusinessStreets,
    femaleNames: austrianFemaleFirstNames,
    maleNames: austrianMaleFirstNames,
    lastNames: austrianLastNames,
    tariffs: alpenstadtTariffs,
    personas: alpenstadtPersonas,
    logins: alpenstadtLogins,
    vatPercent: { electricity: 20, gas: 20, water: 10 },
    instalmentMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    dueDay: 5,
    instalmentWord: 'Teilbetrag',
    instalmentWordPlural: 'Teilbeträge',
    gridOperator: '009999',
    customerNumber: (faker) => String(faker.number.int({ min: 100_000, max: 199_999 })),
    contractNumber: (faker) => `V${faker.string.numeric(7)}`,
    phone: (faker) => `06999 ${faker.string.numeric(3)} ${faker.string.numeric(2)}`,
    ...NO_GRID,
    invoiceNumber: (year, sequence) => `RE-${year}-${String(sequence).padStart(6, '0')}`,
    dunningFeeCents: 300,
    dunningFeeText: 'Mahnspesen',
  },
  {
    slug: 'musterstadt',
    role: 'supplier',
    tenantId: TENANT_IDS.musterstadt,
    seed: 59999,
    country: 'DE',
    timeZone: 'Europe/Berlin',
    locale: 'de',
    customerCount: 300,
    companyShare: 0.1,
    secondPremiseShare: 0.18,
    towns: musterstadtTowns,
    streets: germanStreets,
    businessStreets: germanBusinessStreets,
    femaleNames: germanFemaleFirstNames,
    maleNames: germanMaleFirstNames,
    lastNames: germanLastNames,
    tariffs: musterstadtTariffs,
    personas: musterstadtPersonas,
    logins: musterstadtLogins,
    vatPercent: { electricity: 19, gas: 19, water: 7 },
    instalmentMonths: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    dueDay: 15,
    instalmentWord: 'Abschlag',
    instalmentWordPlural: 'Abschläge',
    gridOperator: '099990',
    customerNumber: (faker) => `4${faker.string.numeric(7)}`,
    contractNumber: (faker) => `70${faker.string.numeric(8)}`,
    phone: (faker) => `05999 ${faker.string.numeric(2)} ${faker.string.numeric(2)} ${faker.string.numeric(2)}`,
    ...NO_GRID,
    invoiceNumber: (year, sequence) => `R${year}${String(sequence).padStart(6, '0')}`,
    dunningFeeCents: 250,
    dunningFeeText: 'Mahngebühr',
  },
  {
    slug: 'netz-nord',
    role: 'grid',
    tenantId: TENANT_IDS['netz-nord'],
    seed: 29999,
    country: 'DE',
    timeZone: 'Europe/Berlin',
    locale: 'de',
    customerCount: 80,
    companyShare: 0.06,
    secondPremiseShare: 0,
    towns: netzNordTowns,
    streets: northernStreets,
    businessStreets: northernBusinessStreets,
    femaleNames: [...northernFemaleFirstNames, ...germanFemaleFirstNames],
    maleNames: [...northernMaleFirstNames, ...germanMaleFirstNames],
    lastNames: [...northernLastNames, ...germanLastNames],
    tariffs: netzNordTariffs,
    personas: netzNordPersonas,
    logins: netzNordLogins,
    // Feed-in credit notes carry no VAT (small PV operators under § 19 UStG); consumption is not billed.
    vatPercent: { electricity: 0, gas: 0, water: 0 },
    instalmentMonths: [],
    dueDay: 15,
    instalmentWord: 'Abschlag',
    instalmentWordPlural: 'Abschläge',
    gridOperator: '099970',
    // Geschäftspartner-Nr. Netz: ten digits starting with 30.
    customerNumber: (faker) => `30${faker.string.numeric(8)}`,
    contractNumber: (faker) => `NA${faker.string.numeric(8)}`,
    phone: (faker) => `04999 ${faker.string.numeric(2)} ${faker.string.numeric(2)} ${faker.string.numeric(2)}`,
    invoiceNumber: (year, sequence) => `GS${year}${String(sequence).padStart(6, '0')}`,
    dunningFeeCents: 0,
    dunningFeeText: 'Mahngebühr',
    feedInCount: 20,
    intervalRegisters: { consumption: 15, feedIn: 6 },
    site: { latitude: 53.9, longitude: 9.3 },
  },
];

// ---------------------------------------------------------------------------------------------
// Generated entities (in memory)

export type ChannelDef = { obis: string; label: string; unit: 'kWh' | 'm3'; digits: number; decimals: number };

export type MeterSeg = {
  id: string;
  number: string;
  kind: 'conventional' | 'modern' | 'smart';
  meteringPointId: string | null;
  granularity: Granularity | null;
  installedOn: number;
  removedOn: number | null;
  /** First day whose consumption this meter measures (clamped to the modelled range). */
  fromDay: number;
  /** Last day measured (removal or contract end), null while installed and supplying. */
  toDay: number | null;
  startValues: number[];
  registerIds: string[];
  channels: ChannelDef[];
  readings: ReadingEvent[];
};

export type ReadingEvent = {
  day: number;
  /** The value is the meter state at the end of this day (a start-of-day reading uses day - 1). */
  valueDay: number;
  source: 'customer' | 'utility' | 'estimated' | 'smart_meter';
  reason: 'periodic' | 'move_in' | 'move_out' | 'meter_installed' | 'meter_removed' | 'interim' | 'billing';
};

export type PlanSeg = { from: number; forecast: number; priceYear: number; amountCents: number };

export type Supply = {
  contractId: string;
  contractNumber: string;
  division: Division;
  /** Consumption (Bezug) or feed-in of a PV system (Einspeisung, register 1-0:2.8.0). */
  direction: 'consumption' | 'feed_in';
  heatPump: boolean;
  tariffCode: string;
  startDay: number;
  endDay: number | null;
  minimumTermMonths: number;
  noticeWeeks: number;
  /** Expected consumption per year in the contract unit (kWh; water m³). */
  annual: number;
  initialForecast: number;
  yearFactors: Map<number, number>;
  smart: boolean;
  granularity: Granularity | null;
  /** 15-minute values are stored (QUARTER_HOUR meters; a grid operator stores them for a sample). */
  intervals: boolean;
  exchangeDay: number | null;
  gasZ: number;
  channels: ChannelDef[];
  channelShares: number[];
  /** Per channel: daily consumption in milli-units of the register unit, index = day - day0. */
  daily: Int32Array[];
  /** Per channel: cumulative sums, cum[i] = consumption before day0 + i. */
  cum: Float64Array[];
  meters: MeterSeg[];
  plans: PlanSeg[];
};

export type Premise = {
  id: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  maloId: string | null;
  supplies: Supply[];
  moveInDay: number | null;
  moveOutDay: number | null;
};

export type Customer = {
  index: number;
  id: string;
  number: string;
  kind: 'person' | 'company';
  salutation: 'mr' | 'ms' | 'diverse' | 'company';
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  email: string | null;
  phone: string | null;
  householdSize: number;
  payment: 'sepa' | 'transfer' | 'late';
  defaulter: boolean;
  persona: Persona | null;
  premises: Premise[];
  /**
   * Grid operator: the same person's other business partner record (consumption <-> feed-in, two
   * GP-Nr), null for everybody else.
   */
  twin: Customer | null;
};

export type InvoiceLine = {
  supply: Supply;
  premise: Premise;
  from: number;
  to: number;
  readings: Array<{ seg: MeterSeg; channel: number; fromDay: number; fromValue: number; toDay: number; toValue: number; toSource: ReadingEvent['source'] | 'exchange' }>;
  /** Billed quantity per channel group in the billing unit (kWh; water m³). */
  energy: Array<{ label: string; quantity: number; decimals: number; unit: string }>;
  gasM3: number;
  gasHs: number;
  priceYear: number;
  grossCt: number;
  netCt: number;
  baseGrossCents: number;
  baseNetCentsPerYear: number;
  baseDays: number;
  energyNetCents: number[];
  baseNetCents: number;
  vatPercent: number;
};

export type InvoiceDraft = {
  id: string;
  customer: Customer;
  /** credit_note: the annual feed-in remuneration of a grid operator (negative amounts). */
  kind: 'annual' | 'final' | 'credit_note';
  year: number;
  day: number;
  dueDay: number;
  periodStart: number;
  periodEnd: number;
  lines: InvoiceLine[];
  vat: Array<{ percent: number; netCents: number; vatCents: number }>;
  netCents: number;
  vatCents: number;
  grossCents: number;
  paidCents: number;
  balanceCents: number;
  number: string;
  documentId: string;
  nextPlans: Array<{ supply: Supply; plan: PlanSeg }>;
};

export type TariffVersion = { id: string; code: string; name: string; division: Division; year: number; grossCt: number; baseGrossCents: number };

export type TenantData = {
  spec: TenantSpec;
  today: number;
  day0: number;
  year: number;
  windowStart: number;
  customers: Customer[];
  tariffs: Map<string, Map<number, TariffVersion>>;
  invoices: InvoiceDraft[];
  transactions: Array<Row<'account_transactions'>>;
  logins: Array<{ id: string; email: string; locale: 'de' | 'en'; customers: Customer[]; note: string; createdAt: Date; lastLoginAt: Date }>;
  letters: LetterDraft[];
  random: Faker;
};

export type LetterDraft =
  | { kind: 'price_change'; id: string; customer: Customer; day: number; changeDay: number; supplies: Supply[] }
  | { kind: 'contract_confirmation'; id: string; customer: Customer; day: number; supply: Supply; premise: Premise }
  | { kind: 'meter_exchange'; id: string; customer: Customer; day: number; supply: Supply; premise: Premise; seg: MeterSeg };

// ---------------------------------------------------------------------------------------------
// Helpers

export function gasBrennwert(year: number): number {
  return [11.218, 11.264, 11.192, 11.241][((year % 4) + 4) % 4] ?? 11.2;
}

export function vatOf(spec: TenantSpec, division: Division): number {
  return spec.vatPercent[division];
}

export function netPriceCt(grossCt: number, vatPercent: number): number {
  return Math.round((grossCt / (1 + vatPercent / 100)) * 10_000) / 10_000;
}

/** DOMAIN.md §4: (forecast x gross price + gross base price) / k, rounded up to whole euros. */
export function instalmentCents(forecast: number, grossCt: number, baseGrossCents: number, k: number): number {
  const annualCents = forecast * grossCt + baseGrossCents;
  return Math.ceil(annualCents / 100 / k - 1e-9) * 100;
}

function weighted<T>(faker: Faker, items: ReadonlyArray<{ weight: number; value: T }>): T {
  return faker.helpers.weightedArrayElement(items.map((i) => ({ weight: i.weight, value: i.value })));
}

function pick<T>(faker: Faker, items: ReadonlyArray<T>): T {
  return faker.helpers.arrayElement(items);
}

function asciiLocal(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function houseNumber(faker: Faker): string {
  const n = faker.number.int({ min: 1, max: 89 });
  return faker.datatype.boolean({ probability: 0.12 }) ? `${n}${pick(faker, ['a', 'b', 'c'])}` : String(n);
}

function timestamp(day: number, hour: number, minute = 0): Date {
  return new Date(day * DAY_MS + (hour * 60 + minute) * 60_000);
}

function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function floorTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.floor(value * f + 1e-7) / f;
}

export function valueAt(supply: Supply, seg: MeterSeg, channel: number, endOfDay: number, day0: number): number {
  const cum = supply.cum[channel];
  const def = seg.channels[channel];
  if (!cum || !def) throw new Error('channel missing');
  const startIndex = Math.max(seg.fromDay, day0) - day0;
  const index = endOfDay - day0 + 1;
  const start = seg.startValues[channel] ?? 0;
  const consumed = index <= startIndex ? 0 : (cum[index] ?? 0) - (cum[startIndex] ?? 0);
  return floorTo(start + consumed / 1000, def.decimals);
}

function activeOn(supply: Supply, day: number): boolean {
  return supply.startDay <= day && (supply.endDay === null || day <= supply.endDay);
}

export function planAt(supply: Supply, day: number): PlanSeg | null {
  let found: PlanSeg | null = null;
  for (const plan of supply.plans) if (plan.from <= day) found = plan;
  return found;
}

export function customerName(customer: Customer): string {
  if (customer.kind === 'company') return customer.companyName ?? '';
  return `${customer.firstName ?? ''} ${customer.lastName ?? ''}`.trim();
}

// ---------------------------------------------------------------------------------------------
// Generation

/** Generates a tenant's data for `today`; tenantId defaults to the fixed demo id of the slug. */
export function generateTenant(slug: TenantSlug, todayIso: string, tenantId: string = TENANT_IDS[slug]): TenantData {
  const found = specs.find((s) => s.slug === slug);
  if (!found) throw new Error(`unknown demo tenant ${slug}`);
  const spec: TenantSpec = { ...found, tenantId };
  const faker = new Faker({ locale: spec.locale === 'de_AT' ? [de_AT, de, en, base] : [de, en, base] });
  faker.seed(spec.seed);
  const today = dayNumber(todayIso);
  const year = dateParts(today).year;
  const day0 = dayOf(year - 3, 1, 1);
  const windowStart = today - 730;
  const data: TenantData = {
    spec,
    today,
    day0,
    year,
    windowStart,
    customers: [],
    tariffs: buildTariffs(spec, faker, year),
    invoices: [],
    transactions: [],
    logins: [],
    letters: [],
    random: faker,
  };
  createCustomers(data);
  assignMeterFeatures(data);
  for (const customer of data.customers) {
    for (const premise of customer.premises) {
      for (const supply of premise.supplies) {
        buildConsumption(data, customer, supply);
        buildMeters(data, premise, supply);
        buildReadings(data, supply);
      }
    }
  }
  if (spec.role === 'grid') {
    // The grid operator bills no consumption (the supplier does); it pays feed-in remuneration.
    for (const customer of data.customers) creditNotes(data, customer);
    numberInvoices(data);
    for (const customer of data.customers) bookCredits(data, customer);
  } else {
    for (const customer of data.customers) bill(data, customer);
    numberInvoices(data);
    for (const customer of data.customers) bookTransactions(data, customer);
    buildLetters(data);
  }
  buildLogins(data);
  return data;
}

function buildTariffs(spec: TenantSpec, faker: Faker, year: number): Map<string, Map<number, TariffVersion>> {
  const result = new Map<string, Map<number, TariffVersion>>();
  for (const tariff of spec.tariffs) {
    const versions = new Map<number, TariffVersion>();
    priceFactorsByYearOffset.forEach((factor, offset) => {
      const y = year - 3 + offset;
      versions.set(y, {
        id: faker.string.uuid(),
        code: tariff.code,
        name: tariff.name,
        division: tariff.division,
        year: y,
        grossCt: roundTo(tariff.energyCt * (tariff.fixed ? 1 : factor), tariff.division === 'water' ? 1 : 2),
        baseGrossCents: Math.round((tariff.baseCents * (tariff.fixed ? 1 : factor)) / 12) * 12,
      });
    });
    result.set(tariff.code, versions);
  }
  return result;
}

function createCustomers(data: TenantData): void {
  const { spec, random: faker, day0, today } = data;
  const numbers = new Set<string>();
  const contractNumbers = new Set<string>();
  const unique = (set: Set<string>, make: () => string): string => {
    for (;;) {
      const value = make();
      if (!set.has(value)) {
        set.add(value);
        return value;
      }
    }
  };
  const town = (): Town => weighted(faker, spec.towns.map((t) => ({ weight: t.weight, value: t })));

  for (let index = 0; index < spec.customerCount; index++) {
    const persona = spec.personas.find((p) => p.index === index) ?? null;
    const kind = persona?.kind ?? (faker.datatype.boolean({ probability: spec.companyShare }) ? 'company' : 'person');
    const female = faker.datatype.boolean({ probability: 0.5 });
    const salutation: Customer['salutation'] =
      persona?.salutation ?? (kind === 'company' ? 'company' : faker.datatype.boolean({ probability: 0.015 }) ? 'diverse' : female ? 'ms' : 'mr');
    const lastName = kind === 'person' ? (persona?.lastName ?? pick(faker, spec.lastNames)) : null;
    const firstName =
      kind === 'person'
        ? (persona?.firstName ?? pick(faker, salutation === 'ms' || (salutation === 'diverse' && female) ? spec.femaleNames : spec.maleNames))
        : null;
    const companyKind = pick(faker, companyKinds);
    const companyName =
      kind === 'company'
        ? (persona?.companyName ?? `${companyKind.name(pick(faker, spec.lastNames))}${companyKind.form ? ` ${companyKind.form}` : ''}`)
        : null;
    const home = town();
    const street = kind === 'company' && faker.datatype.boolean({ probability: 0.6 }) ? pick(faker, spec.businessStreets) : pick(faker, spec.streets);
    const number = unique(numbers, () => spec.customerNumber(faker));
    const nameForMail = kind === 'company' ? (companyName ?? 'firma') : `${firstName ?? ''}.${lastName ?? ''}`;
    const email = faker.datatype.boolean({ probability: 0.65 })
      ? `${asciiLocal(nameForMail).replace(/-/g, '.')}${faker.datatype.boolean({ probability: 0.4 }) ? faker.number.int({ min: 2, max: 99 }) : ''}@${pick(faker, ['example.com', 'example.org'])}`
      : null;
    const phone = faker.datatype.boolean({ probability: 0.5 }) ? spec.phone(faker) : null;
    const householdSize = kind === 'company' ? 0 : weighted(faker, [
      { weight: 30, value: 1 },
      { weight: 34, value: 2 },
      { weight: 15, value: 3 },
      { weight: 14, value: 4 },
      { weight: 7, value: 5 },
    ]);
    const payment: Customer['payment'] = persona?.openInvoice
      ? 'transfer'
      : weighted(faker, [
          { weight: 70, value: 'sepa' as const },
          { weight: 25, value: 'transfer' as const },
          { weight: 5, value: 'late' as const },
        ]);
    const customer: Customer = {
      index,
      id: faker.string.uuid(),
      number,
      kind,
      salutation,
      firstName,
      lastName,
      companyName,
      street,
      houseNumber: houseNumber(faker),
      postalCode: home.postalCode,
      city: home.city,
      email,
      phone,
      householdSize,
      payment,
      defaulter: persona?.openInvoice ?? (persona === null && faker.datatype.boolean({ probability: 0.025 })),
      persona,
      premises: [],
      twin: null,
    };

    // Premises: the customer's address, for some a second one (flat, garden plot, branch).
    const premiseCount = persona ? (persona.secondPremise ? 2 : 1) : faker.datatype.boolean({ probability: spec.secondPremiseShare }) ? 2 : 1;
    for (let p = 0; p < premiseCount; p++) {
      const otherTown = p === 0 ? null : town();
      const premise: Premise = {
        id: faker.string.uuid(),
        street: p === 0 ? customer.street : kind === 'company' ? pick(faker, spec.businessStreets) : pick(faker, spec.streets),
        houseNumber: p === 0 ? customer.houseNumber : houseNumber(faker),
        postalCode: otherTown?.postalCode ?? customer.postalCode,
        city: otherTown?.city ?? customer.city,
        maloId: spec.country === 'DE' ? maloId(`${faker.number.int({ min: 1, max: 9 })}${faker.string.numeric(9)}`) : null,
        supplies: [],
        moveInDay: null,
        moveOutDay: null,
      };
      // Move-in during the three years (whole premise), move-out of some second premises.
      if (!persona && p === 0 && faker.datatype.boolean({ probability: 0.08 })) {
        premise.moveInDay = faker.number.int({ min: day0 + 30, max: today - 45 });
      }
      if (!persona && p === 1 && faker.datatype.boolean({ probability: 0.3 })) {
        premise.moveOutDay = faker.number.int({ min: day0 + 60, max: today - 20 });
      }
      const divisions: Division[] = persona
        ? (p === 0 ? persona.divisions : (persona.secondPremise ?? ['electricity']))
        : spec.country === 'AT' || spec.role === 'grid'
          ? ['electricity']
          : p === 0
            ? (['electricity', 'gas', 'water'] as const).filter(
                (d) => d === 'electricity' || faker.datatype.boolean({ probability: d === 'gas' ? 0.55 : 0.75 }),
              )
            : (['electricity', 'water', 'gas'] as const).filter(
                (d) => d === 'electricity' || faker.datatype.boolean({ probability: d === 'water' ? 0.4 : 0.2 }),
              );
      for (const division of divisions) {
        premise.supplies.push(newSupply(data, customer, premise, division, false, unique(contractNumbers, () => spec.contractNumber(faker))));
      }
      const heatPump = persona
        ? p === 0 && persona.heatPump === true
        : spec.role === 'supplier' && spec.country === 'DE' && p === 0 && kind === 'person' && !divisions.includes('gas') && faker.datatype.boolean({ probability: 0.12 });
      if (heatPump) {
        premise.supplies.push(newSupply(data, customer, premise, 'electricity', true, unique(contractNumbers, () => spec.contractNumber(faker))));
      }
      customer.premises.push(premise);
    }
    data.customers.push(customer);
  }
  if (spec.role === 'grid') addFeedInAccounts(data, () => unique(numbers, () => spec.customerNumber(faker)), () => unique(contractNumbers, () => spec.contractNumber(faker)));
}

/**
 * Grid operator: some persons also feed in from a PV system. The grid operator keeps feed-in as a
 * business partner of its own: a second customer record (same person, same address, another GP-Nr)
 * with its own premise (market location), contract and generation meter.
 */
function addFeedInAccounts(data: TenantData, newCustomerNumber: () => string, newContractNumber: () => string): void {
  const { spec, random: faker, day0 } = data;
  const eligible = (c: Customer): boolean => {
    const supply = c.premises[0]?.supplies[0];
    return c.kind === 'person' && supply !== undefined && supply.startDay < day0 - 400 && supply.endDay === null;
  };
  const forced = data.customers.filter((c) => c.persona?.feedIn === true);
  const rest = data.customers.filter((c) => !c.persona && eligible(c));
  const chosen = [...forced, ...faker.helpers.arrayElements(rest, Math.max(0, spec.feedInCount - forced.length))];
  for (const person of chosen) {
    const consumption = person.premises[0]?.supplies[0];
    if (!consumption) continue;
    const twin: Customer = {
      ...person,
      index: data.customers.length,
      id: faker.string.uuid(),
      number: newCustomerNumber(),
      payment: 'sepa',
      defaulter: false,
      persona: null,
      premises: [],
      twin: person,
    };
    person.twin = twin;
    const premise: Premise = {
      id: faker.string.uuid(),
      street: person.street,
      houseNumber: person.houseNumber,
      postalCode: person.postalCode,
      city: person.city,
      // Feed-in is a market location of its own.
      maloId: maloId(`${faker.number.int({ min: 1, max: 9 })}${faker.string.numeric(9)}`),
      supplies: [],
      moveInDay: null,
      moveOutDay: null,
    };
    premise.supplies.push(newFeedInSupply(data, consumption, newContractNumber()));
    twin.premises.push(premise);
    data.customers.push(twin);
  }
}

const feedInTariffs = [
  { code: 'NN-EEG-2014', from: 2013, to: 2016 },
  { code: 'NN-EEG-2018', from: 2017, to: 2019 },
  { code: 'NN-EEG-2021', from: 2020, to: 2021 },
] as const;

/** A rooftop PV system (4-12 kWp) commissioned 2013-2021, after the household moved in. */
function newFeedInSupply(data: TenantData, consumption: Supply, contractNumber: string): Supply {
  const { random: faker, day0 } = data;
  const earliest = Math.max(consumption.startDay + 60, dayOf(feedInTariffs[0].from, 3, 1));
  const startDay = faker.number.int({ min: Math.min(earliest, day0 - 120), max: day0 - 120 });
  const commissioned = dateParts(startDay).year;
  const tariff = feedInTariffs.find((t) => commissioned <= t.to) ?? feedInTariffs[2];
  const kwp = faker.number.float({ min: 4, max: 12, fractionDigits: 1 });
  // About 930 kWh per kWp and year in the north; the household uses 25-45 % itself.
  const annual = Math.round((kwp * 930 * faker.number.float({ min: 0.55, max: 0.75 })) / 10) * 10;
  const yearFactors = new Map<number, number>();
  for (let y = data.year - 3; y <= data.year; y++) yearFactors.set(y, faker.number.float({ min: 0.9, max: 1.1, fractionDigits: 3 }));
  return {
    contractId: faker.string.uuid(),
    contractNumber,
    division: 'electricity',
    direction: 'feed_in',
    heatPump: false,
    tariffCode: tariff.code,
    startDay,
    endDay: null,
    minimumTermMonths: 0,
    noticeWeeks: 0,
    annual,
    initialForecast: annual,
    yearFactors,
    smart: true,
    granularity: 'QUARTER_HOUR',
    intervals: false,
    exchangeDay: null,
    gasZ: 1,
    channels: [{ obis: '1-0:2.8.0', label: 'Einspeisung', unit: 'kWh', digits: 6, decimals: 0 }],
    channelShares: [1],
    daily: [],
    cum: [],
    meters: [],
    plans: [],
  };
}

function newSupply(data: TenantData, customer: Customer, premise: Premise, division: Division, heatPump: boolean, contractNumber: string): Supply {
  const { spec, random: faker, day0, year } = data;
  const company = customer.kind === 'company';
  let tariffCode: string;
  let annual: number;
  const size = Math.max(1, customer.householdSize);
  if (division === 'electricity') {
    if (heatPump) {
      tariffCode = 'MS-STROM-WP';
      annual = faker.number.int({ min: 3500, max: 7500 });
    } else if (spec.role === 'grid') {
      tariffCode = company ? 'NN-NETZ-GEW' : 'NN-NETZ-HH';
      annual = company ? faker.number.int({ min: 7000, max: 40_000 }) : Math.round(size * 800 + faker.number.int({ min: 600, max: 1400 }));
    } else if (spec.country === 'AT') {
      tariffCode = company ? 'AS-GEWERBE' : faker.datatype.boolean({ probability: 0.6 }) ? 'AS-BASIS' : 'AS-NATUR';
      annual = company ? faker.number.int({ min: 9000, max: 48_000 }) : Math.round(size * 850 + faker.number.int({ min: 700, max: 1500 }));
    } else {
      tariffCode = company
        ? faker.datatype.boolean({ probability: 0.8 }) ? 'MS-STROM-GEW' : 'MS-STROM-KLAR'
        : weighted(faker, [
            { weight: 25, value: 'MS-STROM-GV' },
            { weight: 45, value: 'MS-STROM-KLAR' },
            { weight: 30, value: 'MS-STROM-OEKO' },
          ]);
      annual = company ? faker.number.int({ min: 8000, max: 60_000 }) : Math.round(size * 800 + faker.number.int({ min: 600, max: 1400 }));
    }
  } else if (division === 'gas') {
    tariffCode = weighted(faker, [
      { weight: 25, value: 'MS-GAS-GV' },
      { weight: 50, value: 'MS-GAS-KLAR' },
      { weight: 25, value: 'MS-GAS-KLIMA' },
    ]);
    annual = company ? faker.number.int({ min: 25_000, max: 90_000 }) : faker.number.int({ min: 7000, max: 16_000 }) + size * 1500;
  } else {
    tariffCode = company && faker.datatype.boolean({ probability: 0.3 }) ? 'MS-WASSER-GR' : 'MS-WASSER';
    annual = company ? faker.number.int({ min: 80, max: 600 }) : size * 38 + faker.number.int({ min: 5, max: 25 });
  }
  const startDay =
    premise.moveInDay ??
    (customer.persona ? dayOf(year - faker.number.int({ min: 6, max: 12 }), faker.number.int({ min: 1, max: 12 }), 1) : faker.number.int({ min: dayOf(year - 22, 1, 1), max: day0 - 30 }));
  // No minimum term in the basic supply, for water and for the use of the grid.
  const grundversorgung = tariffCode.endsWith('-GV') || division === 'water' || spec.role === 'grid';
  const yearFactors = new Map<number, number>();
  for (let y = year - 3; y <= year; y++) yearFactors.set(y, faker.number.float({ min: 0.88, max: 1.12, fractionDigits: 3 }));
  if (customer.persona?.openInvoice) {
    // Consumption clearly above the forecast: the last bills end with an additional payment.
    yearFactors.set(year - 3, 0.95);
    yearFactors.set(year - 2, 1.12);
    yearFactors.set(year - 1, 1.3);
  }
  const channels: ChannelDef[] =
    division === 'electricity'
      ? heatPump
        ? [
            { obis: '1-0:1.8.1', label: 'Hochtarif (HT)', unit: 'kWh', digits: 6, decimals: 0 },
            { obis: '1-0:1.8.2', label: 'Niedertarif (NT)', unit: 'kWh', digits: 6, decimals: 0 },
          ]
        : [{ obis: '1-0:1.8.0', label: 'Bezug', unit: 'kWh', digits: 6, decimals: 0 }]
      : division === 'gas'
        ? [{ obis: '7-0:3.0.0', label: 'Gasvolumen', unit: 'm3', digits: 5, decimals: 3 }]
        : [{ obis: '8-0:1.0.0', label: 'Kaltwasser', unit: 'm3', digits: 5, decimals: 0 }];
  return {
    contractId: faker.string.uuid(),
    contractNumber,
    division,
    direction: 'consumption',
    heatPump,
    tariffCode,
    startDay,
    endDay: premise.moveOutDay,
    minimumTermMonths: grundversorgung ? 0 : 12,
    noticeWeeks: grundversorgung ? 2 : 4,
    annual,
    initialForecast: division === 'water' ? Math.round(annual * faker.number.float({ min: 0.92, max: 1.08 })) : Math.round((annual * faker.number.float({ min: 0.92, max: 1.08 })) / 10) * 10,
    yearFactors,
    smart: false,
    granularity: null,
    intervals: false,
    exchangeDay: null,
    gasZ: roundTo(faker.number.float({ min: 0.95, max: 0.97 }), 4),
    channels,
    channelShares: heatPump ? [0.62, 0.38] : [1],
    daily: [],
    cum: [],
    meters: [],
    plans: [],
  };
}

/**
 * Smart meters (DE: about 55 households with 15-minute values; AT: every meter; grid operator: an
 * intelligent metering system everywhere, 15-minute values stored for a sample) and meter exchanges.
 */
function assignMeterFeatures(data: TenantData): void {
  if (data.spec.role === 'grid') {
    assignGridMeters(data);
    return;
  }
  assignSupplierMeters(data);
  for (const customer of data.customers) {
    for (const premise of customer.premises) {
      for (const supply of premise.supplies) supply.intervals = supply.granularity === 'QUARTER_HOUR';
    }
  }
}

function assignGridMeters(data: TenantData): void {
  const { spec, random: faker, windowStart } = data;
  const candidates = { consumption: [] as Supply[], feed_in: [] as Supply[] };
  for (const customer of data.customers) {
    const persona = customer.persona ?? customer.twin?.persona ?? null;
    for (const premise of customer.premises) {
      for (const supply of premise.supplies) {
        supply.smart = true;
        supply.granularity = 'QUARTER_HOUR';
        if (persona) supply.intervals = persona.smart === true;
        else if (customer.kind === 'person' && supply.startDay < windowStart && supply.endDay === null) candidates[supply.direction].push(supply);
      }
    }
  }
  const forced = (direction: Supply['direction']): number =>
    data.customers.filter((c) => c.premises.some((p) => p.supplies.some((s) => s.direction === direction && s.intervals))).length;
  const consumption = spec.intervalRegisters.consumption - forced('consumption');
  const feedIn = spec.intervalRegisters.feedIn - forced('feed_in');
  for (const supply of faker.helpers.arrayElements(candidates.consumption, Math.max(0, consumption))) supply.intervals = true;
  for (const supply of faker.helpers.arrayElements(candidates.feed_in, Math.max(0, feedIn))) supply.intervals = true;
}

function assignSupplierMeters(data: TenantData): void {
  const { spec, random: faker, day0, today } = data;
  const mainElectricity = (c: Customer): Supply | undefined => c.premises[0]?.supplies.find((s) => s.division === 'electricity' && !s.heatPump);
  if (spec.country === 'DE') {
    const eligible: Supply[] = [];
    for (const customer of data.customers) {
      const supply = mainElectricity(customer);
      if (!supply || customer.kind !== 'person' || supply.startDay >= day0) continue;
      if (customer.persona) {
        if (customer.persona.smart) {
          supply.smart = true;
          supply.granularity = 'QUARTER_HOUR';
        }
        continue;
      }
      eligible.push(supply);
    }
    for (const supply of faker.helpers.arrayElements(eligible, 50)) {
      supply.smart = true;
      supply.granularity = 'QUARTER_HOUR';
    }
    for (const customer of data.customers) {
      for (const premise of customer.premises) {
        for (const supply of premise.supplies) {
          const forced = customer.persona?.exchange === true && premise === customer.premises[0] && supply === mainElectricity(customer);
          const candidate = !customer.persona && !supply.smart && !supply.heatPump && supply.startDay < day0 && supply.endDay === null;
          if (forced || (candidate && faker.datatype.boolean({ probability: 0.125 }))) {
            supply.exchangeDay = forced ? today - faker.number.int({ min: 200, max: 320 }) : faker.number.int({ min: day0 + 45, max: today - 30 });
          }
        }
      }
    }
  } else {
    const rest: Supply[] = [];
    for (const customer of data.customers) {
      for (const premise of customer.premises) {
        for (const supply of premise.supplies) {
          supply.smart = true;
          supply.granularity = 'DAILY';
          if (customer.persona?.granularity && premise === customer.premises[0]) supply.granularity = customer.persona.granularity;
          else if (!customer.persona && supply.startDay < data.windowStart) rest.push(supply);
        }
      }
    }
    const chosen = faker.helpers.arrayElements(rest, 20);
    chosen.slice(0, 14).forEach((s) => (s.granularity = 'QUARTER_HOUR'));
    chosen.slice(14).forEach((s) => (s.granularity = 'OPT_OUT'));
  }
}

function cumulate(daily: Int32Array): Float64Array {
  const cum = new Float64Array(daily.length + 1);
  for (let i = 0; i < daily.length; i++) cum[i + 1] = (cum[i] ?? 0) + (daily[i] ?? 0);
  return cum;
}

/** Mean of the day's weather factor in buildFeedIn: 0.1 + 0.9 * E[u^0.6] for uniform u. */
const MEAN_CLEAR_SHARE = 0.1 + 0.9 / 1.6;
const expectedFeedInCache = new Map<string, number>();

/** Expected feed-in of a year in potential units (clear-sky potential x mean weather, summed over days). */
function expectedFeedIn(timeZone: string, site: Site, year: number): number {
  const key = `${timeZone}|${site.latitude}|${site.longitude}|${year}`;
  let sum = expectedFeedInCache.get(key);
  if (sum === undefined) {
    sum = 0;
    for (let day = dayOf(year, 1, 1); day < dayOf(year + 1, 1, 1); day++) {
      sum += clearSkyFeedInOfDay(day, timeZone, site) * (1 - 0.3 * winterness(day)) * MEAN_CLEAR_SHARE;
    }
    expectedFeedInCache.set(key, sum);
  }
  return sum;
}

/**
 * Daily feed-in of a PV system: the clear-sky potential of the day (the sun's course at the site)
 * times the day's weather; winters are greyer. Sums to about the annual feed-in x year factor.
 */
function buildFeedIn(data: TenantData, supply: Supply): void {
  const { day0, today, spec } = data;
  const site = spec.site;
  if (!site) throw new Error(`${spec.slug}: feed-in needs a site`);
  const length = today - day0 + 1;
  const rng = new Rng(hashSeed(`${spec.slug}|feed-in|${supply.contractId}`));
  const expected = expectedFeedIn(spec.timeZone, site, data.year - 1);
  const daily = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const day = day0 + i;
    const weather = (0.1 + 0.9 * rng.next() ** 0.6) * (1 - 0.3 * winterness(day));
    if (day < supply.startDay) continue;
    const potential = clearSkyFeedInOfDay(day, spec.timeZone, site);
    const kwh = (supply.annual * (supply.yearFactors.get(dateParts(day).year) ?? 1) * potential * weather) / expected;
    daily[i] = Math.round(kwh * 1000);
  }
  supply.daily = [daily];
  supply.cum = [cumulate(daily)];
}

function buildConsumption(data: TenantData, customer: Customer, supply: Supply): void {
  if (supply.direction === 'feed_in') {
    buildFeedIn(data, supply);
    return;
  }
  const { day0, today, spec } = data;
  const length = today - day0 + 1;
  const rng = new Rng(hashSeed(`${spec.slug}|consumption|${supply.contractId}`));
  const vacations = new Map<number, number>();
  for (let y = data.year - 3; y <= data.year; y++) vacations.set(y, dayOf(y, 6, 20) + rng.int(0, 60));
  const weekendFactor = customer.kind === 'company' ? 0.45 : 1.1;
  const channels = supply.channels.map(() => new Int32Array(length));
  for (let i = 0; i < length; i++) {
    const day = day0 + i;
    if (day < supply.startDay || (supply.endDay !== null && day > supply.endDay)) continue;
    const { year, weekday } = dateParts(day);
    const weekend = weekday === 0 || weekday === 6;
    let factor = seasonalFactor(supply.division, day) * (supply.yearFactors.get(year) ?? 1) * (weekend ? weekendFactor : 1);
    factor *= supply.division === 'gas' ? rng.between(0.8, 1.2) : rng.between(0.78, 1.22);
    const vacation = vacations.get(year) ?? 0;
    if (customer.kind === 'person' && supply.division !== 'gas' && day >= vacation && day < vacation + 12) {
      factor *= supply.division === 'water' ? 0.08 : 0.35;
    }
    let quantity = (supply.annual / 365.25) * factor;
    if (supply.division === 'gas') quantity = quantity / (supply.gasZ * gasBrennwert(year));
    const milli = quantity * 1000;
    if (supply.heatPump) {
      const ht = Math.round(milli * (0.58 + 0.08 * rng.next()));
      (channels[0] as Int32Array)[i] = ht;
      (channels[1] as Int32Array)[i] = Math.max(0, Math.round(milli) - ht);
    } else {
      (channels[0] as Int32Array)[i] = Math.max(0, Math.round(milli));
    }
  }
  supply.daily = channels;
  supply.cum = channels.map(cumulate);
}

const manufacturers: Record<Division, string[]> = {
  electricity: ['EMH', 'ESY', 'ITF', 'LGZ', 'ISK', 'EBZ'],
  gas: ['ELS', 'ITR', 'PIP'],
  water: ['ZRI', 'SEN', 'HYD'],
};

function buildMeters(data: TenantData, premise: Premise, supply: Supply): void {
  const { random: faker, day0, spec, year } = data;
  const medium = supply.division === 'electricity' ? 1 : supply.division === 'gas' ? 7 : 8;
  const newNumber = (kind: MeterSeg['kind']): string => {
    const maker =
      spec.country === 'AT'
        ? pick(faker, ['KFM', 'LGZ', 'ISK'])
        : kind === 'smart'
          ? pick(faker, spec.role === 'grid' ? ['ESY', 'EMH', 'EBZ', 'ISK'] : ['EMH', 'EBZ', 'ISK'])
          : pick(faker, manufacturers[supply.division]);
    return dinMeterNumber(medium, maker, faker.number.int({ min: 0, max: 9 }), faker.number.int({ min: 10_000_000, max: 99_999_999 }));
  };
  const channelsFor = (kind: MeterSeg['kind']): ChannelDef[] =>
    supply.channels.map((c) =>
      supply.division !== 'electricity' ? c : kind === 'smart' ? { ...c, decimals: 3 } : kind === 'modern' ? { ...c, decimals: 1 } : c,
    );
  const startValue = (c: ChannelDef): number => {
    const max = c.unit === 'kWh' ? (supply.annual > 20_000 ? 300_000 : 90_000) : c.decimals === 3 ? 40_000 : 3_000;
    return floorTo(faker.number.float({ min: max * 0.02, max }), c.decimals);
  };
  const meteringPoint = (): string | null =>
    supply.smart
      ? meteringPointId(spec.country, spec.gridOperator, premise.postalCode.padStart(5, '0'), spec.country === 'AT' ? faker.string.numeric(20) : faker.string.alphanumeric({ length: 20, casing: 'upper' }))
      : null;
  const firstKind: MeterSeg['kind'] = supply.smart ? 'smart' : 'conventional';
  const firstInstalled = supply.smart
    ? faker.number.int({ min: dayOf(year - 6, 1, 1), max: day0 - 60 })
    : faker.number.int({ min: dayOf(year - 16, 1, 1), max: day0 - 90 });
  const first: MeterSeg = {
    id: faker.string.uuid(),
    number: newNumber(firstKind),
    kind: firstKind,
    meteringPointId: meteringPoint(),
    granularity: supply.granularity,
    // A grid operator's intelligent metering systems replaced older meters during the supply (those
    // are not modelled); a supplier's demo meters simply date from the start of the supply.
    installedOn: spec.role === 'grid' ? Math.max(firstInstalled, supply.startDay) : Math.min(firstInstalled, supply.startDay),
    removedOn: null,
    fromDay: Math.max(supply.startDay, day0),
    toDay: supply.endDay,
    startValues: [],
    registerIds: [],
    channels: channelsFor(firstKind),
    readings: [],
  };
  first.startValues = first.channels.map(startValue);
  first.registerIds = first.channels.map(() => faker.string.uuid());
  supply.meters.push(first);
  if (supply.exchangeDay !== null) {
    const d = supply.exchangeDay;
    first.removedOn = d;
    first.toDay = d;
    const kind: MeterSeg['kind'] = supply.division === 'electricity' ? 'modern' : 'conventional';
    const second: MeterSeg = {
      id: faker.string.uuid(),
      number: newNumber(kind),
      kind,
      meteringPointId: null,
      granularity: null,
      installedOn: d + 1,
      removedOn: null,
      fromDay: d + 1,
      toDay: supply.endDay,
      startValues: [],
      registerIds: [],
      channels: channelsFor(kind),
      readings: [],
    };
    second.startValues = second.channels.map((c) => floorTo(faker.number.float({ min: 0, max: 3 }), c.decimals));
    second.registerIds = second.channels.map(() => faker.string.uuid());
    supply.meters.push(second);
  }
}

function buildReadings(data: TenantData, supply: Supply): void {
  const { random: faker, day0, today, year } = data;
  const annualSource = (): ReadingEvent['source'] =>
    supply.smart
      ? 'smart_meter'
      : weighted(faker, [
          { weight: 50, value: 'utility' as const },
          { weight: 35, value: 'customer' as const },
          { weight: 15, value: 'estimated' as const },
        ]);
  supply.meters.forEach((seg, segIndex) => {
    const end = Math.min(seg.toDay ?? today, today);
    const events: ReadingEvent[] = [];
    if (segIndex === 0) {
      if (supply.startDay < day0) events.push({ day: day0 - 1, valueDay: day0 - 1, source: supply.smart ? 'smart_meter' : 'utility', reason: 'billing' });
      else events.push({ day: supply.startDay, valueDay: supply.startDay - 1, source: 'customer', reason: 'move_in' });
    } else {
      events.push({ day: seg.fromDay, valueDay: seg.fromDay - 1, source: 'utility', reason: 'meter_installed' });
    }
    for (let y = year - 3; y < year; y++) {
      const d = dayOf(y, 12, 31);
      if (d >= seg.fromDay && d <= end && d !== seg.toDay) events.push({ day: d, valueDay: d, source: annualSource(), reason: 'billing' });
    }
    if (seg.removedOn !== null && seg.removedOn <= today) events.push({ day: seg.removedOn, valueDay: seg.removedOn, source: 'utility', reason: 'meter_removed' });
    if (supply.endDay !== null && supply.endDay <= today && seg.toDay === supply.endDay) {
      events.push({ day: supply.endDay, valueDay: supply.endDay, source: 'customer', reason: 'move_out' });
    }
    // Customer readings in between (self-service), more often in the current year.
    for (let y = year - 3; y <= year; y++) {
      const probability = y === year ? 0.35 : 0.2;
      if (supply.smart || !faker.datatype.boolean({ probability })) continue;
      const from = Math.max(seg.fromDay + 5, dayOf(y, 1, 15));
      const to = Math.min(end - 1, dayOf(y, 12, 10), today - 2);
      if (to <= from) continue;
      const d = faker.number.int({ min: from, max: to });
      if (events.some((e) => Math.abs(e.day - d) < 3)) continue;
      events.push({ day: d, valueDay: d, source: 'customer', reason: 'interim' });
    }
    events.sort((a, b) => a.day - b.day || a.valueDay - b.valueDay);
    seg.readings = events;
  });
}

// ---------------------------------------------------------------------------------------------
// Billing: plans, annual and final invoices (chronologically per customer)

function tariffVersion(data: TenantData, code: string, year: number): TariffVersion {
  const versions = data.tariffs.get(code);
  const clamped = Math.min(Math.max(year, data.year - 3), data.year);
  const version = versions?.get(clamped);
  if (!version) throw new Error(`tariff ${code} ${year} missing`);
  return version;
}

function addPlan(data: TenantData, supply: Supply, from: number, forecast: number): PlanSeg {
  const priceYear = dateParts(from).year;
  const version = tariffVersion(data, supply.tariffCode, priceYear);
  const plan: PlanSeg = {
    from,
    forecast,
    priceYear,
    amountCents: instalmentCents(forecast, version.grossCt, version.baseGrossCents, data.spec.instalmentMonths.length),
  };
  supply.plans = supply.plans.filter((p) => p.from !== from);
  supply.plans.push(plan);
  supply.plans.sort((a, b) => a.from - b.from);
  return plan;
}

function invoiceDay(data: TenantData, customer: Customer, year: number): number {
  return dayOf(year + 1, 1, 8 + ((customer.index * 7) % 19));
}

function dueDays(data: TenantData, from: number, to: number): number[] {
  const result: number[] = [];
  const { year: y0, month: m0 } = dateParts(from);
  for (let y = y0, m = m0; ; ) {
    const due = dayOf(y, m, data.spec.dueDay);
    if (due > to) break;
    if (due >= from && data.spec.instalmentMonths.includes(m)) result.push(due);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return result;
}

function billLine(data: TenantData, supply: Supply, premise: Premise, from: number, to: number, year: number): InvoiceLine {
  const { day0 } = data;
  const vatPercent = vatOf(data.spec, supply.division);
  const version = tariffVersion(data, supply.tariffCode, year);
  const readings: InvoiceLine['readings'] = [];
  const perChannel = supply.channels.map(() => 0);
  for (const seg of supply.meters) {
    const a = Math.max(from, seg.fromDay);
    const b = Math.min(to, seg.toDay ?? to);
    if (b < a) continue;
    seg.channels.forEach((channel, c) => {
      const fromValue = valueAt(supply, seg, c, a - 1, day0);
      const toValue = valueAt(supply, seg, c, b, day0);
      perChannel[c] = roundTo((perChannel[c] ?? 0) + toValue - fromValue, 3);
      const event = seg.readings.find((e) => e.day === b);
      readings.push({ seg, channel: c, fromDay: a - 1, fromValue, toDay: b, toValue, toSource: event?.reason === 'meter_removed' ? 'exchange' : (event?.source ?? 'estimated') });
    });
  }
  const energy: InvoiceLine['energy'] = [];
  let gasM3 = 0;
  const hs = gasBrennwert(year);
  if (supply.division === 'gas') {
    gasM3 = perChannel[0] ?? 0;
    energy.push({ label: 'Arbeitspreis Erdgas', quantity: Math.round(gasM3 * supply.gasZ * hs), decimals: 0, unit: 'kWh' });
  } else if (supply.division === 'water') {
    energy.push({ label: 'Mengenpreis Trinkwasser', quantity: perChannel[0] ?? 0, decimals: 0, unit: 'm³' });
  } else if (supply.heatPump) {
    energy.push({ label: 'Arbeitspreis HT', quantity: perChannel[0] ?? 0, decimals: 0, unit: 'kWh' });
    energy.push({ label: 'Arbeitspreis NT', quantity: perChannel[1] ?? 0, decimals: 0, unit: 'kWh' });
  } else {
    const decimals = supply.meters.some((m) => m.kind !== 'conventional') ? 1 : 0;
    energy.push({ label: 'Arbeitspreis Strom', quantity: roundTo(perChannel[0] ?? 0, decimals), decimals, unit: 'kWh' });
  }
  const netCt = netPriceCt(version.grossCt, vatPercent);
  const baseNetCentsPerYear = version.baseGrossCents / (1 + vatPercent / 100);
  const baseDays = to - from + 1;
  return {
    supply,
    premise,
    from,
    to,
    readings,
    energy,
    gasM3,
    gasHs: hs,
    priceYear: year,
    grossCt: version.grossCt,
    netCt,
    baseGrossCents: version.baseGrossCents,
    baseNetCentsPerYear,
    baseDays,
    energyNetCents: energy.map((e) => Math.round(e.quantity * netCt)),
    baseNetCents: Math.round((baseNetCentsPerYear * baseDays) / daysInYear(year)),
    vatPercent,
  };
}

function finishInvoice(data: TenantData, customer: Customer, kind: 'annual' | 'final', year: number, day: number, lines: InvoiceLine[]): InvoiceDraft {
  const byVat = new Map<number, number>();
  for (const line of lines) {
    const net = line.energyNetCents.reduce((a, b) => a + b, 0) + line.baseNetCents;
    byVat.set(line.vatPercent, (byVat.get(line.vatPercent) ?? 0) + net);
  }
  const vat = [...byVat.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([percent, netCents]) => ({ percent, netCents, vatCents: Math.round((netCents * percent) / 100) }));
  const netCents = vat.reduce((a, v) => a + v.netCents, 0);
  const vatCents = vat.reduce((a, v) => a + v.vatCents, 0);
  const periodStart = Math.min(...lines.map((l) => l.from));
  const periodEnd = Math.max(...lines.map((l) => l.to));
  let paidCents = 0;
  for (const line of lines) {
    for (const due of dueDays(data, line.from, line.to)) {
      if (activeOn(line.supply, due)) paidCents += planAt(line.supply, due)?.amountCents ?? 0;
    }
  }
  return {
    id: data.random.string.uuid(),
    customer,
    kind,
    year,
    day,
    dueDay: day + 14,
    periodStart,
    periodEnd,
    lines,
    vat,
    netCents,
    vatCents,
    grossCents: netCents + vatCents,
    paidCents,
    balanceCents: netCents + vatCents - paidCents,
    number: '',
    documentId: data.random.string.uuid(),
    nextPlans: [],
  };
}

function annualised(line: InvoiceLine, supply: Supply): number {
  const quantity = line.energy.reduce((a, e) => a + e.quantity, 0);
  const days = line.to - line.from + 1;
  if (days < 120) return supply.plans.at(-1)?.forecast ?? supply.initialForecast;
  const perYear = (quantity * 365) / days;
  return supply.division === 'water' ? Math.max(1, Math.round(perYear)) : Math.max(10, Math.round(perYear / 10) * 10);
}

function bill(data: TenantData, customer: Customer): void {
  const { day0, today, year } = data;
  const supplies: Array<{ supply: Supply; premise: Premise }> = customer.premises.flatMap((premise) => premise.supplies.map((supply) => ({ supply, premise })));
  for (const { supply } of supplies) addPlan(data, supply, Math.max(supply.startDay, day0), supply.initialForecast);

  type Event = { day: number; order: number; run: () => void };
  const events: Event[] = [];
  for (let y = year - 2; y <= year; y++) {
    const jan1 = dayOf(y, 1, 1);
    events.push({
      day: jan1,
      order: 0,
      run: () => {
        for (const { supply } of supplies) {
          if (!activeOn(supply, jan1) || supply.startDay >= jan1) continue;
          addPlan(data, supply, jan1, planAt(supply, jan1)?.forecast ?? supply.initialForecast);
        }
      },
    });
  }
  for (let y = year - 3; y < year; y++) {
    const day = invoiceDay(data, customer, y);
    events.push({
      day,
      order: 1,
      run: () => {
        const jan1 = dayOf(y, 1, 1);
        const dec31 = dayOf(y, 12, 31);
        const lines: InvoiceLine[] = [];
        for (const { supply, premise } of supplies) {
          if (supply.startDay > dec31 || (supply.endDay !== null && supply.endDay <= dec31)) continue;
          lines.push(billLine(data, supply, premise, Math.max(jan1, supply.startDay), dec31, y));
        }
        if (lines.length === 0) return;
        const invoice = finishInvoice(data, customer, 'annual', y, day, lines);
        for (const line of lines) {
          if (!activeOn(line.supply, day)) continue;
          const plan = addPlan(data, line.supply, day, annualised(line, line.supply));
          invoice.nextPlans.push({ supply: line.supply, plan });
        }
        data.invoices.push(invoice);
      },
    });
  }
  for (const { supply, premise } of supplies) {
    const end = supply.endDay;
    if (end === null || end > today) continue;
    const day = end + 14 + (customer.index % 7);
    events.push({
      day,
      order: 2,
      run: () => {
        const y = dateParts(end).year;
        const line = billLine(data, supply, premise, Math.max(dayOf(y, 1, 1), supply.startDay), end, y);
        data.invoices.push(finishInvoice(data, customer, 'final', y, day, [line]));
      },
    });
  }
  events.sort((a, b) => a.day - b.day || a.order - b.order);
  for (const event of events) if (event.day <= today) event.run();
}

/**
 * Grid operator: an annual credit note for the feed-in of each PV system (remuneration = metered
 * feed-in x the EEG rate fixed at commissioning; no VAT, see the tenant spec). Amounts are negative:
 * the grid operator owes them. The remuneration is paid out two weeks after the credit note.
 */
function creditNotes(data: TenantData, customer: Customer): void {
  const { today, year } = data;
  for (const premise of customer.premises) {
    for (const supply of premise.supplies) {
      if (supply.direction !== 'feed_in') continue;
      for (let y = year - 3; y < year; y++) {
        const jan1 = dayOf(y, 1, 1);
        const dec31 = dayOf(y, 12, 31);
        const day = dayOf(y + 1, 2, 2 + ((customer.index * 5) % 20));
        if (supply.startDay > dec31 || day > today) continue;
        const line = billLine(data, supply, premise, Math.max(jan1, supply.startDay), dec31, y);
        line.energy = line.energy.map((e) => ({ ...e, label: 'Einspeisevergütung' }));
        line.energyNetCents = line.energy.map((e) => -Math.round(e.quantity * line.netCt));
        line.baseNetCents = 0;
        const cents = line.energyNetCents.reduce((a, b) => a + b, 0);
        data.invoices.push({
          id: data.random.string.uuid(),
          customer,
          kind: 'credit_note',
          year: y,
          day,
          dueDay: day + 14,
          periodStart: line.from,
          periodEnd: line.to,
          lines: [line],
          vat: [{ percent: line.vatPercent, netCents: cents, vatCents: 0 }],
          netCents: cents,
          vatCents: 0,
          grossCents: cents,
          paidCents: 0,
          balanceCents: cents,
          number: '',
          documentId: data.random.string.uuid(),
          nextPlans: [],
        });
      }
    }
  }
}

function numberInvoices(data: TenantData): void {
  const sorted = [...data.invoices].sort((a, b) => a.day - b.day || a.customer.number.localeCompare(b.customer.number));
  const sequences = new Map<number, number>();
  for (const invoice of sorted) {
    const y = dateParts(invoice.day).year;
    const next = (sequences.get(y) ?? 1000 + (y % 7) * 211) + 1;
    sequences.set(y, next);
    invoice.number = data.spec.invoiceNumber(y, next);
  }
  data.invoices = sorted;
}

// ---------------------------------------------------------------------------------------------
// Account transactions: instalments, payments, invoice receivables and credits, dunning fees

const monthNames = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];

function bookTransactions(data: TenantData, customer: Customer): void {
  const { spec, random: faker, today, day0 } = data;
  const rows = data.transactions;
  const supplies = customer.premises.flatMap((p) => p.supplies);
  const payDay = (booking: number, due: number): number => {
    if (customer.payment === 'sepa') return due;
    if (customer.payment === 'transfer') return Math.max(booking, due - faker.number.int({ min: 0, max: 6 }));
    return faker.datatype.boolean({ probability: 0.45 }) ? due + faker.number.int({ min: 9, max: 40 }) : due + faker.number.int({ min: 0, max: 3 });
  };
  const paymentText = customer.payment === 'sepa' ? 'Zahlung per SEPA-Lastschrift' : 'Zahlung per Überweisung';
  const post = (row: Omit<Row<'account_transactions'>, 'tenant_id' | 'id' | 'customer_id'>): void => {
    rows.push({ tenant_id: spec.tenantId, id: faker.string.uuid(), customer_id: customer.id, ...row });
  };
  const settle = (booking: number, due: number, amount: number, description: string, kind: 'instalment' | 'invoice', reference: string, invoiceId: string | null, neverPaid: boolean): void => {
    const paid = neverPaid ? null : payDay(booking, due);
    const cleared = paid !== null && paid <= today;
    post({ booking_date: isoDay(booking), due_date: isoDay(due), kind, description, amount_cents: amount, reference, invoice_id: invoiceId, cleared });
    if (cleared) {
      post({ booking_date: isoDay(paid), due_date: null, kind: 'payment', description: paymentText, amount_cents: -amount, reference, invoice_id: invoiceId, cleared: true });
    }
    const lateBy = (paid ?? today) - due;
    if (lateBy > 14 && due + 15 <= today) {
      const feeDay = due + 15;
      const feePaid = paid !== null && paid <= today;
      post({ booking_date: isoDay(feeDay), due_date: isoDay(feeDay + 7), kind: 'fee', description: `${spec.dunningFeeText} (${reference})`, amount_cents: spec.dunningFeeCents, reference, invoice_id: invoiceId, cleared: feePaid });
      if (feePaid) {
        post({ booking_date: isoDay(Math.max(paid, feeDay)), due_date: null, kind: 'payment', description: paymentText, amount_cents: -spec.dunningFeeCents, reference, invoice_id: invoiceId, cleared: true });
      }
    }
  };

  // Monthly instalments (sum over the customer's contracts).
  const first = dateParts(day0);
  for (let y = first.year, m = 1; ; ) {
    const booking = dayOf(y, m, 1);
    if (booking > today) break;
    const due = dayOf(y, m, spec.dueDay);
    if (spec.instalmentMonths.includes(m)) {
      let amount = 0;
      for (const supply of supplies) if (activeOn(supply, due)) amount += planAt(supply, due)?.amountCents ?? 0;
      if (amount > 0) {
        const unpaidLate = customer.payment === 'late' && due > today - 25;
        settle(booking, due, amount, `${spec.instalmentWord} ${monthNames[m - 1] ?? ''} ${y}`, 'instalment', `${spec.instalmentWord.slice(0, 2).toUpperCase()}-${y}${String(m).padStart(2, '0')}`, null, unpaidLate && faker.datatype.boolean({ probability: 0.5 }));
      }
    }
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }

  // Invoices: the balance is posted; a credit is paid out a week later.
  const invoices = data.invoices.filter((i) => i.customer === customer);
  const lastOverdue = [...invoices].reverse().find((i) => i.balanceCents > 0 && i.dueDay < today);
  for (const invoice of invoices) {
    const title = `${invoice.kind === 'final' ? 'Schlussrechnung' : 'Jahresabrechnung'} ${invoice.year}`;
    if (invoice.balanceCents > 0) {
      const neverPaid = customer.defaulter && invoice === lastOverdue;
      settle(invoice.day, invoice.dueDay, invoice.balanceCents, `${title} – Nachzahlung`, 'invoice', invoice.number, invoice.id, neverPaid);
    } else if (invoice.balanceCents < 0) {
      const refundDay = invoice.day + 7;
      const refunded = refundDay <= today;
      post({ booking_date: isoDay(invoice.day), due_date: isoDay(invoice.day), kind: 'credit', description: `${title} – Guthaben`, amount_cents: invoice.balanceCents, reference: invoice.number, invoice_id: invoice.id, cleared: refunded });
      if (refunded) {
        post({ booking_date: isoDay(refundDay), due_date: null, kind: 'refund', description: 'Erstattung Guthaben auf Ihr Konto', amount_cents: -invoice.balanceCents, reference: invoice.number, invoice_id: invoice.id, cleared: true });
      }
    }
  }
}

/** Grid operator: the credit notes are booked as credits and paid out on their due date. */
function bookCredits(data: TenantData, customer: Customer): void {
  const { spec, random: faker, today } = data;
  for (const invoice of data.invoices) {
    if (invoice.customer !== customer || invoice.kind !== 'credit_note') continue;
    const paidOut = invoice.dueDay <= today;
    const row = { tenant_id: spec.tenantId, customer_id: customer.id, reference: invoice.number, invoice_id: invoice.id };
    data.transactions.push({
      ...row,
      id: faker.string.uuid(),
      booking_date: isoDay(invoice.day),
      due_date: isoDay(invoice.dueDay),
      kind: 'credit',
      description: `Gutschrift Einspeisevergütung ${invoice.year}`,
      amount_cents: invoice.balanceCents,
      cleared: paidOut,
    });
    if (paidOut) {
      data.transactions.push({
        ...row,
        id: faker.string.uuid(),
        booking_date: isoDay(invoice.dueDay),
        due_date: null,
        kind: 'refund',
        description: 'Auszahlung der Einspeisevergütung auf Ihr Konto',
        amount_cents: -invoice.balanceCents,
        cleared: true,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Letters and logins

function buildLetters(data: TenantData): void {
  const { random: faker, year, day0, today } = data;
  const changeDay = dayOf(year, 1, 1);
  const letterDay = dayOf(year - 1, 11, 14);
  const demoCustomers = new Set(data.spec.logins.flatMap((l) => l.customerIndexes));
  for (const customer of data.customers) {
    const active = customer.premises.flatMap((p) => p.supplies).filter((s) => activeOn(s, changeDay) && s.startDay < letterDay);
    // Price change letters for a third of the customers (and every demo login): enough to browse,
    // without rendering hundreds of near-identical PDFs.
    const gets = demoCustomers.has(customer.index) || customer.index % 3 === 0;
    if (gets && active.length > 0 && letterDay <= today) {
      data.letters.push({ kind: 'price_change', id: faker.string.uuid(), customer, day: letterDay, changeDay, supplies: active });
    }
    for (const premise of customer.premises) {
      for (const supply of premise.supplies) {
        const confirmation = supply.startDay - 21;
        if (supply.startDay >= day0 && confirmation <= today) {
          data.letters.push({ kind: 'contract_confirmation', id: faker.string.uuid(), customer, day: Math.max(day0, confirmation), supply, premise });
        }
        const seg = supply.meters[0];
        if (supply.exchangeDay !== null && seg && supply.exchangeDay - 20 <= today) {
          data.letters.push({ kind: 'meter_exchange', id: faker.string.uuid(), customer, day: supply.exchangeDay - 20, supply, premise, seg });
        }
      }
    }
  }
}

function buildLogins(data: TenantData): void {
  const { random: faker, today } = data;
  for (const login of data.spec.logins) {
    const customers = login.customerIndexes.flatMap((i) => {
      const customer = data.customers[i];
      if (!customer) throw new Error(`persona ${i} missing`);
      if (!login.withFeedIn) return [customer];
      if (!customer.twin) throw new Error(`persona ${i} has no feed-in account`);
      // The same person with a second GP-Nr: both records carry the login's e-mail address.
      customer.twin.email = login.email;
      return [customer, customer.twin];
    });
    const first = customers[0];
    if (first) first.email = login.email;
    const createdDay = today - faker.number.int({ min: 120, max: 500 });
    data.logins.push({
      id: faker.string.uuid(),
      email: login.email,
      locale: login.locale,
      customers,
      note: login.note,
      createdAt: timestamp(createdDay, 17, faker.number.int({ min: 0, max: 59 })),
      lastLoginAt: timestamp(today - faker.number.int({ min: 1, max: 20 }), 19, faker.number.int({ min: 0, max: 59 })),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Rows for the database (documents and interval values are produced by the seeder)

export type TenantRows = {
  customers: Array<Row<'customers'>>;
  premises: Array<Row<'premises'>>;
  tariffs: Array<Row<'tariffs'>>;
  contracts: Array<Row<'contracts'>>;
  meters: Array<Row<'meters'>>;
  meter_registers: Array<Row<'meter_registers'>>;
  meter_readings: Array<Row<'meter_readings'>>;
  instalment_plans: Array<Row<'instalment_plans'>>;
};

export function tenantRows(data: TenantData): TenantRows {
  const { spec, random: faker, day0, today } = data;
  const tenant_id = spec.tenantId;
  const rows: TenantRows = { customers: [], premises: [], tariffs: [], contracts: [], meters: [], meter_registers: [], meter_readings: [], instalment_plans: [] };
  for (const versions of data.tariffs.values()) {
    for (const v of versions.values()) {
      rows.tariffs.push({
        tenant_id,
        id: v.id,
        code: v.code,
        name: v.name,
        division: v.division,
        energy_price_ct: v.grossCt.toFixed(4),
        base_price_cents_per_year: v.baseGrossCents,
        valid_from: isoDay(dayOf(v.year, 1, 1)),
      });
    }
  }
  for (const c of data.customers) {
    const starts = c.premises.flatMap((p) => p.supplies.map((s) => s.startDay));
    rows.customers.push({
      tenant_id,
      id: c.id,
      customer_number: c.number,
      kind: c.kind,
      salutation: c.salutation,
      first_name: c.firstName,
      last_name: c.lastName,
      company_name: c.companyName,
      street: c.street,
      house_number: c.houseNumber,
      postal_code: c.postalCode,
      city: c.city,
      country: spec.country,
      email: c.email,
      phone: c.phone,
      created_at: timestamp(Math.min(...starts) - 30, 9),
    });
    for (const p of c.premises) {
      rows.premises.push({
        tenant_id,
        id: p.id,
        customer_id: c.id,
        street: p.street,
        house_number: p.houseNumber,
        postal_code: p.postalCode,
        city: p.city,
        country: spec.country,
        malo_id: p.maloId,
        created_at: timestamp(Math.min(...p.supplies.map((s) => s.startDay)) - 30, 9),
      });
      for (const s of p.supplies) {
        const current = tariffVersion(data, s.tariffCode, data.year);
        const lastPlan = s.plans.at(-1);
        rows.contracts.push({
          tenant_id,
          id: s.contractId,
          contract_number: s.contractNumber,
          customer_id: c.id,
          premise_id: p.id,
          division: s.division,
          direction: s.direction,
          tariff_id: current.id,
          start_date: isoDay(s.startDay),
          end_date: s.endDay === null ? null : isoDay(s.endDay),
          minimum_term_months: s.minimumTermMonths,
          notice_period_weeks: s.noticeWeeks,
          annual_forecast_milli: (lastPlan?.forecast ?? s.initialForecast) * 1000,
          created_at: timestamp(s.startDay - 21, 10),
        });
        s.plans.forEach((plan, i) => {
          const next = s.plans[i + 1];
          const validTo = next ? next.from - 1 : s.endDay;
          rows.instalment_plans.push({
            tenant_id,
            id: faker.string.uuid(),
            contract_id: s.contractId,
            amount_cents: plan.amountCents,
            valid_from: isoDay(plan.from),
            valid_to: validTo === null ? null : isoDay(validTo),
            due_day: spec.dueDay,
            created_at: timestamp(Math.min(plan.from, today), 7),
          });
        });
        for (const m of s.meters) {
          rows.meters.push({
            tenant_id,
            id: m.id,
            premise_id: p.id,
            meter_number: m.number,
            division: s.division,
            meter_kind: m.kind,
            metering_point_id: m.meteringPointId,
            data_granularity: m.granularity,
            installed_on: isoDay(m.installedOn),
            removed_on: m.removedOn === null ? null : isoDay(m.removedOn),
            created_at: timestamp(m.installedOn, 12),
          });
          m.channels.forEach((channel, ci) => {
            const registerId = m.registerIds[ci] ?? '';
            rows.meter_registers.push({
              tenant_id,
              id: registerId,
              meter_id: m.id,
              obis: channel.obis,
              label: channel.label,
              unit: channel.unit,
              digits: channel.digits,
              decimals: channel.decimals,
            });
            for (const r of m.readings) {
              rows.meter_readings.push({
                tenant_id,
                id: faker.string.uuid(),
                register_id: registerId,
                read_on: isoDay(r.day),
                value: valueAt(s, m, ci, r.valueDay, day0).toFixed(3),
                source: r.source,
                reason: r.reason,
                status: 'accepted',
                created_at: timestamp(r.day, r.source === 'customer' ? 20 : 10),
              });
            }
          });
        }
      }
    }
  }
  return rows;
}

export function allDemoTenants(): TenantSlug[] {
  return specs.map((s) => s.slug);
}

export { specs as tenantSpecs };
export type { TenantSpec };
