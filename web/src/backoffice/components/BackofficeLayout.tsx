import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { mayStaff } from '../../../../api/staff.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { SkipLink } from '../../components/SkipLink.tsx';
import { useTenant } from '../../lib/site.ts';
import { MAIN_ID, useFocusOnRouteChange } from '../../lib/useFocusOnRouteChange.ts';
import { boPaths } from '../lib/paths.ts';
import { useStaffSessionQuery } from '../lib/session.ts';
import { useStaffSignOut } from '../lib/useStaffSignOut.ts';
import { StaffSessionWatcher } from './StaffSessionWatcher.tsx';

/** Who is signed in (name and role) and the sign-out button. */
function MemberBar() {
  const { t } = useTranslation();
  const { data } = useStaffSessionQuery();
  const signOut = useStaffSignOut();
  const [failed, setFailed] = useState(false);
  if (data?.status !== 'signed_in') return null;
  const { staff } = data.session;
  return (
    <div className="bo-member">
      <p className="bo-member__who">
        <span className="bo-member__name">{staff.name}</span>
        <span className="bo-member__role">{t(`backoffice.roles.${staff.role}`)}</span>
      </p>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          setFailed(false);
          void signOut().catch(() => {
            setFailed(true);
          });
        }}
      >
        {t('backoffice.signOut')}
      </button>
      {failed && (
        <p className="field__error" role="alert">
          {t('idle.stayFailed')}
        </p>
      )}
    </div>
  );
}

function BackofficeNav() {
  const { t } = useTranslation();
  const { data } = useStaffSessionQuery();
  const tenant = useTenant();
  if (data?.status !== 'signed_in') return null;
  const items = [
    { to: boPaths.dashboard, label: t('backoffice.nav.dashboard'), end: true },
    { to: boPaths.queue, label: t('backoffice.nav.queue'), end: false },
    { to: boPaths.customers, label: t('backoffice.nav.customers'), end: false },
    ...(tenant.registrationMethods.includes('meter_gp') ? [{ to: boPaths.gpLetters, label: t('gpLetters.nav'), end: true }] : []),
    ...(mayStaff(data.session.staff.role, 'admin') ? [{ to: boPaths.team, label: t('backoffice.nav.team'), end: true }] : []),
    ...(mayStaff(data.session.staff.role, 'admin') ? [{ to: boPaths.integration, label: t('integrationAdmin.title'), end: true }] : []),
    ...(mayStaff(data.session.staff.role, 'admin') ? [{ to: boPaths.settings, label: t('boSettings.nav'), end: true }] : []),
  ];
  return (
    <nav className="main-nav" aria-label={t('backoffice.nav.label')}>
      <ul className="main-nav__list">
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.end} className="main-nav__link">
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The back office's shell: skip link, header (utility + "Backoffice", member, sign-out, language), navigation, main. */
export function BackofficeLayout() {
  const { t } = useTranslation();
  const tenant = useTenant();
  useFocusOnRouteChange();
  return (
    <>
      <SkipLink targetId={MAIN_ID} />
      <header className="site-header bo-header">
        <div className="site-header__bar">
          <Link to={boPaths.dashboard} className="brand">
            <span className="brand__name">{tenant.displayName}</span>
            <span className="bo-header__product">{t('backoffice.product')}</span>
          </Link>
          <div className="site-header__tools">
            <MemberBar />
            <LanguageSwitch />
          </div>
        </div>
        <BackofficeNav />
      </header>
      <main id={MAIN_ID} tabIndex={-1} className="site-main bo-main">
        <Outlet />
      </main>
      <StaffSessionWatcher />
    </>
  );
}
