import type { UseQueryResult } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { TIntervalView, TMonthView, TPeriodValue, TYearsView, TYearView } from '../../../api/consumption.ts';
import {
  changePercent,
  dayNumber,
  digitsFor,
  formatDate,
  formatMonth,
  formatNumber,
  isoDay,
  isValidIsoDay,
  quarterTime,
  quarterZone,
  shiftMonth,
  unitLabel,
  useIntervalMonth,
  useMonthView,
  useYearsView,
  useYearView,
  type PageState,
  type RegisterChoice,
} from '../lib/consumption.ts';
import { useLocale } from '../lib/i18n.ts';
import { ConsumptionChart, type ChartBar } from './ConsumptionChart.tsx';
import { LoadingStatus } from './LoadingStatus.tsx';
import { QueryState } from './QueryState.tsx';

/** How values are shown: the unit and the factor from the register unit (gas m³ -> kWh). */
export type Display = { unit: 'kWh' | 'm3'; factor: number };

export type ViewProps = {
  choice: RegisterChoice;
  state: PageState;
  today: string;
  timeZone: string;
  display: Display;
  /** The address-bar search of the page with some of its state changed. */
  searchFor: (patch: Partial<PageState>) => string;
};

function useFormat(display: Display) {
  const [locale] = useLocale();
  const value = (milli: number) => (milli / 1000) * display.factor;
  const unit = unitLabel(display.unit);
  return {
    locale,
    unit,
    value,
    number: (milli: number, digits: number) => formatNumber(value(milli), locale, digits),
    quantity: (milli: number, digits?: number) => `${formatNumber(value(milli), locale, digits ?? digitsFor(value(milli) * 1000))} ${unit}`,
    /** Averages keep one decimal ("6,0 kWh" next to "5,9 kWh"), small ones more. */
    average: (milli: number) => {
      const digits = Math.max(1, digitsFor(value(milli) * 1000));
      return `${formatNumber(value(milli), locale, digits, digits)} ${unit}`;
    },
  };
}

/** The note of a period's value: computed from readings, substitutes, missing days. */
function useNote() {
  const { t } = useTranslation();
  return (value: TPeriodValue): string => {
    if (value.milli === null) return value.days > 0 ? t('consumption.table.notes.none') : '';
    const notes: string[] = [];
    if (value.sources.includes('readings')) notes.push(value.sources.includes('daily') ? t('consumption.table.notes.mixed') : t('consumption.table.notes.readings'));
    if (value.substitute) notes.push(t('consumption.table.notes.substitute'));
    if (value.daysWithData < value.days && !value.sources.includes('readings')) notes.push(t('consumption.table.notes.partial', { days: value.daysWithData, of: value.days }));
    return notes.join('; ');
  };
}

function estimated(value: TPeriodValue | undefined): boolean {
  return value?.sources.includes('readings') ?? false;
}

/** Previous / next period and a chooser, as links (the address bar keeps the period). */
function PeriodNav({ view, previous, next, children }: { view: 'monate' | 'tage' | 'viertelstunden'; previous: { search: string; label: string } | null; next: { search: string; label: string } | null; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <nav className="consumption-period" aria-label={t('consumption.periodNav')}>
      <div className="consumption-period__steps">
        {previous ? (
          <Link to={{ search: previous.search }} className="button button--secondary consumption-period__step" replace>
            <span aria-hidden="true">‹ </span>
            {t(`consumption.previous.${view}`, { period: previous.label })}
          </Link>
        ) : null}
        {next ? (
          <Link to={{ search: next.search }} className="button button--secondary consumption-period__step" replace>
            {t(`consumption.next.${view}`, { period: next.label })}
            <span aria-hidden="true"> ›</span>
          </Link>
        ) : null}
      </div>
      {children}
    </nav>
  );
}

