import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ATTACHMENT_MAX_BYTES, REQUEST_LIMITS, type TCreatedRequest, type TPremise } from '../../../api/requests.ts';
import { FormErrors } from '../components/FormErrors.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequiredLegend } from '../components/RequiredLegend.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TextAreaInput } from '../components/TextAreaInput.tsx';
import { TextInput } from '../components/TextInput.tsx';
import type { FieldErrors } from '../lib/formErrors.ts';
import { fileUpload, listPremises, PREMISES_KEY, REQUESTS_KEY, sendMessage } from '../lib/requests.ts';
import { paths, requestPath } from '../lib/routes.ts';
import { useForm, type FormValues } from '../lib/useForm.ts';

const FIELDS = ['subject', 'message', 'phone', 'premiseId', 'attachment'] as const;
type Field = (typeof FIELDS)[number];
const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

function newKey(): string {
  return crypto.randomUUID();
}

function MessageForm({ premises }: { premises: TPremise[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const success = useRef<HTMLDivElement>(null);
  // One key per message: sending the same form twice (double click, retry) creates one request.
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const [created, setCreated] = useState<TCreatedRequest | null>(null);
  // The success message is rendered by the state change: focus it once it exists.
  useEffect(() => {
    if (created) success.current?.focus();
  }, [created]);

  const validate = (values: FormValues<Field>): FieldErrors<Field> => {
    const errors: FieldErrors<Field> = {};
    if (!values.subject.trim()) errors.subject = t('requests.form.subjectRequired');
    if (!values.message.trim()) errors.message = t('requests.form.messageRequired');
    if (!values.phone.trim()) errors.phone = t('requests.form.phoneRequired');
    if (file && file.size > ATTACHMENT_MAX_BYTES) errors.attachment = t('requests.form.fileTooLarge');
    else if (file && !ACCEPTED_TYPES.includes(file.type)) errors.attachment = t('requests.form.fileWrongType');
    return errors;
  };

  const form = useForm<Field, TCreatedRequest>({
    id: 'new-request',
    fields: FIELDS,
    sensitive: ['attachment'],
    validate,
    submit: async (values) =>
      sendMessage({
        subject: values.subject,
        message: values.message,
        phone: values.phone,
        premiseId: values.premiseId || null,
        attachment: file ? await fileUpload(file) : null,
        idempotencyKey,
      }),
    onSuccess: (result) => {
      setCreated(result);
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      setIdempotencyKey(newKey());
      form.reset();
      void queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
    },
  });

  const premiseField = form.field('premiseId');
  const attachmentField = form.field('attachment');
  const attachmentHintId = `${attachmentField.id}-hint`;
  const attachmentErrorId = `${attachmentField.id}-error`;
  return (
    <>
      {created && (
        <div ref={success} tabIndex={-1} className="notice notice--success" role="status">
          <p>
            <strong>{t('requests.form.successTitle')}</strong>
          </p>
          <p>{t('requests.form.success', { reference: created.reference })}</p>
          <p>
            <Link to={requestPath(created.id)}>{t('requests.form.successLink', { reference: created.reference })}</Link>
          </p>
        </div>
      )}
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <FormErrors form={form} />
        <RequiredLegend />
        <TextInput {...form.field('subject')} label={t('requests.form.subject')} isRequired description={t('requests.form.subjectHint', { max: REQUEST_LIMITS.subject })} />
        <TextAreaInput {...form.field('message')} label={t('requests.form.message')} isRequired description={t('requests.form.messageHint', { max: REQUEST_LIMITS.message })} />
        <TextInput {...form.field('phone')} label={t('requests.form.phone')} isRequired autoComplete="tel" description={t('requests.form.phoneHint')} />
        {premises.length > 0 && (
          <div className="field">
            <label className="field__label" htmlFor={premiseField.id}>
              {t('requests.form.premise')}
            </label>
            {premiseField.errorMessage && (
              <p className="field__error" id={`${premiseField.id}-error`}>
                {premiseField.errorMessage}
              </p>
            )}
            <select
              id={premiseField.id}
              name={premiseField.name}
              className="field__input field__select"
              value={premiseField.value}
              aria-invalid={premiseField.errorMessage !== undefined || undefined}
              aria-describedby={premiseField.errorMessage ? `${premiseField.id}-error` : undefined}
              onChange={(event) => {
                premiseField.onChange(event.target.value);
              }}
            >
              <option value="">{t('requests.form.premiseNone')}</option>
              {premises.map((premise) => (
                <option key={premise.id} value={premise.id}>
                  {premise.address}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label className="field__label" htmlFor={attachmentField.id}>
            {t('requests.form.attachment')}
          </label>
          <p className="field__hint" id={attachmentHintId}>
            {t('requests.form.attachmentHint')}
          </p>
          {attachmentField.errorMessage && (
            <p className="field__error" id={attachmentErrorId}>
              {attachmentField.errorMessage}
            </p>
          )}
          <input
            ref={fileInput}
            id={attachmentField.id}
            name={attachmentField.name}
            type="file"
            className="field__file"
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            aria-invalid={attachmentField.errorMessage !== undefined || undefined}
            aria-describedby={attachmentField.errorMessage ? `${attachmentErrorId} ${attachmentHintId}` : attachmentHintId}
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null;
              setFile(chosen);
              attachmentField.onChange(chosen?.name ?? '');
            }}
          />
        </div>
        <div className="form__actions">
          <SubmitButton pending={form.pending}>{t('requests.form.submit')}</SubmitButton>
          <Link to={paths.requests} className="button button--secondary">
            {t('requests.form.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}

function MessageFormWithPremises() {
  const query = useQuery({ queryKey: PREMISES_KEY, queryFn: ({ signal }) => listPremises(signal) });
  return <QueryState query={query}>{(premises) => <MessageForm premises={premises} />}</QueryState>;
}

/** /anliegen/neu: the contact form ("Neues Anliegen"). */
export function NewRequestPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('requests.newTitle')} />
      <RequireSession account>
        {() => (
          <>
            <p className="lead">{t('requests.newIntro')}</p>
            <MessageFormWithPremises />
          </>
        )}
      </RequireSession>
    </>
  );
}
