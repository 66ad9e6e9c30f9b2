import { useId, type ReactNode } from 'react';
import { ToggleButton, ToggleButtonGroup, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { TConsumptionOverview } from '../../../api/consumption.ts';
import { ConsumptionDownloads } from '../components/ConsumptionDownloads.tsx';
import { ConsumptionProjection } from '../components/ConsumptionProjection.tsx';
import { DaysPanel, MonthsPanel, QuarterHoursPanel, YearsPanel, type Display, type ViewProps } from '../components/ConsumptionViews.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import {
  dataRange,
  defaultChoice,
  defaultPeriod,
  formatDate,
  formatMonth,
  formatNumber,
  monthBounds,
  periodFits,
  registerChoices,
  useConsumptionOverview,
  views,
  viewsOf,
  type PageState,
  type RegisterChoice,
  type View,
} from '../lib/consumption.ts';
import { useLocale } from '../lib/i18n.ts';
import { paths } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';

const PARAM = { register: 'zaehler', view: 'ansicht', period: 'zeitraum', unit: 'einheit' } as const;

function toSearch(state: PageState, gas: boolean): string {
  const params = new URLSearchParams({ [PARAM.register]: state.registerId, [PARAM.view]: state.view, [PARAM.period]: state.period });
  if (gas && state.unit === 'm3') params.set(PARAM.unit, 'm3');
  return `?${params.toString()}`;
}

function clamp(value: string, from: string, to: string): string {
  return value < from ? from : value > to ? to : value;
}

/** The period of `view` that lies in the period shown now (a year -> its last month with values, ...). */
function periodFor(view: View, current: PageState, choice: RegisterChoice, today: string): string {
  const { register } = choice;
  const fallback = defaultPeriod(view, register, today);
  if (view === 'monate' || view === 'jahre') return current.period.slice(0, 4);
  if (view === 'tage' && register.daily) {
    const month = current.period.length === 4 ? `${current.period}-12` : current.period.slice(0, 7);
    return clamp(month, register.daily.from.slice(0, 7), register.daily.to.slice(0, 7));
  }
  if (view === 'viertelstunden' && register.intervals) {
    const day = current.period.length === 10 ? current.period : current.period.length === 7 ? monthBounds(current.period).to : `${current.period}-12-31`;
    return clamp(day, register.intervals.from, register.intervals.to);
  }
  return fallback;
}

/** "Strom · Zähler 1EMH0012345678 · Hochtarif (HT) · ausgebaut am 31.03.2026" */
function useMeterOption() {
  const { t } = useTranslation();
  const [locale] = useLocale();
  return (choice: RegisterChoice): string => {
    const { meter, register } = choice;
    const parts = [t('consumption.meterOption', { division: t(`consumption.division.${meter.division}`), meterNumber: meter.meterNumber })];
    if (meter.registers.length > 1 || register.feedIn) parts.push(register.feedIn ? t('consumption.feedIn') : (register.label ?? register.obis));
    if (meter.removedOn) parts.push(t('consumption.meterRemoved', { date: formatDate(meter.removedOn, locale) }));
    return parts.join(' · ');
  };
}

function MeterFacts({ choice }: { choice: RegisterChoice }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const { register, meter } = choice;
  const date = (iso: string) => formatDate(iso, locale);
  const data = [
    register.intervals && t('consumption.facts.intervals', { from: date(register.intervals.from), to: date(register.intervals.to) }),
    register.daily && t('consumption.facts.daily', { from: date(register.daily.from), to: date(register.daily.to) }),
    register.readings && t('consumption.facts.readings', { from: date(register.readings.from), to: date(register.readings.to) }),
  ].filter((text): text is string => Boolean(text));
  return (
    <dl className="pairs consumption-facts">
      <div>
        <dt>{t('consumption.facts.premise')}</dt>
        <dd>{choice.premiseAddress}</dd>
      </div>
      <div>
        <dt>{t('consumption.facts.kind')}</dt>
        <dd>{t(`consumption.kind.${meter.kind}`)}</dd>
      </div>
      <div>
        <dt>{t('consumption.facts.data')}</dt>
        <dd>{data.length === 0 ? t('consumption.facts.none') : data.join('; ')}</dd>
      </div>
    </dl>
  );
}

