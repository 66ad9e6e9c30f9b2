import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { LoadingStatus } from '../../components/LoadingStatus.tsx';
import { NewPasswordForm } from '../../components/NewPasswordForm.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { acceptOperatorInvitation, operatorInvitationInfo } from '../lib/api.ts';
import { opPaths, type OperatorSignInState } from '../lib/paths.ts';
import { OPERATOR_KEY } from '../lib/session.ts';

/** The operators' password rules (server: OPERATOR_PASSWORD_MIN). */
const policy = { minLength: 12, contextWords: ['kundenportal', 'betrieb'] };

/** Reads the token (the whole fragment) once and removes it from the address bar and the history. */
function useInvitationToken(): string | null {
  const [token] = useState(() => {
    const raw = window.location.hash.replace(/^#/, '');
    return /^[A-Za-z0-9_-]{20,200}$/.test(raw) ? raw : null;
  });
  const { pathname, hash } = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    if (hash !== '') void navigate({ pathname }, { replace: true });
  }, [hash, pathname, navigate]);
  return token;
}

/** /betrieb/einladung#<token>: who the invitation is for, the new password twice, then the authenticator. */
export function OperatorInvitationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const token = useInvitationToken();
  const info = useQuery({
    queryKey: [...OPERATOR_KEY, 'invitation', token],
    queryFn: () => operatorInvitationInfo(token ?? ''),
    enabled: token !== null,
    retry: false,
    staleTime: Infinity,
  });
  const invalid = (error: unknown) => {
    const known = error === null || (error instanceof ApiError && (error.code === 'token_invalid' || error.status === 400 || error.status === 404));
    return (
      <div className="notice notice--error" role="alert">
        <p>{known ? t('operator.invitation.invalid') : problemMessage(t, error)}</p>
      </div>
    );
  };
  return (
    <div className="form-page">
      <PageHeading title={t('operator.invitation.title')} />
      {token === null ? (
        invalid(null)
      ) : info.isPending ? (
        <LoadingStatus />
      ) : info.isError ? (
        invalid(info.error)
      ) : (
        <>
          <p className="lead">{t('operator.invitation.intro')}</p>
          <dl className="pairs">
            <div>
              <dt>{t('backoffice.invitation.name')}</dt>
              <dd>{info.data.name}</dd>
            </div>
            <div>
              <dt>{t('backoffice.invitation.email')}</dt>
              <dd>{info.data.email}</dd>
            </div>
          </dl>
          <p>{t('backoffice.invitation.next')}</p>
          <NewPasswordForm
            id="op-invitation"
            email={info.data.email}
            policy={policy}
            submitLabel={t('backoffice.invitation.submit')}
            submit={(password) => acceptOperatorInvitation(token, password)}
            onSuccess={() => {
              const state: OperatorSignInState = { enrol: true };
              void navigate(opPaths.signIn, { state });
            }}
          />
        </>
      )}
    </div>
  );
}
