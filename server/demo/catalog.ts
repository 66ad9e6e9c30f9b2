// Static ingredients of the demo data: names, streets, towns, tariffs and the demo personas.
// Everything here is fictitious; towns and postcodes are made up for the demo utilities.
import type { Division } from './profiles.ts';

export const germanFemaleFirstNames = [
  'Anna', 'Maria', 'Ursula', 'Monika', 'Petra', 'Elisabeth', 'Sabine', 'Renate', 'Helga', 'Karin', 'Brigitte',
  'Ingrid', 'Claudia', 'Susanne', 'Andrea', 'Birgit', 'Gabriele', 'Christina', 'Julia', 'Katharina', 'Laura',
  'Lena', 'Sarah', 'Lisa', 'Hannah', 'Sophie', 'Marie', 'Nicole', 'Stefanie', 'Melanie', 'Jana', 'Carina',
  'Johanna', 'Franziska', 'Ayşe', 'Elif', 'Olga', 'Agnieszka', 'Ioana', 'Mia', 'Emma', 'Leonie', 'Tanja', 'Heike',
];

export const germanMaleFirstNames = [
  'Peter', 'Michael', 'Thomas', 'Andreas', 'Wolfgang', 'Klaus', 'Jürgen', 'Stefan', 'Frank', 'Bernd', 'Uwe',
  'Günter', 'Dieter', 'Matthias', 'Markus', 'Christian', 'Martin', 'Tobias', 'Alexander', 'Daniel', 'Jan', 'Lukas',
  'Felix', 'Jonas', 'Maximilian', 'Florian', 'Sebastian', 'Tim', 'Niklas', 'Paul', 'Hans', 'Karl-Heinz',
  'Mehmet', 'Mustafa', 'Piotr', 'Andrei', 'Dimitrios', 'Luca', 'Ben', 'Leon', 'Finn', 'Rainer', 'Jörg', 'Holger',
];

export const germanLastNames = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier',
  'Lehmann', 'Schmid', 'Schulze', 'Maier', 'Köhler', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber', 'Kaiser',
  'Fuchs', 'Peters', 'Lang', 'Scholz', 'Möller', 'Weiß', 'Jung', 'Hahn', 'Schubert', 'Vogel', 'Friedrich',
  'Keller', 'Günther', 'Frank', 'Berger', 'Winkler', 'Roth', 'Beck', 'Lorenz', 'Baumann', 'Franke', 'Albrecht',
  'Schuster', 'Simon', 'Ludwig', 'Böhm', 'Winter', 'Kraus', 'Martin', 'Schumacher', 'Krämer', 'Vogt', 'Stein',
  'Jäger', 'Otto', 'Sommer', 'Groß', 'Seidel', 'Heinrich', 'Brandt', 'Haas', 'Schreiber', 'Graf', 'Dietrich',
  'Ziegler', 'Kuhn', 'Pohl', 'Engel', 'Horn', 'Busch', 'Bergmann', 'Voigt', 'Sauer', 'Arnold', 'Pfeiffer',
  'Yılmaz', 'Kaya', 'Demir', 'Nowak', 'Kowalski', 'Popescu', 'Nguyen', 'Rossi', 'Petrović', 'Papadopoulos',
];

export const austrianFemaleFirstNames = [
  'Maria', 'Anna', 'Elisabeth', 'Theresa', 'Katharina', 'Magdalena', 'Julia', 'Lisa', 'Sophie', 'Valentina',
  'Andrea', 'Sabine', 'Monika', 'Barbara', 'Martina', 'Gabriele', 'Daniela', 'Claudia', 'Verena', 'Birgit',
  'Christine', 'Johanna', 'Hannah', 'Lena', 'Sarah', 'Marlene', 'Laura', 'Emma', 'Rosa', 'Hildegard',
];

export const austrianMaleFirstNames = [
  'Johann', 'Josef', 'Franz', 'Lukas', 'Stefan', 'Thomas', 'Michael', 'Christian', 'Florian', 'Markus', 'Hannes',
  'Andreas', 'Helmut', 'Wolfgang', 'Manuel', 'Jakob', 'Elias', 'Simon', 'David', 'Martin', 'Georg', 'Alois',
  'Matthias', 'Bernhard', 'Gerhard', 'Peter', 'Tobias', 'Maximilian', 'Felix', 'Raphael',
];

