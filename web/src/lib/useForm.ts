// Form state shared by every form of the portal: values, client-side checks, the request, field
// messages from the server, the error summary that takes focus, and protection against submitting
// twice. Components: FormErrors (summary, focused after each failed submit), TextInput/PasswordInput
// (fields), SubmitButton.
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { ApiError } from './api.ts';
import { assignFieldProblems, hasErrors, summaryItems, type FieldErrors, type SummaryItem } from './formErrors.ts';

export type FormValues<F extends string> = Record<F, string>;

export interface FormOptions<F extends string, R> {
  /** Prefix of the element ids (`${id}-${field}`), unique on the page. */
  id: string;
  /** The fields in the order they appear (the summary lists them in this order). */
  fields: readonly F[];
  initialValues?: Partial<FormValues<F>>;
  /** Client-side checks; return translated messages per field (empty object: all fine). */
  validate?: (values: FormValues<F>) => FieldErrors<F>;
  submit: (values: FormValues<F>) => Promise<R>;
  onSuccess?: (result: R, values: FormValues<F>) => void;
}

/** What a TextInput needs from the form (spread it: `<TextInput {...form.field('email')} />`). */
export interface FieldBinding {
  id: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  errorMessage: string | undefined;
}

export interface Form<F extends string> {
  values: FormValues<F>;
  field: (field: F) => FieldBinding;
  /** Field messages and messages without a field, for the summary. */
  summary: SummaryItem[];
  /** A failure that is not about a field (wrong password, rate limit, network), or null. */
  problem: unknown;
  pending: boolean;
  /** Counts failed submits; FormErrors takes the focus whenever it grows. */
  failedAttempts: number;
  onSubmit: (event: SubmitEvent<HTMLFormElement>) => void;
  /** Back to the initial values without messages (e.g. after a password change). */
  reset: () => void;
}

function initialValuesOf<F extends string>(fields: readonly F[], initial: Partial<FormValues<F>> = {}): FormValues<F> {
  const values = {} as FormValues<F>;
  for (const field of fields) values[field] = initial[field] ?? '';
  return values;
}

export function useForm<F extends string, R>(options: FormOptions<F, R>): Form<F> {
  const { id, fields } = options;
  const [values, setValues] = useState(() => initialValuesOf(fields, options.initialValues));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({});
  const [unassigned, setUnassigned] = useState<string[]>([]);
  const [problem, setProblem] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  // A ref as well as state: a second submit can arrive before React re-renders the button.
  const pendingRef = useRef(false);
  const [failedAttempts, setFailedAttempts] = useState(0);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  const fieldId = (field: F): string => `${id}-${field}`;

  const fail = (errors: FieldErrors<F>, others: string[], failure: unknown): void => {
    setFieldErrors(errors);
    setUnassigned(others);
    setProblem(failure);
    setFailedAttempts((n) => n + 1);
  };

  const clearErrors = (): void => {
    setFieldErrors({});
    setUnassigned([]);
    setProblem(null);
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (pendingRef.current) return;
    const current = latest.current;
    const clientErrors = current.validate?.(values) ?? {};
    if (hasErrors(clientErrors)) {
      fail(clientErrors, [], null);
      return;
    }
    pendingRef.current = true;
    setPending(true);
    const submitted = values;
    current
      .submit(submitted)
      .then(
        (result) => {
          clearErrors();
          latest.current.onSuccess?.(result, submitted);
        },
        (error: unknown) => {
          if (error instanceof ApiError && error.fields.length > 0) {
            const { fieldErrors: serverErrors, unassigned: others } = assignFieldProblems(fields, error.fields);
            fail(serverErrors, others, null);
          } else {
            fail({}, [], error);
          }
        },
      )
      .finally(() => {
        pendingRef.current = false;
        setPending(false);
      });
  };

  const setValue = (field: F, value: string): void => {
    setValues((previous) => ({ ...previous, [field]: value }));
  };

  return {
    values,
    field: (field) => ({
      id: fieldId(field),
      name: field,
      value: values[field],
      onChange: (value) => {
        setValue(field, value);
      },
      errorMessage: fieldErrors[field],
    }),
    summary: summaryItems(fields, fieldErrors, fieldId, unassigned),
    problem,
    pending,
    failedAttempts,
    onSubmit,
    reset: () => {
      setValues(initialValuesOf(fields, latest.current.initialValues));
      clearErrors();
    },
  };
}
