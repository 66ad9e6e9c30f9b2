import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BANKING_LIMITS, checkIban, groupIban, type IbanProblem, type TBankChangeResult, type TBankingOverview } from '../../../api/banking.ts';
import type { TSession } from '../../../api/identity.ts';
import { ApiError } from '../lib/api.ts';
import { mandatePdfUrl, submitBankChange } from '../lib/banking.ts';
import { countryName, formatDay } from '../lib/format.ts';
import type { FieldErrors } from '../lib/formErrors.ts';
import { REQUESTS_KEY } from '../lib/requests.ts';
import { useLocale } from '../lib/i18n.ts';
import { requestPath } from '../lib/routes.ts';
import { useForm, type FieldBinding, type FormValues } from '../lib/useForm.ts';
import { BankingDateField } from './BankingDateField.tsx';
import { FormErrors } from './FormErrors.tsx';
import { RequiredLegend } from './RequiredLegend.tsx';
import { StepUpCancelled, useStepUp } from './StepUp.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { TextInput } from './TextInput.tsx';

const FIELDS = ['paymentMethod', 'iban', 'holder', 'validFrom', 'scope', 'premiseIds', 'mandateConsent'] as const;
type Field = (typeof FIELDS)[number];

function newKey(): string {
  return crypto.randomUUID();
}