function MeterChooser({ choices, current, onChoose }: { choices: readonly RegisterChoice[]; current: RegisterChoice; onChoose: (registerId: string) => void }) {
  const { t } = useTranslation();
  const meterOption = useMeterOption();
  const id = useId();
  const premises = [...new Set(choices.map((c) => c.premiseAddress))];
  return (
    <div className="field consumption-meter">
      <label className="field__label" htmlFor={id}>
        {t('consumption.meterLabel')}
      </label>
      <p className="field__hint" id={`${id}-hint`}>
        {t('consumption.meterHint')}
      </p>
      <select
        id={id}
        className="field__input field__select"
        value={current.register.id}
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          onChoose(event.target.value);
        }}
      >
        {premises.map((address) => (
          <optgroup key={address} label={address}>
            {choices
              .filter((c) => c.premiseAddress === address)
              .map((c) => (
                <option key={c.register.id} value={c.register.id}>
                  {meterOption(c)}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

function UnitSwitch({ unit, onChange }: { unit: 'kwh' | 'm3'; onChange: (unit: 'kwh' | 'm3') => void }) {
  const { t } = useTranslation();
  return (
    <div className="consumption-unit">
      <span className="field__label" id="consumption-unit-label">
        {t('consumption.unitLabel')}
      </span>
      <ToggleButtonGroup
        className="consumption-switch"
        aria-labelledby="consumption-unit-label"
        selectionMode="single"
        disallowEmptySelection
        selectedKeys={[unit]}
        onSelectionChange={(keys: Set<Key>) => {
          const next = [...keys][0];
          if (next === 'kwh' || next === 'm3') onChange(next);
        }}
      >
        <ToggleButton id="kwh" className="consumption-switch__option">
          kWh
        </ToggleButton>
        <ToggleButton id="m3" className="consumption-switch__option">
          m³
        </ToggleButton>
      </ToggleButtonGroup>
    </div>
  );
}

function ViewTabs({ available, current, searchFor }: { available: readonly View[]; current: View; searchFor: (view: View) => string }) {
  const { t } = useTranslation();
  return (
    <nav className="consumption-tabs" aria-label={t('consumption.viewLabel')}>
      <ul className="consumption-tabs__list">
        {views
          .filter((view) => available.includes(view))
          .map((view) => (
            <li key={view}>
              <Link to={{ search: searchFor(view) }} replace className="consumption-tabs__link" aria-current={view === current ? 'true' : undefined}>
                {t(`consumption.view.${view}`)}
              </Link>
            </li>
          ))}
      </ul>
    </nav>
  );
}

function ViewSection({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <section className="section consumption-chart-section" aria-labelledby="consumption-view-heading">
      <h2 id="consumption-view-heading">{heading}</h2>
      {children}
    </section>
  );
}

function Consumption({ overview }: { overview: TConsumptionOverview }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const choices = registerChoices(overview);
  const choice = choices.find((c) => c.register.id === params.get(PARAM.register)) ?? defaultChoice(choices);
  if (!choice) return <p>{t('consumption.noMeters')}</p>;

  const { register, meter } = choice;
  const gas = meter.division === 'gas' && register.unit === 'm3';
  const available = viewsOf(register);
  const askedView = params.get(PARAM.view);
  const view: View = available.find((v) => v === askedView) ?? 'monate';
  const askedPeriod = params.get(PARAM.period) ?? '';
  const state: PageState = {
    registerId: register.id,
    view,
    period: periodFits(view, askedPeriod) ? askedPeriod : defaultPeriod(view, register, overview.today),
    unit: gas && params.get(PARAM.unit) === 'm3' ? 'm3' : 'kwh',
  };
  const searchFor = (patch: Partial<PageState>): string => {
    const next = { ...state, ...patch };
    if (patch.view && patch.period === undefined) next.period = periodFor(patch.view, state, choice, overview.today);
    return toSearch(next, gas);
  };
  const display: Display = gas ? (state.unit === 'm3' ? { unit: 'm3', factor: 1 } : { unit: 'kWh', factor: overview.gasConversion.factor }) : { unit: register.unit, factor: 1 };
  const range = dataRange(register);
  const chooseRegister = (registerId: string) => {
    const next = choices.find((c) => c.register.id === registerId);
    if (!next) return;
    const nextView = viewsOf(next.register).includes(view) ? view : 'monate';
    void navigate({ search: toSearch({ registerId, view: nextView, period: defaultPeriod(nextView, next.register, overview.today), unit: state.unit }, next.meter.division === 'gas' && next.register.unit === 'm3') }, { replace: true });
  };
  const viewProps: ViewProps = { choice, state, today: overview.today, timeZone: overview.timeZone, display, searchFor };
  const headings: Record<View, string> = {
    jahre: t('consumption.heading.jahre'),
    monate: t('consumption.heading.monate', { year: state.period }),
    tage: t('consumption.heading.tage', { month: state.period.length === 7 ? formatMonth(state.period, locale) : state.period }),
    viertelstunden: t('consumption.heading.viertelstunden', { date: state.period.length === 10 ? formatDate(state.period, locale, 'medium') : state.period }),
  };
  const intervalRange = register.intervals
    ? (() => {
        const month = (view === 'viertelstunden' || view === 'tage' ? state.period : register.intervals.to).slice(0, 7);
        const bounds = monthBounds(month);
        return { from: clamp(bounds.from, register.intervals.from, register.intervals.to), to: clamp(bounds.to, register.intervals.from, register.intervals.to) };
      })()
    : null;

  return (
    <>
      <div className="consumption-controls">
        <MeterChooser choices={choices} current={choice} onChoose={chooseRegister} />
        <MeterFacts choice={choice} />
        {gas && (
          <>
            <UnitSwitch
              unit={state.unit}
              onChange={(unit) => {
                void navigate({ search: toSearch({ ...state, unit }, gas) }, { replace: true });
              }}
            />
            <p className="field__hint">
              {t('consumption.gasFactor', {
                calorific: formatNumber(overview.gasConversion.calorificValue, locale, 3),
                z: formatNumber(overview.gasConversion.zNumber, locale, 4),
                factor: formatNumber(overview.gasConversion.factor, locale, 4),
              })}
            </p>
          </>
        )}
      </div>
      {range === null ? (
        <div className="notice">
          <p>{t('consumption.noData')}</p>
          {tenant.modules.includes('readings') && (
            <p>
              <Link to={paths.readings}>{t('consumption.enterReading')}</Link>
            </p>
          )}
        </div>
      ) : (
        <>
          <ViewTabs available={available} current={view} searchFor={(v) => searchFor({ view: v })} />
          <ViewSection heading={headings[view]}>
            {view === 'jahre' && <YearsPanel {...viewProps} />}
            {view === 'monate' && <MonthsPanel {...viewProps} range={range} />}
            {view === 'tage' && register.daily && <DaysPanel {...viewProps} range={register.daily} />}
            {view === 'viertelstunden' && register.intervals && <QuarterHoursPanel {...viewProps} range={register.intervals} />}
          </ViewSection>
          <ConsumptionDownloads choice={choice} intervalRange={intervalRange} />
        </>
      )}
    </>
  );
}

/** /verbrauch: consumption per meter (years, months, days, quarter hours), downloads and the cost projection. */
export function ConsumptionPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('consumption.title')} />
      <RequireSession account>
        {() => (
          <>
            <p className="lead">{t('consumption.intro')}</p>
            <OverviewQuery />
            <ConsumptionProjection />
          </>
        )}
      </RequireSession>
    </>
  );
}

function OverviewQuery() {
  const query = useConsumptionOverview();
  return <QueryState query={query}>{(overview) => <Consumption overview={overview} />}</QueryState>;
}