export const austrianLastNames = [
  'Gruber', 'Huber', 'Bauer', 'Wagner', 'Müller', 'Pichler', 'Steiner', 'Moser', 'Mayer', 'Hofer', 'Leitner',
  'Berger', 'Fuchs', 'Eder', 'Fischer', 'Schmid', 'Winkler', 'Weber', 'Schwarz', 'Maier', 'Schneider', 'Reiter',
  'Mayr', 'Schmidt', 'Wimmer', 'Egger', 'Brunner', 'Lang', 'Baumgartner', 'Auer', 'Binder', 'Lechner', 'Wolf',
  'Wallner', 'Aigner', 'Ebner', 'Koller', 'Lehner', 'Haas', 'Schuster', 'Holzer', 'Unterberger', 'Haider',
  'Lindner', 'Kofler', 'Strasser', 'Mair', 'Hörtnagl', 'Plattner', 'Thaler', 'Rainer', 'Kirchmair', 'Obermoser',
];

export const germanStreets = [
  'Hauptstraße', 'Bahnhofstraße', 'Schulstraße', 'Gartenstraße', 'Dorfstraße', 'Bergstraße', 'Lindenstraße',
  'Kirchstraße', 'Birkenweg', 'Rosenweg', 'Am Markt', 'Mühlenweg', 'Goethestraße', 'Schillerstraße',
  'Wiesenweg', 'Ringstraße', 'Eichendorffweg', 'Am Sportplatz', 'Ahornweg', 'Buchenweg', 'Lessingstraße',
  'Friedhofstraße', 'Mozartstraße', 'Feldstraße', 'Waldstraße', 'Am Stadtpark', 'Kastanienallee', 'Tulpenweg',
  'Uhlandstraße', 'Beethovenstraße', 'Am Wasserturm', 'Hölderlinweg', 'Marktplatz', 'Brunnenstraße',
  'Sonnenweg', 'Kiefernweg', 'Fliederweg', 'Am Mühlbach', 'Auf dem Kamp', 'Zur alten Schmiede',
];

export const germanBusinessStreets = ['Industriestraße', 'Gewerbepark Nord', 'Handwerkerhof', 'Am Güterbahnhof', 'Robert-Bosch-Straße'];

export const austrianStreets = [
  'Hauptplatz', 'Dorfstraße', 'Kirchgasse', 'Bahnhofstraße', 'Sonnenweg', 'Lärchenweg', 'Almweg', 'Schulgasse',
  'Marktgasse', 'Zirbenweg', 'Innweg', 'Sportplatzweg', 'Enzianweg', 'Am Anger', 'Bergwerkstraße', 'Silbergasse',
  'Mühlgasse', 'Feldweg', 'Wiesenweg', 'Schlossgasse', 'Edelweißweg', 'Knappensteig', 'Kapellenweg', 'Auweg',
];

export const austrianBusinessStreets = ['Gewerbestraße', 'Industriezone Süd', 'Handelsweg'];

export type Town = { postalCode: string; city: string; weight: number };

export const musterstadtTowns: Town[] = [
  { postalCode: '59999', city: 'Musterstadt', weight: 45 },
  { postalCode: '59998', city: 'Musterstadt', weight: 25 },
  { postalCode: '59996', city: 'Beispielhausen', weight: 15 },
  { postalCode: '59995', city: 'Neudorf an der Muster', weight: 15 },
];

export const alpenstadtTowns: Town[] = [
  { postalCode: '6999', city: 'Alpenstadt', weight: 60 },
  { postalCode: '6998', city: 'Alpendorf', weight: 25 },
  { postalCode: '6997', city: 'Talheim am Inn', weight: 15 },
];

export const companyKinds = [
  { name: (n: string) => `Bäckerei ${n}`, form: 'GmbH' },
  { name: (n: string) => `Autohaus ${n}`, form: 'GmbH & Co. KG' },
  { name: (n: string) => `Zahnarztpraxis Dr. ${n}`, form: '' },
  { name: (n: string) => `Elektro ${n}`, form: 'GmbH' },
  { name: (n: string) => `Gasthof ${n}`, form: 'OHG' },
  { name: (n: string) => `Tischlerei ${n}`, form: 'GmbH' },
  { name: (n: string) => `Hausverwaltung ${n}`, form: 'GmbH' },
  { name: (n: string) => `Metzgerei ${n}`, form: 'e. K.' },
  { name: (n: string) => `Friseursalon ${n}`, form: '' },
  { name: (n: string) => `Steuerberatung ${n}`, form: 'PartG mbB' },
] as const;

