import { formatDay } from '../lib/format.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TBankArrangement, TBankingOverview, TBankingPremise } from '../../../api/banking.ts';
import type { TSession } from '../../../api/identity.ts';
import { BankingArrangementFacts } from '../components/BankingArrangementFacts.tsx';
import { BankingChangeForm } from '../components/BankingChangeForm.tsx';
import { HelpDisclosure } from '../components/HelpDisclosure.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { bankingKey, getBanking, mandatePdfUrl } from '../lib/banking.ts';
import { useLocale } from '../lib/i18n.ts';
import { requestPath } from '../lib/routes.ts';

type Group = { premises: TBankingPremise[]; current: TBankArrangement | null; upcoming: TBankArrangement | null };

/** Consumption points with the same arrangement now and later are shown together. */
function groups(premises: readonly TBankingPremise[]): Group[] {
  const result = new Map<string, Group>();
  for (const premise of premises) {
    const key = `${premise.current?.id ?? '-'}|${premise.upcoming?.id ?? '-'}`;
    const group = result.get(key) ?? { premises: [], current: premise.current, upcoming: premise.upcoming };
    group.premises.push(premise);
    result.set(key, group);
  }
  return [...result.values()];
}

function StatusText({ arrangement, today }: { arrangement: TBankArrangement; today: string }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  if (arrangement.status === 'active' && arrangement.validFrom > today) return t('banking.status.scheduled', { date: formatDay(arrangement.validFrom, locale) });
  return t(`banking.status.${arrangement.status}`);
}

function Current({ overview }: { overview: TBankingOverview }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const customerNumber = overview.customer.customerNumber;
  const all = groups(overview.premises);
  return (
    <section className="section" aria-labelledby="banking-current-heading">
      <h2 id="banking-current-heading">{t('banking.current.heading')}</h2>
      <ul className="plain-list banking-groups">
        {all.map((group) => (
          <li key={group.premises.map((p) => p.id).join()} className="card banking-card">
            <h3 className="banking-card__title">
              {group.premises.length > 1 && group.premises.length === overview.premises.length ? t('banking.current.allPremises') : group.premises.map((p) => p.address).join('; ')}
            </h3>
            {group.premises.length > 1 && group.premises.length === overview.premises.length && (
              <p className="banking-card__premises">{group.premises.map((p) => p.address).join('; ')}</p>
            )}
            {group.current ? <BankingArrangementFacts arrangement={group.current} customerNumber={customerNumber} since /> : <p>{t('banking.current.none', { customerNumber })}</p>}
            {group.upcoming && (
              <div className="banking-upcoming">
                <h4>{t('banking.current.upcomingHeading')}</h4>
                <p>
                  {group.upcoming.status === 'pending'
                    ? t('banking.current.upcomingPending', { date: formatDay(group.upcoming.validFrom, locale) })
                    : t('banking.current.upcomingScheduled', { date: formatDay(group.upcoming.validFrom, locale) })}
                </p>
                <BankingArrangementFacts arrangement={group.upcoming} customerNumber={customerNumber} since={false} />
                {group.upcoming.request && (
                  <p>
                    <Link to={requestPath(group.upcoming.request.id)}>{t('banking.current.requestLink', { reference: group.upcoming.request.reference })}</Link>
                  </p>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      <HelpDisclosure title={t('banking.help.title')}>
        <p>{t('banking.help.text')}</p>
      </HelpDisclosure>
    </section>
  );
}

function History({ overview }: { overview: TBankingOverview }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const address = new Map(overview.premises.map((p) => [p.id, p.address]));
  return (
    <section className="section" aria-labelledby="banking-history-heading">
      <h2 id="banking-history-heading">{t('banking.history.heading')}</h2>
      {overview.arrangements.length === 0 ? (
        <p>{t('banking.history.empty')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="banking-history-caption" tabIndex={0}>
          <table className="banking-table">
            <caption id="banking-history-caption" className="visually-hidden">{t('banking.history.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('banking.history.validFrom')}</th>
                <th scope="col">{t('banking.history.method')}</th>
                <th scope="col">{t('banking.history.account')}</th>
                <th scope="col">{t('banking.history.premises')}</th>
                <th scope="col">{t('banking.history.status')}</th>
                <th scope="col">{t('banking.history.request')}</th>
                <th scope="col">{t('banking.history.mandate')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.arrangements.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{formatDay(a.validFrom, locale)}</th>
                  <td>{t(`banking.method.${a.paymentMethod}`)}</td>
                  <td>
                    {a.paymentMethod === 'direct_debit' ? (
                      <>
                        {a.holder}
                        <br />
                        <span className="banking-iban">{a.ibanMasked}</span>
                      </>
                    ) : (
                      t('banking.history.noRequest')
                    )}
                  </td>
                  <td>{a.allPremises ? t('banking.history.allPremises') : a.premiseIds.map((id) => address.get(id) ?? id).join('; ')}</td>
                  <td>
                    <StatusText arrangement={a} today={overview.today} />
                  </td>
                  <td>{a.request ? <Link to={requestPath(a.request.id)}>{a.request.reference}</Link> : t('banking.history.noRequest')}</td>
                  <td>
                    {a.mandateReference ? (
                      <a href={mandatePdfUrl(a.id)} download aria-label={t('banking.facts.mandatePdf', { reference: a.mandateReference })}>
                        {t('banking.history.pdf')}
                      </a>
                    ) : (
                      t('banking.history.noRequest')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Banking({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const queryClient = useQueryClient();
  const key = bankingKey(session.selectedCustomerId, locale);
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => getBanking(signal) });
  return (
    <QueryState query={query}>
      {(overview) => (
        <>
          <p className="lead">{t('banking.intro')}</p>
          <Current overview={overview} />
          <section className="section" aria-labelledby="banking-change-heading">
            <h2 id="banking-change-heading">{t('banking.form.heading')}</h2>
            <BankingChangeForm
              key={session.selectedCustomerId}
              overview={overview}
              session={session}
              onChanged={() => {
                void queryClient.invalidateQueries({ queryKey: ['banking'] });
              }}
            />
          </section>
          <History overview={overview} />
        </>
      )}
    </QueryState>
  );
}

/** /bankverbindung: bank details per consumption point, the change form with the SEPA mandate, the history. */
export function BankingPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('banking.title')} />
      <RequireSession account>{(session) => <Banking session={session} />}</RequireSession>
    </>
  );
}
