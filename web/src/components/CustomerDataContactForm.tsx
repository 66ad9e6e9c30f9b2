import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CUSTOMER_DATA_LIMITS, PHONE_PATTERN, type TContactChangeResult, type TCustomerData } from '../../../api/customer-data.ts';
import { changeContact, CUSTOMER_DATA_KEY } from '../lib/customerData.ts';
import type { FieldErrors } from '../lib/formErrors.ts';
import { emailError } from '../lib/passwordRules.ts';
import { REQUESTS_KEY } from '../lib/requests.ts';
import { requestPath } from '../lib/routes.ts';
import { useForm, type FormValues } from '../lib/useForm.ts';
import { FormErrors } from './FormErrors.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { TextInput } from './TextInput.tsx';

const FIELDS = ['phone', 'contactEmail'] as const;
type Field = (typeof FIELDS)[number];

/**
 * "Kontaktdaten ändern": phone number and the e-mail address for queries (may differ from the
 * login's). Applied at once; the server records the change as a request and mails a confirmation.
 */
export function CustomerDataContactForm({ data }: { data: TCustomerData }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [saved, setSaved] = useState<TContactChangeResult | null>(null);
  const success = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (saved) success.current?.focus();
  }, [saved]);

  const validate = (values: FormValues<Field>): FieldErrors<Field> => {
    const errors: FieldErrors<Field> = {};
    const phone = values.phone.trim().replace(/\s+/g, ' ');
    const email = values.contactEmail.trim();
    if (phone && (phone.length > CUSTOMER_DATA_LIMITS.phone || !PHONE_PATTERN.test(phone))) errors.phone = t('customerData.contact.phoneInvalid', { max: CUSTOMER_DATA_LIMITS.phone });
    if (email && emailError(t, email)) errors.contactEmail = t('customerData.contact.emailInvalid');
    if (!errors.phone && !errors.contactEmail && phone === (data.phone ?? '') && email.toLowerCase() === (data.contactEmail ?? '')) errors.phone = t('customerData.contact.unchanged');
    return errors;
  };

  const form = useForm<Field, TContactChangeResult>({
    id: 'customer-contact',
    fields: FIELDS,
    initialValues: { phone: data.phone ?? '', contactEmail: data.contactEmail ?? '' },
    validate,
    submit: (values) => {
      setSaved(null);
      return changeContact({ phone: values.phone, contactEmail: values.contactEmail, idempotencyKey });
    },
    onSuccess: (result) => {
      setSaved(result);
      setIdempotencyKey(crypto.randomUUID());
      void queryClient.invalidateQueries({ queryKey: CUSTOMER_DATA_KEY });
      void queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
    },
  });

  return (
    <section className="section" aria-labelledby="customer-contact-heading">
      <h2 id="customer-contact-heading">{t('customerData.contact.heading')}</h2>
      <p>{t('customerData.contact.intro')}</p>
      {saved && (
        <div ref={success} tabIndex={-1} className="notice notice--success" role="status">
          <p>
            <strong>{t('customerData.contact.successTitle')}</strong>
          </p>
          <p>{t('customerData.contact.success', { reference: saved.request.reference, email: data.loginEmail })}</p>
          <p>
            <Link to={requestPath(saved.request.id)}>{t('customerData.requestLink', { reference: saved.request.reference })}</Link>
          </p>
        </div>
      )}
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <FormErrors form={form} />
        <TextInput {...form.field('phone')} label={t('customerData.contact.phone')} autoComplete="tel" description={t('customerData.contact.phoneHint')} />
        <TextInput
          {...form.field('contactEmail')}
          label={t('customerData.contact.email')}
          type="email"
          inputMode="email"
          autoComplete="email"
          description={t('customerData.contact.emailHint')}
        />
        <div className="form__actions">
          <SubmitButton pending={form.pending}>{t('customerData.contact.submit')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}
