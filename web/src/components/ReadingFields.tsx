import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';
import type { FieldBinding } from '../lib/useForm.ts';

type Common = FieldBinding & { label: string; description?: string; isRequired?: boolean };

function Required({ isRequired }: { isRequired: boolean }) {
  return isRequired ? (
    <span className="field__required" aria-hidden="true">
      {' *'}
    </span>
  ) : null;
}

/**
 * The reading date: the browser's date input (calendar or typing, value YYYY-MM-DD), limited to
 * `min`…`max`; hint and error linked to it like TextInput. The server checks the range again.
 */
export function ReadingDateField({ id, name, value, onChange, errorMessage, label, description, isRequired = false, min, max }: Common & { min: string; max: string }) {
  return (
    <TextField className="field" id={id} name={name} value={value} onChange={onChange} type="date" isRequired={isRequired} isInvalid={errorMessage !== undefined} validationBehavior="aria">
      <Label className="field__label">
        {label}
        <Required isRequired={isRequired} />
      </Label>
      {description !== undefined && (
        <Text slot="description" className="field__hint">
          {description}
        </Text>
      )}
      <FieldError className="field__error">{errorMessage}</FieldError>
      <div className="field__control">
        <Input className="field__input readings-date" min={min} max={max} />
      </div>
    </TextField>
  );
}

/**
 * A register's value: a text field (digits, separators as the customer types them) with the unit
 * beside it; the label names the unit as well, so the visible unit is not read twice.
 */
export function ReadingValueField({ id, name, value, onChange, errorMessage, label, description, isRequired = false, unit, decimals }: Common & { unit: string; decimals: number }) {
  return (
    <TextField
      className="field"
      id={id}
      name={name}
      value={value}
      onChange={onChange}
      inputMode={decimals > 0 ? 'decimal' : 'numeric'}
      autoComplete="off"
      isRequired={isRequired}
      isInvalid={errorMessage !== undefined}
      validationBehavior="aria"
    >
      <Label className="field__label">
        {label}
        <Required isRequired={isRequired} />
      </Label>
      {description !== undefined && (
        <Text slot="description" className="field__hint">
          {description}
        </Text>
      )}
      <FieldError className="field__error">{errorMessage}</FieldError>
      <div className="field__control readings-value">
        <Input className="field__input readings-value__input" spellCheck={false} autoCorrect="off" />
        <span className="readings-value__unit" aria-hidden="true">
          {unit}
        </span>
      </div>
    </TextField>
  );
}
