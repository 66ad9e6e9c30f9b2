import { useTranslation } from 'react-i18next';
import type { TDemoAccounts } from '../../../api/tenant.ts';

type Login = TDemoAccounts['tenants'][number]['logins'][number];

/** Demo sign-in data as a list of cards (readable at 320 px, unlike a wide table). */
export function DemoLogins({ logins }: { logins: readonly Login[] }) {
  const { t } = useTranslation();
  if (logins.length === 0) return <p>{t('chooser.noLogins')}</p>;
  return (
    <>
      <p>{t('chooser.loginsIntro')}</p>
      <ul className="card-list">
        {logins.map((login) => (
          <li key={login.email} className="card">
            <dl className="pairs">
              <div>
                <dt>{t('chooser.email')}</dt>
                <dd>
                  <code>{login.email}</code>
                </dd>
              </div>
              <div>
                <dt>{t('chooser.password')}</dt>
                <dd>
                  <code>{login.password}</code>
                </dd>
              </div>
              <div>
                <dt>{t('chooser.customerNumbers')}</dt>
                <dd>{login.customerNumbers.join(', ')}</dd>
              </div>
              {login.note && (
                <div>
                  <dt>{t('chooser.note')}</dt>
                  <dd>{login.note}</dd>
                </div>
              )}
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