// ---------------------------------------------------------------------------------------------
// Tariffs. Prices are gross (incl. VAT), as on a household price sheet and as DOMAIN.md §4 uses them;
// the invoice shows the net prices. The price for year Y (today's year) is given; earlier years use
// the factors (index 0 = three years ago).

export type TariffSpec = {
  code: string;
  name: string;
  division: Division;
  /** ct per kWh (electricity, gas) or per m³ (water), gross, for the current year. */
  energyCt: number;
  /** Base price in cents per year, gross, for the current year. */
  baseCents: number;
  /** The same price in every year (feed-in rates are fixed at commissioning). */
  fixed?: boolean;
};

export const priceFactorsByYearOffset = [1.19, 1.07, 1.0, 0.97];

export const musterstadtTariffs: TariffSpec[] = [
  { code: 'MS-STROM-GV', name: 'Musterstadt Strom Grundversorgung', division: 'electricity', energyCt: 38.9, baseCents: 16_800 },
  { code: 'MS-STROM-KLAR', name: 'MusterStrom Klar', division: 'electricity', energyCt: 33.4, baseCents: 14_400 },
  { code: 'MS-STROM-OEKO', name: 'MusterStrom Öko 24', division: 'electricity', energyCt: 34.9, baseCents: 14_400 },
  { code: 'MS-STROM-GEW', name: 'MusterStrom Gewerbe', division: 'electricity', energyCt: 30.8, baseCents: 21_600 },
  { code: 'MS-STROM-WP', name: 'MusterStrom Wärmepumpe', division: 'electricity', energyCt: 27.6, baseCents: 9_600 },
  { code: 'MS-GAS-GV', name: 'Musterstadt Erdgas Grundversorgung', division: 'gas', energyCt: 12.6, baseCents: 19_200 },
  { code: 'MS-GAS-KLAR', name: 'MusterGas Klar', division: 'gas', energyCt: 10.2, baseCents: 16_800 },
  { code: 'MS-GAS-KLIMA', name: 'MusterGas Klima (10 % Biomethan)', division: 'gas', energyCt: 11.1, baseCents: 16_800 },
  { code: 'MS-WASSER', name: 'Trinkwasser (Zähler Q3 = 4)', division: 'water', energyCt: 231, baseCents: 9_630 },
  { code: 'MS-WASSER-GR', name: 'Trinkwasser (Zähler Q3 = 10)', division: 'water', energyCt: 231, baseCents: 24_075 },
];

export const alpenstadtTariffs: TariffSpec[] = [
  { code: 'AS-BASIS', name: 'Alpenstrom Basis', division: 'electricity', energyCt: 25.8, baseCents: 5_400 },
  { code: 'AS-NATUR', name: 'Alpenstrom Natur', division: 'electricity', energyCt: 27.2, baseCents: 5_400 },
  { code: 'AS-GEWERBE', name: 'Alpenstrom Gewerbe', division: 'electricity', energyCt: 23.9, baseCents: 11_880 },
];

// ---------------------------------------------------------------------------------------------
// Demo personas: customers with fixed, readable data that get a login (or deliberately none).

export type Persona = {
  index: number;
  kind: 'person' | 'company';
  salutation: 'mr' | 'ms' | 'company';
  firstName?: string;
  lastName?: string;
  companyName?: string;
  divisions: Division[];
  secondPremise?: Division[];
  smart?: boolean;
  heatPump?: boolean;
  exchange?: boolean;
  /** The last annual bill stays unpaid (open item, dunning fee). */
  openInvoice?: boolean;
  granularity?: 'OPT_OUT' | 'DAILY' | 'QUARTER_HOUR';
  /** Grid operator: the person also feeds in (PV) and holds a second GP-Nr for it. */
  feedIn?: boolean;
};

export type DemoLogin = {
  email: string;
  locale: 'de' | 'en';
  customerIndexes: number[];
  /** Also link the feed-in account (second GP-Nr) of each listed customer. */
  withFeedIn?: boolean;
  note: string;
};

