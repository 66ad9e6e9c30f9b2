import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { TSecondFactorRequired } from '../../../api/factors.ts';
import { FormErrors } from '../components/FormErrors.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { PasskeySignIn } from '../components/PasskeySignIn.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { PendingButton, SubmitButton } from '../components/SubmitButton.tsx';
import { TextInput } from '../components/TextInput.tsx';
import { ApiError } from '../lib/api.ts';
import { fetchSecondFactor, submitSecondFactor } from '../lib/factors.ts';
import { logout } from '../lib/identity.ts';
import { authRouteState, paths } from '../lib/routes.ts';
import { afterSignInPath, useSessionStore } from '../lib/session.ts';
import { useForm } from '../lib/useForm.ts';

const fields = ['code'] as const;

function CodeForm({ method, from }: { method: 'totp' | 'recovery_code'; from: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const store = useSessionStore();
  const totp = method === 'totp';
  const form = useForm({
    id: `second-factor-${method}`,
    fields,
    sensitive: fields,
    validate: (values) => {
      const code = values.code.replace(/[\s-]/g, '');
      if (code === '') return { code: totp ? t('secondFactor.codeRequired') : t('secondFactor.recoveryRequired') };
      if (totp && !/^\d{6}$/.test(code)) return { code: t('secondFactor.codeFormat') };
      return {};
    },
    submit: (values) => submitSecondFactor({ method, code: values.code }),
    onSuccess: (response) => {
      const { session } = store.store(response);
      void navigate(afterSignInPath(session, from), { replace: true, state: from ? { from } : undefined });
    },
  });
  return (
    <form className="form" noValidate onSubmit={form.onSubmit}>
      <FormErrors form={form} />
      <TextInput
        {...form.field('code')}
        label={totp ? t('secondFactor.codeLabel') : t('secondFactor.recoveryLabel')}
        description={totp ? t('secondFactor.codeHint') : t('secondFactor.recoveryHint')}
        autoComplete={totp ? 'one-time-code' : 'off'}
        inputMode={totp ? 'numeric' : 'text'}
        isRequired
      />
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('secondFactor.submit')}</SubmitButton>
      </div>
    </form>
  );
}

function Step({ required, from, onCancel }: { required: TSecondFactorRequired; from: string | undefined; onCancel: () => void }) {
  const { t } = useTranslation();
  const hasTotp = required.factors.includes('totp');
  const hasPasskey = required.factors.includes('passkey');
  // With an app the code form shows at once; with passkeys only, the recovery code is asked on request.
  const [method, setMethod] = useState<'totp' | 'recovery_code' | null>(hasTotp ? 'totp' : null);
  const other = method === 'recovery_code' ? (hasTotp ? 'totp' : null) : 'recovery_code';
  return (
    <div className="form-page">
      <p className="lead">{hasTotp ? t('secondFactor.introTotp') : t('secondFactor.introPasskey')}</p>
      {hasPasskey && <PasskeySignIn from={from} secondStep />}
      {method && <CodeForm key={method} method={method} from={from} />}
      {other && (
        <p>
          <PendingButton
            pending={false}
            variant="secondary"
            onPress={() => {
              setMethod(other);
            }}
          >
            {other === 'totp' ? t('secondFactor.useApp') : t('secondFactor.useRecoveryCode')}
          </PendingButton>
        </p>
      )}
      <p className="form-page__switch">{t('secondFactor.lostEverything')}</p>
      <div className="form__actions">
        <PendingButton pending={false} variant="secondary" onPress={onCancel}>
          {t('secondFactor.cancel')}
        </PendingButton>
      </div>
    </div>
  );
}

/** /anmeldung-bestaetigen: the second step of signing in (code from the app, passkey or recovery code). */
export function SecondFactorPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const from = authRouteState(location.state).from;
  const query = useQuery({ queryKey: ['second-factor'], queryFn: ({ signal }) => fetchSecondFactor(signal), retry: false, gcTime: 0 });
  const gone = query.error instanceof ApiError && query.error.status === 401;
  const cancel = (): void => {
    void logout()
      .catch(() => undefined)
      .then(() => navigate(paths.login, { replace: true }));
  };
  return (
    <>
      <PageHeading title={t('secondFactor.title')} />
      {gone ? (
        <div className="notice">
          <p>{t('secondFactor.expired')}</p>
          <p>
            <Link to={paths.login} className="button">
              {t('secondFactor.toLogin')}
            </Link>
          </p>
        </div>
      ) : (
        <QueryState query={query}>
          {(required) => <Step required={required} from={from} onCancel={cancel} />}
        </QueryState>
      )}
    </>
  );
}
