import { formatDay } from '../lib/format.ts';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TMeter, TReadingCheck, TReadingSubmission } from '../../../api/readings.ts';
import { ATTACHMENT_MAX_BYTES } from '../../../api/requests.ts';
import { READING_LIMITS } from '../../../api/readings.ts';
import type { FieldErrors } from '../lib/formErrors.ts';
import { useLocale } from '../lib/i18n.ts';
import { formatReading, newIdempotencyKey, submitReading } from '../lib/readings.ts';
import { fileUpload } from '../lib/requests.ts';
import { useForm } from '../lib/useForm.ts';
import { FormErrors } from './FormErrors.tsx';
import { problemDetail, type EntryValues } from './ReadingEntryForm.tsx';
import { RequiredLegend } from './RequiredLegend.tsx';
import { PendingButton, SubmitButton } from './SubmitButton.tsx';
import { TextAreaInput } from './TextAreaInput.tsx';

const FIELDS = ['comment', 'photo'] as const;
type Field = (typeof FIELDS)[number];
const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/**
 * The review step ("Bitte prüfen Sie Ihre Angaben"): the date and values as the server understood
 * them with the consumption since the last reading, notes and warnings. A warning needs a comment
 * (and may bring a photo). "Eingaben bearbeiten" goes back with the entries kept, "Daten senden"
 * books the reading (one idempotency key per review, so a double click books it once).
 */
export function ReadingReview({
  meter,
  check,
  values,
  onEdit,
  onSubmitted,
}: {
  meter: TMeter;
  check: TReadingCheck;
  values: EntryValues;
  onEdit: () => void;
  onSubmitted: (submission: TReadingSubmission) => void;
}) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const headingId = useId();
  const captionId = useId();
  const box = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const warning = check.outcome === 'warning';
  const several = meter.registers.length > 1;
  // The review replaces the form: the focus moves to it once it is on screen.
  useEffect(() => {
    box.current?.focus();
  }, []);

  const validate = (v: Record<Field, string>): FieldErrors<Field> => {
    const errors: FieldErrors<Field> = {};
    if (warning && !v.comment.trim()) errors.comment = t('readings.review.commentRequired');
    if (file && file.size > ATTACHMENT_MAX_BYTES) errors.photo = t('readings.review.fileTooLarge');
    else if (file && !ACCEPTED_TYPES.includes(file.type)) errors.photo = t('readings.review.fileWrongType');
    return errors;
  };

  const form = useForm<Field, TReadingSubmission>({
    id: `reading-review-${meter.id}`,
    fields: FIELDS,
    sensitive: ['photo'],
    validate,
    submit: async (v) =>
      submitReading(meter.id, {
        readOn: check.readOn,
        readings: meter.registers.map((register, index) => ({ registerId: register.id, value: values[`readings.${String(index)}.value`] ?? '' })),
        comment: warning ? v.comment : null,
        photo: warning && file ? await fileUpload(file) : null,
        idempotencyKey,
      }),
    onSuccess: (submission) => {
      onSubmitted(submission);
    },
  });

  const findings = check.readings.flatMap((reading) => reading.findings);
  const notes = findings.filter((f) => f.severity === 'info');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const photoField = form.field('photo');
  const photoHintId = `${photoField.id}-hint`;
  const photoErrorId = `${photoField.id}-error`;

  return (
    <div ref={box} tabIndex={-1} className="readings-review" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('readings.review.heading')}</h4>
      <p>{t('readings.review.intro')}</p>
      <dl className="pairs">
        <div>
          <dt>{t('readings.review.date')}</dt>
          <dd>{formatDay(check.readOn, locale, 'long')}</dd>
        </div>
      </dl>
      <div className="table-scroll readings-table" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table>
          <caption id={captionId}>{t('readings.review.caption', { number: meter.meterNumber })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('readings.review.register')}</th>
              <th scope="col">{t('readings.review.value')}</th>
              <th scope="col">{t('readings.review.consumption')}</th>
            </tr>
          </thead>
          <tbody>
            {meter.registers.map((register) => {
              const reading = check.readings.find((r) => r.registerId === register.id);
              if (!reading) return null;
              return (
                <tr key={register.id}>
                  <th scope="row">{several ? (register.label ?? register.obis) : t('readings.review.reading')}</th>
                  <td>{formatReading(reading.value, register.unit, locale)}</td>
                  <td>
                    {reading.consumption !== null && reading.comparedWith
                      ? t('readings.review.consumptionSince', { value: formatReading(reading.consumption, register.unit, locale), date: formatDay(reading.comparedWith.readOn, locale, 'long') })
                      : t('readings.review.noConsumption')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {notes.length > 0 && (
        <div className="notice readings-notes">
          <h5 className="readings-review__subheading">{t('readings.review.notesHeading')}</h5>
          <ul>
            {notes.map((note) => (
              <li key={note.message}>{note.message}</li>
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div className="notice readings-warning">
          <h5 className="readings-review__subheading">{t('readings.review.warningHeading')}</h5>
          <ul>
            {warnings.map((finding) => (
              <li key={finding.message}>{finding.message}</li>
            ))}
          </ul>
          <p>{t('readings.review.warningIntro')}</p>
        </div>
      )}
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <FormErrors form={form} renderProblem={problemDetail} />
        {warning && (
          <>
            <RequiredLegend />
            <TextAreaInput {...form.field('comment')} label={t('readings.review.comment')} isRequired rows={3} description={t('readings.review.commentHint', { max: READING_LIMITS.comment })} />
            <div className="field">
              <label className="field__label" htmlFor={photoField.id}>
                {t('readings.review.photo')}
              </label>
              <p className="field__hint" id={photoHintId}>
                {t('readings.review.photoHint')}
              </p>
              {photoField.errorMessage && (
                <p className="field__error" id={photoErrorId}>
                  {photoField.errorMessage}
                </p>
              )}
              <input
                ref={fileInput}
                id={photoField.id}
                name={photoField.name}
                type="file"
                className="field__file"
                accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
                aria-invalid={photoField.errorMessage !== undefined || undefined}
                aria-describedby={photoField.errorMessage ? `${photoErrorId} ${photoHintId}` : photoHintId}
                onChange={(event) => {
                  const chosen = event.target.files?.[0] ?? null;
                  setFile(chosen);
                  photoField.onChange(chosen?.name ?? '');
                }}
              />
            </div>
          </>
        )}
        <div className="form__actions">
          <SubmitButton pending={form.pending}>{t('readings.review.send')}</SubmitButton>
          <PendingButton pending={false} variant="secondary" onPress={onEdit}>
            {t('readings.review.edit')}
          </PendingButton>
        </div>
      </form>
    </div>
  );
}
