// The words of the readings module: errors and findings of the plausibility check in German and
// English, with the register's values, units and dates in the customer's notation.
import type { TRegisterUnit } from '../../../api/readings.ts';
import type { TLocale } from '../../../api/tenant.ts';
import type { DateError, Finding, ValueError } from './plausibility.ts';
import { formatQuantity } from './value.ts';

/** 04.05.2026 / 4 May 2026 */
export function formatDate(iso: string, locale: TLocale): string {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return locale === 'en'
    ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date)
    : new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(date);
}

export type RegisterWords = { unit: TRegisterUnit; decimals: number; digits: number };

/** A quantity with its unit, rounded to the register's decimals (estimates come with more). */
export function quantity(milli: number, register: RegisterWords, locale: TLocale): string {
  const step = 10 ** (3 - register.decimals);
  return formatQuantity(Math.round(milli / step) * step, register.unit, locale);
}

export function dateErrorMessage(error: DateError, raw: string, locale: TLocale): string {
  const de = locale === 'de';
  switch (error.code) {
    case 'date_invalid':
      if (raw.trim() === '') return de ? 'Bitte geben Sie das Ablesedatum an.' : 'Please enter the reading date.';
      return de ? 'Bitte geben Sie das Ablesedatum als gültiges Datum an, z. B. 04.05.2026.' : 'Please enter the reading date as a valid date, e.g. 4 May 2026.';
    case 'date_future':
      return de
        ? `Das Ablesedatum darf nicht in der Zukunft liegen (heute ist der ${formatDate(error.today, locale)}).`
        : `The reading date cannot be in the future (today is ${formatDate(error.today, locale)}).`;
    case 'date_not_after_last':
      return de
        ? `Für diesen Zähler liegt bereits ein Stand vom ${formatDate(error.last, locale)} vor. Das Ablesedatum muss danach liegen.`
        : `This meter already has a reading of ${formatDate(error.last, locale)}. The reading date must be after it.`;
    case 'date_too_early':
      return de
        ? `Das Ablesedatum darf nicht vor dem ${formatDate(error.earliest, locale)} liegen (Einbau des Zählers bzw. Beginn Ihrer Belieferung).`
        : `The reading date cannot be before ${formatDate(error.earliest, locale)} (installation of the meter or start of your supply).`;
    case 'date_after_removal':
      return de
        ? `Der Zähler wurde am ${formatDate(error.removedOn, locale)} ausgebaut; ein späteres Ablesedatum ist nicht möglich.`
        : `The meter was removed on ${formatDate(error.removedOn, locale)}; a later reading date is not possible.`;
  }
}

export function valueErrorMessage(error: ValueError, register: RegisterWords, locale: TLocale): string {
  const de = locale === 'de';
  switch (error.code) {
    case 'value_required':
      return de ? 'Bitte geben Sie den Zählerstand ein.' : 'Please enter the meter reading.';
    case 'value_not_a_number':
      return de
        ? 'Bitte geben Sie den Zählerstand nur mit Ziffern ein, z. B. 12345 oder 12.345,6.'
        : 'Please enter the meter reading with digits only, e.g. 12345 or 12,345.6.';
    case 'value_negative':
      return de ? 'Ein Zählerstand kann nicht negativ sein.' : 'A meter reading cannot be negative.';
    case 'value_too_many_digits':
      return de
        ? `Ihr Zähler hat ${String(error.digits)} Stellen vor dem Komma. Bitte prüfen Sie, ob Sie eine Ziffer zu viel eingegeben haben.`
        : `Your meter has ${String(error.digits)} digits before the decimal mark. Please check whether you typed a digit too many.`;
    case 'value_too_many_decimals':
      if (error.decimals === 0) {
        return de
          ? 'Bitte geben Sie den Zählerstand ohne Nachkommastellen ein: Die Ziffern hinter dem Komma (oft rot) lassen Sie weg.'
          : 'Please enter the meter reading without decimals: leave out the digits after the decimal mark (often red).';
      }
      return de
        ? `Bitte geben Sie höchstens ${String(error.decimals)} ${error.decimals === 1 ? 'Nachkommastelle' : 'Nachkommastellen'} ein.`
        : `Please enter at most ${String(error.decimals)} ${error.decimals === 1 ? 'decimal' : 'decimals'}.`;
    case 'value_lower_than_last':
      return de
        ? `Der Zählerstand ist niedriger als der letzte Stand von ${quantity(error.last.milli, register, locale)} am ${formatDate(error.last.readOn, locale)}. Bitte prüfen Sie Ihre Eingabe.`
        : `The reading is lower than the last reading of ${quantity(error.last.milli, register, locale)} on ${formatDate(error.last.readOn, locale)}. Please check your entry.`;
    case 'value_far_above_expected':
    case 'value_far_below_expected': {
      const more = error.code === 'value_far_above_expected';
      const consumption = quantity(error.consumptionMilli, register, locale);
      const expected = quantity(roundForPeople(error.expectedMilli), register, locale);
      const last = `${quantity(error.last.milli, register, locale)} ${de ? 'am' : 'on'} ${formatDate(error.last.readOn, locale)}`;
      return de
        ? `Dieser Zählerstand ist nicht plausibel: Seit dem letzten Stand (${last}) wären das ${consumption}, ${more ? 'ein Vielfaches' : 'nur ein Bruchteil'} der erwarteten etwa ${expected}. Bitte prüfen Sie Ihre Eingabe. Stimmt der Stand, schreiben Sie uns bitte über „Meine Anliegen“ und fügen Sie ein Foto des Zählers bei.`
        : `This reading is not plausible: since the last reading (${last}) it would mean ${consumption}, ${more ? 'many times' : 'only a fraction of'} the expected ${expected} or so. Please check your entry. If the reading is right, please write to us under "My requests" and attach a photo of the meter.`;
    }
  }
}

