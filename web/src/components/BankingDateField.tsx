import type { FieldBinding } from '../lib/useForm.ts';

/**
 * "Gültig ab": the browser's date input (calendar or typing, value YYYY-MM-DD) with label, required
 * marker, hint and error linked to it; `min`/`max` limit the calendar, the form checks the range too.
 */
export function BankingDateField({
  id,
  name,
  value,
  onChange,
  errorMessage,
  label,
  description,
  min,
  max,
}: FieldBinding & { label: string; description: string; min: string; max: string }) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
        <span className="field__required" aria-hidden="true">
          {' *'}
        </span>
      </label>
      <p className="field__hint" id={hintId}>
        {description}
      </p>
      {errorMessage && (
        <p className="field__error" id={errorId}>
          {errorMessage}
        </p>
      )}
      <div className="field__control">
        <input
          id={id}
          name={name}
          type="date"
          className="field__input banking-date"
          value={value}
          min={min}
          max={max}
          required
          aria-invalid={errorMessage !== undefined || undefined}
          aria-describedby={errorMessage ? `${errorId} ${hintId}` : hintId}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      </div>
    </div>
  );
}