function Legend({ current, previous, estimatedShown, reference }: { current: string; previous?: string | null; estimatedShown: boolean; reference?: string | null }) {
  const { t } = useTranslation();
  return (
    <>
      <ul className="consumption-legend" aria-label={t('consumption.legend.label')}>
        <li>
          <span className="consumption-legend__swatch consumption-legend__swatch--current" aria-hidden="true" />
          {t('consumption.legend.current', { period: current })}
        </li>
        {previous && (
          <li>
            <span className="consumption-legend__swatch consumption-legend__swatch--previous" aria-hidden="true" />
            {t('consumption.legend.previous', { period: previous })}
          </li>
        )}
        {estimatedShown && (
          <li>
            <span className="consumption-legend__swatch consumption-legend__swatch--estimated" aria-hidden="true" />
            {t('consumption.legend.estimated')}
          </li>
        )}
        {reference && (
          <li>
            <span className="consumption-legend__swatch consumption-legend__swatch--reference" aria-hidden="true" />
            {reference}
          </li>
        )}
      </ul>
      {estimatedShown && <p className="field__hint">{t('consumption.estimatedNote')}</p>}
    </>
  );
}

/**
 * The numbers behind a chart, one click away. On narrow screens the table scrolls sideways inside
 * its region, which therefore takes the keyboard focus (arrow keys scroll it).
 */
function TableDisclosure({ caption, children }: { caption: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <details className="consumption-table">
      <summary className="consumption-table__toggle">{t('consumption.table.show')}</summary>
      <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
        {children}
      </div>
    </details>
  );
}

function Summary({ children }: { children: ReactNode }) {
  return (
    <div className="consumption-summary" aria-live="polite">
      {children}
    </div>
  );
}

