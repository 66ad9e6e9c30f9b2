import { formatCents, formatDay } from '../lib/format.ts';
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TAccountStatement, TBooking, TBookingKind } from '../../../api/account.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useAccountStatementQuery } from '../lib/account.ts';
import { useLocale } from '../lib/i18n.ts';
import { paths } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';

/** URL parameter of the year: /konto?jahr=2025 */
const YEAR_PARAM = 'jahr';

type Country = 'DE' | 'AT';

/** Austrian utilities say Teilbetrag where German ones say Abschlag. */
function kindLabel(t: TFunction, kind: TBookingKind, country: Country): string {
  return kind === 'instalment' && country === 'AT' ? t('account.kind.instalmentAT') : t(`account.kind.${kind}`);
}

/** A running balance in words: "122,50 € offen", "30,00 € Guthaben". */
function balanceText(t: TFunction, cents: number, locale: TLocale): string {
  if (cents > 0) return t('account.owed', { amount: formatCents(cents, locale) });
  if (cents < 0) return t('account.inCredit', { amount: formatCents(-cents, locale) });
  return formatCents(0, locale);
}

function Balance({ statement }: { statement: TAccountStatement }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const money = (cents: number) => formatCents(cents, locale);
  const { balanceCents, openCents, overdueCents, creditCents } = statement;
  const tone = balanceCents > 0 ? (overdueCents > 0 ? 'overdue' : 'due') : balanceCents < 0 ? 'credit' : 'even';
  return (
    <section className="section account-balance" aria-labelledby="account-balance-heading">
      <h2 id="account-balance-heading">{t('account.balanceHeading')}</h2>
      <p className={`account-balance__total account-balance__total--${tone}`}>
        {balanceCents > 0
          ? t('account.balanceDue', { amount: money(balanceCents) })
          : balanceCents < 0
            ? t('account.balanceCredit', { amount: money(-balanceCents) })
            : t('account.balanceEven')}
      </p>
      {overdueCents > 0 && <p className="account-balance__overdue">{t('account.overdueNote', { amount: money(overdueCents) })}</p>}
      {/* Only when credits are netted: otherwise the total and the overdue note say it all. */}
      {creditCents > 0 && (
        <dl className="pairs account-balance__parts">
          {openCents > 0 && (
            <div>
              <dt>{t('account.openReceivables')}</dt>
              <dd>{overdueCents > 0 ? t('account.openWithOverdue', { amount: money(openCents), overdue: money(overdueCents) }) : money(openCents)}</dd>
            </div>
          )}
          {creditCents > 0 && (
            <div>
              <dt>{t('account.openCredits')}</dt>
              <dd>{money(creditCents)}</dd>
            </div>
          )}
        </dl>
      )}
      <p className="field__hint">{t('account.asOf', { date: formatDay(statement.today, locale) })}</p>
    </section>
  );
}

function BookingText({ booking }: { booking: TBooking }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <>
      {booking.description}
      <span className="account-booking__meta">
        {kindLabel(t, booking.kind, tenant.country)}
        {booking.reference && ` · ${booking.reference}`}
      </span>
      {booking.documentPath && (
        // The visible words come first in the name (WCAG 2.5.3); the reference tells the links apart.
        <a className="account-booking__document" href={booking.documentPath} aria-label={`${t('account.invoicePdf')} ${booking.reference ?? booking.description}`}>
          {t('account.invoicePdf')}
        </a>
      )}
    </>
  );
}

