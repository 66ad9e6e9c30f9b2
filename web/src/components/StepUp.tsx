import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api.ts';
import { reauthenticate } from '../lib/factors.ts';
import { useForm } from '../lib/useForm.ts';
import { PasswordDialog } from './PasswordDialog.tsx';

/** The user closed the password dialog: the change was not made, and nothing needs saying. */
export class StepUpCancelled extends Error {
  constructor() {
    super('password confirmation cancelled');
    this.name = 'StepUpCancelled';
  }
}

type Pending = { resolve: () => void; reject: (error: unknown) => void };

/**
 * Sensitive changes need a password confirmed in the last five minutes (the server answers
 * step_up_required otherwise). `run(action)` tries the action; when the server asks, it shows a
 * password dialog, confirms, and tries once more. Render `dialog` once in the component.
 */
export function useStepUp(email: string): { run: <T>(action: () => Promise<T>) => Promise<T>; dialog: ReactNode } {
  const [pending, setPending] = useState<Pending | null>(null);
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'step_up_required')) throw error;
      await new Promise<void>((resolve, reject) => {
        setPending({ resolve, reject });
      });
      return action();
    }
  }, []);
  const dialog = (
    <StepUpDialog
      isOpen={pending !== null}
      email={email}
      onConfirmed={() => {
        pending?.resolve();
        setPending(null);
      }}
      onCancel={() => {
        pending?.reject(new StepUpCancelled());
        setPending(null);
      }}
    />
  );
  return { run, dialog };
}

const fields = ['password'] as const;

function StepUpDialog({ isOpen, email, onConfirmed, onCancel }: { isOpen: boolean; email: string; onConfirmed: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    id: 'step-up',
    fields,
    validate: (values) => ({ password: values.password === '' ? t('validation.passwordRequired') : undefined }),
    submit: (values) => reauthenticate(values.password),
    onSuccess: () => {
      onConfirmed();
    },
  });
  const { reset } = form;
  const wasOpen = useRef(false);
  useEffect(() => {
    if (isOpen && !wasOpen.current) reset();
    wasOpen.current = isOpen;
  }, [isOpen, reset]);
  return (
    <ModalOverlay
      className="modal-overlay"
      isDismissable
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open && !form.pending) onCancel();
      }}
    >
      <PasswordDialog
        form={form}
        title={t('stepUp.title')}
        text={t('stepUp.text')}
        email={email}
        passwordLabel={t('fields.password')}
        confirmLabel={t('stepUp.confirm')}
        cancelLabel={t('myAccess.cancel')}
        onCancel={onCancel}
      />
    </ModalOverlay>
  );
}
