// The account statement of one year as CSV that German Excel opens correctly: UTF-8 with BOM,
// semicolons, CRLF, dates DD.MM.YYYY and amounts with a decimal comma (in both UI languages, so the
// file always opens the same way). Text cells that a spreadsheet would run as a formula are quoted
// with a leading apostrophe.
import type { TAccountStatement, TBookingKind } from '../../../api/account.ts';
import type { TLocale } from '../../../api/tenant.ts';

const texts = {
  de: {
    head: ['Buchungsdatum', 'Fällig am', 'Art', 'Buchungstext', 'Referenz', 'Soll (EUR)', 'Haben (EUR)', 'Saldo (EUR)', 'Ausgeglichen'],
    opening: 'Saldovortrag',
    yes: 'ja',
    no: 'nein',
    kinds: { invoice: 'Rechnung', instalment: 'Abschlag', payment: 'Zahlung', credit: 'Gutschrift', refund: 'Erstattung', fee: 'Gebühr' },
  },
  en: {
    head: ['Booking date', 'Due date', 'Type', 'Text', 'Reference', 'Debit (EUR)', 'Credit (EUR)', 'Balance (EUR)', 'Settled'],
    opening: 'Balance brought forward',
    yes: 'yes',
    no: 'no',
    kinds: { invoice: 'Invoice', instalment: 'Instalment', payment: 'Payment', credit: 'Credit', refund: 'Refund', fee: 'Fee' },
  },
} satisfies Record<TLocale, { head: string[]; opening: string; yes: string; no: string; kinds: Record<TBookingKind, string> }>;

/** 1234567 -> "12345,67"; -5 -> "-0,05" */
export function decimalComma(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${String(Math.floor(abs / 100))},${String(abs % 100).padStart(2, '0')}`;
}

function germanDate(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d ?? ''}.${m ?? ''}.${y ?? ''}`;
}

/** A text cell: formula-like starts neutralised, quoted when it contains ; " or a line break. */
export function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function statementCsv(statement: TAccountStatement, locale: TLocale): Buffer {
  const t = texts[locale];
  const lines: string[][] = [t.head.map(textCell)];
  lines.push([germanDate(`${String(statement.year)}-01-01`), '', '', textCell(t.opening), '', '', '', decimalComma(statement.openingBalanceCents), '']);
  for (const row of statement.bookings) {
    lines.push([
      germanDate(row.bookingDate),
      germanDate(row.dueDate),
      textCell(t.kinds[row.kind]),
      textCell(row.description),
      textCell(row.reference ?? ''),
      row.amountCents > 0 ? decimalComma(row.amountCents) : '',
      row.amountCents < 0 ? decimalComma(-row.amountCents) : '',
      decimalComma(row.balanceCents),
      row.cleared ? t.yes : t.no,
    ]);
  }
  return Buffer.from(`\uFEFF${lines.map((cells) => cells.join(';')).join('\r\n')}\r\n`, 'utf8');
}
