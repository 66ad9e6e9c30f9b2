import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Label, RadioButton, RadioField, RadioGroup } from 'react-aria-components';
import { Link } from 'react-router';
import type { TRegistrationMethod } from '../../../api/tenant.ts';
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
import type { ReviewRouteState } from './RegistrationReviewPage.tsx';

const fields = ['customerNumber', 'meterNumber', 'email', 'password', 'passwordRepeat'] as const;

/**
 * The numbers (or the name) do not belong to one customer. The server's title for this code names
 * customer and meter number; the forms for the other methods use headings of their own.
 */
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

/** The way out when the numbers are right but do not match: a clerk checks by hand (ADR 0027). */
function ReviewOffer({ state }: { state: ReviewRouteState }) {
  const { t } = useTranslation();
  return (
    <p>
      {t('registrationReview.offer')}{' '}
      <Link to={paths.registrationReview} state={state}>
        {t('registrationReview.offerLink')}
      </Link>
    </p>
  );
}

/** Shown when the numbers do not belong together: the server's advice, both help texts, contact. */
function ProofMismatch({ problem, review }: { problem: ApiError; review: ReviewRouteState }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <>
      <p>{problem.detail ?? t('register.proofMismatchHelp')}</p>
      <h3 className="error-summary__subheading">{t('register.customerNumberHelp')}</h3>
      <CustomerNumberHelp />
      <h3 className="error-summary__subheading">{t('register.meterNumberHelp')}</h3>
      <LocalizedParagraphs value={tenant.meterNumberHelp} />
      <ReviewOffer state={review} />
      <p>
        {t('register.stillNotWorking')} <ContactLine />
      </p>
    </>
  );
}

