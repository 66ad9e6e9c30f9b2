// Pure helpers behind useForm: which messages belong to which field, and the order of the summary.
import type { FieldProblem } from './api.ts';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface SummaryItem {
  /** The id of the input to jump to, or null for a message without a field of this form. */
  targetId: string | null;
  message: string;
}

export function hasErrors<F extends string>(errors: FieldErrors<F>): boolean {
  return Object.values(errors).some((message) => typeof message === 'string' && message !== '');
}

/**
 * Assigns the server's field messages to the form's fields (first message per field wins; the forms
 * use the server's field names). Messages for fields the form does not have are returned separately.
 */
export function assignFieldProblems<F extends string>(
  fields: readonly F[],
  problems: readonly FieldProblem[],
): { fieldErrors: FieldErrors<F>; unassigned: string[] } {
  const fieldErrors: FieldErrors<F> = {};
  const unassigned: string[] = [];
  for (const problem of problems) {
    const name = fields.find((f) => f === problem.field);
    if (name === undefined) unassigned.push(problem.message);
    else fieldErrors[name] ??= problem.message;
  }
  return { fieldErrors, unassigned };
}

/** Summary entries in the order of the form's fields, then messages without a field. */
export function summaryItems<F extends string>(
  fields: readonly F[],
  errors: FieldErrors<F>,
  idOf: (field: F) => string,
  unassigned: readonly string[] = [],
): SummaryItem[] {
  const items: SummaryItem[] = [];
  for (const field of fields) {
    const message = errors[field];
    if (message) items.push({ targetId: idOf(field), message });
  }
  return [...items, ...unassigned.map((message) => ({ targetId: null, message }))];
}
