import { useId } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import type { Form } from '../lib/useForm.ts';
import { FocusOnMount } from './FocusOnMount.tsx';
import { FormErrors } from './FormErrors.tsx';
import { PasswordInput } from './PasswordInput.tsx';
import { SubmitButton } from './SubmitButton.tsx';

/**
 * The inside of a modal that asks for the password (put it in a ModalOverlay): title, explanation,
 * the password field with the focus, and confirm/cancel. The caller owns the form (what the
 * password is for) and the overlay (when it opens). A hidden username field lets password managers
 * fill in the right entry.
 */
export function PasswordDialog({
  form,
  role = 'dialog',
  title,
  text,
  email,
  passwordLabel,
  confirmLabel,
  cancelLabel,
  onCancel,
}: {
  form: Form<'password'>;
  role?: 'dialog' | 'alertdialog';
  title: string;
  text: string;
  email: string;
  passwordLabel: string;
  confirmLabel: string;
  cancelLabel: string;
  onCancel: () => void;
}) {
  const descriptionId = useId();
  const passwordField = form.field('password');
  return (
    <Modal className="modal">
      <Dialog role={role} className="dialog" aria-describedby={descriptionId}>
        <Heading slot="title" className="dialog__title">
          {title}
        </Heading>
        <p id={descriptionId}>{text}</p>
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <FormErrors form={form} />
          <input type="email" className="visually-hidden" tabIndex={-1} aria-hidden="true" autoComplete="username" value={email} readOnly />
          <FocusOnMount targetId={passwordField.id} />
          <PasswordInput {...passwordField} label={passwordLabel} autoComplete="current-password" isRequired />
          <div className="form__actions">
            <SubmitButton pending={form.pending}>{confirmLabel}</SubmitButton>
            <Button
              className="button button--secondary"
              onPress={() => {
                if (!form.pending) onCancel();
              }}
            >
              {cancelLabel}
            </Button>
          </div>
        </form>
      </Dialog>
    </Modal>
  );
}
