// Form state shared by every form of the portal: values, client-side checks, the request, field
// messages from the server, the error summary that takes focus, and protection against submitting
// twice. Components: FormErrors (summary, focused after each failed submit), TextInput/PasswordInput
// (fields), SubmitButton.
// On a signed-in page (inside DraftScope) a form also keeps a draft when the session ends before it
// was sent, and shows it again after the user has signed in (REL-06, ADR 0010, rules in drafts.ts).
import { use, useEffect, useRef, useState, type SubmitEvent } from 'react';
import { ApiError, isSessionLost } from './api.ts';
import { DraftContext } from './draftContext.ts';
import { dropDraft, loadDraft, saveDraft } from './drafts.ts';
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
  /**
   * Fields never kept in a draft, besides those named like secrets (passwords, codes of a second
   * factor, tokens: see isSensitiveField in drafts.ts). List here anything else that is secret.
   */
  sensitive?: readonly F[];
}

/** The form shows a draft kept when the session ended (until it is sent again). */
export interface RestoredDraft {
  /** Passwords or other secrets were typed but not kept: they must be entered again. */
  droppedSensitive: boolean;
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
  /** Set when the values came back from a draft; cleared by the next submit. FormErrors shows the hint. */
  restored: RestoredDraft | null;
}

function initialValuesOf<F extends string>(fields: readonly F[], initial: Partial<FormValues<F>> = {}): FormValues<F> {
  const values = {} as FormValues<F>;
  for (const field of fields) values[field] = initial[field] ?? '';
  return values;
}

export function useForm<F extends string, R>(options: FormOptions<F, R>): Form<F> {
  const { id, fields } = options;
  const drafts = use(DraftContext);
  // Read once: the draft (if any) of this login and form becomes the starting values.
  const [start] = useState(() => {
    const initial = initialValuesOf(fields, options.initialValues);
    const draft = drafts ? loadDraft(drafts.storage, drafts.owner, id, fields, { sensitive: options.sensitive ?? [] }) : null;
    return {
      values: draft ? { ...initial, ...(draft.values as Partial<FormValues<F>>) } : initial,
      restored: draft ? { droppedSensitive: draft.droppedSensitive } : null,
    };
  });
  const [values, setValues] = useState(start.values);
  const [restored, setRestored] = useState<RestoredDraft | null>(start.restored);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({});
  const [unassigned, setUnassigned] = useState<string[]>([]);
  const [problem, setProblem] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  // A ref as well as state: a second submit can arrive before React re-renders the button.
  const pendingRef = useRef(false);
  const [failedAttempts, setFailedAttempts] = useState(0);
  const latest = useRef(options);
  const latestValues = useRef(values);
  useEffect(() => {
    latest.current = options;
    latestValues.current = values;
  });

  /** Writes what the user typed (without secrets) to the draft store. */
  const keep = (current: FormValues<F>): void => {
    if (!drafts) return;
    const { initialValues, sensitive = [] } = latest.current;
    saveDraft(drafts.storage, drafts.owner, id, current, { initial: initialValuesOf(fields, initialValues), sensitive });
  };
  const keepRef = useRef(keep);
  useEffect(() => {
    keepRef.current = keep;
  });

  // The session ended while the form was on screen (idle timeout, ended elsewhere, failed submit):
  // the page goes to the sign-in page and the form away, its values into a draft. Leaving the
  // page while signed in, or signing out by hand, keeps nothing.
  useEffect(() => {
    if (!drafts) return;
    return () => {
      if (drafts.sessionLost()) keepRef.current(latestValues.current);
    };
  }, [drafts]);

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
    setRestored(null);
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
          if (drafts) dropDraft(drafts.storage, drafts.owner, id);
          latest.current.onSuccess?.(result, submitted);
        },
        (error: unknown) => {
          if (isSessionLost(error)) keepRef.current(latestValues.current);
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
      setRestored(null);
      if (drafts) dropDraft(drafts.storage, drafts.owner, id);
    },
    restored,
  };
}
