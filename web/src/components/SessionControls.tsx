import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../lib/routes.ts';
import { useSessionQuery } from '../lib/session.ts';
import { useSignOut } from '../lib/useSignOut.ts';
import { AccountSwitcher } from './AccountSwitcher.tsx';

/** In the header bar while signed out: "Anmelden" and "Registrieren". */
export function SignInLinks() {
  const { t } = useTranslation();
  const { data } = useSessionQuery();
  if (data?.status !== 'signed_out') return null;
  return (
    <div className="session-links">
      <Link to={paths.login} className="button">
        {t('auth.signIn')}
      </Link>
      <Link to={paths.register} className="button button--secondary">
        {t('auth.register')}
      </Link>
    </div>
  );
}

/** Below the header bar while signed in: the customer account (switcher), "Mein Zugang", "Abmelden". */
export function AccountBar() {
  const { t } = useTranslation();
  const { data } = useSessionQuery();
  const signOut = useSignOut();
  const [signOutFailed, setSignOutFailed] = useState(false);
  if (data?.status !== 'signed_in') return null;
  return (
    <div className="account-bar">
      <div className="account-bar__inner">
        <AccountSwitcher session={data.session} />
        <div className="account-bar__actions">
          <Link to={paths.myAccess} className="button button--secondary">
            {t('auth.myAccess')}
          </Link>
          <Button
            className="button button--secondary"
            onPress={() => {
              setSignOutFailed(false);
              signOut().catch(() => {
                setSignOutFailed(true);
              });
            }}
          >
            {t('auth.signOut')}
          </Button>
        </div>
        {signOutFailed && (
          <p className="field__error account-bar__error" role="alert">
            {t('auth.signOutFailed')}
          </p>
        )}
      </div>
    </div>
  );
}
