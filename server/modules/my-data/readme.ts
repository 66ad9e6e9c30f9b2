// README.txt of the export, German first, then English: when it was made, for whom, what each file
// contains (from the sections' own descriptions), the formats, what is left out and why, and whom to
// ask. Plain text with CRLF, so every editor on every system shows it.
import type { Tenant } from '../tenants/tenants.service.ts';
import { germanDateTime } from './csv.ts';
import type { Text } from './sections.ts';

type Described = { files: string; description: Text };

export type ReadmeInput = {
  tenant: Tenant;
  email: string;
  now: Date;
  folders: ReadonlyArray<{ customerNumber: string; folder: string }>;
  loginSections: readonly Described[];
  customerSections: readonly Described[];
};

function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

const texts = {
  title: { de: 'Ihre Daten im Kundenportal', en: 'Your data in the customer portal' },
  intro: {
    de: 'Diese Datei enthält alles, was wir im Kundenportal zu Ihrem Zugang und den damit verknüpften Kundenkonten gespeichert haben (Auskunft nach Art. 15 DSGVO, Datenübertragbarkeit nach Art. 20 DSGVO).',
    en: 'This archive contains everything we store in the customer portal about your access and the customer accounts linked to it (right of access, Art. 15 GDPR; data portability, Art. 20 GDPR).',
  },
  created: { de: 'Erstellt am', en: 'Created' },
  access: { de: 'Zugang', en: 'Access' },
  accounts: { de: 'Kundenkonten', en: 'Customer accounts' },
  noAccounts: { de: 'keine verknüpft', en: 'none linked' },
  folder: { de: 'Ordner', en: 'folder' },
  contents: { de: 'Inhalt', en: 'Contents' },
  perAccount: { de: 'Je Kundenkonto im Ordner customer-<Kundennummer>/:', en: 'Per customer account, in the folder customer-<customer number>/:' },
  formats: { de: 'Formate', en: 'Formats' },
  json: {
    de: 'JSON-Dateien: UTF-8, Zeitpunkte in UTC nach ISO 8601, Beträge in Cent, Mengen in tausendstel Einheiten (Wh bei kWh, Liter bei m³), Codes statt Wörtern.',
    en: 'JSON files: UTF-8, times in UTC as ISO 8601, amounts in cents, quantities in thousandths of the unit (Wh for kWh, litres for m³), codes instead of words.',
  },
  csv: {
    de: 'CSV-Dateien für Excel und andere Tabellenprogramme: Semikolon als Trennzeichen, Dezimalkomma, UTF-8 mit BOM, Datum als TT.MM.JJJJ, Zeitpunkte in Ortszeit',
    en: 'CSV files for Excel and other spreadsheets: semicolon as separator, decimal comma, UTF-8 with BOM, dates as DD.MM.YYYY, times in local time',
  },
  left: { de: 'Nicht enthalten', en: 'Not included' },
  leftText: {
    de: 'Ihr Passwort (wir speichern es nur als nicht umkehrbaren Hash), das Geheimnis Ihrer Authenticator-App, die Schlüssel Ihrer Passkeys, Wiederherstellungscodes und die Links aus unseren E-Mails: Sie würden den Zugang zu Ihrem Konto öffnen. Daten anderer Personen, auch nicht die Namen unserer Mitarbeiterinnen und Mitarbeiter.',
    en: 'Your password (we only store an irreversible hash of it), the secret of your authenticator app, the keys of your passkeys, recovery codes and the links from our e-mails: they would open access to your account. Data of other people, including the names of our staff.',
  },
  rights: { de: 'Fragen, Berichtigung, Löschung', en: 'Questions, correction, erasure' },
  rightsText: {
    de: 'Falsche Daten korrigieren wir auf Ihren Hinweis (Kontaktformular im Kundenportal unter „Meine Anliegen“). Ihren Zugang zum Kundenportal können Sie unter „Mein Zugang“ selbst löschen; Vertrags- und Abrechnungsdaten bewahren wir so lange auf, wie es das Gesetz verlangt. Unsere Kontaktdaten:',
    en: 'We correct wrong data when you tell us (contact form in the customer portal under "My requests"). You can delete your access to the customer portal yourself under "My access"; contract and billing records are kept as long as the law requires. How to reach us:',
  },
  phone: { de: 'Telefon', en: 'Phone' },
  mail: { de: 'E-Mail', en: 'E-mail' },
  hours: { de: 'Erreichbar', en: 'Hours' },
} satisfies Record<string, Text>;

function part(input: ReadmeInput, locale: 'de' | 'en'): string[] {
  const { tenant } = input;
  const c = tenant.config;
  const t = (text: Text) => text[locale];
  const lines: string[] = [];
  const heading = (text: string) => {
    lines.push('', text, '-'.repeat(text.length));
  };
  const title = `${t(texts.title)} – ${c.displayName}`;
  lines.push(title, '='.repeat(title.length), '', ...wrap(t(texts.intro), ''), '');
  lines.push(`${t(texts.created)}: ${germanDateTime(input.now, c.timeZone)} (${c.timeZone})`);
  lines.push(`${t(texts.access)}: ${input.email}`);
  lines.push(
    `${t(texts.accounts)}: ${input.folders.length === 0 ? t(texts.noAccounts) : input.folders.map((f) => `${f.customerNumber} (${t(texts.folder)} ${f.folder})`).join(', ')}`,
  );
  heading(t(texts.contents));
  lines.push('README.txt');
  for (const section of input.loginSections) {
    lines.push(section.files, ...wrap(t(section.description), '    '));
  }
  lines.push('', t(texts.perAccount));
  for (const section of input.customerSections) {
    lines.push(`  ${section.files}`, ...wrap(t(section.description), '      '));
  }
  heading(t(texts.formats));
  lines.push(...wrap(t(texts.json), ''), ...wrap(`${t(texts.csv)} (${c.timeZone}).`, ''));
  heading(t(texts.left));
  lines.push(...wrap(t(texts.leftText), ''));
  heading(t(texts.rights));
  lines.push(...wrap(t(texts.rightsText), ''), '');
  lines.push(c.legalName, `${c.address.street}, ${c.address.postalCode} ${c.address.city}`);
  lines.push(`${t(texts.phone)}: ${c.contact.phone}`, `${t(texts.mail)}: ${c.contact.email}`);
  lines.push(`${t(texts.hours)}: ${locale === 'en' && c.contact.hours.en ? c.contact.hours.en : c.contact.hours.de}`);
  return lines;
}

export function readme(input: ReadmeInput): string {
  const lines = [...part(input, 'de'), '', '', ...part(input, 'en'), ''];
  return lines.join('\r\n');
}
