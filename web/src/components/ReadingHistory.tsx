import { formatDay } from '../lib/format.ts';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button, Disclosure, DisclosurePanel } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TMeter, TReadingHistory } from '../../../api/readings.ts';
import { useLocale } from '../lib/i18n.ts';
import { formatReading, historyKey, meterHistory } from '../lib/readings.ts';
import { requestPath } from '../lib/routes.ts';
import { QueryState } from './QueryState.tsx';

function HistoryTable({ meter, history }: { meter: TMeter; history: TReadingHistory }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const captionId = useId();
  const several = history.registers.length > 1;
  if (history.entries.length === 0) return <p>{t('readings.history.empty')}</p>;
  const name = (register: TReadingHistory['registers'][number]) => register.label ?? register.obis;
  return (
    <div className="table-scroll readings-table" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table>
        <caption id={captionId}>{t('readings.history.caption', { number: meter.meterNumber })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('readings.history.date')}</th>
            {history.registers.map((register) => [
              <th scope="col" key={`${register.id}-value`}>
                {several ? name(register) : t('readings.history.value')}
              </th>,
              <th scope="col" key={`${register.id}-consumption`}>
                {several ? t('readings.history.consumptionOf', { register: name(register) }) : t('readings.history.consumption')}
              </th>,
            ])}
            <th scope="col">{t('readings.history.source')}</th>
            <th scope="col">{t('readings.history.status')}</th>
          </tr>
        </thead>
        <tbody>
          {history.entries.map((entry) => (
            <tr key={`${entry.readOn}-${entry.source}-${entry.status}-${entry.request?.id ?? ''}`}>
              <th scope="row" className="readings-number">
                {formatDay(entry.readOn, locale)}
              </th>
              {history.registers.map((register) => {
                const value = entry.values.find((v) => v.registerId === register.id);
                return [
                  <td key={`${register.id}-value`} className="readings-number">
                    {value ? formatReading(value.value, register.unit, locale) : t('readings.history.none')}
                  </td>,
                  <td key={`${register.id}-consumption`} className="readings-number">
                    {value?.consumption ? formatReading(value.consumption, register.unit, locale) : t('readings.history.none')}
                  </td>,
                ];
              })}
              <td>
                {t(`readings.historySource.${entry.source}`)}
                {entry.reason !== 'billing' && entry.reason !== 'interim' && entry.reason !== 'periodic' && (
                  <>
                    <br />
                    <span className="readings-muted">{t(`readings.reason.${entry.reason}`)}</span>
                  </>
                )}
              </td>
              <td>
                <span className={`badge readings-status readings-status--${entry.status}`}>{t(`readings.status.${entry.status}`)}</span>
                {entry.request && (
                  <>
                    <br />
                    <Link to={requestPath(entry.request.id)}>{t('readings.history.requestLink', { reference: entry.request.reference })}</Link>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LoadedHistory({ meter }: { meter: TMeter }) {
  const query = useQuery({ queryKey: historyKey(meter.id), queryFn: ({ signal }) => meterHistory(meter.id, signal) });
  return <QueryState query={query}>{(history) => <HistoryTable meter={meter} history={history} />}</QueryState>;
}

/** "Ablesehistorie": a disclosure that loads the meter's readings when it is opened. */
export function ReadingHistory({ meter }: { meter: TMeter }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Disclosure className="help readings-history" isExpanded={open} onExpandedChange={setOpen}>
      <Button slot="trigger" className="help__trigger">
        <span className="help__icon" aria-hidden="true" />
        {t('readings.history.show')}
        <span className="visually-hidden">{` – ${t('readings.history.ofMeter', { number: meter.meterNumber })}`}</span>
      </Button>
      <DisclosurePanel className="readings-history__panel">{open && <LoadedHistory meter={meter} />}</DisclosurePanel>
    </Disclosure>
  );
}
