import type { ReactNode } from 'react';
import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';
import type { FieldBinding } from '../lib/useForm.ts';

export interface TextInputProps extends FieldBinding {
  label: string;
  /** Format hint shown between label and input (linked with aria-describedby). */
  description?: ReactNode;
  isRequired?: boolean;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  inputMode?: 'text' | 'email' | 'numeric';
  /** Next to the input, e.g. the show/hide button of a password. */
  addon?: ReactNode;
  /** Below the field, e.g. a "Where do I find…?" disclosure. */
  children?: ReactNode;
}

/**
 * A labelled text field (React Aria, validationBehavior "aria"): required fields carry a visible
 * "*" (aria-required for assistive technology); hint and error message are linked to the input.
 */
export function TextInput({
  id,
  name,
  value,
  onChange,
  errorMessage,
  label,
  description,
  isRequired = false,
  type = 'text',
  autoComplete,
  inputMode,
  addon,
  children,
}: TextInputProps) {
  const plain = type !== 'password';
  return (
    <TextField
      className="field"
      id={id}
      name={name}
      value={value}
      onChange={onChange}
      type={type}
      autoComplete={autoComplete}
      inputMode={inputMode}
      isRequired={isRequired}
      isInvalid={errorMessage !== undefined}
      validationBehavior="aria"
    >
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
        <Input
          className="field__input"
          spellCheck={plain ? false : undefined}
          autoCapitalize={plain ? 'none' : undefined}
          autoCorrect={plain ? 'off' : undefined}
        />
        {addon}
      </div>
      {children}
    </TextField>
  );
}