export const musterstadtPersonas: Persona[] = [
  { index: 0, kind: 'person', salutation: 'ms', firstName: 'Anna', lastName: 'Schmidt', divisions: ['electricity', 'gas', 'water'], smart: true },
  { index: 1, kind: 'person', salutation: 'mr', firstName: 'Michael', lastName: 'Bauer', divisions: ['electricity', 'water'] },
  { index: 2, kind: 'person', salutation: 'ms', firstName: 'Petra', lastName: 'Weber', divisions: ['electricity', 'gas'] },
  {
    index: 3,
    kind: 'company',
    salutation: 'company',
    companyName: 'Bäckerei Krause GmbH',
    divisions: ['electricity', 'gas', 'water'],
    secondPremise: ['electricity', 'water'],
  },
  { index: 4, kind: 'person', salutation: 'mr', firstName: 'Lukas', lastName: 'Hoffmann', divisions: ['electricity', 'water'], heatPump: true, openInvoice: true },
  { index: 5, kind: 'person', salutation: 'ms', firstName: 'Emily', lastName: 'Clarke', divisions: ['electricity', 'water'], exchange: true },
];

export const musterstadtLogins: DemoLogin[] = [
  {
    email: 'anna.schmidt@example.com',
    locale: 'de',
    customerIndexes: [0],
    note: 'Privatkundin mit Strom, Gas und Wasser; intelligenter Stromzähler mit 15-Minuten-Lastgang.',
  },
  {
    email: 'michael.bauer@example.org',
    locale: 'de',
    customerIndexes: [1, 2],
    note: 'Zwei verknüpfte Kundenkonten: eigenes Konto und das Konto von Petra Weber (Kontowechsel testen).',
  },
  {
    email: 'buchhaltung.krause@example.com',
    locale: 'de',
    customerIndexes: [3],
    note: 'Gewerbekunde (Bäckerei Krause GmbH) mit zwei Verbrauchsstellen.',
  },
  {
    email: 'lukas.hoffmann@example.org',
    locale: 'de',
    customerIndexes: [4],
    note: 'Wärmepumpe mit HT/NT-Zähler; offene Nachzahlung mit Mahngebühr im Kontoauszug.',
  },
  {
    email: 'emily.clarke@example.org',
    locale: 'en',
    customerIndexes: [5],
    note: 'Englischsprachige Kundin; Stromzähler wurde gewechselt (alter und neuer Zähler).',
  },
];

export const alpenstadtPersonas: Persona[] = [
  { index: 0, kind: 'person', salutation: 'ms', firstName: 'Maria', lastName: 'Gruber', divisions: ['electricity'], granularity: 'QUARTER_HOUR' },
  { index: 1, kind: 'person', salutation: 'mr', firstName: 'Johann', lastName: 'Huber', divisions: ['electricity'], granularity: 'DAILY' },
  { index: 2, kind: 'person', salutation: 'ms', firstName: 'Rosa', lastName: 'Huber', divisions: ['electricity'], granularity: 'OPT_OUT' },
  { index: 3, kind: 'company', salutation: 'company', companyName: 'Tischlerei Hofer GmbH', divisions: ['electricity'], granularity: 'DAILY' },
  { index: 4, kind: 'person', salutation: 'mr', firstName: 'Stefan', lastName: 'Moser', divisions: ['electricity'], granularity: 'DAILY', openInvoice: true },
];

export const alpenstadtLogins: DemoLogin[] = [
  {
    email: 'maria.gruber@example.com',
    locale: 'de',
    customerIndexes: [0],
    note: 'Smart Meter mit Viertelstundenwerten (Opt-in); Datenübertragung und Kundenschnittstelle testen.',
  },
  {
    email: 'johann.huber@example.org',
    locale: 'de',
    customerIndexes: [1, 2],
    note: 'Zwei verknüpfte Kundennummern: eigene Wohnung (Tageswerte) und Haus der Mutter Rosa Huber (Opt-out).',
  },
  {
    email: 'office.hofer@example.com',
    locale: 'de',
    customerIndexes: [3],
    note: 'Gewerbekunde (Tischlerei Hofer GmbH), Smart Meter mit Tageswerten.',
  },
  {
    email: 'stefan.moser@example.org',
    locale: 'de',
    customerIndexes: [4],
    note: 'Privatkunde mit offener Nachzahlung aus der letzten Jahresabrechnung.',
  },
];

// ---------------------------------------------------------------------------------------------
// Netz Nord GmbH: a fictitious grid operator in the north. Customers are business partners of the
// grid (GP-Nr); a customer with consumption and feed-in holds two GP-Nr, one per account.

export const northernLastNames = [
  'Petersen', 'Hansen', 'Jensen', 'Johannsen', 'Carstensen', 'Thomsen', 'Lorenzen', 'Nissen', 'Paulsen',
  'Christiansen', 'Clausen', 'Ketelsen', 'Brodersen', 'Feddersen', 'Andresen', 'Martens', 'Ahrens', 'Harms',
  'Janssen', 'Claaßen', 'Hinrichs', 'Behrens', 'Lüders', 'Rohwer', 'Sievers', 'Thießen', 'Hamann', 'Boysen',
];

