import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TCustomerLogin, TCustomerView } from '../../../../api/backoffice.ts';
import { ZInvoiceKind } from '../../../../api/documents.ts';
import { mayStaff, type TStaffSession } from '../../../../api/staff.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RequestStatusBadge } from '../../components/RequestStatusBadge.tsx';
import { formatCents, formatDateTime, formatDay } from '../../lib/format.ts';
import { useLocale } from '../../lib/i18n.ts';
import { useTenant } from '../../lib/site.ts';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { RequireStaff } from '../components/RequireStaff.tsx';
import { ResultMessage, type Result } from '../components/ResultMessage.tsx';
import { customerView, loginAction, type LoginAction } from '../lib/api.ts';
import { boPaths, requestPath } from '../lib/paths.ts';
import { staffProblem } from '../lib/problems.ts';
import { inviteCustomer } from '../lib/reviewsApi.ts';
import { STAFF_KEY } from '../lib/session.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { SubmitButton } from '../../components/SubmitButton.tsx';
import { TextInput } from '../../components/TextInput.tsx';
import { emailError } from '../../lib/passwordRules.ts';
import { useForm } from '../../lib/useForm.ts';

const DIVISIONS = ['electricity', 'gas', 'water', 'heat'] as const;
const LOGIN_STATUSES = ['pending', 'active', 'locked'] as const;
const READING_SOURCES = ['customer', 'utility', 'estimated', 'smart_meter'] as const;
const READING_STATUSES = ['accepted', 'pending_review', 'rejected'] as const;

