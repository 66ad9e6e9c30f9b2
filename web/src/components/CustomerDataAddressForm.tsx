import { formatLocalDay } from '../lib/format.ts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CUSTOMER_DATA_LIMITS, isPostalCode, POSTAL_CODE_DIGITS, ZCountry, type TCustomerData } from '../../../api/customer-data.ts';
import { formatCalendarDate } from '../../../api/instalments.ts';
import type { TCreatedRequest } from '../../../api/requests.ts';
import { ApiError } from '../lib/api.ts';
import { CUSTOMER_DATA_KEY, requestAddressChange } from '../lib/customerData.ts';
import type { FieldErrors } from '../lib/formErrors.ts';
import { useLocale } from '../lib/i18n.ts';
import { REQUESTS_KEY } from '../lib/requests.ts';
import { paths, requestPath } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';
import { useForm, type FormValues } from '../lib/useForm.ts';
import { FormErrors } from './FormErrors.tsx';
import { InstalmentsDateField } from './InstalmentsDateField.tsx';
import { PasswordInput } from './PasswordInput.tsx';
import { RequestStatusBadge } from './RequestStatusBadge.tsx';
import { RequiredLegend } from './RequiredLegend.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { TextInput } from './TextInput.tsx';

const FIELDS = ['street', 'houseNumber', 'postalCode', 'city', 'country', 'validFrom', 'password'] as const;
type Field = (typeof FIELDS)[number];

