import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import type { TModule } from '../../../api/tenant.ts';
import { legalPages, paths } from '../lib/routes.ts';
import { useSession } from '../lib/session.ts';
import { useTenant } from '../lib/site.ts';

type Item = {
  path: string;
  label: (t: TFunction) => string;
  /** false: also current on the pages below it (a list and its detail pages). */
  end?: boolean;
  /** Shown only when the utility offers this module. */
  module?: TModule;
};

const home: Item = { path: '/', label: (t) => t('nav.home') };

/**
 * The pages of a signed-in customer, in this order. A self-service module adds its entry here
 * (label from its own catalog, gated by its module).
 */
const customerItems: readonly Item[] = [
  { path: paths.overview, label: (t) => t('overview.nav') },
  { path: paths.readings, label: (t) => t('readings.nav'), module: 'readings' },
  { path: paths.consumption, label: (t) => t('consumption.nav'), module: 'consumption' },
  { path: paths.documents, label: (t) => t('documents.nav'), module: 'invoices' },
  { path: paths.instalments, label: (t) => t('instalments.nav'), module: 'instalments' },
  { path: paths.account, label: (t) => t('account.nav'), module: 'account_statement' },
  { path: paths.contracts, label: (t) => t('contracts.nav'), module: 'contracts' },
  { path: paths.banking, label: (t) => t('banking.nav'), module: 'banking' },
  { path: paths.customerData, label: (t) => t('customerData.nav') },
  { path: paths.requests, label: (t) => t('nav.requests'), end: false },
  { path: paths.myAccess, label: (t) => t('nav.myAccess') },
];

/** More entries than this go behind the menu button on narrow screens. */
const COLLAPSE_AFTER = 4;

const publicItems: readonly Item[] = [home, ...legalPages.map((page): Item => ({ path: page.path, label: (t) => t(page.label) }))];

/**
 * The portal's pages (the customer's pages once signed in); the current one carries aria-current="page".
 * On narrow screens the list sits behind a "Menü" button (a disclosure) once it is longer than a few
 * entries, and closes again when a page is chosen.
 */
export function MainNav() {
  const { t } = useTranslation();
  const tenant = useTenant();
  const signedIn = useSession() !== null;
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const [openedOn, setOpenedOn] = useState(pathname);
  if (openedOn !== pathname) {
    setOpenedOn(pathname);
    setOpen(false);
  }
  const items = (signedIn ? customerItems : publicItems).filter((item) => !item.module || tenant.modules.includes(item.module));
  const collapsible = items.length > COLLAPSE_AFTER;
  const listId = 'main-nav-list';
  return (
    <nav className={`main-nav${collapsible ? ' main-nav--collapsible' : ''}${open ? ' main-nav--open' : ''}`} aria-label={t('nav.label')}>
      {collapsible && (
        <button type="button" className="main-nav__toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          <span aria-hidden="true" className="main-nav__toggle-icon">
            {open ? '×' : '≡'}
          </span>
          {t('nav.menu')}
        </button>
      )}
      <ul className="main-nav__list" id={listId}>
        {items.map((item) => (
          <li key={item.path}>
            <NavLink to={item.path} end={item.end ?? true} className="main-nav__link" onClick={() => setOpen(false)}>
              {item.label(t)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
