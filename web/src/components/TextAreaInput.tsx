import { FieldError, Label, Text, TextArea, TextField } from 'react-aria-components';
import type { FieldBinding } from '../lib/useForm.ts';

/** A labelled multi-line field, like TextInput: required marker, hint and error linked to it. */
export function TextAreaInput({
  id,
  name,
  value,
  onChange,
  errorMessage,
  label,
  description,
  isRequired = false,
  rows = 6,
}: FieldBinding & { label: string; description?: string; isRequired?: boolean; rows?: number }) {
  return (
    <TextField className="field" id={id} name={name} value={value} onChange={onChange} isRequired={isRequired} isInvalid={errorMessage !== undefined} validationBehavior="aria">
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
      <TextArea className="field__input field__textarea" rows={rows} />
    </TextField>
  );
}
