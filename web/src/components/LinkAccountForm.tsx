import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TProof } from '../../../api/identity.ts';
import { ApiError } from '../lib/api.ts';
import { linkAccount } from '../lib/identity.ts';
import { ME_KEY, storeSession } from '../lib/session.ts';
import { useTenant } from '../lib/site.ts';
import { useForm, type FormValues } from '../lib/useForm.ts';
import { ContactLine } from './ContactLine.tsx';
import { FormErrors } from './FormErrors.tsx';
import { PasswordInput } from './PasswordInput.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { TextInput } from './TextInput.tsx';

const fields = ['customerNumber', 'meterNumber', 'gpNumber', 'name', 'otherPassword'] as const;
type Field = (typeof fields)[number];
type ProofMethod = TProof['method'];

/** The proof fields of each method, in the order they appear. */
const proofFields: Record<ProofMethod, readonly Field[]> = {
  customer_meter: ['customerNumber', 'meterNumber'],
  customer_name: ['customerNumber', 'name'],
  meter_gp: ['meterNumber', 'gpNumber'],
};

function proofOf(method: ProofMethod, values: FormValues<Field>): TProof {
  switch (method) {
    case 'customer_meter':
      return { method, customerNumber: values.customerNumber.trim(), meterNumber: values.meterNumber.trim() };
    case 'customer_name':
      return { method, customerNumber: values.customerNumber.trim(), name: values.name.trim() };
    case 'meter_gp':
      return { method, meterNumber: values.meterNumber.trim(), gpNumber: values.gpNumber.trim() };
  }
}

function isProofMismatch(problem: unknown): problem is ApiError {
  return problem instanceof ApiError && problem.code === 'proof_mismatch';
}

/**
 * "Kundenkonto verknüpfen": the proof of the tenant's first registration method. When the account
 * belongs to another access, the server asks for that access's password (field otherPassword);
 * the field appears and the form is sent again with it.
 */
export function LinkAccountForm({ onLinked }: { onLinked: (customerNumber: string) => void }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  const queryClient = useQueryClient();
  const method: ProofMethod = tenant.registrationMethods.find((m): m is ProofMethod => m !== 'invitation') ?? 'customer_meter';
  const shown = proofFields[method];
  const [askOther, setAskOther] = useState(false);
  const messages: Record<Exclude<Field, 'otherPassword'>, string> = {
    customerNumber: t('validation.customerNumberRequired'),
    meterNumber: t('validation.meterNumberRequired'),
    gpNumber: t('validation.gpNumberRequired'),
    name: t('validation.nameRequired'),
  };
  const form = useForm({
    id: 'link-account',
    fields,
    validate: (values) => {
      const errors: Partial<Record<Field, string>> = {};
      for (const f of shown) if (values[f].trim() === '') errors[f] = messages[f as Exclude<Field, 'otherPassword'>];
      if (askOther && values.otherPassword === '') errors.otherPassword = t('validation.otherPasswordRequired');
      return errors;
    },
    submit: async (values) => {
      try {
        return await linkAccount({ proof: proofOf(method, values), ...(askOther ? { otherPassword: values.otherPassword } : {}) });
      } catch (error) {
        if (error instanceof ApiError && error.fields.some((f) => f.field === 'otherPassword')) setAskOther(true);
        throw error;
      }
    },
    onSuccess: (response, values) => {
      storeSession(queryClient, response);
      void queryClient.invalidateQueries({ queryKey: ME_KEY });
      setAskOther(false);
      form.reset();
      onLinked(values.customerNumber.trim() || values.gpNumber.trim());
    },
  });
  const label = (f: Field): string =>
    ({
      customerNumber: t('fields.customerNumber'),
      meterNumber: t('fields.meterNumber'),
      gpNumber: t('fields.gpNumber'),
      name: t('fields.nameOnBill'),
      otherPassword: t('fields.otherPassword'),
    })[f];
  // The server's title names customer and meter number; the other proofs name their own fields.
  const mismatchHeading = {
    customer_meter: t('register.proofMismatchHeading'),
    customer_name: t('register.nameMismatchHeading'),
    meter_gp: t('register.gpMismatchHeading'),
  }[method];
  return (
    <form className="form" noValidate onSubmit={form.onSubmit}>
      <FormErrors
        form={form}
        problemTitle={(problem) => (isProofMismatch(problem) ? mismatchHeading : undefined)}
        renderProblem={(problem) =>
          isProofMismatch(problem) ? (
            <>
              <p>{problem.detail ?? t('myAccess.linkMismatchHeading')}</p>
              <p>
                {t('register.stillNotWorking')} <ContactLine />
              </p>
            </>
          ) : undefined
        }
      />
      {shown.map((f) => (
        <TextInput key={f} {...form.field(f)} label={label(f)} isRequired autoComplete="off" inputMode={f === 'name' ? 'text' : undefined} />
      ))}
      {askOther && (
        <PasswordInput {...form.field('otherPassword')} label={t('fields.otherPassword')} description={t('myAccess.otherPasswordHint')} autoComplete="current-password" isRequired />
      )}
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('myAccess.linkSubmit')}</SubmitButton>
      </div>
    </form>
  );
}
