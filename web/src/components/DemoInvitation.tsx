import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TDevInvitationResponse } from '../../../api/dev.ts';
import type { TDemoAccounts } from '../../../api/tenant.ts';
import { sendDevInvitation } from '../lib/dev.ts';
import { useLocale } from '../lib/i18n.ts';
import { emailError } from '../lib/passwordRules.ts';
import { useForm } from '../lib/useForm.ts';
import { FormErrors } from './FormErrors.tsx';
import { RequiredLegend } from './RequiredLegend.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { TextInput } from './TextInput.tsx';

type DemoTenantData = TDemoAccounts['tenants'][number];

const fields = ['customerNumber', 'email'] as const;

/**
 * "Einladung schicken" on the demo overview: staff will send invitations from the back office (not
 * built yet); until then this sends one for an unregistered demo customer through POST
 * /dev/invitations, in the language of the page, and points to the dev mailbox.
 */
export function DemoInvitation({ tenant }: { tenant: DemoTenantData }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const id = `invite-${tenant.slug}`;
  const hintId = useId();
  const [sent, setSent] = useState<TDevInvitationResponse | null>(null);
  const form = useForm({
    id,
    fields,
    validate: (values) => ({
      customerNumber: values.customerNumber === '' ? t('chooser.invite.customerRequired') : undefined,
      email: values.email.trim() === '' ? t('chooser.invite.emailRequired') : emailError(t, values.email),
    }),
    submit: (values) => sendDevInvitation({ tenant: tenant.slug, customerNumber: values.customerNumber, email: values.email.trim(), locale }),
    onSuccess: (response) => {
      setSent(response);
    },
  });
  const customer = form.field('customerNumber');
  const errorId = `${customer.id}-error`;
  const describedBy = [hintId, customer.errorMessage === undefined ? null : errorId].filter(Boolean).join(' ');
  return (
    <>
      <p>{t('chooser.invite.intro')}</p>
      {tenant.unregistered.length === 0 ? (
        <p>{t('chooser.noUnregistered')}</p>
      ) : (
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <RequiredLegend />
          <FormErrors form={form} />
          <div className="field">
            <label className="field__label" htmlFor={customer.id}>
              {t('chooser.invite.customer')}
              <span className="field__required" aria-hidden="true">
                {' *'}
              </span>
            </label>
            <span id={hintId} className="field__hint">
              {t('chooser.invite.customerHint')}
            </span>
            {customer.errorMessage !== undefined && (
              <span id={errorId} className="field__error">
                {customer.errorMessage}
              </span>
            )}
            <div className="field__control">
              <select
                id={customer.id}
                name={customer.name}
                className="field__input"
                value={customer.value}
                aria-required="true"
                aria-invalid={customer.errorMessage !== undefined || undefined}
                aria-describedby={describedBy}
                onChange={(event) => {
                  customer.onChange(event.target.value);
                }}
              >
                <option value="">{t('chooser.invite.choose')}</option>
                {tenant.unregistered.map((c) => (
                  <option key={c.customerNumber} value={c.customerNumber}>
                    {`${c.customerNumber} – ${c.name}`}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <TextInput
            {...form.field('email')}
            label={t('fields.email')}
            description={t('chooser.invite.emailHint')}
            type="email"
            inputMode="email"
            autoComplete="off"
            isRequired
          />
          <div className="form__actions">
            <SubmitButton pending={form.pending}>{t('chooser.invite.submit')}</SubmitButton>
          </div>
          <div role="status" className="form__status">
            {sent !== null && !form.pending && (
              <div className="notice notice--success">
                <p>{t('chooser.invite.sent', { email: sent.email, customerNumber: sent.customerNumber })}</p>
                <p>
                  <a href={sent.mailbox}>{t('chooser.invite.toMailbox', { email: sent.email })}</a>
                </p>
              </div>
            )}
          </div>
        </form>
      )}
    </>
  );
}
