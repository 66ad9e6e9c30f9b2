import { useId, useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/**
 * A button that asks first: an alert dialog with what will happen, the action and "Abbrechen"
 * (focused, the harmless choice). While the action runs the button is busy and ignores presses.
 */
export function ConfirmAction({
  label,
  title,
  text,
  confirmLabel,
  pending,
  onConfirm,
  accessibleLabel,
}: {
  label: string;
  title: string;
  text: string;
  confirmLabel: string;
  pending: boolean;
  onConfirm: () => void;
  /** A longer name for assistive technology when several such buttons are on the page ("Sperren: anna@…"). */
  accessibleLabel?: string;
}) {
  const { t } = useTranslation();
  const descriptionId = useId();
  const [isOpen, setOpen] = useState(false);
  return (
    <DialogTrigger isOpen={isOpen} onOpenChange={(open) => setOpen(open && !pending)}>
      <Button className="button button--secondary" aria-label={accessibleLabel} aria-disabled={pending || undefined} aria-busy={pending || undefined}>
        {pending && <span className="spinner" aria-hidden="true" />}
        {label}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog" aria-describedby={descriptionId}>
            <Heading slot="title" className="dialog__title">
              {title}
            </Heading>
            <p id={descriptionId}>{text}</p>
            <div className="dialog__actions">
              <Button
                className="button"
                onPress={() => {
                  setOpen(false);
                  onConfirm();
                }}
              >
                {confirmLabel}
              </Button>
              <Button
                className="button button--secondary"
                autoFocus
                onPress={() => {
                  setOpen(false);
                }}
              >
                {t('backoffice.cancel')}
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
