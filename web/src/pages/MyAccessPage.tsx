import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TSession, TSessionListItem } from '../../../api/identity.ts';
import { ChangeEmailForm } from '../components/ChangeEmailForm.tsx';
import { DeleteRegistration } from '../components/DeleteRegistration.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { LinkAccountForm } from '../components/LinkAccountForm.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { PasswordInput } from '../components/PasswordInput.tsx';
import { PasswordStrength } from '../components/PasswordStrength.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { SecondFactors } from '../components/SecondFactors.tsx';
import { PendingButton, SubmitButton } from '../components/SubmitButton.tsx';
import { UnlinkAccount } from '../components/UnlinkAccount.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useLocale } from '../lib/i18n.ts';
import { changePassword, endSession, listSessions } from '../lib/identity.ts';
import { newPasswordError, repeatError } from '../lib/passwordRules.ts';
import { problemMessage } from '../lib/problems.ts';
import { ME_KEY } from '../lib/session.ts';
import { useTenant } from '../lib/site.ts';
import { useForm } from '../lib/useForm.ts';
import { useSelectAccount } from '../lib/useSelectAccount.ts';
import { MyDataTeaser } from './MyDataPage.tsx';

const SESSIONS_KEY = [...ME_KEY, 'sessions'] as const;

function useDateTime(): (iso: string) => string {
  const [locale] = useLocale();
  const tenant = useTenant();
  return (iso) => formatDateTime(iso, locale, tenant.timeZone);
}