/** Radio buttons of one choice in a fieldset; the first one carries the field id (error summary target). */
function Choice({ field, legend, options, error }: { field: FieldBinding; legend: string; options: Array<{ value: string; label: string }>; error?: string | undefined }) {
  const errorId = `${field.id}-error`;
  return (
    <fieldset className="fieldset banking-choice" aria-describedby={error ? errorId : undefined}>
      <legend className="fieldset__legend">
        {legend}
        <span className="field__required" aria-hidden="true">
          {' *'}
        </span>
      </legend>
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
      {options.map((option, index) => (
        <label key={option.value} className="banking-option">
          <input
            type="radio"
            id={index === 0 ? field.id : `${field.id}-${option.value}`}
            name={field.name}
            value={option.value}
            checked={field.value === option.value}
            onChange={() => {
              field.onChange(option.value);
            }}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** The mandate the customer agrees to: payee, creditor id, reference, type, debtor as typed, the text. */
function MandateText({ overview, holder, iban }: { overview: TBankingOverview; holder: string; iban: string }) {
  const { t } = useTranslation();
  const { creditor, mandateText } = overview;
  const typed = iban.replace(/\s+/g, '');
  return (
    <section className="banking-mandate" aria-labelledby="banking-mandate-heading">
      <h3 id="banking-mandate-heading">{mandateText.title}</h3>
      <p>{t('banking.form.mandateIntro')}</p>
      <dl className="pairs banking-facts">
        <div>
          <dt>{t('banking.form.payee')}</dt>
          <dd>
            {creditor.name}, {creditor.street}, {creditor.postalCode} {creditor.city}
          </dd>
        </div>
        <div>
          <dt>{t('banking.form.creditorId')}</dt>
          <dd>{creditor.creditorId}</dd>
        </div>
        <div>
          <dt>{t('banking.form.mandateReference')}</dt>
          <dd>{overview.nextMandateReference}</dd>
        </div>
        <div>
          <dt>{t('banking.form.paymentType')}</dt>
          <dd>{t('banking.form.recurring')}</dd>
        </div>
        <div>
          <dt>{t('banking.form.debtor')}</dt>
          <dd>{holder.trim() || t('banking.form.notEntered')}</dd>
        </div>
        <div>
          <dt>{t('banking.form.debtorIban')}</dt>
          <dd className="banking-iban">{typed ? groupIban(typed) : t('banking.form.notEntered')}</dd>
        </div>
      </dl>
      {mandateText.paragraphs.map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
    </section>
  );
}

function useIbanMessage(): (problem: IbanProblem) => string {
  const { t } = useTranslation();
  const [locale] = useLocale();
  return (problem) => {
    switch (problem.kind) {
      case 'required':
        return t('banking.form.ibanProblem.required');
      case 'characters':
        return t('banking.form.ibanProblem.characters');
      case 'country':
        return /^[A-Z]{2}$/.test(problem.country) ? t('banking.form.ibanProblem.country', { country: problem.country }) : t('banking.form.ibanProblem.countryMissing');
      case 'not_sepa':
        return t('banking.form.ibanProblem.notSepa', { country: problem.country, name: countryName(problem.country, locale) });
      case 'length':
        return t('banking.form.ibanProblem.length', { name: countryName(problem.country, locale), expected: problem.expected, actual: problem.actual });
      case 'format':
        return t('banking.form.ibanProblem.format', { name: countryName(problem.country, locale) });
      case 'checksum':
        return t('banking.form.ibanProblem.checksum');
    }
  };
}

/**
 * "Bankverbindung ändern": a new SEPA mandate (IBAN, holder, the mandate text and the consent) or
 * payment by transfer, from a date, for all or chosen consumption points. Sending asks for the
 * password when the last confirmation is older than five minutes (useStepUp). One idempotency key
 * per change: a double click or a retry makes one change.
 */
export function BankingChangeForm({ overview, session, onChanged }: { overview: TBankingOverview; session: TSession; onChanged: () => void }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const queryClient = useQueryClient();
  const stepUp = useStepUp(session.login.email);
  const ibanMessage = useIbanMessage();
  const success = useRef<HTMLDivElement>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const [created, setCreated] = useState<TBankChangeResult | null>(null);
  useEffect(() => {
    if (created) success.current?.focus();
  }, [created]);
  const several = overview.premises.length > 1;
  const day = (iso: string) => formatDay(iso, locale);

  const validate = (values: FormValues<Field>): FieldErrors<Field> => {
    const errors: FieldErrors<Field> = {};
    if (values.paymentMethod === 'direct_debit') {
      const iban = checkIban(values.iban);
      if (!iban.ok) errors.iban = ibanMessage(iban.problem);
      const holder = values.holder.trim();
      if (!holder) errors.holder = t('banking.form.validation.holderRequired');
      else if (holder.length > BANKING_LIMITS.holder) errors.holder = t('banking.form.validation.holderTooLong', { max: BANKING_LIMITS.holder });
      if (values.mandateConsent !== 'yes') errors.mandateConsent = t('banking.form.validation.consentRequired');
    }
    if (!values.validFrom) errors.validFrom = t('banking.form.validation.validFromRequired');
    else if (values.validFrom < overview.today) errors.validFrom = t('banking.form.validation.validFromPast', { today: day(overview.today) });
    else if (values.validFrom > overview.latestValidFrom) errors.validFrom = t('banking.form.validation.validFromTooLate', { latest: day(overview.latestValidFrom) });
    if (values.scope === 'selected' && values.premiseIds === '') errors.premiseIds = t('banking.form.validation.premisesRequired');
    return errors;
  };

  const form = useForm<Field, TBankChangeResult>({
    id: 'banking-change',
    fields: FIELDS,
    initialValues: { paymentMethod: 'direct_debit', holder: overview.customer.name, validFrom: overview.today, scope: 'all' },
    validate,
    submit: (values) => {
      const debit = values.paymentMethod === 'direct_debit';
      const allPremises = !several || values.scope === 'all';
      return stepUp
        .run(() =>
          submitBankChange({
            paymentMethod: debit ? 'direct_debit' : 'transfer',
            ...(debit
              ? { iban: values.iban, holder: values.holder, mandateConsent: true, mandateTextVersion: overview.mandateText.version, mandateReference: overview.nextMandateReference }
              : {}),
            validFrom: values.validFrom,
            allPremises,
            premiseIds: allPremises ? [] : values.premiseIds.split(',').filter(Boolean),
            idempotencyKey,
          }),
        )
        .catch((error: unknown) => {
          // The mandate text or reference changed meanwhile: show the current one with the message.
          if (error instanceof ApiError && error.status === 409) onChanged();
          throw error;
        });
    },
    onSuccess: (result) => {
      setCreated(result);
      setIdempotencyKey(newKey());
      form.reset();
      onChanged();
      void queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
    },
  });

  const method = form.field('paymentMethod');
  const debit = method.value === 'direct_debit';
  const scope = form.field('scope');
  const premiseField = form.field('premiseIds');
  const consent = form.field('mandateConsent');
  const chosen = premiseField.value.split(',').filter(Boolean);
  const premisesErrorId = `${premiseField.id}-error`;
  const consentErrorId = `${consent.id}-error`;
  return (
    <>
      {created && (
        <div ref={success} tabIndex={-1} className="notice notice--success" role="status">
          <p>
            <strong>{t('banking.form.successTitle')}</strong>
          </p>
          <p>{t('banking.form.success', { reference: created.request.reference })}</p>
          <ul className="plain-list banking-links">
            {created.arrangement.mandateReference && (
              <li>
                <a href={mandatePdfUrl(created.arrangement.id)} download>
                  {t('banking.form.successPdf', { reference: created.arrangement.mandateReference })}
                </a>
              </li>
            )}
            <li>
              <Link to={requestPath(created.request.id)}>{t('banking.form.successRequest', { reference: created.request.reference })}</Link>
            </li>
          </ul>
        </div>
      )}
      <form className="form banking-form" noValidate onSubmit={form.onSubmit}>
        <FormErrors
          form={form}
          problemTitle={(problem) => (problem instanceof StepUpCancelled ? t('banking.form.cancelledTitle') : undefined)}
          renderProblem={(problem) =>
            problem instanceof StepUpCancelled ? (
              <p>{t('banking.form.cancelled')}</p>
            ) : problem instanceof ApiError && problem.status === 409 && problem.detail ? (
              <p>{problem.detail}</p>
            ) : undefined
          }
        />
        <RequiredLegend />
        <Choice
          field={method}
          legend={t('banking.form.methodLegend')}
          options={[
            { value: 'direct_debit', label: t('banking.form.methodDirectDebit') },
            { value: 'transfer', label: t('banking.form.methodTransfer') },
          ]}
        />
        {debit ? (
          <>
            <TextInput {...form.field('iban')} label={t('banking.form.iban')} description={t('banking.form.ibanHint')} isRequired autoComplete="off" />
            <TextInput {...form.field('holder')} label={t('banking.form.holder')} description={t('banking.form.holderHint', { max: BANKING_LIMITS.holder })} isRequired autoComplete="name" />
          </>
        ) : (
          <p className="banking-hint">{t('banking.form.transferHint', { customerNumber: overview.customer.customerNumber })}</p>
        )}
        <BankingDateField
          {...form.field('validFrom')}
          label={t('banking.form.validFrom')}
          description={t('banking.form.validFromHint', { today: day(overview.today), latest: day(overview.latestValidFrom) })}
          min={overview.today}
          max={overview.latestValidFrom}
        />
        {several && (
          <>
            <Choice
              field={scope}
              legend={t('banking.form.scopeLegend')}
              options={[
                { value: 'all', label: t('banking.form.scopeAll') },
                { value: 'selected', label: t('banking.form.scopeSelected') },
              ]}
            />
            {scope.value === 'selected' && (
              <fieldset className="fieldset banking-choice" aria-describedby={premiseField.errorMessage ? premisesErrorId : undefined}>
                <legend className="fieldset__legend">{t('banking.form.premisesLegend')}</legend>
                {premiseField.errorMessage && (
                  <p className="field__error" id={premisesErrorId}>
                    {premiseField.errorMessage}
                  </p>
                )}
                {overview.premises.map((premise, index) => (
                  <label key={premise.id} className="banking-option">
                    <input
                      type="checkbox"
                      id={index === 0 ? premiseField.id : `${premiseField.id}-${premise.id}`}
                      name={premiseField.name}
                      value={premise.id}
                      checked={chosen.includes(premise.id)}
                      aria-invalid={premiseField.errorMessage !== undefined || undefined}
                      onChange={(event) => {
                        const next = event.target.checked ? [...chosen, premise.id] : chosen.filter((id) => id !== premise.id);
                        premiseField.onChange(overview.premises.filter((p) => next.includes(p.id)).map((p) => p.id).join(','));
                      }}
                    />
                    <span>{premise.address}</span>
                  </label>
                ))}
              </fieldset>
            )}
          </>
        )}
        {debit && (
          <>
            <MandateText overview={overview} holder={form.values.holder} iban={form.values.iban} />
            <div className="field">
              {consent.errorMessage && (
                <p className="field__error" id={consentErrorId}>
                  {consent.errorMessage}
                </p>
              )}
              <label className="banking-option banking-consent">
                <input
                  type="checkbox"
                  id={consent.id}
                  name={consent.name}
                  checked={consent.value === 'yes'}
                  required
                  aria-invalid={consent.errorMessage !== undefined || undefined}
                  aria-describedby={consent.errorMessage ? consentErrorId : undefined}
                  onChange={(event) => {
                    consent.onChange(event.target.checked ? 'yes' : '');
                  }}
                />
                <span>
                  {t('banking.form.consent')}
                  <span className="field__required" aria-hidden="true">
                    {' *'}
                  </span>
                </span>
              </label>
            </div>
          </>
        )}
        <p className="field__hint">{t('banking.form.stepUpNote')}</p>
        <div className="form__actions">
          <SubmitButton pending={form.pending}>{t('banking.form.submit')}</SubmitButton>
        </div>
      </form>
      {stepUp.dialog}
    </>
  );
}