/** Expected quantities are estimates: shown to two significant digits (1.234 → 1.200). */
export function roundForPeople(milli: number): number {
  const units = milli / 1000;
  if (units < 10) return Math.round(milli / 100) * 100;
  const magnitude = 10 ** (Math.floor(Math.log10(units)) - 1);
  return Math.round(units / magnitude) * magnitude * 1000;
}

export function findingMessage(finding: Finding, register: RegisterWords, lastReadOn: string | null, locale: TLocale): string {
  const de = locale === 'de';
  const q = (milli: number | null) => quantity(milli ?? 0, register, locale);
  const since = lastReadOn ? formatDate(lastReadOn, locale) : '';
  switch (finding.code) {
    case 'rollover':
      return de
        ? `Der Stand ist kleiner als der letzte: Ihr Zähler ist offenbar übergelaufen (nach ${'9'.repeat(register.digits)} wieder bei 0). Verbrauch seit dem ${since}: ${q(finding.consumptionMilli)}.`
        : `The reading is lower than the last one: your meter has evidently rolled over (back to 0 after ${'9'.repeat(register.digits)}). Consumption since ${since}: ${q(finding.consumptionMilli)}.`;
    case 'zero_consumption':
      return de
        ? `Seit dem letzten Stand vom ${since} wurde kein Verbrauch gemessen. Stimmt das, zum Beispiel weil die Wohnung leer stand?`
        : `No consumption was measured since the last reading of ${since}. Is that right, for example because the home was empty?`;
    case 'below_expected':
      return de
        ? `Der Verbrauch von ${q(finding.consumptionMilli)} seit dem ${since} ist deutlich niedriger als erwartet (etwa ${q(roundForPeople(finding.expectedMilli ?? 0))}).`
        : `The consumption of ${q(finding.consumptionMilli)} since ${since} is clearly lower than expected (about ${q(roundForPeople(finding.expectedMilli ?? 0))}).`;
    case 'above_expected':
      return de
        ? `Der Verbrauch von ${q(finding.consumptionMilli)} seit dem ${since} ist deutlich höher als erwartet (etwa ${q(roundForPeople(finding.expectedMilli ?? 0))}).`
        : `The consumption of ${q(finding.consumptionMilli)} since ${since} is clearly higher than expected (about ${q(roundForPeople(finding.expectedMilli ?? 0))}).`;
    case 'above_previous_year':
      return de
        ? `Der Verbrauch von ${q(finding.consumptionMilli)} ist mehr als doppelt so hoch wie im gleichen Zeitraum des Vorjahres (${q(Math.round(finding.previousYearMilli ?? 0))}).`
        : `The consumption of ${q(finding.consumptionMilli)} is more than twice that of the same period last year (${q(Math.round(finding.previousYearMilli ?? 0))}).`;
    case 'first_reading':
      return de
        ? 'Für diesen Zähler liegt noch kein Stand vor; Ihr Stand ist der erste.'
        : 'There is no reading for this meter yet; yours will be the first.';
  }
}

export const readingMessages = {
  readingsIncomplete: {
    de: 'Bitte geben Sie für jedes Zählwerk des Zählers genau einen Stand an.',
    en: 'Please enter exactly one reading for each register of the meter.',
  },
  commentRequired: {
    de: 'Bitte bestätigen Sie den Zählerstand mit einem kurzen Kommentar, zum Beispiel warum der Verbrauch abweicht.',
    en: 'Please confirm the reading with a short comment, for example why the consumption differs.',
  },
  commentTooLong: {
    de: (max: number) => `Der Kommentar darf höchstens ${String(max)} Zeichen lang sein.`,
    en: (max: number) => `The comment may be at most ${String(max)} characters long.`,
  },
  keyReused: {
    de: 'Diese Eingabe wurde bereits mit anderen Werten gesendet. Bitte laden Sie die Seite neu und geben Sie den Stand erneut ein.',
    en: 'This entry was already sent with other values. Please reload the page and enter the reading again.',
  },
  blocked: {
    smart_meter: {
      de: 'Ihr intelligentes Messsystem übermittelt die Zählerstände automatisch; Sie müssen nichts eingeben.',
      en: 'Your smart metering system sends the readings automatically; you do not need to enter anything.',
    },
    removed: {
      de: 'Dieser Zähler wurde ausgebaut; für ihn nehmen wir keine Stände mehr an.',
      en: 'This meter has been removed; we no longer take readings for it.',
    },
    no_supply: {
      de: 'An diesem Zähler beliefern wir Sie nicht mehr; Zählerstände nehmen wir hier nicht mehr an.',
      en: 'We no longer supply you at this meter; readings are no longer taken here.',
    },
  },
} as const;
