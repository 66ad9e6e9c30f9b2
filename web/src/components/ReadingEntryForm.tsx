import { formatDay } from '../lib/format.ts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TMeter, TReadingCheck } from '../../../api/readings.ts';
import { ApiError } from '../lib/api.ts';
import type { FieldErrors } from '../lib/formErrors.ts';
import { useLocale } from '../lib/i18n.ts';
import { checkReading, formatReading, unitLabel } from '../lib/readings.ts';
import { useForm, type FormValues } from '../lib/useForm.ts';
import { FormErrors } from './FormErrors.tsx';
import { ReadingDateField, ReadingValueField } from './ReadingFields.tsx';
import { RequiredLegend } from './RequiredLegend.tsx';
import { SubmitButton } from './SubmitButton.tsx';

/** The form's field names are the server's: readOn and readings.<i>.value in register order. */
export function readingFields(meter: TMeter): string[] {
  return ['readOn', ...meter.registers.map((_, index) => `readings.${String(index)}.value`)];
}

export type EntryValues = FormValues<string>;

/** A problem's own words (e.g. why a meter takes no readings) rather than the generic title. */
export function problemDetail(problem: unknown) {
  return problem instanceof ApiError && problem.detail ? <p>{problem.detail}</p> : undefined;
}

/**
 * The entry step: reading date (today by default, the earliest allowed date as the lower limit) and
 * one value per register with the last reading and the digits as a hint. "Eingaben prüfen" asks the
 * server's plausibility check; its field messages appear at the fields and in the summary.
 */
export function ReadingEntryForm({ meter, onChecked }: { meter: TMeter; onChecked: (check: TReadingCheck, values: EntryValues) => void }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const fields = useMemo(() => readingFields(meter), [meter]);
  const several = meter.registers.length > 1;
  const registerName = (index: number) => meter.registers[index]?.label ?? meter.registers[index]?.obis ?? '';

  const validate = (values: EntryValues): FieldErrors<string> => {
    const errors: FieldErrors<string> = {};
    if (!values.readOn?.trim()) errors.readOn = t('readings.entry.dateRequired');
    meter.registers.forEach((_, index) => {
      const field = `readings.${String(index)}.value`;
      if (!values[field]?.trim()) errors[field] = several ? t('readings.entry.valueRequiredOf', { register: registerName(index) }) : t('readings.entry.valueRequired');
    });
    return errors;
  };

  const form = useForm<string, TReadingCheck>({
    id: `reading-${meter.id}`,
    fields,
    initialValues: { readOn: meter.today },
    validate,
    submit: (values) =>
      checkReading(meter.id, {
        readOn: values.readOn ?? '',
        readings: meter.registers.map((register, index) => ({ registerId: register.id, value: values[`readings.${String(index)}.value`] ?? '' })),
      }),
    onSuccess: (check, values) => {
      onChecked(check, values);
    },
  });

  return (
    <form className="form readings-form" noValidate onSubmit={form.onSubmit}>
      <FormErrors form={form} renderProblem={problemDetail} />
      <RequiredLegend />
      <ReadingDateField
        {...form.field('readOn')}
        label={t('readings.entry.date')}
        description={t('readings.entry.dateHint')}
        isRequired
        min={meter.earliestReadOn}
        max={meter.today}
      />
      {meter.registers.map((register, index) => {
        const unit = unitLabel(register.unit);
        const last = register.lastReading;
        const digits =
          register.decimals === 0
            ? t('readings.entry.digitsOnly', { digits: register.digits })
            : t('readings.entry.digitsDecimals', { digits: register.digits, count: register.decimals });
        const hint = last ? `${t('readings.entry.lastHint', { value: formatReading(last.value, register.unit, locale), date: formatDay(last.readOn, locale, 'long') })} ${digits}` : digits;
        return (
          <ReadingValueField
            key={register.id}
            {...form.field(`readings.${String(index)}.value`)}
            label={several ? t('readings.entry.valueOf', { register: registerName(index), unit }) : t('readings.entry.value', { unit })}
            description={hint}
            isRequired
            unit={unit}
            decimals={register.decimals}
          />
        );
      })}
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('readings.entry.submit')}</SubmitButton>
      </div>
    </form>
  );
}
