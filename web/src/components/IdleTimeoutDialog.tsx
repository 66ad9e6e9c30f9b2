import { useEffect, useId, useRef, useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { fetchSession, keepalive, logout } from '../lib/identity.ts';
import { formatCountdown } from '../lib/idle.ts';
import { EXPIRED_PARAM, paths, type AuthRouteState } from '../lib/routes.ts';
import { useSessionStore } from '../lib/session.ts';
import { useIdlePhase } from '../lib/useIdlePhase.ts';
import { useSignOut } from '../lib/useSignOut.ts';
import { useTenant } from '../lib/site.ts';

/**
 * The session is read again this long after the deadline. Reading it counts as activity on the
 * server, so it must not happen before the server's own deadline has certainly passed.
 */
const EXPIRY_GRACE_MS = 2_000;

/**
 * Two minutes before the idle deadline: a modal alert dialog with a countdown, "Angemeldet bleiben"
 * (keepalive) and "Jetzt abmelden". Just after the deadline the session is read again: still valid
 * means another tab kept it alive; otherwise the user is signed out and sent to /anmelden?abgelaufen=1.
 */
export function IdleTimeoutDialog({ deadline }: { deadline: number }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  const phase = useIdlePhase(deadline);
  const store = useSessionStore();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const descriptionId = useId();
  const [staying, setStaying] = useState(false);
  const [failed, setFailed] = useState(false);
  const expiring = useRef(false);
  const from = `${location.pathname}${location.search}`;

  useEffect(() => {
    if (phase.phase !== 'expired' || expiring.current) return;
    expiring.current = true;
    const expire = async (): Promise<void> => {
      try {
        store.store(await fetchSession());
        return; // still signed in: another tab was active
      } catch {
        // 401 (ended) or unreachable: sign out here either way
      }
      await logout().catch(() => undefined);
      const state: AuthRouteState = { from };
      void navigate(`${paths.login}?${EXPIRED_PARAM}=1`, { state });
      store.signedOut('expired');
    };
    const timer = window.setTimeout(() => {
      void expire().finally(() => {
        expiring.current = false;
      });
    }, EXPIRY_GRACE_MS);
    return () => {
      window.clearTimeout(timer);
      expiring.current = false;
    };
  }, [phase.phase, store, navigate, from]);

  const stay = (): void => {
    if (staying) return;
    setStaying(true);
    setFailed(false);
    keepalive()
      .then(store.store, () => {
        setFailed(true);
      })
      .finally(() => {
        setStaying(false);
      });
  };

  const open = phase.phase === 'warning';
  const msLeft = phase.phase === 'warning' ? phase.msLeft : 0;
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={open}
      isDismissable={false}
      onOpenChange={(isOpen) => {
        if (!isOpen) stay(); // Escape: the harmless choice
      }}
    >
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog" aria-describedby={descriptionId}>
          <Heading slot="title" className="dialog__title">
            {t('idle.title')}
          </Heading>
          {/* Read once when the dialog opens (whole minutes); the second-by-second countdown is only shown. */}
          <p id={descriptionId} className="dialog__countdown">
            <span className="visually-hidden">{t('idle.countdownSpoken', { count: Math.max(1, Math.ceil(msLeft / 60_000)) })}</span>
            <span aria-hidden="true">{t('idle.countdown', { time: formatCountdown(msLeft) })}</span>
          </p>
          <p>{t('idle.explanation', { minutes: tenant.idleTimeoutMinutes })}</p>
          {failed && (
            <p className="field__error" role="alert">
              {t('idle.stayFailed')}
            </p>
          )}
          <div className="dialog__actions">
            <Button className="button" autoFocus onPress={stay}>
              {t('idle.stay')}
            </Button>
            <Button
              className="button button--secondary"
              onPress={() => {
                void signOut().catch(() => {
                  setFailed(true);
                });
              }}
            >
              {t('idle.signOut')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
