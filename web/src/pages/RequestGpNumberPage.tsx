import { useState } from 'react';
import { CheckboxButton, CheckboxField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormErrors } from '../components/FormErrors.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { RequiredLegend } from '../components/RequiredLegend.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TextInput } from '../components/TextInput.tsx';
import { useLocale } from '../lib/i18n.ts';
import { requestGpNumber } from '../lib/identity.ts';
import { emailError } from '../lib/passwordRules.ts';
import { paths } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';
import { useForm, type Form, type FormValues } from '../lib/useForm.ts';
import { useFocusOnViewChange } from '../lib/useFocusOnRouteChange.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

const fields = [
  'name',
  'street',
  'houseNumber',
  'postalCode',
  'city',
  'connectionStreet',
  'connectionHouseNumber',
  'connectionPostalCode',
  'connectionCity',
  'meterNumber',
  'email',
] as const;
type Field = (typeof fields)[number];

type AddressPart = 'street' | 'houseNumber' | 'postalCode' | 'city';
const connectionField = {
  street: 'connectionStreet',
  houseNumber: 'connectionHouseNumber',
  postalCode: 'connectionPostalCode',
  city: 'connectionCity',
} as const satisfies Record<AddressPart, Field>;

function addressOf(values: FormValues<Field>, connection: boolean) {
  const part = (p: AddressPart): string => values[connection ? connectionField[p] : p].trim();
  return { street: part('street'), houseNumber: part('houseNumber'), postalCode: part('postalCode'), city: part('city') };
}

function AddressFields({ form, connection }: { form: Form<Field>; connection: boolean }) {
  const { t } = useTranslation();
  const name = (p: AddressPart): Field => (connection ? connectionField[p] : p);
  return (
    <>
      <TextInput {...form.field(name('street'))} label={t('fields.street')} isRequired autoComplete={connection ? 'off' : 'address-line1'} />
      <TextInput {...form.field(name('houseNumber'))} label={t('fields.houseNumber')} isRequired autoComplete="off" />
      <TextInput
        {...form.field(name('postalCode'))}
        label={t('fields.postalCode')}
        isRequired
        inputMode="numeric"
        autoComplete={connection ? 'off' : 'postal-code'}
      />
      <TextInput {...form.field(name('city'))} label={t('fields.city')} isRequired autoComplete={connection ? 'off' : 'address-level2'} />
    </>
  );
}

/** /gp-nr-anfordern: asks the grid operator to post the GP-Nr (only where meter_gp is offered). */
export function RequestGpNumberPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  const [locale] = useLocale();
  const [otherConnection, setOtherConnection] = useState(false);
  const [done, setDone] = useState(false);
  useFocusOnViewChange(done ? 'done' : 'form');
  const form = useForm({
    id: 'gp-request',
    fields,
    validate: (values) => {
      const required = (value: string, message: string): string | undefined => (value.trim() === '' ? message : undefined);
      const postal = (value: string, message: string): string | undefined =>
        required(value, message) ?? (/^\d{4,5}$/.test(value.trim()) ? undefined : t('validation.postalCodeInvalid'));
      return {
        name: required(values.name, t('validation.fullNameRequired')),
        street: required(values.street, t('validation.streetRequired')),
        houseNumber: required(values.houseNumber, t('validation.houseNumberRequired')),
        postalCode: postal(values.postalCode, t('validation.postalCodeRequired')),
        city: required(values.city, t('validation.cityRequired')),
        ...(otherConnection
          ? {
              connectionStreet: required(values.connectionStreet, t('validation.connectionStreetRequired')),
              connectionHouseNumber: required(values.connectionHouseNumber, t('validation.connectionHouseNumberRequired')),
              connectionPostalCode: postal(values.connectionPostalCode, t('validation.connectionPostalCodeRequired')),
              connectionCity: required(values.connectionCity, t('validation.connectionCityRequired')),
            }
          : {}),
        meterNumber: required(values.meterNumber, t('validation.meterNumberRequired')),
        email: emailError(t, values.email),
      };
    },
    submit: (values) =>
      requestGpNumber({
        name: values.name.trim(),
        address: addressOf(values, false),
        ...(otherConnection ? { connectionAddress: addressOf(values, true) } : {}),
        meterNumber: values.meterNumber.trim(),
        email: values.email.trim(),
        locale,
      }),
    onSuccess: () => {
      setDone(true);
    },
  });

  if (!tenant.registrationMethods.includes('meter_gp')) return <NotFoundPage />;
  if (done) {
    return (
      <>
        <PageHeading title={t('gpRequest.doneTitle')} />
        <div className="notice notice--success">
          <p>{t('gpRequest.done')}</p>
        </div>
        <p>
          <Link to={paths.register}>{t('gpRequest.backToRegister')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeading title={t('gpRequest.title')} />
      <div className="form-page">
        <p className="lead">{t('gpRequest.intro')}</p>
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <RequiredLegend />
          <FormErrors form={form} />
          <TextInput {...form.field('name')} label={t('fields.fullName')} isRequired autoComplete="name" />
          <fieldset className="fieldset">
            <legend className="fieldset__legend">{t('gpRequest.postalAddress')}</legend>
            <AddressFields form={form} connection={false} />
          </fieldset>
          <CheckboxField isSelected={otherConnection} onChange={setOtherConnection}>
            <CheckboxButton className="checkbox">
              <span className="checkbox__box" aria-hidden="true" />
              {t('gpRequest.otherConnection')}
            </CheckboxButton>
          </CheckboxField>
          {otherConnection && (
            <fieldset className="fieldset">
              <legend className="fieldset__legend">{t('gpRequest.connectionAddress')}</legend>
              <AddressFields form={form} connection />
            </fieldset>
          )}
          <TextInput {...form.field('meterNumber')} label={t('fields.meterNumber')} description={t('register.meterNumberHint')} isRequired autoComplete="off" />
          <TextInput
            {...form.field('email')}
            label={t('fields.email')}
            description={t('gpRequest.emailHint')}
            type="email"
            inputMode="email"
            autoComplete="email"
            isRequired
          />
          <div className="form__actions">
            <SubmitButton pending={form.pending}>{t('gpRequest.submit')}</SubmitButton>
          </div>
        </form>
        <p className="form-page__switch">
          <Link to={paths.register}>{t('gpRequest.backToRegister')}</Link>
        </p>
      </div>
    </>
  );
}
