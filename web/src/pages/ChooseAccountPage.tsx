import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { TSession } from '../../../api/identity.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { PendingButton } from '../components/SubmitButton.tsx';
import { problemMessage } from '../lib/problems.ts';
import { authRouteState, paths } from '../lib/routes.ts';
import { useSelectAccount } from '../lib/useSelectAccount.ts';

function AccountChoice({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const select = useSelectAccount();
  const navigate = useNavigate();
  const location = useLocation();
  const from = authRouteState(location.state).from;
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const choose = (customerId: string): void => {
    if (pendingId !== null) return;
    setPendingId(customerId);
    setError(null);
    select(customerId)
      .then(() => navigate(from ?? paths.overview, { replace: true }))
      .catch((failure: unknown) => {
        setError(failure);
      })
      .finally(() => {
        setPendingId(null);
      });
  };
  return (
    <>
      <p className="lead">{t('chooseAccount.intro')}</p>
      {error !== null && (
        <div className="notice notice--error" role="alert">
          <p>{problemMessage(t, error)}</p>
        </div>
      )}
      <ul className="card-list account-cards">
        {session.accounts.map((account) => {
          const current = account.customerId === session.selectedCustomerId;
          return (
            <li key={account.customerId} className="card account-card" aria-current={current || undefined}>
              <p className="account-card__number">
                {t('myAccess.customerNumber')} <strong>{account.customerNumber}</strong>
              </p>
              <p className="account-card__name">{account.name}</p>
              <p className="account-card__address">{account.address}</p>
              {current && <p className="badge">{t('chooseAccount.current')}</p>}
              <PendingButton
                pending={pendingId === account.customerId}
                onPress={() => {
                  choose(account.customerId);
                }}
              >
                {t('chooseAccount.chooseLabel', { number: account.customerNumber })}
              </PendingButton>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** /konto-waehlen: several customer accounts are linked to the login; the user picks one. */
export function ChooseAccountPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('chooseAccount.title')} />
      <RequireSession>{(session) => <AccountChoice session={session} />}</RequireSession>
    </>
  );
}
