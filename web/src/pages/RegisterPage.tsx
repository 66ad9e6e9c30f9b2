import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../lib/api.ts';
import { CheckEmailNotice } from '../components/CheckEmailNotice.tsx';
import { ContactDetails } from '../components/ContactDetails.tsx';
import { ContactLine } from '../components/ContactLine.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { HelpDisclosure } from '../components/HelpDisclosure.tsx';
import { LocalizedParagraphs } from '../components/LocalizedParagraphs.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { PasswordInput } from '../components/PasswordInput.tsx';
import { PasswordStrength } from '../components/PasswordStrength.tsx';
import { RequiredLegend } from '../components/RequiredLegend.tsx';
import { ResendActivation } from '../components/ResendActivation.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TextInput } from '../components/TextInput.tsx';
import { useLocale } from '../lib/i18n.ts';
import { register } from '../lib/identity.ts';
import { emailError, newPasswordError, repeatError } from '../lib/passwordRules.ts';
import { paths } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';
import { useForm } from '../lib/useForm.ts';
import { useFocusOnViewChange } from '../lib/useFocusOnRouteChange.ts';

const fields = ['customerNumber', 'meterNumber', 'email', 'password', 'passwordRepeat'] as const;

function isProofMismatch(problem: unknown): problem is ApiError {
  return problem instanceof ApiError && problem.code === 'proof_mismatch';
}

/** Where the customer and meter numbers are printed: the tenant's own help texts. */
function CustomerNumberHelp() {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <>
      <LocalizedParagraphs value={tenant.customerNumber.help} />
      <p>
        {t('register.example')} <code className="sample">{tenant.customerNumber.example}</code>
      </p>
    </>
  );
}

/** Shown when the numbers do not belong together: the server's advice, both help texts, contact. */
function ProofMismatch({ problem }: { problem: ApiError }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <>
      <p>{problem.detail ?? t('register.proofMismatchHelp')}</p>
      <h3 className="error-summary__subheading">{t('register.customerNumberHelp')}</h3>
      <CustomerNumberHelp />
      <h3 className="error-summary__subheading">{t('register.meterNumberHelp')}</h3>
      <LocalizedParagraphs value={tenant.meterNumberHelp} />
      <p>
        {t('register.stillNotWorking')} <ContactLine />
      </p>
    </>
  );
}

function RegistrationForm({ onRegistered }: { onRegistered: (email: string) => void }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  const [locale] = useLocale();
  const minLength = tenant.passwordMinLength;
  const form = useForm({
    id: 'register',
    fields,
    validate: (values) => ({
      customerNumber: values.customerNumber.trim() === '' ? t('validation.customerNumberRequired') : undefined,
      meterNumber: values.meterNumber.trim() === '' ? t('validation.meterNumberRequired') : undefined,
      email: emailError(t, values.email),
      password: newPasswordError(t, values.password, minLength),
      passwordRepeat: repeatError(t, values.password, values.passwordRepeat),
    }),
    submit: (values) =>
      register({
        method: 'customer_meter',
        customerNumber: values.customerNumber.trim(),
        meterNumber: values.meterNumber.trim(),
        email: values.email.trim(),
        password: values.password,
        locale,
      }),
    onSuccess: (response) => {
      onRegistered(response.email);
    },
  });
  return (
    <form className="form" noValidate onSubmit={form.onSubmit}>
      <RequiredLegend />
      <FormErrors
        form={form}
        problemTitle={(problem) => (isProofMismatch(problem) ? (problem.title ?? t('register.proofMismatchHeading')) : undefined)}
        renderProblem={(problem) => (isProofMismatch(problem) ? <ProofMismatch problem={problem} /> : undefined)}
      />
      <TextInput
        {...form.field('customerNumber')}
        label={t('fields.customerNumber')}
        description={t('register.customerNumberHint', { example: tenant.customerNumber.example })}
        isRequired
        inputMode="numeric"
        autoComplete="off"
      >
        <HelpDisclosure title={t('register.customerNumberHelp')}>
          <CustomerNumberHelp />
        </HelpDisclosure>
      </TextInput>
      <TextInput
        {...form.field('meterNumber')}
        label={t('fields.meterNumber')}
        description={t('register.meterNumberHint')}
        isRequired
        autoComplete="off"
      >
        <HelpDisclosure title={t('register.meterNumberHelp')}>
          <LocalizedParagraphs value={tenant.meterNumberHelp} />
        </HelpDisclosure>
      </TextInput>
      <TextInput
        {...form.field('email')}
        label={t('fields.email')}
        description={t('register.emailHint')}
        type="email"
        inputMode="email"
        autoComplete="email"
        isRequired
      />
      <PasswordInput
        {...form.field('password')}
        label={t('fields.password')}
        description={t('password.hint', { min: minLength })}
        autoComplete="new-password"
        isRequired
      >
        <PasswordStrength
          password={form.values.password}
          minLength={minLength}
          userInputs={[form.values.email, form.values.customerNumber, tenant.displayName]}
        />
      </PasswordInput>
      <PasswordInput
        {...form.field('passwordRepeat')}
        label={t('fields.passwordRepeat')}
        autoComplete="new-password"
        isRequired
      />
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('register.submit')}</SubmitButton>
      </div>
    </form>
  );
}

/** /registrieren: customer number + meter number, e-mail address and password; then "check your e-mail". */
export function RegisterPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  const [registeredEmail, setRegisteredEmail] = useState<string | null>(null);
  useFocusOnViewChange(registeredEmail === null ? 'form' : 'done');

  if (!tenant.registrationMethods.includes('customer_meter')) {
    return (
      <>
        <PageHeading title={t('register.notPossibleTitle')} />
        <p className="lead">{t('register.notPossible', { name: tenant.displayName })}</p>
        <ContactDetails />
      </>
    );
  }
  if (registeredEmail !== null) {
    return (
      <>
        <PageHeading title={t('register.checkEmailTitle')} />
        <CheckEmailNotice message={t('register.checkEmail', { email: registeredEmail })}>
          <ResendActivation email={registeredEmail} />
        </CheckEmailNotice>
      </>
    );
  }
  return (
    <>
      <PageHeading title={t('register.title')} />
      <div className="form-page">
        <p className="lead">{t('register.intro')}</p>
        <RegistrationForm onRegistered={setRegisteredEmail} />
        <p className="form-page__switch">
          {t('register.haveAccess')} <Link to={paths.login}>{t('register.signInHere')}</Link>
        </p>
      </div>
    </>
  );
}
