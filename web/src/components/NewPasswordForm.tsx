import { useTranslation } from 'react-i18next';
import { newPasswordError, repeatError } from '../lib/passwordRules.ts';
import { use } from 'react';
import { TenantContext } from '../lib/site.ts';
import { useForm } from '../lib/useForm.ts';
import { FormErrors } from './FormErrors.tsx';
import { PasswordInput } from './PasswordInput.tsx';
import { PasswordStrength } from './PasswordStrength.tsx';
import { SubmitButton } from './SubmitButton.tsx';

const fields = ['password', 'passwordRepeat'] as const;

/** New password + repetition with the strength meter (activation with a password, password reset). */
export function NewPasswordForm<R>({
  id,
  email,
  submitLabel,
  submit,
  onSuccess,
  policy,
}: {
  id: string;
  /** The login the password is for (the meter warns when the password contains it). */
  email: string;
  submitLabel: string;
  submit: (password: string) => Promise<R>;
  onSuccess: (result: R) => void;
  /** The password rules where no tenant's apply (the operator console on the installation host). */
  policy?: { minLength: number; contextWords: string[] };
}) {
  const { t } = useTranslation();
  const tenant = use(TenantContext);
  const minLength = policy?.minLength ?? tenant?.passwordMinLength ?? 8;
  const contextWords = policy?.contextWords ?? (tenant ? [tenant.displayName] : []);
  const form = useForm({
    id,
    fields,
    validate: (values) => ({
      password: newPasswordError(t, values.password, minLength),
      passwordRepeat: repeatError(t, values.password, values.passwordRepeat),
    }),
    submit: (values) => submit(values.password),
    onSuccess,
  });
  return (
    <form className="form" noValidate onSubmit={form.onSubmit}>
      <FormErrors form={form} />
      {/* A hidden username field helps password managers store the new password for the right login. */}
      <input type="email" className="visually-hidden" tabIndex={-1} aria-hidden="true" autoComplete="username" value={email} readOnly />
      <PasswordInput
        {...form.field('password')}
        label={t('fields.newPassword')}
        description={t('password.hint', { min: minLength })}
        autoComplete="new-password"
        isRequired
      >
        <PasswordStrength password={form.values.password} minLength={minLength} userInputs={[email, ...contextWords]} />
      </PasswordInput>
      <PasswordInput {...form.field('passwordRepeat')} label={t('fields.newPasswordRepeat')} autoComplete="new-password" isRequired />
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
