import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { CheckEmailNotice } from '../components/CheckEmailNotice.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TextInput } from '../components/TextInput.tsx';
import { useLocale } from '../lib/i18n.ts';
import { forgotPassword } from '../lib/identity.ts';
import { emailError } from '../lib/passwordRules.ts';
import { authRouteState, paths } from '../lib/routes.ts';
import { useForm } from '../lib/useForm.ts';
import { useFocusOnViewChange } from '../lib/useFocusOnRouteChange.ts';

const fields = ['email'] as const;

/** /passwort-vergessen: asks for a reset link (same answer whether or not the address has a login). */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const location = useLocation();
  const prefill = authRouteState(location.state).identifier;
  const [sentTo, setSentTo] = useState<string | null>(null);
  useFocusOnViewChange(sentTo === null ? 'form' : 'sent');
  const form = useForm({
    id: 'forgot',
    fields,
    initialValues: { email: prefill?.includes('@') ? prefill : '' },
    validate: (values) => ({ email: emailError(t, values.email) }),
    submit: (values) => forgotPassword(values.email.trim(), locale),
    onSuccess: (response) => {
      setSentTo(response.email);
    },
  });
  if (sentTo !== null) {
    return (
      <>
        <PageHeading title={t('forgot.checkEmailTitle')} />
        <CheckEmailNotice message={t('forgot.checkEmail', { email: sentTo })} />
        <p>
          <Link to={paths.login}>{t('forgot.backToLogin')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeading title={t('forgot.title')} />
      <div className="form-page">
        <p className="lead">{t('forgot.intro')}</p>
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <FormErrors form={form} />
          <TextInput {...form.field('email')} label={t('fields.email')} type="email" inputMode="email" autoComplete="email" />
          <div className="form__actions">
            <SubmitButton pending={form.pending}>{t('forgot.submit')}</SubmitButton>
          </div>
        </form>
        <p className="form-page__switch">
          <Link to={paths.login}>{t('forgot.backToLogin')}</Link>
        </p>
      </div>
    </>
  );
}
