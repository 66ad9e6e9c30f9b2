import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isPasskeyCancelled, signInWithPasskey } from '../lib/factors.ts';
import { problemMessage } from '../lib/problems.ts';
import { afterSignInPath, useSessionStore } from '../lib/session.ts';
import { PendingButton } from './SubmitButton.tsx';

/**
 * "Mit Passkey anmelden": passwordless on the sign-in page, or the second step after the password
 * (`secondStep`). Hidden where the browser cannot use passkeys at all.
 */
export function PasskeySignIn({ from, secondStep = false }: { from: string | undefined; secondStep?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const store = useSessionStore();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  if (!browserSupportsWebAuthn()) return null;

  const start = (): void => {
    setPending(true);
    setMessage(null);
    signInWithPasskey()
      .then((response) => {
        const { session } = store.store(response);
        void navigate(afterSignInPath(session, from), { replace: true, state: from ? { from } : undefined });
      })
      .catch((error: unknown) => {
        setMessage(isPasskeyCancelled(error) ? { text: t('passkey.cancelled'), error: false } : { text: problemMessage(t, error), error: true });
      })
      .finally(() => {
        setPending(false);
      });
  };

  return (
    <div className="passkey-sign-in">
      {!secondStep && <p className="passkey-sign-in__or">{t('passkey.or')}</p>}
      <PendingButton pending={pending} onPress={start} variant={secondStep ? 'primary' : 'secondary'}>
        {secondStep ? t('passkey.confirmWith') : t('passkey.signIn')}
      </PendingButton>
      <div role="status" className="form__status">
        {message && <p className={message.error ? 'field__error' : undefined}>{message.text}</p>}
      </div>
    </div>
  );
}
