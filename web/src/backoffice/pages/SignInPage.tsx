import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { TStaffSession } from '../../../../api/staff.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { LoadingStatus } from '../../components/LoadingStatus.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { PasswordInput } from '../../components/PasswordInput.tsx';
import { RequiredLegend } from '../../components/RequiredLegend.tsx';
import { PendingButton, SubmitButton } from '../../components/SubmitButton.tsx';
import { TextInput } from '../../components/TextInput.tsx';
import type { ApiResponse } from '../../lib/api.ts';
import { useFocusOnViewChange } from '../../lib/useFocusOnRouteChange.ts';
import { useForm } from '../../lib/useForm.ts';
import { confirmTotpSetup, staffLogin, staffTotp, startTotpSetup } from '../lib/api.ts';
import { boPaths, EXPIRED_PARAM, signInState } from '../lib/paths.ts';
import { STAFF_KEY, useStaffSessionQuery, useStaffSessionStore } from '../lib/session.ts';

type Step = 'password' | 'totp' | 'enrol';

/**
 * The endpoints of a sign-in with password and authenticator code: the back office's (staff) and the
 * operator console's share these steps and forms (the server's rules are shared too: two-step.ts).
 */
export interface TwoStepClient<S> {
  /** Prefix of the forms' ids (drafts, test ids) and key of the set-up query. */
  id: string;
  queryKey: readonly unknown[];
  login: (email: string, password: string) => Promise<{ next: 'totp' | 'enrol_totp' }>;
  totp: (code: string) => Promise<ApiResponse<S>>;
  startSetup: (signal?: AbortSignal) => Promise<{ secret: string; qrSvg: string }>;
  confirmSetup: (code: string) => Promise<ApiResponse<S>>;
  /** What a locked account is told (whom to ask). */
  lockedMessage: string;
}

export type TwoStepStep = Step;

function useStaffClient(): TwoStepClient<TStaffSession> {
  const { t } = useTranslation();
  return { id: 'bo', queryKey: STAFF_KEY, login: staffLogin, totp: staffTotp, startSetup: startTotpSetup, confirmSetup: confirmTotpSetup, lockedMessage: t('backoffice.signIn.locked') };
}

const passwordFields = ['email', 'password'] as const;
const codeFields = ['code'] as const;

function useCodeMessages() {
  const { t } = useTranslation();
  return {
    second_factor_invalid: t('backoffice.signIn.codeWrong'),
    unauthenticated: t('backoffice.signIn.stepExpired'),
    session_expired: t('backoffice.signIn.stepExpired'),
  };
}

function codeError(t: (key: 'backoffice.signIn.codeFormat') => string, code: string): string | undefined {
  return /^\d{6}$/.test(code.replace(/\s/g, '')) ? undefined : t('backoffice.signIn.codeFormat');
}

export function PasswordStep<S>({ client, onNext }: { client: TwoStepClient<S>; onNext: (step: Step) => void }) {
  const { t } = useTranslation();
  const form = useForm({
    id: `${client.id}-sign-in`,
    fields: passwordFields,
    validate: (values) => ({
      email: values.email.trim() === '' ? t('backoffice.signIn.emailRequired') : undefined,
      password: values.password === '' ? t('backoffice.signIn.passwordRequired') : undefined,
    }),
    submit: (values) => client.login(values.email.trim(), values.password),
    onSuccess: (result) => {
      onNext(result.next === 'totp' ? 'totp' : 'enrol');
    },
  });
  return (
    <form className="form" noValidate onSubmit={form.onSubmit}>
      <FormErrors
        form={form}
        messages={{
          invalid_credentials: t('backoffice.signIn.invalidCredentials'),
          login_locked: client.lockedMessage,
        }}
      />
      <RequiredLegend />
      <TextInput {...form.field('email')} label={t('backoffice.signIn.email')} type="email" autoComplete="username" isRequired />
      <PasswordInput {...form.field('password')} label={t('backoffice.signIn.password')} autoComplete="current-password" isRequired />
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('backoffice.signIn.submit')}</SubmitButton>
      </div>
    </form>
  );
}

