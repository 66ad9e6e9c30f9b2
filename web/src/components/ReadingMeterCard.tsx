import { formatDay } from '../lib/format.ts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TMeter, TReadingCheck, TReadingSubmission } from '../../../api/readings.ts';
import { useLocale } from '../lib/i18n.ts';
import { formatReading, historyKey, METERS_KEY, unitLabel } from '../lib/readings.ts';
import { REQUESTS_KEY } from '../lib/requests.ts';
import { requestPath } from '../lib/routes.ts';
import { ReadingEntryForm, type EntryValues } from './ReadingEntryForm.tsx';
import { ReadingHistory } from './ReadingHistory.tsx';
import { ReadingReview } from './ReadingReview.tsx';

type Step = { kind: 'entry' } | { kind: 'review'; check: TReadingCheck; values: EntryValues } | { kind: 'done'; submission: TReadingSubmission };

function nextDay(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function SubmissionNotice({ submission }: { submission: TReadingSubmission }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const box = useRef<HTMLDivElement>(null);
  // The notice replaces the review: it takes the focus once it is on screen.
  useEffect(() => {
    box.current?.focus();
  }, []);
  const date = formatDay(submission.readOn, locale, 'long');
  return (
    <div ref={box} tabIndex={-1} className="notice notice--success" role="status">
      <p>
        <strong>{t('readings.success.title')}</strong>
      </p>
      {submission.request ? (
        <>
          <p>{t('readings.success.pending', { date, reference: submission.request.reference })}</p>
          <p>
            <Link to={requestPath(submission.request.id)}>{t('readings.success.requestLink', { reference: submission.request.reference })}</Link>
          </p>
        </>
      ) : (
        <p>{t('readings.success.accepted', { date })}</p>
      )}
    </div>
  );
}

/**
 * Entry → review → confirmation for one meter. The entry form stays mounted (hidden) during the
 * review: "Eingaben bearbeiten" shows it again as it was, and when the session ends during the
 * review, the form keeps its draft like every signed-in form (REL-06).
 */
function ReadingFlow({ meter }: { meter: TMeter }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'entry' });
  const focusEntry = useRef(false);
  const entryBox = useRef<HTMLDivElement>(null);
  // Back from the review: the focus goes to the first field of the form again.
  useEffect(() => {
    if (focusEntry.current && step.kind === 'entry') {
      entryBox.current?.querySelector('input')?.focus();
      focusEntry.current = false;
    }
  }, [step.kind]);

  if (step.kind === 'done') return <SubmissionNotice submission={step.submission} />;
  if (meter.earliestReadOn > meter.today) {
    const last = meter.registers.map((r) => r.lastReading?.readOn ?? '').sort().at(-1) ?? meter.today;
    return <p>{t('readings.notYet', { date: formatDay(last, locale, 'long'), next: formatDay(nextDay(meter.today), locale, 'long') })}</p>;
  }
  return (
    <>
      <div ref={entryBox} hidden={step.kind === 'review'}>
        <h4>{t('readings.entry.heading')}</h4>
        <ReadingEntryForm
          meter={meter}
          onChecked={(check, values) => {
            setStep({ kind: 'review', check, values });
          }}
        />
      </div>
      {step.kind === 'review' && (
        <ReadingReview
          meter={meter}
          check={step.check}
          values={step.values}
          onEdit={() => {
            focusEntry.current = true;
            setStep({ kind: 'entry' });
          }}
          onSubmitted={(submission) => {
            setStep({ kind: 'done', submission });
            void queryClient.invalidateQueries({ queryKey: METERS_KEY });
            void queryClient.invalidateQueries({ queryKey: historyKey(meter.id) });
            void queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
          }}
        />
      )}
    </>
  );
}

/**
 * One meter: number, division, type, unit, registers and last readings, a due reading, the entry
 * (when the customer may read this meter) and the reading history.
 */
export function ReadingMeterCard({ meter }: { meter: TMeter }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const headingId = useId();
  const name = t(`divisions.${meter.division}`);
  // The shared catalog has the division as used inside a sentence ("your electricity supply").
  const divisionName = name.charAt(0).toUpperCase() + name.slice(1);
  const units = [...new Set(meter.registers.map((r) => unitLabel(r.unit)))].join(', ');
  const several = meter.registers.length > 1;
  return (
    <section className="card readings-meter" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('readings.meterHeading', { division: divisionName, number: meter.meterNumber })}
        {meter.removedOn !== null && <span className="badge readings-meter__badge">{t('readings.removedBadge')}</span>}
      </h3>
      {meter.readingDue && (
        <div className="notice readings-due">
          <p>
            <strong>{t('readings.due.heading')}: </strong>
            {t(`readings.due.${meter.readingDue.reason}`, { date: meter.readingDue.date ? formatDay(meter.readingDue.date, locale, 'long') : '' })}
          </p>
        </div>
      )}
      <dl className="readings-facts">
        <div>
          <dt>{t('readings.facts.meterNumber')}</dt>
          <dd className="readings-meter__number">{meter.meterNumber}</dd>
        </div>
        <div>
          <dt>{t('readings.facts.division')}</dt>
          <dd>{divisionName}</dd>
        </div>
        <div>
          <dt>{t('readings.facts.kind')}</dt>
          <dd>{t(`readings.kind.${meter.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('readings.facts.unit')}</dt>
          <dd>{units}</dd>
        </div>
        <div>
          <dt>{t('readings.facts.registers')}</dt>
          <dd>{several ? meter.registers.map((r) => r.label ?? r.obis).join(', ') : t('readings.facts.oneRegister')}</dd>
        </div>
        <div>
          <dt>{meter.removedOn === null ? t('readings.facts.installedOn') : t('readings.facts.removedOn')}</dt>
          <dd>{formatDay(meter.removedOn ?? meter.installedOn, locale, 'long')}</dd>
        </div>
        <div className="readings-facts__wide">
          <dt>{t('readings.facts.lastReading')}</dt>
          {meter.registers.map((register) => {
            const last = register.lastReading;
            const values = last ? { value: formatReading(last.value, register.unit, locale), date: formatDay(last.readOn, locale, 'long'), source: t(`readings.source.${last.source}`) } : null;
            return (
              <dd key={register.id}>
                {values === null
                  ? several
                    ? `${register.label ?? register.obis}: ${t('readings.facts.noReading')}`
                    : t('readings.facts.noReading')
                  : several
                    ? t('readings.facts.lastReadingOf', { register: register.label ?? register.obis, ...values })
                    : t('readings.facts.lastReadingValue', values)}
              </dd>
            );
          })}
        </div>
      </dl>
      {meter.selfReadingBlocked === null ? <ReadingFlow meter={meter} /> : <p className="readings-blocked">{t(`readings.blocked.${meter.selfReadingBlocked}`)}</p>}
      <ReadingHistory meter={meter} />
    </section>
  );
}
