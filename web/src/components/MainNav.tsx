import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { legalPages, type NavLabelKey } from '../lib/routes.ts';

const items: readonly { path: string; label: NavLabelKey }[] = [{ path: '/', label: 'nav.home' }, ...legalPages];

/** The public pages; the current one carries aria-current="page" (set by NavLink). */
export function MainNav() {
  const { t } = useTranslation();
  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <ul className="main-nav__list">
        {items.map((item) => (
          <li key={item.path}>
            <NavLink to={item.path} end className="main-nav__link">
              {t(item.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
