// Words for the codes stored in the database, for the CSV files (the JSON files keep the codes).
// A code without a word here is written as it is.
type Labels = Readonly<Record<string, { de: string; en: string }>>;

export const divisionLabels: Labels = {
  electricity: { de: 'Strom', en: 'Electricity' },
  gas: { de: 'Gas', en: 'Gas' },
  water: { de: 'Wasser', en: 'Water' },
  heat: { de: 'Wärme', en: 'Heat' },
};

export const directionLabels: Labels = {
  consumption: { de: 'Bezug', en: 'Consumption' },
  feed_in: { de: 'Einspeisung', en: 'Feed-in' },
};

export const meterKindLabels: Labels = {
  conventional: { de: 'konventioneller Zähler', en: 'conventional meter' },
  modern: { de: 'moderne Messeinrichtung', en: 'modern meter' },
  smart: { de: 'intelligentes Messsystem', en: 'smart meter' },
};

export const granularityLabels: Labels = {
  OPT_OUT: { de: 'keine Verbrauchswerte (Widerspruch)', en: 'no consumption values (opt-out)' },
  DAILY: { de: 'Tageswerte', en: 'daily values' },
  QUARTER_HOUR: { de: '15-Minuten-Werte', en: '15-minute values' },
};

export const readingSourceLabels: Labels = {
  customer: { de: 'Kunde', en: 'customer' },
  utility: { de: 'Versorger', en: 'utility' },
  estimated: { de: 'geschätzt', en: 'estimated' },
  smart_meter: { de: 'intelligentes Messsystem', en: 'smart meter' },
};

export const readingReasonLabels: Labels = {
  periodic: { de: 'Turnusablesung', en: 'periodic reading' },
  move_in: { de: 'Einzug', en: 'move-in' },
  move_out: { de: 'Auszug', en: 'move-out' },
  meter_installed: { de: 'Zählereinbau', en: 'meter installed' },
  meter_removed: { de: 'Zählerausbau', en: 'meter removed' },
  interim: { de: 'Zwischenablesung', en: 'interim reading' },
  billing: { de: 'Abrechnung', en: 'billing' },
};

export const readingStatusLabels: Labels = {
  accepted: { de: 'übernommen', en: 'accepted' },
  pending_review: { de: 'in Prüfung', en: 'under review' },
  rejected: { de: 'abgelehnt', en: 'rejected' },
};

export const invoiceKindLabels: Labels = {
  annual: { de: 'Jahresrechnung', en: 'annual bill' },
  final: { de: 'Schlussrechnung', en: 'final bill' },
  interim: { de: 'Zwischenrechnung', en: 'interim bill' },
  credit_note: { de: 'Gutschrift', en: 'credit note' },
};

export const documentKindLabels: Labels = {
  invoice: { de: 'Rechnung', en: 'invoice' },
  contract: { de: 'Vertrag', en: 'contract' },
  letter: { de: 'Schreiben', en: 'letter' },
  notice: { de: 'Mitteilung', en: 'notice' },
  other: { de: 'Sonstiges', en: 'other' },
};

export const transactionKindLabels: Labels = {
  invoice: { de: 'Rechnung', en: 'invoice' },
  instalment: { de: 'Abschlag', en: 'instalment' },
  payment: { de: 'Zahlung', en: 'payment' },
  credit: { de: 'Gutschrift', en: 'credit' },
  refund: { de: 'Erstattung', en: 'refund' },
  fee: { de: 'Gebühr', en: 'fee' },
};

export const requestKindLabels: Labels = {
  message: { de: 'Nachricht', en: 'message' },
  address: { de: 'Adressänderung', en: 'change of address' },
  bank: { de: 'Bankverbindung', en: 'bank details' },
  instalment: { de: 'Abschlagsänderung', en: 'instalment change' },
  reading: { de: 'Zählerstand', en: 'meter reading' },
  contact: { de: 'Kontaktdaten', en: 'contact details' },
};

export const requestStatusLabels: Labels = {
  received: { de: 'eingegangen', en: 'received' },
  in_progress: { de: 'in Bearbeitung', en: 'in progress' },
  done: { de: 'erledigt', en: 'done' },
  rejected: { de: 'abgelehnt', en: 'rejected' },
};

export const actorLabels: Labels = {
  customer: { de: 'Kunde', en: 'customer' },
  staff: { de: 'Kundenservice', en: 'customer service' },
  system: { de: 'Kundenportal', en: 'customer portal' },
  integration: { de: 'Abrechnungssystem', en: 'billing system' },
  operator: { de: 'Betrieb', en: 'operations' },
};

export const customerKindLabels: Labels = {
  person: { de: 'Person', en: 'person' },
  company: { de: 'Firma', en: 'company' },
};

export const salutationLabels: Labels = {
  mr: { de: 'Herr', en: 'Mr' },
  ms: { de: 'Frau', en: 'Ms' },
  diverse: { de: 'divers', en: 'diverse' },
  company: { de: 'Firma', en: 'company' },
};

export const paymentMethodLabels: Labels = {
  direct_debit: { de: 'SEPA-Lastschrift', en: 'SEPA direct debit' },
  transfer: { de: 'Überweisung', en: 'bank transfer' },
};

export const bankStatusLabels: Labels = {
  pending: { de: 'in Bearbeitung', en: 'pending' },
  active: { de: 'aktiv', en: 'active' },
  revoked: { de: 'widerrufen', en: 'revoked' },
};

export const consentChannelLabels: Labels = {
  portal: { de: 'Kundenportal', en: 'customer portal' },
  paper: { de: 'Papierformular', en: 'paper form' },
};
