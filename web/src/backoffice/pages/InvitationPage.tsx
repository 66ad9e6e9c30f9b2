import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { LoadingStatus } from '../../components/LoadingStatus.tsx';
import { NewPasswordForm } from '../../components/NewPasswordForm.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ApiError } from '../../lib/api.ts';
import { tokenFromHash } from '../../lib/linkToken.ts';
import { problemMessage } from '../../lib/problems.ts';
import { acceptInvitation, invitationInfo } from '../lib/api.ts';
import { boPaths, type SignInState } from '../lib/paths.ts';
import { STAFF_KEY } from '../lib/session.ts';

/** The invitation link carries its token as the whole fragment (#<token>) or as #token=<token>. */
function invitationToken(hash: string): string | null {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (/^[A-Za-z0-9_-]{20,200}$/.test(raw)) return raw;
  return tokenFromHash(hash);
}

/** Reads the token once and removes it from the address bar (and so from the history). */
function useInvitationToken(): string | null {
  const [token] = useState(() => invitationToken(window.location.hash));
  const { pathname, hash } = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    if (hash !== '') void navigate({ pathname }, { replace: true });
  }, [hash, pathname, navigate]);
  return token;
}

function InvalidLink({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const invalid = error === null || (error instanceof ApiError && (error.code === 'token_invalid' || error.status === 400 || error.status === 404));
  return (
    <div className="notice notice--error" role="alert">
      <p>{invalid ? t('backoffice.invitation.invalid') : problemMessage(t, error)}</p>
    </div>
  );
}

/** /backoffice/einladung#<token>: who the invitation is for, the new password twice, then the authenticator. */
export function InvitationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const token = useInvitationToken();
  const info = useQuery({
    queryKey: [...STAFF_KEY, 'invitation', token],
    queryFn: () => invitationInfo(token ?? ''),
    enabled: token !== null,
    retry: false,
    staleTime: Infinity,
  });
  return (
    <div className="form-page">
      <PageHeading title={t('backoffice.invitation.title')} />
      {token === null ? (
        <InvalidLink error={null} />
      ) : info.isPending ? (
        <LoadingStatus />
      ) : info.isError ? (
        <InvalidLink error={info.error} />
      ) : (
        <>
          <p className="lead">{t('backoffice.invitation.intro', { tenant: info.data.tenantName })}</p>
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
            id="bo-invitation"
            email={info.data.email}
            submitLabel={t('backoffice.invitation.submit')}
            submit={(password) => acceptInvitation(token, password)}
            onSuccess={() => {
              const state: SignInState = { enrol: true };
              void navigate(boPaths.signIn, { state });
            }}
          />
        </>
      )}
    </div>
  );
}
