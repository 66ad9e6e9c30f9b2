import { useId, useState, type SubmitEvent } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { INTERVAL_EXPORT_MAX_DAYS } from '../../../api/consumption.ts';
import { dayNumber, formatDate, historyDownloadUrl, intervalDownloadUrl, isValidIsoDay, type RegisterChoice } from '../lib/consumption.ts';
import { useLocale } from '../lib/i18n.ts';

type Problem = 'from' | 'to' | 'order' | 'tooLong';

function check(from: string, to: string): Problem | null {
  if (!isValidIsoDay(from)) return 'from';
  if (!isValidIsoDay(to)) return 'to';
  if (to < from) return 'order';
  if (dayNumber(to) - dayNumber(from) + 1 > INTERVAL_EXPORT_MAX_DAYS) return 'tooLong';
  return null;
}

/** Starts a download of a same-origin address (the server answers with Content-Disposition: attachment). */
function startDownload(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}

/** 15-minute values of a chosen range (up to a year) as CSV or JSON. */
function IntervalDownload({ registerId, available, initial }: { registerId: string; available: { from: string; to: string }; initial: { from: string; to: string } }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const id = useId();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [started, setStarted] = useState(false);
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = event.nativeEvent.submitter;
    const format = submitter instanceof HTMLButtonElement && submitter.value === 'json' ? 'json' : 'csv';
    const found = check(from, to);
    setProblem(found);
    setStarted(false);
    if (found) {
      document.getElementById(found === 'from' ? `${id}-from` : `${id}-to`)?.focus();
      return;
    }
    startDownload(intervalDownloadUrl(registerId, format, from, to, locale));
    setStarted(true);
  };
  const errorId = `${id}-error`;
  const fromInvalid = problem === 'from';
  const toInvalid = problem !== null && problem !== 'from';
  return (
    <form className="consumption-downloads__range" noValidate onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('consumption.downloads.intervalsHeading')}</h3>
      <p className="field__hint">{t('consumption.downloads.intervalsIntro', { from: formatDate(available.from, locale), to: formatDate(available.to, locale) })}</p>
      {problem && (
        <p className="field__error" id={errorId}>
          {t(`consumption.downloads.errors.${problem}`)}
        </p>
      )}
      <div className="consumption-downloads__dates">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-from`}>
            {t('consumption.downloads.from')}
          </label>
          <input
            id={`${id}-from`}
            type="date"
            className="field__input"
            value={from}
            min={available.from}
            max={available.to}
            aria-invalid={fromInvalid || undefined}
            aria-describedby={fromInvalid ? errorId : undefined}
            onChange={(event) => {
              setFrom(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-to`}>
            {t('consumption.downloads.to')}
          </label>
          <input
            id={`${id}-to`}
            type="date"
            className="field__input"
            value={to}
            min={available.from}
            max={available.to}
            aria-invalid={toInvalid || undefined}
            aria-describedby={toInvalid ? errorId : undefined}
            onChange={(event) => {
              setTo(event.target.value);
            }}
          />
        </div>
      </div>
      <div className="consumption-downloads__buttons">
        <Button type="submit" value="csv" className="button button--secondary">
          {t('consumption.downloads.intervalsCsv')}
        </Button>
        <Button type="submit" value="json" className="button button--secondary">
          {t('consumption.downloads.intervalsJson')}
        </Button>
      </div>
      <p className="consumption-downloads__status" role="status">
        {started ? t('consumption.downloads.started') : ''}
      </p>
    </form>
  );
}

/** Downloads of a register: the whole history (CSV for Excel, JSON) and 15-minute values of a range. */
export function ConsumptionDownloads({ choice, intervalRange }: { choice: RegisterChoice; intervalRange: { from: string; to: string } | null }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const { register } = choice;
  return (
    <section className="section consumption-downloads" aria-labelledby="consumption-downloads-heading">
      <h2 id="consumption-downloads-heading">{t('consumption.downloads.heading')}</h2>
      <p>{t('consumption.downloads.intro')}</p>
      <ul className="consumption-downloads__links">
        <li>
          <a className="button button--secondary" href={historyDownloadUrl(register.id, 'csv', locale)} download>
            {t('consumption.downloads.historyCsv')}
          </a>
        </li>
        <li>
          <a className="button button--secondary" href={historyDownloadUrl(register.id, 'json', locale)} download>
            {t('consumption.downloads.historyJson')}
          </a>
        </li>
      </ul>
      <p className="field__hint">{t('consumption.downloads.csvHint')}</p>
      {register.intervals && intervalRange && <IntervalDownload key={`${register.id}-${intervalRange.from}`} registerId={register.id} available={register.intervals} initial={intervalRange} />}
    </section>
  );
}
