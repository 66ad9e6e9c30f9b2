import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resendActivation } from '../lib/identity.ts';
import { useLocale } from '../lib/i18n.ts';
import { useForm } from '../lib/useForm.ts';
import { FormErrors } from './FormErrors.tsx';
import { SubmitButton } from './SubmitButton.tsx';

const noFields = [] as const;

/** "E-Mail erneut senden" on the registration confirmation: a new activation mail to `email`. */
export function ResendActivation({ email }: { email: string }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    id: 'resend',
    fields: noFields,
    submit: () => resendActivation(email, locale),
    onSuccess: (response) => {
      setSentTo(response.email);
    },
  });
  return (
    <form className="form form--inline" noValidate onSubmit={form.onSubmit}>
      <FormErrors form={form} />
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('register.resend')}</SubmitButton>
      </div>
      <p role="status" className="form__status">
        {sentTo !== null && !form.pending ? t('register.resent', { email: sentTo }) : ''}
      </p>
    </form>
  );
}
