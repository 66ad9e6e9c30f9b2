import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { legalPages, paths, type NavLabelKey } from '../lib/routes.ts';
import { useSession } from '../lib/session.ts';

type Item = { path: string; label: NavLabelKey | 'nav.myAccess' | 'nav.requests'; end?: boolean };

const home: Item = { path: '/', label: 'nav.home' };
const myAccess: Item = { path: paths.myAccess, label: 'nav.myAccess' };
// Current on the list, the form and every request's page.
const requests: Item = { path: paths.requests, label: 'nav.requests', end: false };

/** The portal's pages ("Mein Zugang" once signed in); the current one carries aria-current="page". */
export function MainNav() {
  const { t } = useTranslation();
  const signedIn = useSession() !== null;
  const items: readonly Item[] = signedIn ? [home, requests, myAccess, ...legalPages] : [home, ...legalPages];
  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <ul className="main-nav__list">
        {items.map((item) => (
          <li key={item.path}>
            <NavLink to={item.path} end={item.end ?? true} className="main-nav__link">
              {t(item.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