export function CodeForm<S>({ id, submitLabel, submit, onDone, onRestart }: { id: string; submitLabel: string; submit: (code: string) => Promise<ApiResponse<S>>; onDone: (response: ApiResponse<S>) => void; onRestart: () => void }) {
  const { t } = useTranslation();
  const messages = useCodeMessages();
  const form = useForm({
    id,
    fields: codeFields,
    sensitive: codeFields,
    validate: (values) => ({ code: codeError(t, values.code) }),
    submit: (values) => submit(values.code),
    onSuccess: onDone,
  });
  return (
    <form className="form" noValidate onSubmit={form.onSubmit}>
      <FormErrors form={form} messages={messages} />
      <TextInput {...form.field('code')} label={t('backoffice.signIn.code')} description={t('backoffice.signIn.codeHint')} autoComplete="one-time-code" inputMode="numeric" isRequired />
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{submitLabel}</SubmitButton>
        <PendingButton pending={false} variant="secondary" onPress={onRestart}>
          {t('backoffice.signIn.restart')}
        </PendingButton>
      </div>
    </form>
  );
}

export function EnrolStep<S>({ client, onDone, onRestart }: { client: TwoStepClient<S>; onDone: (response: ApiResponse<S>) => void; onRestart: () => void }) {
  const { t } = useTranslation();
  // One secret per visit of this step: never fetched again by itself (each call makes a new secret).
  const [run] = useState(() => Date.now());
  const setup = useQuery({
    queryKey: [...client.queryKey, 'totp-setup', run],
    queryFn: ({ signal }) => client.startSetup(signal),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });
  if (setup.isPending) return <LoadingStatus />;
  if (setup.isError) {
    return (
      <>
        <LoadError
          error={setup.error}
          onRetry={() => {
            void setup.refetch();
          }}
        />
        <p>
          <PendingButton pending={false} variant="secondary" onPress={onRestart}>
            {t('backoffice.signIn.restart')}
          </PendingButton>
        </p>
      </>
    );
  }
  const { secret, qrSvg } = setup.data;
  const grouped = secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <ol className="steps bo-enrol">
      <li>
        <p>{t('backoffice.enrol.step1')}</p>
        <img className="totp-setup__qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}`} width={200} height={200} alt={t('backoffice.enrol.qrAlt')} />
        <p>
          {t('backoffice.enrol.manual')}{' '}
          <code className="totp-setup__secret" data-testid="totp-secret">
            {grouped}
          </code>
        </p>
      </li>
      <li>
        <p>{t('backoffice.enrol.step2')}</p>
        <CodeForm id={`${client.id}-enrol`} submitLabel={t('backoffice.enrol.submit')} submit={client.confirmSetup} onDone={onDone} onRestart={onRestart} />
      </li>
    </ol>
  );
}

/** /backoffice/anmelden: e-mail and password, then the authenticator code (or setting one up). */
export function SignInPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const routeState = signInState(location.state);
  const session = useStaffSessionQuery();
  const store = useStaffSessionStore();
  const client = useStaffClient();
  const [step, setStep] = useState<Step>(routeState.enrol ? 'enrol' : 'password');
  useFocusOnViewChange(step);
  const expired = search.get(EXPIRED_PARAM) === '1';

  if (step === 'password' && session.data?.status === 'signed_in') return <Navigate to={routeState.from ?? boPaths.dashboard} replace />;

  const done = (response: ApiResponse<TStaffSession>): void => {
    store.store(response);
    void navigate(routeState.from ?? boPaths.dashboard, { replace: true });
  };
  const restart = (): void => {
    setStep('password');
  };
  const title = step === 'password' ? t('backoffice.signIn.title') : step === 'totp' ? t('backoffice.signIn.codeTitle') : t('backoffice.enrol.title');
  return (
    <div className="form-page">
      <PageHeading title={title} />
      {step === 'password' && (
        <>
          {expired && !routeState.signedOut && (
            <div className="notice" role="status">
              <p>{t('backoffice.signIn.expired')}</p>
            </div>
          )}
          {routeState.signedOut && (
            <div className="notice notice--success" role="status">
              <p>{t('backoffice.signIn.signedOut')}</p>
            </div>
          )}
          <p className="lead">{t('backoffice.signIn.intro')}</p>
          <PasswordStep client={client} onNext={setStep} />
        </>
      )}
      {step === 'totp' && (
        <>
          <p className="lead">{t('backoffice.signIn.codeIntro')}</p>
          <CodeForm id="bo-code" submitLabel={t('backoffice.signIn.codeSubmit')} submit={client.totp} onDone={done} onRestart={restart} />
        </>
      )}
      {step === 'enrol' && (
        <>
          <p className="lead">{t('backoffice.enrol.intro')}</p>
          <EnrolStep client={client} onDone={done} onRestart={restart} />
        </>
      )}
    </div>
  );
}