export const northernFemaleFirstNames = ['Birte', 'Frauke', 'Wiebke', 'Imke', 'Silke', 'Maren', 'Telse', 'Antje', 'Ines', 'Kerstin', 'Merle', 'Ida', 'Frieda', 'Greta'];

export const northernMaleFirstNames = ['Jens', 'Hauke', 'Sönke', 'Knut', 'Ole', 'Hinrich', 'Claus', 'Momme', 'Arne', 'Bernd', 'Detlef', 'Malte', 'Hannes', 'Fiete'];

export const northernStreets = [
  'Deichstraße', 'Am Hafen', 'Friesenweg', 'Strandweg', 'Dünenweg', 'Achtern Diek', 'Möwenweg', 'Am Deich',
  'Mühlenstraße', 'Süderstraße', 'Norderstraße', 'Hafenstraße', 'Lotsenweg', 'Kapitän-Hansen-Straße',
  'Reetdachweg', 'Koogstraße', 'Am Sielzug', 'Marschweg', 'Geestrand', 'Bi de Kark', 'Lindenstraße',
  'Schulstraße', 'Birkenweg', 'Rosenweg', 'Am Windpark', 'Ostseeblick', 'Fischerstieg', 'Heideweg',
];

export const northernBusinessStreets = ['Gewerbegebiet Süd', 'Am Hafenbecken', 'Werftstraße'];

export const netzNordTowns: Town[] = [
  { postalCode: '29999', city: 'Nordhafen', weight: 50 },
  { postalCode: '29998', city: 'Deichhausen', weight: 20 },
  { postalCode: '29997', city: 'Moorwiek', weight: 15 },
  { postalCode: '29996', city: 'Geestdorf', weight: 15 },
];

/**
 * Grid tariffs. The grid operator does not bill households in the demo (their supplier does), but
 * every contract names a product: network use for consumption, the EEG feed-in rate for PV systems
 * (fixed for 20 years from commissioning; the rates are demo values in the range of the real ones).
 */
export const netzNordTariffs: TariffSpec[] = [
  { code: 'NN-NETZ-HH', name: 'Netznutzung Niederspannung mit intelligentem Messsystem', division: 'electricity', energyCt: 9.84, baseCents: 7_140 },
  { code: 'NN-NETZ-GEW', name: 'Netznutzung Niederspannung Gewerbe mit intelligentem Messsystem', division: 'electricity', energyCt: 8.91, baseCents: 11_900 },
  { code: 'NN-EEG-2014', name: 'Einspeisevergütung PV bis 10 kWp (Inbetriebnahme 2013–2016)', division: 'electricity', energyCt: 12.56, baseCents: 0, fixed: true },
  { code: 'NN-EEG-2018', name: 'Einspeisevergütung PV bis 10 kWp (Inbetriebnahme 2017–2019)', division: 'electricity', energyCt: 12.2, baseCents: 0, fixed: true },
  { code: 'NN-EEG-2021', name: 'Einspeisevergütung PV bis 10 kWp (Inbetriebnahme 2020–2021)', division: 'electricity', energyCt: 9.17, baseCents: 0, fixed: true },
];

export const netzNordPersonas: Persona[] = [
  { index: 0, kind: 'person', salutation: 'mr', firstName: 'Jens', lastName: 'Petersen', divisions: ['electricity'], smart: true },
  { index: 1, kind: 'person', salutation: 'ms', firstName: 'Birte', lastName: 'Hansen', divisions: ['electricity'], smart: true, feedIn: true },
];

export const netzNordLogins: DemoLogin[] = [
  {
    email: 'jens.petersen@example.com',
    locale: 'de',
    customerIndexes: [0],
    note: 'Eine GP-Nr. (Strombezug) mit intelligentem Messsystem: Tageswerte und 15-Minuten-Lastgang.',
  },
  {
    email: 'birte.hansen@example.org',
    locale: 'de',
    customerIndexes: [1],
    withFeedIn: true,
    note: 'Bezug und Einspeisung: zwei GP-Nr. unter einem Zugang; bei der Anmeldung wählen Sie die GP-Nr. PV-Anlage mit Einspeisewerten und jährlicher Gutschrift der Einspeisevergütung.',
  },
];