/** The view's data; while the next period loads, the previous one stays (dimmed) instead of a jump. */
function ViewQuery<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T, placeholder: boolean) => ReactNode }) {
  return (
    <div className={query.isPlaceholderData ? 'consumption-view consumption-view--loading' : 'consumption-view'} aria-busy={query.isFetching || undefined}>
      <QueryState query={query}>{(data) => children(data, query.isPlaceholderData)}</QueryState>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Years

function YearsContent({ data, props }: { data: TYearsView; props: ViewProps }) {
  const { t } = useTranslation();
  const f = useFormat(props.display);
  const note = useNote();
  const years = data.years;
  const lastFull = [...years].reverse().find((y) => y.milli !== null && y.daysWithData >= 365);
  const bars: ChartBar[] = years.map((y) => ({
    key: y.period,
    axisLabel: y.period,
    title: y.milli === null ? t('consumption.barTitleNone', { period: y.period }) : t('consumption.barTitle', { period: y.period, value: f.quantity(y.milli) }),
    value: y.milli === null ? null : f.value(y.milli),
    estimated: estimated(y),
  }));
  const digits = digitsFor(Math.max(0, ...years.map((y) => f.value(y.milli ?? 0) * 1000)));
  return (
    <>
      <Summary>
        <p>
          {years.length === 0
            ? t('consumption.summary.yearsNone')
            : lastFull?.milli != null
              ? t('consumption.summary.years', { count: years.length, year: lastFull.period, total: f.quantity(lastFull.milli) })
              : t('consumption.summary.yearsOne', { count: years.length })}
        </p>
      </Summary>
      <ConsumptionChart bars={bars} unit={f.unit} label={t('consumption.chartLabel.jahre')} formatTick={(v) => formatNumber(v, f.locale, 1)} />
      <Legend current={t('consumption.view.jahre')} estimatedShown={years.some(estimated)} />
      <TableDisclosure caption={t('consumption.table.caption.jahre', { unit: f.unit })}>
        <table>
          <caption>{t('consumption.table.caption.jahre', { unit: f.unit })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('consumption.table.year')}</th>
              <th scope="col" className="consumption-num">
                {t('consumption.table.consumption', { unit: f.unit })}
              </th>
              <th scope="col">{t('consumption.table.note')}</th>
            </tr>
          </thead>
          <tbody>
            {years.map((y) => (
              <tr key={y.period}>
                <th scope="row">
                  {y.milli === null ? (
                    y.period
                  ) : (
                    <Link to={{ search: props.searchFor({ view: 'monate', period: y.period }) }} aria-label={t('consumption.table.drillYear', { year: y.period })}>
                      {y.period}
                    </Link>
                  )}
                </th>
                <td className="consumption-num">{y.milli === null ? '–' : f.number(y.milli, digits)}</td>
                <td>{note(y)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableDisclosure>
    </>
  );
}

export function YearsPanel(props: ViewProps) {
  const query = useYearsView(props.choice.register.id);
  return <ViewQuery query={query}>{(data) => <YearsContent data={data} props={props} />}</ViewQuery>;
}

// ---------------------------------------------------------------------------------------------
// Months of a year

/** "That is 4 % less than on the same days in 2025 (1,234 kWh)." */
function useComparisonText() {
  const { t } = useTranslation();
  return (comparison: { currentMilli: number; previousMilli: number } | null, previousLabel: string, quantity: (milli: number) => string): string => {
    const percent = comparison ? changePercent(comparison.currentMilli, comparison.previousMilli) : null;
    if (!comparison || percent === null) return t('consumption.summary.noComparison', { year: previousLabel });
    const args = { percent: Math.abs(percent), year: previousLabel, previous: quantity(comparison.previousMilli) };
    if (percent < 0) return t('consumption.summary.less', args);
    if (percent > 0) return t('consumption.summary.more', args);
    return t('consumption.summary.same', args);
  };
}

function MonthsContent({ data, props }: { data: TYearView; props: ViewProps }) {
  const { t } = useTranslation();
  const comparisonText = useComparisonText();
  const f = useFormat(props.display);
  const note = useNote();
  const year = String(data.year);
  const previousYear = String(data.year - 1);
  const running = props.today.startsWith(year);
  const highest = data.months.reduce<TPeriodValue | null>((best, m) => (m.milli !== null && (best?.milli == null || m.milli > best.milli) ? m : best), null);
  const hasDaily = props.choice.register.daily !== null;
  const digits = digitsFor(Math.max(0, ...[...data.months, ...data.previousMonths].map((m) => f.value(m.milli ?? 0) * 1000)));
  const bars: ChartBar[] = data.months.map((m, i) => {
    const before = data.previousMonths[i];
    const label = formatMonth(m.period, f.locale);
    const titleParts = [
      m.milli === null ? t('consumption.barTitleNone', { period: label }) : t('consumption.barTitle', { period: label, value: f.quantity(m.milli) }),
      before?.milli != null ? t('consumption.barTitle', { period: formatMonth(before.period, f.locale), value: f.quantity(before.milli) }) : null,
    ];
    return {
      key: m.period,
      axisLabel: formatMonth(m.period, f.locale, 'short'),
      title: titleParts.filter(Boolean).join(' · '),
      value: m.milli === null ? null : f.value(m.milli),
      compare: before?.milli == null ? null : f.value(before.milli),
      estimated: estimated(m),
      compareEstimated: estimated(before),
    };
  });
  return (
    <>
      <Summary>
        <p>
          {data.totalMilli === null
            ? t('consumption.summary.yearNone', { year })
            : `${t(running ? 'consumption.summary.yearTotalRunning' : 'consumption.summary.yearTotal', { year, total: f.quantity(data.totalMilli) })} ${comparisonText(data.comparison, previousYear, (m) => f.quantity(m))}`}
          {highest?.milli != null && data.months.filter((m) => m.milli !== null).length > 1
            ? ` ${t('consumption.summary.highestMonth', { month: formatMonth(highest.period, f.locale, 'name'), value: f.quantity(highest.milli) })}`
            : ''}
        </p>
      </Summary>
      <ConsumptionChart bars={bars} unit={f.unit} label={t('consumption.chartLabel.monate', { year, previous: previousYear })} formatTick={(v) => formatNumber(v, f.locale, 1)} />
      <Legend current={year} previous={previousYear} estimatedShown={[...data.months, ...data.previousMonths].some(estimated)} />
      <TableDisclosure caption={t('consumption.table.caption.monate', { year, previous: previousYear, unit: f.unit })}>
        <table>
          <caption>{t('consumption.table.caption.monate', { year, previous: previousYear, unit: f.unit })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('consumption.table.month')}</th>
              <th scope="col" className="consumption-num">
                {year}
              </th>
              <th scope="col" className="consumption-num">
                {previousYear}
              </th>
              <th scope="col" className="consumption-num">
                {t('consumption.table.change')}
              </th>
              <th scope="col">{t('consumption.table.note')}</th>
            </tr>
          </thead>
          <tbody>
            {data.months.map((m, i) => {
              const before = data.previousMonths[i];
              const complete = m.milli !== null && before?.milli != null && m.daysWithData === m.days && before.daysWithData === before.days && m.days > 0;
              const percent = complete ? changePercent(m.milli ?? 0, before.milli ?? 0) : null;
              const label = formatMonth(m.period, f.locale, 'name');
              return (
                <tr key={m.period}>
                  <th scope="row">
                    {hasDaily && m.sources.includes('daily') ? (
                      <Link to={{ search: props.searchFor({ view: 'tage', period: m.period }) }} aria-label={t('consumption.table.drillMonth', { month: formatMonth(m.period, f.locale) })}>
                        {label}
                      </Link>
                    ) : (
                      label
                    )}
                  </th>
                  <td className="consumption-num">{m.milli === null ? '–' : f.number(m.milli, digits)}</td>
                  <td className="consumption-num">{before?.milli == null ? '–' : f.number(before.milli, digits)}</td>
                  <td className="consumption-num">{percent === null ? '–' : `${percent > 0 ? '+' : percent < 0 ? '−' : '±'}${String(Math.abs(percent))}\u00a0%`}</td>
                  <td>{[note(m), before && before.milli !== null && estimated(before) && !estimated(m) ? `${previousYear}: ${note(before)}` : ''].filter(Boolean).join('; ')}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('consumption.table.total')}</th>
              <td className="consumption-num">{data.totalMilli === null ? '–' : f.number(data.totalMilli, digits)}</td>
              <td className="consumption-num">{data.previousTotalMilli === null ? '–' : f.number(data.previousTotalMilli, digits)}</td>
              <td />
              <td />
            </tr>
          </tfoot>
        </table>
      </TableDisclosure>
    </>
  );
}

function YearChooser({ value, years, searchFor, view }: { value: string; years: readonly string[]; searchFor: ViewProps['searchFor']; view: 'monate' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  return (
    <div className="consumption-period__choose">
      <label htmlFor={id} className="field__label">
        {t('consumption.chooseYear')}
      </label>
      <select
        id={id}
        className="field__input field__select consumption-period__select"
        value={value}
        onChange={(event) => {
          void navigate({ search: searchFor({ view, period: event.target.value }) }, { replace: true });
        }}
      >
        {years.map((year) => (
          <option key={year} value={year}>
            {year}
          </option>
        ))}
      </select>
    </div>
  );
}

function yearsBetween(from: string, to: string): string[] {
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4));
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => String(first + i));
}

export function MonthsPanel(props: ViewProps & { range: { from: string; to: string } }) {
  const year = Number(props.state.period);
  const query = useYearView(props.choice.register.id, year);
  const years = yearsBetween(props.range.from, props.range.to);
  if (!years.includes(String(year))) years.push(String(year));
  years.sort();
  const previous = String(year - 1) >= (years[0] ?? '') ? String(year - 1) : null;
  const next = String(year + 1) <= (years.at(-1) ?? '') ? String(year + 1) : null;
  return (
    <>
      <PeriodNav
        view="monate"
        previous={previous ? { search: props.searchFor({ period: previous }), label: previous } : null}
        next={next ? { search: props.searchFor({ period: next }), label: next } : null}
      >
        <YearChooser value={String(year)} years={years} searchFor={props.searchFor} view="monate" />
      </PeriodNav>
      <ViewQuery query={query}>{(data) => <MonthsContent data={data} props={props} />}</ViewQuery>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Days of a month

function DaysContent({ data, props }: { data: TMonthView; props: ViewProps }) {
  const { t } = useTranslation();
  const comparisonText = useComparisonText();
  const f = useFormat(props.display);
  const note = useNote();
  const monthLabel = formatMonth(data.month, f.locale);
  const previousLabel = formatMonth(data.previous.period, f.locale);
  const withData = data.days.filter((d) => d.milli !== null);
  const average = data.totalMilli !== null && withData.length > 0 ? data.totalMilli / withData.length : null;
  const previousAverage = data.previous.milli !== null && data.previous.daysWithData > 0 ? data.previous.milli / data.previous.daysWithData : null;
  const intervals = props.choice.register.intervals;
  const digits = digitsFor(Math.max(0, ...data.days.map((d) => f.value(d.milli ?? 0) * 1000)));
  const bars: ChartBar[] = data.days.map((d) => {
    const label = formatDate(d.period, f.locale, 'weekday');
    return {
      key: d.period,
      axisLabel: String(Number(d.period.slice(8, 10))),
      title: d.milli === null ? t('consumption.barTitleNone', { period: label }) : t('consumption.barTitle', { period: label, value: f.quantity(d.milli) }),
      value: d.milli === null ? null : f.value(d.milli),
      estimated: estimated(d),
    };
  });
  const referenceTitle = t('consumption.legend.reference', { period: previousLabel });
  return (
    <>
      <Summary>
        <p>
          {data.totalMilli === null || average === null
            ? t('consumption.summary.monthNone', { month: monthLabel })
            : `${t('consumption.summary.monthTotal', { month: monthLabel, total: f.quantity(data.totalMilli), average: f.average(average) })} ${comparisonText(data.comparison, previousLabel, (m) => f.quantity(m))}`}
        </p>
        {previousAverage !== null && data.previous.milli !== null && (
          <p>{t('consumption.summary.previousMonth', { month: previousLabel, total: f.quantity(data.previous.milli), average: f.average(previousAverage) })}</p>
        )}
      </Summary>
      <ConsumptionChart
        bars={bars}
        unit={f.unit}
        label={t('consumption.chartLabel.tage', { month: monthLabel })}
        formatTick={(v) => formatNumber(v, f.locale, 2)}
        reference={previousAverage === null ? null : { value: f.value(previousAverage), title: `${referenceTitle}: ${f.quantity(previousAverage)}` }}
      />
      <Legend current={monthLabel} estimatedShown={data.days.some(estimated)} reference={previousAverage === null ? null : referenceTitle} />
      <TableDisclosure caption={t('consumption.table.caption.tage', { month: monthLabel, unit: f.unit })}>
        <table>
          <caption>{t('consumption.table.caption.tage', { month: monthLabel, unit: f.unit })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('consumption.table.day')}</th>
              <th scope="col" className="consumption-num">
                {t('consumption.table.consumption', { unit: f.unit })}
              </th>
              <th scope="col">{t('consumption.table.note')}</th>
            </tr>
          </thead>
          <tbody>
            {data.days.map((d) => {
              const label = formatDate(d.period, f.locale, 'weekday');
              const drill = intervals !== null && d.period >= intervals.from && d.period <= intervals.to;
              return (
                <tr key={d.period}>
                  <th scope="row">
                    {drill ? (
                      <Link to={{ search: props.searchFor({ view: 'viertelstunden', period: d.period }) }} aria-label={t('consumption.table.drillDay', { date: formatDate(d.period, f.locale) })}>
                        {label}
                      </Link>
                    ) : (
                      label
                    )}
                  </th>
                  <td className="consumption-num">{d.milli === null ? '–' : f.number(d.milli, Math.max(digits, 1))}</td>
                  <td>{note(d)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('consumption.table.total')}</th>
              <td className="consumption-num">{data.totalMilli === null ? '–' : f.number(data.totalMilli, Math.max(digits, 1))}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </TableDisclosure>
    </>
  );
}

function MonthChooser({ value, from, to, searchFor }: { value: string; from: string; to: string; searchFor: ViewProps['searchFor'] }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const id = useId();
  const months: string[] = [];
  for (let month = to.slice(0, 7); month >= from.slice(0, 7); month = shiftMonth(month, -1)) months.push(month);
  if (!months.includes(value)) months.unshift(value);
  return (
    <div className="consumption-period__choose">
      <label htmlFor={id} className="field__label">
        {t('consumption.chooseMonth')}
      </label>
      <select
        id={id}
        className="field__input field__select consumption-period__select"
        value={value}
        onChange={(event) => {
          void navigate({ search: searchFor({ period: event.target.value }) }, { replace: true });
        }}
      >
        {months.map((month) => (
          <option key={month} value={month}>
            {formatMonth(month, locale)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function DaysPanel(props: ViewProps & { range: { from: string; to: string } }) {
  const month = props.state.period;
  const query = useMonthView(props.choice.register.id, month);
  const [locale] = useLocale();
  const previous = shiftMonth(month, -1);
  const next = shiftMonth(month, 1);
  return (
    <>
      <PeriodNav
        view="tage"
        previous={previous >= props.range.from.slice(0, 7) ? { search: props.searchFor({ period: previous }), label: formatMonth(previous, locale) } : null}
        next={next <= props.range.to.slice(0, 7) ? { search: props.searchFor({ period: next }), label: formatMonth(next, locale) } : null}
      >
        <MonthChooser value={month} from={props.range.from} to={props.range.to} searchFor={props.searchFor} />
      </PeriodNav>
      <ViewQuery query={query}>{(data) => <DaysContent data={data} props={props} />}</ViewQuery>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Quarter hours of a day

function QuarterContent({ data, placeholder, props }: { data: TIntervalView; placeholder: boolean; props: ViewProps }) {
  const { t } = useTranslation();
  const f = useFormat(props.display);
  const date = props.state.period;
  const dateLabel = formatDate(date, f.locale, 'medium');
  const day = data.days.find((d) => d.date === date);
  if (!day && placeholder) return <LoadingStatus />;
  if (!day) {
    return (
      <Summary>
        <p>{t('consumption.summary.dayNone', { date: dateLabel })}</p>
      </Summary>
    );
  }
  const dst = day.values.length !== 96;
  const time = (i: number) => quarterTime(day.start, i, data.timeZone, f.locale);
  const zone = (i: number) => (dst ? ` ${quarterZone(day.start, i, data.timeZone, f.locale)}` : '');
  const peakIndex = day.values.reduce((best, v, i) => (v > (day.values[best] ?? 0) ? i : best), 0);
  const peak = day.values[peakIndex] ?? 0;
  const bars: ChartBar[] = day.values.map((milli, i) => ({
    key: String(i),
    axisLabel: time(i).endsWith(':00') && Number(time(i).slice(0, 2)) % 3 === 0 ? time(i).slice(0, 2) : '',
    title: t('consumption.barTitle', { period: `${t('consumption.table.timeRange', { from: time(i), to: time(i + 1) })}${zone(i)}`, value: f.quantity(milli, 3) }),
    value: f.value(milli),
  }));
  return (
    <>
      <Summary>
        <p>
          {t('consumption.summary.dayTotal', { date: dateLabel, total: f.quantity(day.totalMilli) })}{' '}
          {peak > 0 && props.display.unit === 'kWh'
            ? t('consumption.summary.dayPeak', { value: f.quantity(peak, 3), from: `${time(peakIndex)}${zone(peakIndex)}`, to: time(peakIndex + 1), power: formatNumber(f.value(peak) * 4, f.locale, 2) })
            : ''}
        </p>
        {day.values.length === 92 && <p>{t('consumption.summary.dstShort')}</p>}
        {day.values.length === 100 && <p>{t('consumption.summary.dstLong')}</p>}
      </Summary>
      <ConsumptionChart bars={bars} unit={f.unit} label={t('consumption.chartLabel.viertelstunden', { date: dateLabel })} formatTick={(v) => formatNumber(v, f.locale, 3)} />
      <Legend current={dateLabel} estimatedShown={false} />
      <TableDisclosure caption={t('consumption.table.caption.viertelstunden', { date: dateLabel, unit: f.unit })}>
        <table>
          <caption>{t('consumption.table.caption.viertelstunden', { date: dateLabel, unit: f.unit })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('consumption.table.time')}</th>
              <th scope="col" className="consumption-num">
                {t('consumption.table.consumption', { unit: f.unit })}
              </th>
              {props.display.unit === 'kWh' && (
                <th scope="col" className="consumption-num">
                  {t('consumption.table.power')}
                </th>
              )}
              <th scope="col">{t('consumption.table.note')}</th>
            </tr>
          </thead>
          <tbody>
            {day.values.map((milli, i) => {
              const quality = day.quality?.[i] ?? 220;
              return (
                <tr key={String(i)}>
                  <th scope="row">
                    {t('consumption.table.timeRange', { from: time(i), to: time(i + 1) })}
                    {zone(i)}
                  </th>
                  <td className="consumption-num">{f.number(milli, 3)}</td>
                  {props.display.unit === 'kWh' && <td className="consumption-num">{formatNumber(f.value(milli) * 4, f.locale, 3)}</td>}
                  <td>{quality === 220 ? '' : quality === 67 || quality === 201 ? t(`consumption.table.quality.${quality}`) : t('consumption.table.quality.other', { code: quality })}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('consumption.table.total')}</th>
              <td className="consumption-num">{f.number(day.totalMilli, 3)}</td>
              {props.display.unit === 'kWh' && <td />}
              <td />
            </tr>
          </tfoot>
        </table>
      </TableDisclosure>
    </>
  );
}

function DayChooser({ value, from, to, searchFor }: { value: string; from: string; to: string; searchFor: ViewProps['searchFor'] }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  const [error, setError] = useState(false);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
    setError(false);
  }
  const errorId = `${id}-error`;
  return (
    <form
      className="consumption-period__choose consumption-period__choose--day"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!isValidIsoDay(draft) || draft < from || draft > to) {
          setError(true);
          return;
        }
        void navigate({ search: searchFor({ period: draft }) }, { replace: true });
      }}
    >
      <label htmlFor={id} className="field__label">
        {t('consumption.chooseDay')}
      </label>
      {error && (
        <p className="field__error" id={errorId}>
          {t('consumption.dayOutOfRange', { from: formatDate(from, locale), to: formatDate(to, locale) })}
        </p>
      )}
      <div className="consumption-period__day">
        <input
          id={id}
          type="date"
          className="field__input consumption-period__date"
          value={draft}
          min={from}
          max={to}
          aria-invalid={error || undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
          }}
        />
        <Button type="submit" className="button button--secondary">
          {t('consumption.show')}
        </Button>
      </div>
    </form>
  );
}

export function QuarterHoursPanel(props: ViewProps & { range: { from: string; to: string } }) {
  const date = props.state.period;
  const query = useIntervalMonth(props.choice.register.id, date);
  const [locale] = useLocale();
  const previous = isoDay(dayNumber(date) - 1);
  const next = isoDay(dayNumber(date) + 1);
  return (
    <>
      <PeriodNav
        view="viertelstunden"
        previous={previous >= props.range.from ? { search: props.searchFor({ period: previous }), label: formatDate(previous, locale) } : null}
        next={next <= props.range.to ? { search: props.searchFor({ period: next }), label: formatDate(next, locale) } : null}
      >
        <DayChooser value={date} from={props.range.from} to={props.range.to} searchFor={props.searchFor} />
      </PeriodNav>
      <ViewQuery query={query}>{(data, placeholder) => <QuarterContent data={data} placeholder={placeholder} props={props} />}</ViewQuery>
    </>
  );
}

