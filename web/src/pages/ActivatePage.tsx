import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CheckEmailNotice } from '../components/CheckEmailNotice.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { LoadingStatus } from '../components/LoadingStatus.tsx';
import { NewPasswordForm } from '../components/NewPasswordForm.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TextInput } from '../components/TextInput.tsx';
import { useLocale } from '../lib/i18n.ts';
import { activate, resendActivation } from '../lib/identity.ts';
import { useLinkToken } from '../lib/linkToken.ts';
import { emailError } from '../lib/passwordRules.ts';
import { paths, type AuthRouteState } from '../lib/routes.ts';
import { isInvalidLink, useTokenInfoQuery } from '../lib/tokenQuery.ts';
import { useForm } from '../lib/useForm.ts';
import { useFocusOnViewChange } from '../lib/useFocusOnRouteChange.ts';

function Activated({ email }: { email: string }) {
  const { t } = useTranslation();
  const state: AuthRouteState = { identifier: email };
  return (
    <>
      <PageHeading title={t('activate.doneTitle')} />
      <div className="notice notice--success">
        <p>{t('activate.done')}</p>
      </div>
      <p>
        <Link to={paths.login} state={state} className="button">
          {t('activate.toLogin')}
        </Link>
      </p>
    </>
  );
}

const resendFields = ['email'] as const;

/** The link did not work: explain, and offer a new one. */
function InvalidLink() {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const [sentTo, setSentTo] = useState<string | null>(null);
  useFocusOnViewChange(sentTo === null ? 'invalid' : 'resent');
  const form = useForm({
    id: 'resend',
    fields: resendFields,
    validate: (values) => ({ email: emailError(t, values.email) }),
    submit: (values) => resendActivation(values.email.trim(), locale),
    onSuccess: (response) => {
      setSentTo(response.email);
    },
  });
  if (sentTo !== null) {
    return (
      <>
        <PageHeading title={t('activate.resentTitle')} />
        <CheckEmailNotice message={t('activate.resent', { email: sentTo })} />
      </>
    );
  }
  return (
    <>
      <PageHeading title={t('activate.invalidTitle')} />
      <div className="notice">
        <p>{t('activate.invalid')}</p>
        <p>
          <Link to={paths.login}>{t('activate.toLogin')}</Link>
        </p>
      </div>
      <div className="form-page">
        <p>{t('activate.resendIntro')}</p>
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <FormErrors form={form} />
          <TextInput {...form.field('email')} label={t('fields.email')} type="email" inputMode="email" autoComplete="email" />
          <div className="form__actions">
            <SubmitButton pending={form.pending}>{t('activate.resendSubmit')}</SubmitButton>
          </div>
        </form>
      </div>
    </>
  );
}

/** Activation without a password (it was chosen at registration): starts by itself, once. */
function ActivateDirectly({ token, onActivated }: { token: string; onActivated: (email: string) => void }) {
  const { t } = useTranslation();
  const mutation = useMutation({ mutationFn: activate, onSuccess: (result) => onActivated(result.email) });
  const started = useRef(false);
  const { mutate } = mutation;
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    mutate({ token });
  }, [mutate, token]);
  if (mutation.isError) {
    if (isInvalidLink(mutation.error)) return <InvalidLink />;
    return (
      <>
        <PageHeading title={t('activate.title')} />
        <LoadError
          error={mutation.error}
          onRetry={() => {
            mutate({ token });
          }}
        />
      </>
    );
  }
  return (
    <>
      <PageHeading title={t('activate.title')} />
      <p>{t('activate.activating')}</p>
      <LoadingStatus />
    </>
  );
}

/** The links /aktivieren accepts: from the registration mail and from an invitation. */
const linkPurposes = ['activation', 'invitation'] as const;

/**
 * /aktivieren#token=…: the link from the registration mail, or from an invitation (the invitee
 * chooses a password and the login is active at once; an address with a login already just gets
 * the customer account added).
 */
export function ActivatePage() {
  const { t } = useTranslation();
  const token = useLinkToken();
  const info = useTokenInfoQuery(token, linkPurposes);
  const [activatedEmail, setActivatedEmail] = useState<string | null>(null);
  const view = activatedEmail !== null ? 'done' : token === null || info.isError ? 'problem' : info.isPending ? 'checking' : 'ready';
  useFocusOnViewChange(view);

  if (activatedEmail !== null) return <Activated email={activatedEmail} />;
  if (token === null || isInvalidLink(info.error)) return <InvalidLink />;
  if (info.isError) {
    return (
      <>
        <PageHeading title={t('activate.title')} />
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
        <PageHeading title={t('activate.title')} />
        <p>{t('activate.checking')}</p>
        <LoadingStatus />
      </>
    );
  }
  if (!info.data.needsPassword) return <ActivateDirectly token={token} onActivated={setActivatedEmail} />;
  const invitation = info.data.purpose === 'invitation';
  return (
    <>
      <PageHeading title={invitation ? t('activate.invitationTitle') : t('activate.title')} />
      <div className="form-page">
        <p className="lead">
          {invitation ? t('activate.invitationIntro', { email: info.data.email }) : t('activate.setPasswordIntro', { email: info.data.email })}
        </p>
        <NewPasswordForm
          id="activate"
          email={info.data.email}
          submitLabel={invitation ? t('activate.invitationSubmit') : t('activate.submit')}
          submit={(password) => activate({ token, password })}
          onSuccess={(result) => {
            setActivatedEmail(result.email);
          }}
        />
      </div>
    </>
  );
}
