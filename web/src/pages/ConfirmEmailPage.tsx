import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../components/LoadError.tsx';
import { LoadingStatus } from '../components/LoadingStatus.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { ApiError } from '../lib/api.ts';
import { confirmEmail } from '../lib/identity.ts';
import { useLinkToken } from '../lib/linkToken.ts';
import { paths, type AuthRouteState } from '../lib/routes.ts';
import { useSession, useSessionStore } from '../lib/session.ts';
import { isInvalidLink } from '../lib/tokenQuery.ts';
import { useFocusOnViewChange } from '../lib/useFocusOnRouteChange.ts';

/** The way on: "Mein Zugang" while signed in here, else the sign-in page (with the address filled in). */
function NextStep({ email }: { email?: string }) {
  const { t } = useTranslation();
  const session = useSession();
  if (session) {
    return (
      <p>
        <Link to={paths.myAccess} className="button">
          {t('confirmEmail.toMyAccess')}
        </Link>
      </p>
    );
  }
  const state: AuthRouteState = email === undefined ? {} : { identifier: email };
  return (
    <p>
      <Link to={paths.login} state={state} className="button">
        {t('activate.toLogin')}
      </Link>
    </p>
  );
}

/** The address is used by another access by now (409): nothing changed. */
function isTaken(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}

/**
 * /email-bestaetigen#token=…: the link mailed to a new e-mail address. Confirms by itself, once; the
 * link works without being signed in (it may be opened on another device).
 */
export function ConfirmEmailPage() {
  const { t } = useTranslation();
  const token = useLinkToken();
  const store = useSessionStore();
  const mutation = useMutation({
    mutationFn: confirmEmail,
    onSuccess: () => {
      // Signed in here: "Mein Zugang" shows the new address.
      void store.reread();
    },
  });
  const { mutate } = mutation;
  const started = useRef(false);
  useEffect(() => {
    if (started.current || token === null) return;
    started.current = true;
    mutate(token);
  }, [mutate, token]);
  const view = mutation.isSuccess ? 'done' : token === null || mutation.isError ? 'problem' : 'confirming';
  useFocusOnViewChange(view);

  if (mutation.isSuccess) {
    return (
      <>
        <PageHeading title={t('confirmEmail.doneTitle')} />
        <div className="notice notice--success">
          <p>{t('confirmEmail.done', { email: mutation.data.email })}</p>
          <p>{t('confirmEmail.noticeSent')}</p>
        </div>
        <NextStep email={mutation.data.email} />
      </>
    );
  }
  if (token === null || isInvalidLink(mutation.error)) {
    return (
      <>
        <PageHeading title={t('confirmEmail.invalidTitle')} />
        <div className="notice">
          <p>{t('confirmEmail.invalid')}</p>
          <p>{t('confirmEmail.invalidHelp')}</p>
        </div>
        <NextStep />
      </>
    );
  }
  if (isTaken(mutation.error)) {
    return (
      <>
        <PageHeading title={t('confirmEmail.takenTitle')} />
        <div className="notice notice--error">
          <p>{t('confirmEmail.taken')}</p>
        </div>
        <NextStep />
      </>
    );
  }
  if (mutation.isError) {
    return (
      <>
        <PageHeading title={t('confirmEmail.title')} />
        <LoadError
          error={mutation.error}
          onRetry={() => {
            mutate(token);
          }}
        />
      </>
    );
  }
  return (
    <>
      <PageHeading title={t('confirmEmail.title')} />
      <p>{t('confirmEmail.confirming')}</p>
      <LoadingStatus />
    </>
  );
}
