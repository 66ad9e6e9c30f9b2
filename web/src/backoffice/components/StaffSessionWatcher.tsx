import { useEffect, useId, useRef, useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatCountdown } from '../../lib/idle.ts';
import { useIdlePhase } from '../../lib/useIdlePhase.ts';
import { fetchStaffSession, onStaffSessionEvent } from '../lib/api.ts';
import { useStaffSessionQuery, useStaffSessionStore } from '../lib/session.ts';
import { useStaffSignOut } from '../lib/useStaffSignOut.ts';

/** The session is read again this long after the deadline, when the server has certainly ended it. */
const EXPIRY_GRACE_MS = 2_000;

/**
 * Two minutes before the idle deadline a modal alert dialog with a countdown, "Angemeldet bleiben"
 * and "Jetzt abmelden" (as in the customer portal). Just after the deadline the session is read
 * again: still valid means another tab kept it alive; otherwise the member is signed out and the
 * sign-in page says why (RequireStaff sends them there).
 */
function IdleDialog({ deadline, idleMinutes }: { deadline: number; idleMinutes: number }) {
  const { t } = useTranslation();
  const phase = useIdlePhase(deadline);
  const store = useStaffSessionStore();
  const signOut = useStaffSignOut();
  const descriptionId = useId();
  const [staying, setStaying] = useState(false);
  const [failed, setFailed] = useState(false);
  const expiring = useRef(false);

  useEffect(() => {
    if (phase.phase !== 'expired' || expiring.current) return;
    expiring.current = true;
    const timer = window.setTimeout(() => {
      fetchStaffSession()
        .then(store.store, () => {
          store.signedOut('expired');
        })
        .finally(() => {
          expiring.current = false;
        });
    }, EXPIRY_GRACE_MS);
    return () => {
      window.clearTimeout(timer);
      expiring.current = false;
    };
  }, [phase.phase, store]);

  const stay = (): void => {
    if (staying) return;
    setStaying(true);
    setFailed(false);
    // Reading the session is activity: the server moves the idle deadline.
    fetchStaffSession()
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
        if (!isOpen) stay();
      }}
    >
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog" aria-describedby={descriptionId}>
          <Heading slot="title" className="dialog__title">
            {t('idle.title')}
          </Heading>
          <p id={descriptionId} className="dialog__countdown">
            <span className="visually-hidden">{t('idle.countdownSpoken', { count: Math.max(1, Math.ceil(msLeft / 60_000)) })}</span>
            <span aria-hidden="true">{t('idle.countdown', { time: formatCountdown(msLeft) })}</span>
          </p>
          <p>{t('idle.explanation', { minutes: idleMinutes })}</p>
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

/**
 * Keeps the back-office sign-in state current: every successful call re-reads the session (the
 * server moved the idle deadline), a 401 from any call signs the member out here too.
 */
export function StaffSessionWatcher() {
  const { data } = useStaffSessionQuery();
  const store = useStaffSessionStore();
  useEffect(
    () =>
      onStaffSessionEvent((event) => {
        if (event.type === 'activity') void store.reread();
        else store.signedOut(event.expired ? 'expired' : 'none');
      }),
    [store],
  );
  if (data?.status !== 'signed_in') return null;
  return <IdleDialog deadline={data.idleDeadline} idleMinutes={Math.round(data.session.idleTimeoutSeconds / 60)} />;
}
