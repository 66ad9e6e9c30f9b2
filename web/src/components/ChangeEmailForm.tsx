import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TSession } from '../../../api/identity.ts';
import { changeEmail } from '../lib/identity.ts';
import { emailError } from '../lib/passwordRules.ts';
import { useForm } from '../lib/useForm.ts';
import { CheckEmailNotice } from './CheckEmailNotice.tsx';
import { FormErrors } from './FormErrors.tsx';
import { PasswordInput } from './PasswordInput.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { TextInput } from './TextInput.tsx';

const fields = ['newEmail', 'newEmailRepeat', 'password'] as const;

const normalized = (email: string): string => email.trim().toLowerCase();

/**
 * "E-Mail-Adresse ändern" on Mein Zugang: the new address twice and the password. A confirmation
 * link goes to the new address; the address changes only once it is opened (/email-bestaetigen).
 * The server answers the same when the new address belongs to another access (that address is told
 * instead), so the success message is phrased to hold either way.
 */
export function ChangeEmailForm({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    id: 'change-email',
    fields,
    validate: (values) => ({
      newEmail:
        values.newEmail.trim() === ''
          ? t('changeEmail.newEmailRequired')
          : (emailError(t, values.newEmail) ?? (normalized(values.newEmail) === normalized(session.login.email) ? t('changeEmail.same') : undefined)),
      newEmailRepeat:
        values.newEmailRepeat.trim() === ''
          ? t('changeEmail.repeatRequired')
          : normalized(values.newEmailRepeat) !== normalized(values.newEmail)
            ? t('changeEmail.mismatch')
            : undefined,
      password: values.password === '' ? t('validation.passwordRequired') : undefined,
    }),
    submit: async (values) => {
      setSentTo(null);
      return changeEmail({ newEmail: values.newEmail.trim(), newEmailRepeat: values.newEmailRepeat.trim(), password: values.password });
    },
    onSuccess: (response) => {
      form.reset();
      setSentTo(response.email);
    },
  });
  return (
    <section className="section" aria-labelledby="change-email-heading">
      <h2 id="change-email-heading">{t('changeEmail.heading')}</h2>
      <p>
        {t('changeEmail.current')} <strong>{session.login.maskedEmail}</strong>
      </p>
      <p>{t('changeEmail.intro')}</p>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <FormErrors form={form} />
        <input type="email" className="visually-hidden" tabIndex={-1} aria-hidden="true" autoComplete="username" value={session.login.email} readOnly />
        <TextInput {...form.field('newEmail')} label={t('changeEmail.newEmail')} type="email" inputMode="email" autoComplete="email" isRequired />
        <TextInput {...form.field('newEmailRepeat')} label={t('changeEmail.newEmailRepeat')} type="email" inputMode="email" autoComplete="email" isRequired />
        <PasswordInput {...form.field('password')} label={t('changeEmail.password')} description={t('changeEmail.passwordHint')} autoComplete="current-password" isRequired />
        <div className="form__actions">
          <SubmitButton pending={form.pending}>{t('changeEmail.submit')}</SubmitButton>
        </div>
        <div role="status" className="form__status">
          {sentTo !== null && <CheckEmailNotice message={t('changeEmail.sent', { email: sentTo })} />}
        </div>
      </form>
    </section>
  );
}
