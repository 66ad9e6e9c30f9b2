import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { REVIEW_LIMITS, ZRegistrationReviewReceipt, type TRegistrationReviewRequest } from '../../../api/registration-reviews.ts';
import { FormErrors } from '../components/FormErrors.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { RequiredLegend } from '../components/RequiredLegend.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TextAreaInput } from '../components/TextAreaInput.tsx';
import { TextInput } from '../components/TextInput.tsx';
import { request } from '../lib/api.ts';
import { useLocale } from '../lib/i18n.ts';
import { emailError } from '../lib/passwordRules.ts';
import { newIdempotencyKey } from '../lib/readings.ts';
import { paths } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';
import { useForm } from '../lib/useForm.ts';
import { useFocusOnViewChange } from '../lib/useFocusOnRouteChange.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

const fields = ['name', 'street', 'houseNumber', 'postalCode', 'city', 'customerNumber', 'meterNumber', 'gpNumber', 'email', 'phone', 'note'] as const;
type Method = TRegistrationReviewRequest['method'];

/** What the registration form hands over (router state): the method tried and what was typed. */
export interface ReviewRouteState {
  method: Method;
  customerNumber?: string;
  meterNumber?: string;
  gpNumber?: string;
  name?: string;
  email?: string;
}

function routeState(state: unknown): Partial<ReviewRouteState> {
  if (typeof state !== 'object' || state === null) return {};
  const record = state as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? record[key].slice(0, 200) : undefined);
  const method = record.method === 'customer_meter' || record.method === 'customer_name' || record.method === 'meter_gp' ? record.method : undefined;
  return {
    ...(method ? { method } : {}),
    ...Object.fromEntries((['customerNumber', 'meterNumber', 'gpNumber', 'name', 'email'] as const).flatMap((key) => (text(key) ? [[key, text(key)]] : []))),
  };
}

async function submitReview(body: TRegistrationReviewRequest) {
  return (await request('/api/v1/auth/registration-review', ZRegistrationReviewReceipt, { method: 'POST', body })).data;
}

/** /registrierung-pruefen: the proof did not match; the utility checks the registration by hand (ADR 0027). */
export function RegistrationReviewPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  const [locale] = useLocale();
  const location = useLocation();
  const [initial] = useState(() => routeState(location.state));
  const offered = tenant.registrationMethods.filter((m): m is Method => m === 'customer_meter' || m === 'customer_name' || m === 'meter_gp');
  const method: Method | undefined = initial.method && offered.includes(initial.method) ? initial.method : offered[0];
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [done, setDone] = useState<{ reference: string; email: string } | null>(null);
  useFocusOnViewChange(done ? 'done' : 'form');
  const gp = method === 'meter_gp';
  const form = useForm({
    id: 'registration-review',
    fields,
    initialValues: { customerNumber: initial.customerNumber, meterNumber: initial.meterNumber, gpNumber: initial.gpNumber, name: initial.name, email: initial.email },
    validate: (values) => {
      const required = (value: string, message: string): string | undefined => (value.trim() === '' ? message : undefined);
      const noNumber = !values.customerNumber.trim() && !values.meterNumber.trim() && !values.gpNumber.trim();
      return {
        name: required(values.name, t('validation.fullNameRequired')),
        street: required(values.street, t('validation.streetRequired')),
        houseNumber: required(values.houseNumber, t('validation.houseNumberRequired')),
        postalCode: required(values.postalCode, t('validation.postalCodeRequired')) ?? (/^\d{4,5}$/.test(values.postalCode.trim()) ? undefined : t('validation.postalCodeInvalid')),
        city: required(values.city, t('validation.cityRequired')),
        ...(noNumber ? { [gp ? 'meterNumber' : 'customerNumber']: t('registrationReview.numberRequired') } : {}),
        email: emailError(t, values.email),
      };
    },
    submit: (values) =>
      submitReview({
        method: method ?? 'customer_meter',
        name: values.name.trim(),
        street: values.street.trim(),
        houseNumber: values.houseNumber.trim(),
        postalCode: values.postalCode.trim(),
        city: values.city.trim(),
        ...(values.customerNumber.trim() ? { customerNumber: values.customerNumber.trim() } : {}),
        ...(values.meterNumber.trim() ? { meterNumber: values.meterNumber.trim() } : {}),
        ...(values.gpNumber.trim() ? { gpNumber: values.gpNumber.trim() } : {}),
        email: values.email.trim(),
        ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
        note: values.note,
        locale,
        idempotencyKey,
      }),
    onSuccess: (receipt, values) => {
      setDone({ reference: receipt.reference, email: values.email.trim() });
    },
  });

  if (!method) return <NotFoundPage />;
  if (done) {
    return (
      <>
        <PageHeading title={t('registrationReview.doneTitle')} />
        <div className="notice notice--success">
          <p>{t('registrationReview.done', { reference: done.reference, email: done.email })}</p>
        </div>
        <p>
          <Link to={paths.register}>{t('registrationReview.backToRegister')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeading title={t('registrationReview.title')} />
      <div className="form-page">
        <p className="lead">{t('registrationReview.intro')}</p>
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <RequiredLegend />
          <FormErrors form={form} />
          <fieldset className="fieldset">
            <legend className="fieldset__legend">{t('registrationReview.person')}</legend>
            <TextInput {...form.field('name')} label={t('fields.fullName')} isRequired autoComplete="name" />
            <TextInput {...form.field('street')} label={t('fields.street')} isRequired autoComplete="address-line1" />
            <TextInput {...form.field('houseNumber')} label={t('fields.houseNumber')} isRequired autoComplete="off" />
            <TextInput {...form.field('postalCode')} label={t('fields.postalCode')} isRequired inputMode="numeric" autoComplete="postal-code" />
            <TextInput {...form.field('city')} label={t('fields.city')} isRequired autoComplete="address-level2" />
          </fieldset>
          <fieldset className="fieldset">
            <legend className="fieldset__legend">{t('registrationReview.numbers')}</legend>
            <p className="field__hint">{t('registrationReview.numbersHint')}</p>
            {!gp && <TextInput {...form.field('customerNumber')} label={t('fields.customerNumber')} inputMode="numeric" autoComplete="off" />}
            <TextInput {...form.field('meterNumber')} label={t('fields.meterNumber')} autoComplete="off" />
            {gp && <TextInput {...form.field('gpNumber')} label={t('fields.gpNumber')} inputMode="numeric" autoComplete="off" />}
          </fieldset>
          <fieldset className="fieldset">
            <legend className="fieldset__legend">{t('registrationReview.contact')}</legend>
            <TextInput
              {...form.field('email')}
              label={t('fields.email')}
              description={t('registrationReview.emailHint')}
              type="email"
              inputMode="email"
              autoComplete="email"
              isRequired
            />
            <TextInput {...form.field('phone')} label={t('registrationReview.phone')} description={t('registrationReview.phoneHint')} autoComplete="tel" />
          </fieldset>
          <TextAreaInput {...form.field('note')} label={t('registrationReview.note')} description={t('registrationReview.noteHint', { max: REVIEW_LIMITS.note })} rows={4} />
          <div className="form__actions">
            <SubmitButton pending={form.pending}>{t('registrationReview.submit')}</SubmitButton>
          </div>
        </form>
        <p className="form-page__switch">
          <Link to={paths.register}>{t('registrationReview.backToRegister')}</Link>
        </p>
      </div>
    </>
  );
}