function LoginDetails({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  return (
    <section className="section" aria-labelledby="login-heading">
      <h2 id="login-heading">{t('myAccess.loginHeading')}</h2>
      <dl className="pairs">
        <div>
          <dt>{t('myAccess.email')}</dt>
          <dd>{session.login.email}</dd>
        </div>
        <div>
          <dt>{t('myAccess.lastLogin')}</dt>
          <dd>{session.login.lastLoginAt ? dateTime(session.login.lastLoginAt) : t('myAccess.never')}</dd>
        </div>
      </dl>
    </section>
  );
}

function LinkedAccounts({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const select = useSelectAccount();
  const heading = useRef<HTMLHeadingElement>(null);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  const switchTo = (account: TSession['accounts'][number]): void => {
    if (pendingId !== null) return;
    setPendingId(account.customerId);
    setError(null);
    select(account.customerId)
      .then(() => {
        setStatus(t('myAccess.switched', { number: account.customerNumber }));
        heading.current?.focus(); // the pressed button is gone now
      })
      .catch((failure: unknown) => {
        setError(failure);
      })
      .finally(() => {
        setPendingId(null);
      });
  };
  return (
    <section className="section" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading" ref={heading} tabIndex={-1}>
        {t('myAccess.accountsHeading')}
      </h2>
      {session.accounts.length === 0 ? (
        <p>{t('myAccess.noAccounts')}</p>
      ) : (
        <>
          <p>{t('myAccess.accountsIntro')}</p>
          <ul className="card-list account-cards">
            {session.accounts.map((account) => {
              const selected = account.customerId === session.selectedCustomerId;
              return (
                <li key={account.customerId} className="card account-card" aria-current={selected || undefined}>
                  <p className="account-card__number">
                    {t('myAccess.customerNumber')} <strong>{account.customerNumber}</strong>
                  </p>
                  <p className="account-card__name">{account.name}</p>
                  <p className="account-card__address">{account.address}</p>
                  {selected ? (
                    <p className="badge">{t('myAccess.selected')}</p>
                  ) : (
                    session.accounts.length > 1 && (
                      <PendingButton
                        variant="secondary"
                        pending={pendingId === account.customerId}
                        onPress={() => {
                          switchTo(account);
                        }}
                      >
                        {t('myAccess.switchToLabel', { number: account.customerNumber })}
                      </PendingButton>
                    )
                  )}
                  <UnlinkAccount
                    account={account}
                    onUnlinked={(number) => {
                      setStatus(t('myAccess.unlinked', { number }));
                      heading.current?.focus(); // the dialog and its button are gone now
                    }}
                  />
                </li>
              );
            })}
          </ul>
        </>
      )}
      {error !== null && (
        <div className="notice notice--error" role="alert">
          <p>{problemMessage(t, error)}</p>
        </div>
      )}
      <p role="status" className="form__status">
        {status}
      </p>
    </section>
  );
}

function LinkAccount() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  return (
    <section className="section" aria-labelledby="link-heading">
      <h2 id="link-heading">{t('myAccess.linkHeading')}</h2>
      <p>{t('myAccess.linkIntro')}</p>
      <LinkAccountForm
        onLinked={(number) => {
          setStatus(t('myAccess.linked', { number }));
        }}
      />
      <p role="status" className="form__status">
        {status}
      </p>
    </section>
  );
}

const passwordFields = ['currentPassword', 'newPassword', 'newPasswordRepeat'] as const;

function ChangePassword({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  const queryClient = useQueryClient();
  const minLength = tenant.passwordMinLength;
  const [changed, setChanged] = useState(false);
  const form = useForm({
    id: 'change-password',
    fields: passwordFields,
    validate: (values) => ({
      currentPassword: values.currentPassword === '' ? t('validation.currentPasswordRequired') : undefined,
      newPassword: newPasswordError(t, values.newPassword, minLength),
      newPasswordRepeat: repeatError(t, values.newPassword, values.newPasswordRepeat),
    }),
    submit: async (values) => {
      setChanged(false);
      await changePassword(values);
    },
    onSuccess: () => {
      form.reset();
      setChanged(true);
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
  return (
    <section className="section" aria-labelledby="password-heading">
      <h2 id="password-heading">{t('myAccess.passwordHeading')}</h2>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <FormErrors form={form} />
        <input type="email" className="visually-hidden" tabIndex={-1} aria-hidden="true" autoComplete="username" value={session.login.email} readOnly />
        <PasswordInput {...form.field('currentPassword')} label={t('fields.currentPassword')} autoComplete="current-password" isRequired />
        <PasswordInput
          {...form.field('newPassword')}
          label={t('fields.newPassword')}
          description={t('password.hint', { min: minLength })}
          autoComplete="new-password"
          isRequired
        >
          <PasswordStrength
            password={form.values.newPassword}
            minLength={minLength}
            userInputs={[session.login.email, ...session.accounts.map((a) => a.customerNumber), tenant.displayName]}
          />
        </PasswordInput>
        <PasswordInput {...form.field('newPasswordRepeat')} label={t('fields.newPasswordRepeat')} autoComplete="new-password" isRequired />
        <div className="form__actions">
          <SubmitButton pending={form.pending}>{t('myAccess.passwordSubmit')}</SubmitButton>
        </div>
        <div role="status" className="form__status">
          {changed && (
            <div className="notice notice--success">
              <p>{t('myAccess.passwordChanged')}</p>
            </div>
          )}
        </div>
      </form>
    </section>
  );
}

function SessionCard({ item, onEnd, pending }: { item: TSessionListItem; onEnd: () => void; pending: boolean }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  return (
    <li className="card session-card" aria-current={item.current || undefined}>
      <dl className="pairs">
        <div>
          <dt>{t('myAccess.device')}</dt>
          <dd>{item.device}</dd>
        </div>
        <div>
          <dt>{t('myAccess.since')}</dt>
          <dd>{dateTime(item.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('myAccess.lastSeen')}</dt>
          <dd>{dateTime(item.lastSeenAt)}</dd>
        </div>
      </dl>
      {item.current ? (
        <p className="badge">{t('myAccess.thisSession')}</p>
      ) : (
        <PendingButton variant="secondary" pending={pending} onPress={onEnd}>
          {t('myAccess.endSession')}
          <span className="visually-hidden">{t('myAccess.endSessionContext', { device: item.device, since: dateTime(item.createdAt) })}</span>
        </PendingButton>
      )}
    </li>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [status, setStatus] = useState('');
  const query = useQuery({ queryKey: SESSIONS_KEY, queryFn: ({ signal }) => listSessions(signal) });
  const end = useMutation({
    mutationFn: (item: TSessionListItem) => endSession(item.id),
    onSuccess: async (_result, item) => {
      setStatus(t('myAccess.sessionEnded', { device: item.device }));
      heading.current?.focus(); // the pressed button is gone now
      await queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
  return (
    <section className="section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" ref={heading} tabIndex={-1}>
        {t('myAccess.sessionsHeading')}
      </h2>
      <p>{t('myAccess.sessionsIntro')}</p>
      <QueryState query={query}>
        {(items) => (
          <ul className="card-list session-cards">
            {[...items]
              .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt))
              .map((item) => (
                <SessionCard
                  key={item.id}
                  item={item}
                  pending={end.isPending && end.variables.id === item.id}
                  onEnd={() => {
                    if (!end.isPending) end.mutate(item);
                  }}
                />
              ))}
          </ul>
        )}
      </QueryState>
      {end.isError && (
        <div className="notice notice--error" role="alert">
          <p>{problemMessage(t, end.error, { not_found: t('myAccess.endSessionFailed') })}</p>
        </div>
      )}
      <p role="status" className="form__status">
        {status}
      </p>
    </section>
  );
}

/** /mein-zugang: login e-mail, linked customer accounts, password change, signed-in devices, e-mail change, deleting the registration. */
export function MyAccessPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('myAccess.title')} />
      <RequireSession>
        {(session) => (
          <>
            <p className="lead">{t('myAccess.intro')}</p>
            <LoginDetails session={session} />
            <LinkedAccounts session={session} />
            <LinkAccount />
            <ChangePassword session={session} />
            <Sessions />
            <ChangeEmailForm session={session} />
            <SecondFactors session={session} />
            <MyDataTeaser />
            <DeleteRegistration session={session} />
          </>
        )}
      </RequireSession>
    </>
  );
}
