import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { IdleWarningDialog } from '../../components/IdleWarningDialog.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { SkipLink } from '../../components/SkipLink.tsx';
import { MAIN_ID, useFocusOnRouteChange } from '../../lib/useFocusOnRouteChange.ts';
import { fetchOperatorSession, onOperatorSessionEvent } from '../lib/api.ts';
import { opPaths } from '../lib/paths.ts';
import { useOperatorSessionQuery, useOperatorSessionStore } from '../lib/session.ts';
import { useOperatorSignOut } from '../lib/useOperatorSignOut.ts';

/** Keeps the sign-in state current and warns before the idle timeout (the shared idle dialog). */
function OperatorSessionWatcher() {
  const { data } = useOperatorSessionQuery();
  const store = useOperatorSessionStore();
  const signOut = useOperatorSignOut();
  useEffect(
    () =>
      onOperatorSessionEvent((event) => {
        if (event.type === 'activity') void store.reread();
        else store.signedOut(event.expired ? 'expired' : 'none');
      }),
    [store],
  );
  if (data?.status !== 'signed_in') return null;
  const source = {
    keepAlive: async () => {
      store.store(await fetchOperatorSession());
    },
    expire: () =>
      fetchOperatorSession().then(store.store, () => {
        store.signedOut('expired');
      }),
    signOut,
  };
  return <IdleWarningDialog deadline={data.idleDeadline} idleMinutes={Math.round(data.session.idleTimeoutSeconds / 60)} source={source} />;
}

function OperatorBar() {
  const { t } = useTranslation();
  const { data } = useOperatorSessionQuery();
  const signOut = useOperatorSignOut();
  const [failed, setFailed] = useState(false);
  if (data?.status !== 'signed_in') return null;
  return (
    <div className="bo-member">
      <p className="bo-member__who">
        <span className="bo-member__name">{data.session.operator.name}</span>
        <span className="bo-member__role">{t('operator.role')}</span>
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

function OperatorNav() {
  const { t } = useTranslation();
  const { data } = useOperatorSessionQuery();
  if (data?.status !== 'signed_in') return null;
  const items = [
    { to: opPaths.overview, label: t('operator.nav.overview'), end: true },
    { to: opPaths.messages, label: t('operator.nav.messages'), end: true },
    { to: opPaths.team, label: t('operator.nav.team'), end: true },
  ];
  return (
    <nav className="main-nav" aria-label={t('operator.nav.label')}>
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

/** The console's shell: skip link, header (product + "Betrieb", operator, sign-out, language), navigation, main. */
export function OperatorLayout() {
  const { t } = useTranslation();
  useFocusOnRouteChange();
  return (
    <>
      <SkipLink targetId={MAIN_ID} />
      <header className="site-header bo-header">
        <div className="site-header__bar">
          <Link to={opPaths.overview} className="brand">
            <span className="brand__name">{t('app.name')}</span>
            <span className="bo-header__product">{t('operator.product')}</span>
          </Link>
          <div className="site-header__tools">
            <OperatorBar />
            <LanguageSwitch />
          </div>
        </div>
        <OperatorNav />
      </header>
      <main id={MAIN_ID} tabIndex={-1} className="site-main bo-main">
        <Outlet />
      </main>
      <OperatorSessionWatcher />
    </>
  );
}
