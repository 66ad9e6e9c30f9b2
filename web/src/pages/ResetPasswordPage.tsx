import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../components/LoadError.tsx';
import { LoadingStatus } from '../components/LoadingStatus.tsx';
import { NewPasswordForm } from '../components/NewPasswordForm.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { resetPassword } from '../lib/identity.ts';
import { useLinkToken } from '../lib/linkToken.ts';
import { paths, type AuthRouteState } from '../lib/routes.ts';
import { isInvalidLink, useTokenInfoQuery } from '../lib/tokenQuery.ts';
import { useFocusOnViewChange } from '../lib/useFocusOnRouteChange.ts';

/** /passwort-zuruecksetzen#token=…: the link from the "Passwort vergessen" mail. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const token = useLinkToken();
  const info = useTokenInfoQuery(token, 'password_reset');
  const [doneEmail, setDoneEmail] = useState<string | null>(null);
  const view = doneEmail !== null ? 'done' : token === null || info.isError ? 'problem' : info.isPending ? 'checking' : 'form';
  useFocusOnViewChange(view);

  if (doneEmail !== null) {
    const state: AuthRouteState = { identifier: doneEmail };
    return (
      <>
        <PageHeading title={t('reset.doneTitle')} />
        <div className="notice notice--success">
          <p>{t('reset.done')}</p>
        </div>
        <p>
          <Link to={paths.login} state={state} className="button">
            {t('activate.toLogin')}
          </Link>
        </p>
      </>
    );
  }
  if (token === null || isInvalidLink(info.error)) {
    return (
      <>
        <PageHeading title={t('reset.invalidTitle')} />
        <div className="notice">
          <p>{t('reset.invalid')}</p>
        </div>
        <p>
          <Link to={paths.forgotPassword} className="button">
            {t('reset.requestNew')}
          </Link>
        </p>
      </>
    );
  }
  if (info.isError) {
    return (
      <>
        <PageHeading title={t('reset.title')} />
        <LoadError
          error={info.error}
          onRetry={() => {
            void info.refetch();
          }}
        />
      </>
    );
  }
  if (info.isPending) {
    return (
      <>
        <PageHeading title={t('reset.title')} />
        <LoadingStatus />
      </>
    );
  }
  return (
    <>
      <PageHeading title={t('reset.title')} />
      <div className="form-page">
        <p className="lead">{t('reset.intro', { email: info.data.email })}</p>
        <NewPasswordForm
          id="reset"
          email={info.data.email}
          submitLabel={t('reset.submit')}
          submit={(password) => resetPassword({ token, password })}
          onSuccess={(result) => {
            setDoneEmail(result.email);
          }}
        />
      </div>
    </>
  );
}