function OpenItems({ statement }: { statement: TAccountStatement }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const captionId = useId();
  return (
    <section className="section" aria-labelledby="account-open-heading">
      <h2 id="account-open-heading">{t('account.openHeading')}</h2>
      {statement.openItems.length === 0 ? (
        <p>{t('account.noOpenItems')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className="account-table account-table--open">
            <caption id={captionId}>{t('account.openCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('account.dueDate')}</th>
                <th scope="col" className="account-table__amount">
                  {t('account.amount')}
                </th>
                <th scope="col">{t('account.state')}</th>
                <th scope="col">{t('account.text')}</th>
              </tr>
            </thead>
            <tbody>
              {statement.openItems.map((item) => (
                <tr key={item.id}>
                  <td>{item.dueDate ? formatDay(item.dueDate, locale) : '–'}</td>
                  <td className="account-table__amount">{formatCents(Math.abs(item.amountCents), locale)}</td>
                  <td>
                    {item.overdue ? (
                      <span className="badge account-badge--overdue">{t('account.overdue')}</span>
                    ) : item.amountCents < 0 ? (
                      t('account.creditOpen')
                    ) : (
                      t('account.notYetDue')
                    )}
                  </td>
                  <th scope="row">
                    <BookingText booking={item} />
                  </th>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Upcoming({ statement }: { statement: TAccountStatement }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const captionId = useId();
  const at = tenant.country === 'AT';
  if (statement.upcomingInstalments.length === 0) return null;
  return (
    <section className="section" aria-labelledby="account-upcoming-heading">
      <h2 id="account-upcoming-heading">{at ? t('account.upcomingHeadingAT') : t('account.upcomingHeading')}</h2>
      <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="account-table account-table--narrow">
          <caption id={captionId}>{at ? t('account.upcomingCaptionAT') : t('account.upcomingCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('account.dueDate')}</th>
              <th scope="col" className="account-table__amount">
                {t('account.amount')}
              </th>
              <th scope="col">{t('account.contracts')}</th>
            </tr>
          </thead>
          <tbody>
            {statement.upcomingInstalments.map((item) => (
              <tr key={item.dueDate}>
                <th scope="row">{formatDay(item.dueDate, locale)}</th>
                <td className="account-table__amount">{formatCents(item.amountCents, locale)}</td>
                <td>
                  <ul className="plain-list">
                    {item.contracts.map((c) => {
                      const division = t(`divisions.${c.division}`);
                      return (
                        <li key={c.contractNumber}>
                          {t('account.contractShare', {
                            division: division.charAt(0).toLocaleUpperCase(locale) + division.slice(1),
                            number: c.contractNumber,
                            amount: formatCents(c.amountCents, locale),
                          })}
                        </li>
                      );
                    })}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tenant.modules.includes('instalments') && (
        <p>
          <Link to={paths.instalments}>{at ? t('account.changeInstalmentAT') : t('account.changeInstalment')}</Link>
        </p>
      )}
    </section>
  );
}

/** `loading`: another year was chosen and the bookings shown are still the previous year's. */
function Bookings({ statement, chosenYear, loading }: { statement: TAccountStatement; chosenYear: number; loading: boolean }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const [, setParams] = useSearchParams();
  const yearId = useId();
  const captionId = useId();
  const { year } = statement;
  const yearEnd = `${String(year)}-12-31`;
  const closingDate = statement.today < yearEnd ? statement.today : yearEnd;
  return (
    <section className="section" aria-labelledby="account-bookings-heading">
      <h2 id="account-bookings-heading">{t('account.bookingsHeading')}</h2>
      <div className="account-toolbar">
        <div className="field">
          <label className="field__label" htmlFor={yearId}>
            {t('account.year')}
          </label>
          <select
            id={yearId}
            className="field__input field__select"
            value={String(chosenYear)}
            onChange={(event) => {
              const value = event.target.value;
              setParams(
                (previous) => {
                  const next = new URLSearchParams(previous);
                  next.set(YEAR_PARAM, value);
                  return next;
                },
                { replace: true },
              );
            }}
          >
            {[...new Set([chosenYear, ...statement.years])].sort((a, b) => b - a).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <a className="button button--secondary" href={statement.csvPath} download>
          {t('account.csv', { year })}
        </a>
      </div>
      <p role="status" className="account-count">
        {loading ? t('status.loading') : t('account.bookingCount', { count: statement.bookings.length, year })}
      </p>
      <p className="field__hint">{t('account.legend')}</p>
      <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="account-table account-table--bookings">
          <caption id={captionId}>{t('account.bookingsCaption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('account.bookingDate')}</th>
              <th scope="col">{t('account.text')}</th>
              <th scope="col">{t('account.dueDate')}</th>
              <th scope="col" className="account-table__amount">
                {t('account.debit')}
              </th>
              <th scope="col" className="account-table__amount">
                {t('account.credit')}
              </th>
              <th scope="col" className="account-table__amount">
                {t('account.balance')}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr className="account-table__carry">
              <td>{formatDay(`${String(year)}-01-01`, locale)}</td>
              <th scope="row">{t('account.openingBalance')}</th>
              <td />
              <td />
              <td />
              <td className="account-table__amount">{balanceText(t, statement.openingBalanceCents, locale)}</td>
            </tr>
            {statement.bookings.map((booking) => (
              <tr key={booking.id}>
                <td>{formatDay(booking.bookingDate, locale)}</td>
                <th scope="row">
                  <BookingText booking={booking} />
                </th>
                <td>{booking.dueDate ? formatDay(booking.dueDate, locale) : ''}</td>
                <td className="account-table__amount">{booking.amountCents > 0 ? formatCents(booking.amountCents, locale) : ''}</td>
                <td className="account-table__amount">{booking.amountCents < 0 ? formatCents(-booking.amountCents, locale) : ''}</td>
                <td className="account-table__amount">{balanceText(t, booking.balanceCents, locale)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td>{formatDay(closingDate, locale)}</td>
              <th scope="row">{t('account.closingBalance')}</th>
              <td />
              <td />
              <td />
              <td className="account-table__amount">{balanceText(t, statement.closingBalanceCents, locale)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function Statement() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const param = Number(params.get(YEAR_PARAM));
  const chosen = Number.isInteger(param) && param > 1900 && param < 3000 ? param : null;
  const query = useAccountStatementQuery(chosen);
  return (
    <>
      <p className="lead">{t('account.intro')}</p>
      <QueryState query={query}>
        {(statement) => (
          <>
            <Balance statement={statement} />
            <OpenItems statement={statement} />
            <Upcoming statement={statement} />
            <Bookings statement={statement} chosenYear={chosen ?? statement.year} loading={query.isPlaceholderData} />
          </>
        )}
      </QueryState>
    </>
  );
}

/** /konto: the account statement (Kontoübersicht) of the selected customer account. */
export function AccountPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <>
      <PageHeading title={t('account.title')} />
      {tenant.modules.includes('account_statement') ? <RequireSession account>{() => <Statement />}</RequireSession> : <p className="notice">{t('account.notOffered')}</p>}
    </>
  );
}
