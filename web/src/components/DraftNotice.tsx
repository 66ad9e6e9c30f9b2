import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { draftStorage, hasDrafts } from '../lib/drafts.ts';
import { authRouteState } from '../lib/routes.ts';
import { useSession } from '../lib/session.ts';
import { MAIN_ID } from '../lib/useFocusOnRouteChange.ts';
import type { RestoredDraft } from '../lib/useForm.ts';

/** Nothing of the user's own choosing has the focus: the page heading, <main> or nothing. */
function focusIsFree(): boolean {
  const active = document.activeElement;
  if (active === null || active === document.body || active.id === MAIN_ID) return true;
  return active.tagName === 'H1' && active.closest(`#${MAIN_ID}`) !== null;
}

/**
 * At the top of a form whose values came back from a draft (REL-06): "Ihre Eingaben wurden
 * aufbewahrt. Bitte senden Sie das Formular erneut." It takes the focus (after the route change
 * has focused the page heading), so it is read out and the form scrolls into view; a status as
 * well, for screen readers that do not read a focused box.
 */
export function RestoredDraftNotice({ restored }: { restored: RestoredDraft | null }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!restored) return;
    // After the parent's route-change focus (parents' effects run after their children's).
    const timer = window.setTimeout(() => {
      if (focusIsFree()) box.current?.focus();
    }, 0);
    return () => {
      window.clearTimeout(timer);
    };
  }, [restored]);
  if (!restored) return null;
  return (
    <div ref={box} tabIndex={-1} role="status" className="notice draft-notice">
      <p>{t('form.draftRestored')}</p>
      {restored.droppedSensitive && <p>{t('form.draftSecretsDropped')}</p>}
    </div>
  );
}

/**
 * On the sign-in page after the session ended while a form was filled in: the input is kept and
 * the form can be sent again after signing in (shown when the sign-in returns to that page).
 */
export function KeptDraftNotice() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  const from = authRouteState(location.state).from;
  if (session || !from || !hasDrafts(draftStorage(), window.location.host)) return null;
  return (
    <div className="notice" role="status">
      <p>{t('login.draftKept')}</p>
    </div>
  );
}
