import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';
import type { FieldBinding } from '../lib/useForm.ts';

/**
 * A labelled date field (the browser's date input: a calendar to pick from, typing with the keyboard,
 * the value as `YYYY-MM-DD`), like TextInput: required marker, hint and error linked to it. `min` and
 * `max` limit the calendar; the form still checks the range with a message of its own.
 * Used by the instalment change and the billing address change.
 */
export function InstalmentsDateField({
  id,
  name,
  value,
  onChange,
  errorMessage,
  label,
  description,
  isRequired = false,
  min,
  max,
}: FieldBinding & { label: string; description?: string; isRequired?: boolean; min?: string; max?: string }) {
  return (
    <TextField className="field" id={id} name={name} value={value} onChange={onChange} type="date" isRequired={isRequired} isInvalid={errorMessage !== undefined} validationBehavior="aria">
      <Label className="field__label">
        {label}
        {isRequired && (
          <span className="field__required" aria-hidden="true">
            {' *'}
          </span>
        )}
      </Label>
      {description !== undefined && (
        <Text slot="description" className="field__hint">
          {description}
        </Text>
      )}
      <FieldError className="field__error">{errorMessage}</FieldError>
      <div className="field__control">
        <Input className="field__input instalments-date" min={min} max={max} />
      </div>
    </TextField>
  );
}
