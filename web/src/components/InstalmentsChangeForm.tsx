import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Disclosure, DisclosurePanel } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate, formatEuro, INSTALMENT_LIMITS, parseEuroAmount, type TInstalmentContract } from '../../../api/instalments.ts';
import type { TCreatedRequest } from '../../../api/requests.ts';
import { ApiError } from '../lib/api.ts';
import type { FieldErrors } from '../lib/formErrors.ts';
import { useLocale } from '../lib/i18n.ts';
import { INSTALMENTS_KEY, requestInstalmentChange } from '../lib/instalments.ts';
import { REQUESTS_KEY } from '../lib/requests.ts';
import { useForm, type FormValues } from '../lib/useForm.ts';
import { FormErrors } from './FormErrors.tsx';
import { InstalmentsDateField } from './InstalmentsDateField.tsx';
import { RequiredLegend } from './RequiredLegend.tsx';
import { PendingButton, SubmitButton } from './SubmitButton.tsx';
import { TextAreaInput } from './TextAreaInput.tsx';
import { TextInput } from './TextInput.tsx';

const FIELDS = ['desiredAmount', 'desiredDate', 'comment'] as const;
type Field = (typeof FIELDS)[number];

type Changeable = TInstalmentContract & {
  plan: NonNullable<TInstalmentContract['plan']>;
  limits: NonNullable<TInstalmentContract['limits']>;
  changeWindow: NonNullable<TInstalmentContract['changeWindow']>;
};

/** A contract whose instalment can be changed online now (a plan, limits and a coming due date). */
export function isChangeable(contract: TInstalmentContract): contract is Changeable {
  return contract.plan !== null && contract.limits !== null && contract.changeWindow !== null;
}

/** The server's explanation of a conflict (an open change for this contract), else the usual text. */
function renderConflict(problem: unknown) {
  return problem instanceof ApiError && problem.detail ? <p>{problem.detail}</p> : undefined;
}

/**
 * "Abschlag ändern" for one contract behind a disclosure button: desired amount (German money input,
 * checked against the limits), desired date (from the next due date) and a comment, all required.
 */
export function InstalmentsChangeForm({ contract, onCreated }: { contract: Changeable; onCreated: (created: TCreatedRequest) => void }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const queryClient = useQueryClient();
  // One key per change: sending the same form twice (double click, retry) creates one request.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const euro = (cents: number) => formatEuro(cents, locale);
  const date = (iso: string) => formatCalendarDate(iso, locale);
  const { limits, changeWindow, plan, recommendation } = contract;

  const validate = (values: FormValues<Field>): FieldErrors<Field> => {
    const errors: FieldErrors<Field> = {};
    const cents = parseEuroAmount(values.desiredAmount);
    const range = { min: euro(limits.minCents), max: euro(limits.maxCents) };
    if (!values.desiredAmount.trim()) errors.desiredAmount = t('instalments.change.amountRequired');
    else if (cents === null) errors.desiredAmount = t('instalments.change.amountInvalid');
    else if (cents === plan.amountCents) errors.desiredAmount = t('instalments.change.amountSame', { amount: euro(plan.amountCents) });
    else if (cents > limits.maxCents) errors.desiredAmount = t('instalments.change.amountTooHigh', range);
    else if (cents < limits.minCents) errors.desiredAmount = t('instalments.change.amountTooLow', range);
    if (!values.desiredDate) errors.desiredDate = t('instalments.change.dateRequired');
    else if (values.desiredDate < changeWindow.earliest) errors.desiredDate = t('instalments.change.dateTooEarly', { date: date(changeWindow.earliest) });
    else if (values.desiredDate > changeWindow.latest) errors.desiredDate = t('instalments.change.dateTooLate', { date: date(changeWindow.latest) });
    if (!values.comment.trim()) errors.comment = t('instalments.change.commentRequired');
    else if (values.comment.trim().length > INSTALMENT_LIMITS.comment) errors.comment = t('instalments.change.commentTooLong', { max: INSTALMENT_LIMITS.comment });
    return errors;
  };

  const form = useForm<Field, TCreatedRequest>({
    id: `instalment-${contract.contractId}`,
    fields: FIELDS,
    initialValues: { desiredDate: changeWindow.earliest },
    validate,
    submit: (values) =>
      requestInstalmentChange({ contractId: contract.contractId, desiredAmount: values.desiredAmount, desiredDate: values.desiredDate, comment: values.comment, idempotencyKey }),
    onSuccess: (created) => {
      setIdempotencyKey(crypto.randomUUID());
      onCreated(created);
      void queryClient.invalidateQueries({ queryKey: INSTALMENTS_KEY });
      void queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
    },
  });
  const amount = form.field('desiredAmount');
  const suggest = recommendation && recommendation.withinLimits && recommendation.amountCents !== plan.amountCents ? recommendation.amountCents : null;

  return (
    <Disclosure className="instalments-change">
      <Button slot="trigger" className="button button--secondary instalments-change__toggle">
        {t('instalments.change.toggle')}
      </Button>
      <DisclosurePanel className="instalments-change__panel">
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <FormErrors form={form} renderProblem={renderConflict} />
          <RequiredLegend />
          <TextInput {...amount} label={t('instalments.change.amount')} isRequired autoComplete="off" description={t('instalments.change.amountHint', { min: euro(limits.minCents), max: euro(limits.maxCents) })}>
            {suggest !== null && (
              <div className="instalments-change__suggest">
                <PendingButton
                  variant="secondary"
                  pending={false}
                  onPress={() => {
                    amount.onChange(new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { minimumFractionDigits: 2, useGrouping: false }).format(suggest / 100));
                  }}
                >
                  {t('instalments.change.useRecommendation', { amount: euro(suggest) })}
                </PendingButton>
              </div>
            )}
          </TextInput>
          <InstalmentsDateField
            {...form.field('desiredDate')}
            label={t('instalments.change.date')}
            isRequired
            min={changeWindow.earliest}
            max={changeWindow.latest}
            description={t('instalments.change.dateHint', { earliest: date(changeWindow.earliest), latest: date(changeWindow.latest) })}
          />
          <TextAreaInput {...form.field('comment')} label={t('instalments.change.comment')} isRequired rows={4} description={t('instalments.change.commentHint', { max: INSTALMENT_LIMITS.comment })} />
          <div className="form__actions">
            <SubmitButton pending={form.pending}>{t('instalments.change.submit')}</SubmitButton>
          </div>
        </form>
      </DisclosurePanel>
    </Disclosure>
  );
}
