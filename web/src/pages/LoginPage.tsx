import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ContactLine } from '../components/ContactLine.tsx';
import { KeptDraftNotice } from '../components/DraftNotice.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { PasskeySignIn } from '../components/PasskeySignIn.tsx';
import { PasswordInput } from '../components/PasswordInput.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TextInput } from '../components/TextInput.tsx';
import { ApiError } from '../lib/api.ts';
import { login } from '../lib/identity.ts';
import { authRouteState, EXPIRED_PARAM, paths } from '../lib/routes.ts';
import { afterSignInPath, useSession, useSessionStore } from '../lib/session.ts';
import { useTenant } from '../lib/site.ts';
import { useForm } from '../lib/useForm.ts';

const fields = ['identifier', 'password'] as const;

/** /anmelden: e-mail address or customer number and password. */
export function LoginPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  const location = useLocation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const store = useSessionStore();
  const session = useSession();
  const routeState = authRouteState(location.state);
  const expired = params.get(EXPIRED_PARAM) === '1';

  const form = useForm({
    id: 'login',
    fields,
    initialValues: { identifier: routeState.identifier ?? '' },
    validate: (values) => ({
      identifier: values.identifier.trim() === '' ? t('validation.identifierRequired') : undefined,
      password: values.password === '' ? t('validation.passwordRequired') : undefined,
    }),
    submit: (values) => login({ identifier: values.identifier.trim(), password: values.password }),
    onSuccess: (answer) => {
      const from = routeState.from;
      if (answer.kind === 'second_factor') {
        void navigate(paths.secondFactor, { state: { ...(from ? { from } : {}), factors: answer.required.factors } });
        return;
      }
      const { session: signedIn } = store.store(answer.response);
      void navigate(afterSignInPath(signedIn, from), { replace: true, state: from ? { from } : undefined });
    },
  });

  return (
    <>
      <PageHeading title={t('login.title')} />
      {expired && (
        <div className="notice" role="status">
          <p>{t('login.expired', { count: tenant.idleTimeoutMinutes })}</p>
        </div>
      )}
      <KeptDraftNotice />
      {routeState.signedOut && !session && (
        <div className="notice" role="status">
          <p>{t('login.signedOut')}</p>
        </div>
      )}
      {session && !form.pending ? (
        <div className="notice">
          <p>{t('login.alreadySignedIn', { email: session.login.email })}</p>
          <p>
            <Link to={paths.myAccess} className="button">
              {t('login.toMyAccess')}
            </Link>
          </p>
        </div>
      ) : (
        <div className="form-page">
          <p className="lead">{t('login.intro')}</p>
          <form className="form" noValidate onSubmit={form.onSubmit}>
            <FormErrors
              form={form}
              messages={{
                invalid_credentials: t('login.invalidCredentials'),
                activation_pending: t('login.activationPending'),
              }}
              renderProblem={(problem) =>
                problem instanceof ApiError && problem.code === 'login_locked' ? (
                  <p>
                    {t('login.locked')} <ContactLine />
                  </p>
                ) : undefined
              }
            />
            <TextInput
              {...form.field('identifier')}
              label={t('fields.identifier')}
              description={t('login.identifierHint', { example: tenant.customerNumber.example })}
              autoComplete="username"
            />
            <PasswordInput {...form.field('password')} label={t('fields.password')} autoComplete="current-password" />
            <p className="form__aside">
              <Link to={paths.forgotPassword}>{t('login.forgotPassword')}</Link>
            </p>
            <div className="form__actions">
              <SubmitButton pending={form.pending}>{t('login.submit')}</SubmitButton>
            </div>
          </form>
          <PasskeySignIn from={routeState.from} />
          <p className="form-page__switch">
            {t('login.noAccessYet')} <Link to={paths.register}>{t('login.registerNow')}</Link>
          </p>
        </div>
      )}
    </>
  );
}