function CustomerMeterForm({ onRegistered }: { onRegistered: (email: string) => void }) {
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
        renderProblem={(problem) =>
          isProofMismatch(problem) ? (
            <ProofMismatch
              problem={problem}
              review={{ method: 'customer_meter', customerNumber: form.values.customerNumber, meterNumber: form.values.meterNumber, email: form.values.email }}
            />
          ) : undefined
        }
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

const nameFields = ['customerNumber', 'name', 'email'] as const;

/** Customer number and the name on the bill; the password is chosen after confirming the e-mail. */
function CustomerNameForm({ onRegistered }: { onRegistered: (email: string) => void }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  const [locale] = useLocale();
  const form = useForm({
    id: 'register-name',
    fields: nameFields,
    validate: (values) => ({
      customerNumber: values.customerNumber.trim() === '' ? t('validation.customerNumberRequired') : undefined,
      name: values.name.trim() === '' ? t('validation.nameRequired') : undefined,
      email: emailError(t, values.email),
    }),
    submit: (values) =>
      register({
        method: 'customer_name',
        customerNumber: values.customerNumber.trim(),
        name: values.name.trim(),
        email: values.email.trim(),
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
        problemTitle={(problem) => (isProofMismatch(problem) ? t('register.nameMismatchHeading') : undefined)}
        renderProblem={(problem) =>
          isProofMismatch(problem) ? (
            <>
              <p>{problem.detail ?? t('register.nameMismatchHelp')}</p>
              <ReviewOffer state={{ method: 'customer_name', customerNumber: form.values.customerNumber, name: form.values.name, email: form.values.email }} />
              <p>
                {t('register.stillNotWorking')} <ContactLine />
              </p>
            </>
          ) : undefined
        }
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
      <TextInput {...form.field('name')} label={t('fields.nameOnBill')} description={t('register.nameHint')} isRequired autoComplete="name" />
      <TextInput
        {...form.field('email')}
        label={t('fields.email')}
        description={t('register.emailHint')}
        type="email"
        inputMode="email"
        autoComplete="email"
        isRequired
      />
      <p className="form__aside">{t('register.passwordLater')}</p>
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('register.submit')}</SubmitButton>
      </div>
    </form>
  );
}

const gpFields = ['meterNumber', 'gpNumber', 'email'] as const;

/** "Zugang beantragen" at a grid operator: meter number and the GP-Nr sent by post. */
function MeterGpForm({ onRegistered }: { onRegistered: (email: string) => void }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  const [locale] = useLocale();
  const form = useForm({
    id: 'register-gp',
    fields: gpFields,
    validate: (values) => ({
      meterNumber: values.meterNumber.trim() === '' ? t('validation.meterNumberRequired') : undefined,
      gpNumber: values.gpNumber.trim() === '' ? t('validation.gpNumberRequired') : undefined,
      email: emailError(t, values.email),
    }),
    submit: (values) =>
      register({
        method: 'meter_gp',
        meterNumber: values.meterNumber.trim(),
        gpNumber: values.gpNumber.trim(),
        email: values.email.trim(),
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
        problemTitle={(problem) => (isProofMismatch(problem) ? t('register.gpMismatchHeading') : undefined)}
        renderProblem={(problem) =>
          isProofMismatch(problem) ? (
            <>
              <p>{problem.detail ?? t('register.gpMismatchHelp')}</p>
              <ReviewOffer state={{ method: 'meter_gp', meterNumber: form.values.meterNumber, gpNumber: form.values.gpNumber, email: form.values.email }} />
              <p>
                {t('register.stillNotWorking')} <ContactLine />
              </p>
            </>
          ) : undefined
        }
      />
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
        {...form.field('gpNumber')}
        label={t('fields.gpNumber')}
        description={t('register.gpNumberHint')}
        isRequired
        inputMode="numeric"
        autoComplete="off"
      />
      <TextInput
        {...form.field('email')}
        label={t('fields.email')}
        description={t('register.emailHint')}
        type="email"
        inputMode="email"
        autoComplete="email"
        isRequired
      />
      <p className="form__aside">{t('register.passwordLater')}</p>
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('register.gpSubmit')}</SubmitButton>
      </div>
    </form>
  );
}

type SelfServiceMethod = Exclude<TRegistrationMethod, 'invitation'>;

const methodLabels: Record<SelfServiceMethod, `register.method.${SelfServiceMethod}`> = {
  customer_meter: 'register.method.customer_meter',
  customer_name: 'register.method.customer_name',
  meter_gp: 'register.method.meter_gp',
};

/**
 * /registrieren: the tenant's ways to prove being a customer (a choice when there are several):
 * customer + meter number with a password, customer number + name, or meter number + GP-Nr
 * ("Zugang beantragen"; the password follows the e-mail link); then "check your e-mail".
 */
export function RegisterPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  // An invitation link is not something to choose here.
  const methods = tenant.registrationMethods.filter((m): m is SelfServiceMethod => m !== 'invitation');
  const [chosen, setChosen] = useState<SelfServiceMethod | null>(null);
  const method = chosen ?? methods[0];
  const [registeredEmail, setRegisteredEmail] = useState<string | null>(null);
  useFocusOnViewChange(registeredEmail === null ? 'form' : 'done');

  if (method === undefined) {
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
      <PageHeading title={method === 'meter_gp' ? t('register.gpTitle') : t('register.title')} />
      <div className="form-page">
        <p className="lead">{t(`register.intro.${method}`)}</p>
        {methods.length > 1 && (
          <RadioGroup
            className="choice"
            value={method}
            onChange={(value) => {
              setChosen(value as SelfServiceMethod);
            }}
          >
            <Label className="field__label">{t('register.methodChoice')}</Label>
            {methods.map((m) => (
              <RadioField key={m} value={m}>
                <RadioButton className="choice__option">{t(methodLabels[m])}</RadioButton>
              </RadioField>
            ))}
          </RadioGroup>
        )}
        {method === 'customer_meter' && <CustomerMeterForm onRegistered={setRegisteredEmail} />}
        {method === 'customer_name' && <CustomerNameForm onRegistered={setRegisteredEmail} />}
        {method === 'meter_gp' && (
          <>
            <MeterGpForm onRegistered={setRegisteredEmail} />
            <p className="form-page__switch">
              {t('register.noGpNumber')} <Link to={paths.requestGpNumber}>{t('register.requestGpNumber')}</Link>
            </p>
          </>
        )}
        <p className="form-page__switch">
          {t('register.haveAccess')} <Link to={paths.login}>{t('register.signInHere')}</Link>
        </p>
        {tenant.registrationMethods.includes('invitation') && <p className="form-page__switch">{t('register.invitationHint')}</p>}
      </div>
    </>
  );
}
