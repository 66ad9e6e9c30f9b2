import type { ReactNode } from 'react';

/**
 * A button whose action may take a moment. While `pending` it is marked busy and disabled for
 * assistive technology (aria-disabled keeps the focus on it), presses are ignored and a submit
 * button stops submitting, so neither a second click nor Enter sends anything twice.
 * (React Aria's isPending announces through a live region that points at the button by id, which
 * dangles once the button disappears, as it does after choosing an account or ending a session.)
 */
export function PendingButton({
  pending,
  children,
  onPress,
  submit = false,
  variant = 'primary',
}: {
  pending: boolean;
  children: ReactNode;
  onPress?: () => void;
  submit?: boolean;
  variant?: 'primary' | 'secondary';
}) {
  return (
    <button
      type={submit && !pending ? 'submit' : 'button'}
      className={variant === 'secondary' ? 'button button--secondary' : 'button'}
      aria-disabled={pending || undefined}
      aria-busy={pending || undefined}
      onClick={() => {
        if (!pending) onPress?.();
      }}
    >
      {pending && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

/** The submit button of a form (see PendingButton; useForm also ignores a second submit). */
export function SubmitButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  return (
    <PendingButton pending={pending} submit>
      {children}
    </PendingButton>
  );
}
