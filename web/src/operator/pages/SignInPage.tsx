import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { TOperatorSession } from '../../../../api/operator.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import type { ApiResponse } from '../../lib/api.ts';
import { useFocusOnViewChange } from '../../lib/useFocusOnRouteChange.ts';
import { CodeForm, EnrolStep, PasswordStep, type TwoStepClient, type TwoStepStep } from '../../backoffice/pages/SignInPage.tsx';
import { confirmOperatorTotpSetup, operatorLogin, operatorTotp, startOperatorTotpSetup } from '../lib/api.ts';
import { EXPIRED_PARAM, operatorSignInState, opPaths } from '../lib/paths.ts';
import { OPERATOR_KEY, useOperatorSessionQuery, useOperatorSessionStore } from '../lib/session.ts';

/** /betrieb/anmelden: e-mail and password, then the authenticator code (or setting one up), as in the back office. */
export function OperatorSignInPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const routeState = operatorSignInState(location.state);
  const session = useOperatorSessionQuery();
  const store = useOperatorSessionStore();
  const [step, setStep] = useState<TwoStepStep>(routeState.enrol ? 'enrol' : 'password');
  useFocusOnViewChange(step);
  const expired = search.get(EXPIRED_PARAM) === '1';
  const client: TwoStepClient<TOperatorSession> = {
    id: 'op',
    queryKey: OPERATOR_KEY,
    login: operatorLogin,
    totp: operatorTotp,
    startSetup: startOperatorTotpSetup,
    confirmSetup: confirmOperatorTotpSetup,
    lockedMessage: t('operator.signIn.locked'),
  };

  if (step === 'password' && session.data?.status === 'signed_in') return <Navigate to={routeState.from ?? opPaths.overview} replace />;

  const done = (response: ApiResponse<TOperatorSession>): void => {
    store.store(response);
    void navigate(routeState.from ?? opPaths.overview, { replace: true });
  };
  const restart = (): void => {
    setStep('password');
  };
  const title = step === 'password' ? t('operator.signIn.title') : step === 'totp' ? t('backoffice.signIn.codeTitle') : t('backoffice.enrol.title');
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
          <p className="lead">{t('operator.signIn.intro')}</p>
          <PasswordStep client={client} onNext={setStep} />
        </>
      )}
      {step === 'totp' && (
        <>
          <p className="lead">{t('operator.signIn.codeIntro')}</p>
          <CodeForm id="op-code" submitLabel={t('backoffice.signIn.codeSubmit')} submit={client.totp} onDone={done} onRestart={restart} />
        </>
      )}
      {step === 'enrol' && (
        <>
          <p className="lead">{t('operator.signIn.enrolIntro')}</p>
          <EnrolStep client={client} onDone={done} onRestart={restart} />
        </>
      )}
    </div>
  );
}