/** Today in the utility's time zone, `YYYY-MM-DD`. */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function oneYearAfter(iso: string): string {
  const [year = 0, month = 1, day = 1] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(year + 1, month - 1, day));
  // 29 Feb + 1 year: the last day of February.
  if (date.getUTCMonth() !== month - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

function renderConflict(problem: unknown) {
  return problem instanceof ApiError && problem.detail ? <p>{problem.detail}</p> : undefined;
}

function Pending({ pending }: { pending: NonNullable<TCustomerData['pendingAddressChange']> }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const { address } = pending;
  return (
    <div className="notice customer-data-pending">
      <p>
        <strong>
          {t('customerData.address.pending', {
            date: formatLocalDay(pending.createdAt, locale, tenant.timeZone),
            address: `${address.street} ${address.houseNumber}, ${address.postalCode} ${address.city}`,
            from: formatCalendarDate(pending.validFrom, locale),
          })}
        </strong>
      </p>
      <p>
        {t('customerData.address.pendingStatus', { reference: pending.reference })} <RequestStatusBadge status={pending.status} />
      </p>
      <p>{t('customerData.address.pendingNote')}</p>
      <p>
        <Link to={requestPath(pending.requestId)}>{t('customerData.requestLink', { reference: pending.reference })}</Link>
      </p>
    </div>
  );
}

/**
 * "Rechnungsadresse ändern": prefilled with the current address, the date from which it applies and
 * the password (checked by the server in the same request). Moving house is not an address change:
 * the box beside it leads to the contact form.
 */
export function CustomerDataAddressForm({ data }: { data: TCustomerData }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const queryClient = useQueryClient();
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [created, setCreated] = useState<TCreatedRequest | null>(null);
  const success = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (created) success.current?.focus();
  }, [created]);
  const today = todayIn(tenant.timeZone);
  const latest = oneYearAfter(today);
  const current = data.billingAddress;

  const validate = (values: FormValues<Field>): FieldErrors<Field> => {
    const errors: FieldErrors<Field> = {};
    const tooLong = (value: string, max: number) => (value.trim().length > max ? t('customerData.address.tooLong', { max }) : undefined);
    errors.street = values.street.trim() ? tooLong(values.street, CUSTOMER_DATA_LIMITS.street) : t('customerData.address.streetRequired');
    errors.houseNumber = values.houseNumber.trim() ? tooLong(values.houseNumber, CUSTOMER_DATA_LIMITS.houseNumber) : t('customerData.address.houseNumberRequired');
    const country = ZCountry.catch('DE').parse(values.country);
    const postalCode = values.postalCode.replace(/\s/g, '');
    if (!postalCode) errors.postalCode = t('customerData.address.postalCodeRequired');
    else if (!isPostalCode(postalCode, country)) errors.postalCode = t(`customerData.address.postalCodeInvalid.${country}`, { digits: POSTAL_CODE_DIGITS[country] });
    errors.city = values.city.trim() ? tooLong(values.city, CUSTOMER_DATA_LIMITS.city) : t('customerData.address.cityRequired');
    if (!values.validFrom) errors.validFrom = t('customerData.address.validFromRequired');
    else if (values.validFrom < today) errors.validFrom = t('customerData.address.validFromPast', { date: formatCalendarDate(today, locale) });
    else if (values.validFrom > latest) errors.validFrom = t('customerData.address.validFromTooLate', { date: formatCalendarDate(latest, locale) });
    if (!values.password) errors.password = t('customerData.address.passwordRequired');
    return errors;
  };

  const form = useForm<Field, TCreatedRequest>({
    id: 'billing-address',
    fields: FIELDS,
    initialValues: { street: current.street, houseNumber: current.houseNumber, postalCode: current.postalCode, city: current.city, country: current.country, validFrom: today },
    validate,
    submit: (values) => {
      setCreated(null);
      return requestAddressChange({ ...values, idempotencyKey });
    },
    onSuccess: (result) => {
      setCreated(result);
      setIdempotencyKey(crypto.randomUUID());
      form.reset();
      void queryClient.invalidateQueries({ queryKey: CUSTOMER_DATA_KEY });
      void queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
    },
  });
  const countryField = form.field('country');
  const countryErrorId = `${countryField.id}-error`;
  const pending = data.pendingAddressChange;

  return (
    <section className="section" aria-labelledby="billing-address-heading">
      <h2 id="billing-address-heading">{t('customerData.address.heading')}</h2>
      <p>{t('customerData.address.intro')}</p>
      <section className="box customer-data-moving" aria-labelledby="customer-data-moving-heading">
        <h3 id="customer-data-moving-heading">{t('customerData.address.movingTitle')}</h3>
        <p>{t('customerData.address.moving')}</p>
        <p>
          <Link to={paths.newRequest}>{t('customerData.address.movingLink')}</Link>
        </p>
      </section>
      {created && (
        <div ref={success} tabIndex={-1} className="notice notice--success" role="status">
          <p>
            <strong>{t('customerData.address.successTitle')}</strong>
          </p>
          <p>{t('customerData.address.success', { reference: created.reference, email: data.loginEmail })}</p>
          <p>
            <Link to={requestPath(created.id)}>{t('customerData.requestLink', { reference: created.reference })}</Link>
          </p>
        </div>
      )}
      {pending ? (
        pending.requestId !== created?.id && <Pending pending={pending} />
      ) : (
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <FormErrors form={form} renderProblem={renderConflict} />
          <RequiredLegend />
          <input type="email" className="visually-hidden" tabIndex={-1} aria-hidden="true" autoComplete="username" value={data.loginEmail} readOnly />
          <div className="customer-data-row">
            <TextInput {...form.field('street')} label={t('customerData.address.street')} isRequired autoComplete="address-line1" />
            <TextInput {...form.field('houseNumber')} label={t('customerData.address.houseNumber')} isRequired autoComplete="off" />
          </div>
          <div className="customer-data-row customer-data-row--town">
            <TextInput {...form.field('postalCode')} label={t('customerData.address.postalCode')} isRequired autoComplete="postal-code" inputMode="numeric" />
            <TextInput {...form.field('city')} label={t('customerData.address.city')} isRequired autoComplete="address-level2" />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={countryField.id}>
              {t('customerData.address.country')}
              <span className="field__required" aria-hidden="true">
                {' *'}
              </span>
            </label>
            {countryField.errorMessage && (
              <p className="field__error" id={countryErrorId}>
                {countryField.errorMessage}
              </p>
            )}
            <select
              id={countryField.id}
              name={countryField.name}
              className="field__input field__select"
              value={countryField.value}
              aria-required="true"
              aria-invalid={countryField.errorMessage !== undefined || undefined}
              aria-describedby={countryField.errorMessage ? countryErrorId : undefined}
              autoComplete="country"
              onChange={(event) => {
                countryField.onChange(event.target.value);
              }}
            >
              {ZCountry.options.map((code) => (
                <option key={code} value={code}>
                  {t(`customerData.address.countries.${code}`)}
                </option>
              ))}
            </select>
          </div>
          <InstalmentsDateField
            {...form.field('validFrom')}
            label={t('customerData.address.validFrom')}
            isRequired
            min={today}
            max={latest}
            description={t('customerData.address.validFromHint', { latest: formatCalendarDate(latest, locale) })}
          />
          <PasswordInput {...form.field('password')} label={t('customerData.address.password')} description={t('customerData.address.passwordHint')} autoComplete="current-password" isRequired />
          <div className="form__actions">
            <SubmitButton pending={form.pending}>{t('customerData.address.submit')}</SubmitButton>
          </div>
        </form>
      )}
    </section>
  );
}
