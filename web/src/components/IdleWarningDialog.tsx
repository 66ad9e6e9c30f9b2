import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatCountdown } from '../lib/idle.ts';
import { useIdlePhase } from '../lib/useIdlePhase.ts';

/**
 * The session is read again this long after the deadline. Reading it counts as activity on the
 * server, so it must not happen before the server's own deadline has certainly passed.
 */
const EXPIRY_GRACE_MS = 2_000;

/** Where a session comes from and goes to: the customer's, the staff member's or the operator's. */
export interface IdleSessionSource {
  /** "Angemeldet bleiben": activity on the server that moves the idle deadline (and stores the new one). */
  keepAlive: () => Promise<unknown>;
  /** Just after the deadline: read the session again; sign out here when it is gone (another tab may have kept it). */
  expire: () => Promise<void>;
  /** "Jetzt abmelden". */
  signOut: () => Promise<void>;
}

/**
 * Two minutes before the idle deadline: a modal alert dialog with a countdown, "Angemeldet bleiben"
 * and "Jetzt abmelden". Just after the deadline the session source decides (read again: still valid
 * means another tab kept it alive; otherwise signed out). Used by the customer portal, the back office
 * and the operator console, each with its own session source.
 */
export function IdleWarningDialog({ deadline, idleMinutes, source }: { deadline: number; idleMinutes: number; source: IdleSessionSource }) {
  const { t } = useTranslation();
  const phase = useIdlePhase(deadline);
  const descriptionId = useId();
  const [staying, setStaying] = useState(false);
  const [failed, setFailed] = useState(false);
  const expiring = useRef(false);
  // The latest source without restarting the expiry timer when the caller passes a new object.
  const sourceRef = useRef(source);
  useLayoutEffect(() => {
    sourceRef.current = source;
  });

  useEffect(() => {
    if (phase.phase !== 'expired' || expiring.current) return;
    expiring.current = true;
    const timer = window.setTimeout(() => {
      void sourceRef.current
        .expire()
        .catch(() => undefined)
        .finally(() => {
          expiring.current = false;
        });
    }, EXPIRY_GRACE_MS);
    return () => {
      window.clearTimeout(timer);
      expiring.current = false;
    };
  }, [phase.phase]);

  const stay = (): void => {
    if (staying) return;
    setStaying(true);
    setFailed(false);
    sourceRef.current
      .keepAlive()
      .catch(() => {
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
                void sourceRef.current.signOut().catch(() => {
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