function oneOf<T extends string>(options: readonly T[], value: string): T | undefined {
  return options.find((option) => option === value);
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

function useFormats() {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  return {
    day: (iso: string) => formatDay(iso, locale),
    dateTime: (iso: string) => formatDateTime(iso, locale, tenant.timeZone),
    cents: (value: number) => formatCents(value, locale),
    division: (value: string) => {
      const known = oneOf(DIVISIONS, value);
      return known ? t(`divisions.${known}`) : value;
    },
  };
}

function MasterData({ customer }: { customer: TCustomerView }) {
  const { t } = useTranslation();
  return (
    <Section title={t('backoffice.customer.masterData')}>
      <dl className="pairs">
        <div>
          <dt>{t('backoffice.customer.number')}</dt>
          <dd>{customer.customerNumber}</dd>
        </div>
        <div>
          <dt>{t('backoffice.customer.name')}</dt>
          <dd>{customer.name}</dd>
        </div>
        <div>
          <dt>{t('backoffice.customer.kind')}</dt>
          <dd>{customer.kind === 'company' ? t('backoffice.customer.company') : t('backoffice.customer.person')}</dd>
        </div>
        <div>
          <dt>{t('backoffice.customer.address')}</dt>
          <dd>{customer.address}</dd>
        </div>
        <div>
          <dt>{t('backoffice.customer.email')}</dt>
          <dd>{customer.email ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('backoffice.customer.phone')}</dt>
          <dd>{customer.phone ?? '–'}</dd>
        </div>
      </dl>
    </Section>
  );
}

function LoginActions({ customerId, login, onDone }: { customerId: string; login: TCustomerLogin; onDone: (result: Result) => void }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const run = (action: LoginAction) => {
    if (pending) return;
    setPending(true);
    loginAction(customerId, login.id, action)
      .then(() => {
        onDone({ text: t(`backoffice.customer.done.${action}`, { email: login.email }) });
      })
      .catch((error: unknown) => {
        onDone({ text: staffProblem(t, error), error: true });
      })
      .finally(() => {
        setPending(false);
      });
  };
  const action = (kind: LoginAction, label: string) => (
    <ConfirmAction
      key={kind}
      label={label}
      accessibleLabel={`${label}: ${login.email}`}
      title={t(`backoffice.customer.confirm.${kind}.title`)}
      text={t(`backoffice.customer.confirm.${kind}.text`, { email: login.email })}
      confirmLabel={label}
      pending={pending}
      onConfirm={() => {
        run(kind);
      }}
    />
  );
  return (
    <div className="bo-actions">
      {login.status === 'active' && action('lock', t('backoffice.customer.lock'))}
      {login.status === 'locked' && action('unlock', t('backoffice.customer.unlock'))}
      {login.activeSessions > 0 && action('end_sessions', t('backoffice.customer.endSessions'))}
      {login.status === 'pending' && action('resend_activation', t('backoffice.customer.resendActivation'))}
    </div>
  );
}

const inviteFields = ['email', 'language'] as const;

/**
 * "Einladung schicken" (ADR 0027): a link that sets the password and activates the access, for an
 * account without an active login. Read-only staff and accounts with an active login see why not.
 */
function Invite({ customer, session }: { customer: TCustomerView; session: TStaffSession }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<Result | null>(null);
  const may = mayStaff(session.staff.role, 'work');
  const hasActive = customer.logins.some((login) => login.status === 'active');
  const form = useForm({
    id: 'bo-invite',
    fields: inviteFields,
    initialValues: { email: customer.email ?? '', language: locale },
    validate: (values) => ({ email: emailError(t, values.email) }),
    submit: async (values) => {
      setResult(null);
      const email = values.email.trim();
      await inviteCustomer(customer.id, { email, locale: values.language === 'en' ? 'en' : 'de' });
      return email;
    },
    onSuccess: (email) => {
      setResult({ text: t('registrationReview.invite.sent', { email }) });
      void queryClient.invalidateQueries({ queryKey: [...STAFF_KEY, 'customer', customer.id] });
    },
  });
  const language = form.field('language');
  return (
    <section className="section" aria-labelledby="bo-invite-heading">
      <h3 id="bo-invite-heading">{t('registrationReview.invite.title')}</h3>
      {hasActive ? (
        <p>{t('registrationReview.invite.hasActive')}</p>
      ) : !may ? (
        <p>{t('registrationReview.invite.readOnly')}</p>
      ) : (
        <>
          <p>{t('registrationReview.invite.intro')}</p>
          <ResultMessage result={result} />
          <form className="form" noValidate onSubmit={form.onSubmit}>
            <FormErrors form={form} />
            <TextInput {...form.field('email')} label={t('registrationReview.invite.email')} type="email" inputMode="email" autoComplete="off" isRequired />
            <div className="field">
              <label className="field__label" htmlFor={language.id}>
                {t('registrationReview.invite.language')}
              </label>
              <select id={language.id} name={language.name} className="field__input field__select" value={language.value} onChange={(e) => language.onChange(e.target.value)}>
                <option value="de">Deutsch</option>
                <option value="en">English</option>
              </select>
            </div>
            <div className="form__actions">
              <SubmitButton pending={form.pending}>{t('registrationReview.invite.submit')}</SubmitButton>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

function Logins({ customer, session }: { customer: TCustomerView; session: TStaffSession }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const f = useFormats();
  const [result, setResult] = useState<Result | null>(null);
  const may = mayStaff(session.staff.role, 'work');
  const done = (next: Result) => {
    setResult(next);
    if (!next.error) void queryClient.invalidateQueries({ queryKey: [...STAFF_KEY, 'customer', customer.id] });
  };
  return (
    <Section title={t('backoffice.customer.logins')}>
      <ResultMessage result={result} />
      {customer.logins.length === 0 ? (
        <p>{t('backoffice.customer.noLogins')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="logins-caption" tabIndex={0}>
          <table className="bo-table">
            <caption id="logins-caption">{t('backoffice.customer.loginsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backoffice.customer.email')}</th>
                <th scope="col">{t('backoffice.customer.loginStatus')}</th>
                <th scope="col">{t('backoffice.customer.lastLogin')}</th>
                <th scope="col">{t('backoffice.customer.secondFactor')}</th>
                <th scope="col">{t('backoffice.customer.sessions')}</th>
                {may && <th scope="col">{t('backoffice.customer.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {customer.logins.map((login) => {
                const status = oneOf(LOGIN_STATUSES, login.status);
                return (
                  <tr key={login.id}>
                    <th scope="row">{login.email}</th>
                    <td>{status ? t(`backoffice.customer.loginStatuses.${status}`) : login.status}</td>
                    <td>{login.lastLoginAt ? f.dateTime(login.lastLoginAt) : t('backoffice.never')}</td>
                    <td>{login.secondFactor ? t('backoffice.on') : t('backoffice.off')}</td>
                    <td>{login.activeSessions}</td>
                    {may && (
                      <td>
                        <LoginActions customerId={customer.id} login={login} onDone={done} />
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Invite customer={customer} session={session} />
    </Section>
  );
}

function Supply({ customer }: { customer: TCustomerView }) {
  const { t } = useTranslation();
  const f = useFormats();
  return (
    <Section title={t('backoffice.customer.supply')}>
      {customer.premises.length === 0 && <p>{t('backoffice.customer.noPremises')}</p>}
      {customer.premises.map((premise) => (
        <div key={premise.id} className="bo-premise">
          <h3>{premise.address}</h3>
          {premise.maloId && (
            <p>
              {t('backoffice.customer.malo')}: {premise.maloId}
            </p>
          )}
          {premise.meters.map((meter) => (
            <div key={meter.id} className="table-scroll" role="region" aria-labelledby={`meter-${meter.id}`} tabIndex={0}>
              <table className="bo-table">
                <caption id={`meter-${meter.id}`}>
                  {t('backoffice.customer.meterCaption', { number: meter.meterNumber, division: f.division(meter.division) })}{' '}
                  <span className="bo-caption__range">
                    {meter.removedOn
                      ? t('backoffice.customer.meterRemoved', { from: f.day(meter.installedOn), to: f.day(meter.removedOn) })
                      : t('backoffice.customer.meterInstalled', { from: f.day(meter.installedOn) })}
                  </span>
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('backoffice.customer.register')}</th>
                    <th scope="col">{t('backoffice.customer.readings')}</th>
                  </tr>
                </thead>
                <tbody>
                  {meter.registers.map((register) => (
                    <tr key={register.obis}>
                      <th scope="row">
                        {register.label ?? register.obis} <span className="bo-muted">({register.obis})</span>
                      </th>
                      <td>
                        {register.readings.length === 0 ? (
                          t('backoffice.customer.noReadings')
                        ) : (
                          <ul className="plain-list">
                            {register.readings.map((reading) => {
                              const source = oneOf(READING_SOURCES, reading.source);
                              const status = oneOf(READING_STATUSES, reading.status);
                              return (
                                <li key={`${reading.readOn}-${reading.value}`}>
                                  {f.day(reading.readOn)}: <strong>{reading.value}</strong> {register.unit} ({source ? t(`backoffice.customer.sources.${source}`) : reading.source}
                                  {status ? `, ${t(`readings.status.${status}`)}` : ''})
                                </li>
                              );
                            })}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      ))}
    </Section>
  );
}

function Contracts({ customer }: { customer: TCustomerView }) {
  const { t } = useTranslation();
  const f = useFormats();
  return (
    <Section title={t('backoffice.customer.contracts')}>
      {customer.contracts.length === 0 ? (
        <p>{t('backoffice.customer.noContracts')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="contracts-caption" tabIndex={0}>
          <table className="bo-table">
            <caption id="contracts-caption">{t('backoffice.customer.contractsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backoffice.customer.contractNumber')}</th>
                <th scope="col">{t('backoffice.customer.division')}</th>
                <th scope="col">{t('backoffice.customer.tariff')}</th>
                <th scope="col">{t('backoffice.customer.term')}</th>
                <th scope="col">{t('backoffice.customer.instalment')}</th>
              </tr>
            </thead>
            <tbody>
              {customer.contracts.map((contract) => (
                <tr key={contract.contractNumber}>
                  <th scope="row">{contract.contractNumber}</th>
                  <td>{f.division(contract.division)}</td>
                  <td>{contract.tariff}</td>
                  <td>{contract.endDate ? `${f.day(contract.startDate)} – ${f.day(contract.endDate)}` : t('backoffice.customer.since', { date: f.day(contract.startDate) })}</td>
                  <td>{contract.instalmentCents === null ? '–' : f.cents(contract.instalmentCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function Invoices({ customer }: { customer: TCustomerView }) {
  const { t } = useTranslation();
  const f = useFormats();
  return (
    <Section title={t('backoffice.customer.invoices')}>
      {customer.invoices.length === 0 ? (
        <p>{t('backoffice.customer.noInvoices')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="invoices-caption" tabIndex={0}>
          <table className="bo-table">
            <caption id="invoices-caption">{t('backoffice.customer.invoicesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backoffice.customer.invoiceNumber')}</th>
                <th scope="col">{t('backoffice.customer.invoiceKind')}</th>
                <th scope="col">{t('backoffice.customer.invoiceDate')}</th>
                <th scope="col" className="bo-num">
                  {t('backoffice.customer.gross')}
                </th>
                <th scope="col" className="bo-num">
                  {t('backoffice.customer.balance')}
                </th>
                <th scope="col">{t('backoffice.customer.due')}</th>
              </tr>
            </thead>
            <tbody>
              {customer.invoices.map((invoice) => {
                const kind = ZInvoiceKind.safeParse(invoice.kind);
                return (
                  <tr key={invoice.id}>
                    <th scope="row">{invoice.invoiceNumber}</th>
                    <td>{kind.success ? t(`documents.invoiceKind.${kind.data}`) : invoice.kind}</td>
                    <td>{f.day(invoice.invoiceDate)}</td>
                    <td className="bo-num">{f.cents(invoice.grossCents)}</td>
                    <td className="bo-num">{f.cents(invoice.balanceCents)}</td>
                    <td>{f.day(invoice.dueDate)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function Requests({ customer }: { customer: TCustomerView }) {
  const { t } = useTranslation();
  const f = useFormats();
  return (
    <Section title={t('backoffice.customer.requests')}>
      {customer.requests.length === 0 ? (
        <p>{t('backoffice.customer.noRequests')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="requests-caption" tabIndex={0}>
          <table className="bo-table">
            <caption id="requests-caption">{t('backoffice.customer.requestsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backoffice.queue.reference')}</th>
                <th scope="col">{t('backoffice.queue.kind')}</th>
                <th scope="col">{t('backoffice.queue.subject')}</th>
                <th scope="col">{t('backoffice.queue.received')}</th>
                <th scope="col">{t('backoffice.queue.status')}</th>
              </tr>
            </thead>
            <tbody>
              {customer.requests.map((request) => (
                <tr key={request.id}>
                  <th scope="row">
                    <Link to={requestPath(request.id)}>{request.reference}</Link>
                  </th>
                  <td>{t(`requests.kind.${request.kind}`)}</td>
                  <td>{request.subject}</td>
                  <td>{f.dateTime(request.createdAt)}</td>
                  <td>
                    <RequestStatusBadge status={request.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function CustomerDetail({ customer, session }: { customer: TCustomerView; session: TStaffSession }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="lead">
        {customer.name} · {t('backoffice.customer.number')} {customer.customerNumber}
      </p>
      <MasterData customer={customer} />
      <Logins customer={customer} session={session} />
      <Supply customer={customer} />
      <Contracts customer={customer} />
      <Invoices customer={customer} />
      <Requests customer={customer} />
      <p>
        <Link to={boPaths.customers}>{t('backoffice.customer.back')}</Link>
      </p>
    </>
  );
}

function LoadedCustomer({ id, session }: { id: string; session: TStaffSession }) {
  const query = useQuery({ queryKey: [...STAFF_KEY, 'customer', id], queryFn: ({ signal }) => customerView(id, signal) });
  return <QueryState query={query}>{(customer) => <CustomerDetail customer={customer} session={session} />}</QueryState>;
}

/** /backoffice/kunden/:id: a customer account (opening it is logged). */
export function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <>
      <PageHeading title={t('backoffice.customer.title')} />
      <p className="notice bo-logged">{t('backoffice.customer.logged')}</p>
      <RequireStaff>{(session) => <LoadedCustomer id={id} session={session} />}</RequireStaff>
    </>
  );
}
