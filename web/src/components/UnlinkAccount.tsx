import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { TSession } from '../../../api/identity.ts';
import { unlinkAccount } from '../lib/identity.ts';
import { problemMessage } from '../lib/problems.ts';
import { ME_KEY, storeSession } from '../lib/session.ts';
import { PendingButton } from './SubmitButton.tsx';

type Account = TSession['accounts'][number];

/**
 * "Verknüpfung aufheben" for one customer account: a confirmation dialog; the last account cannot
 * be unlinked (409, the server's message is shown in the dialog).
 */
export function UnlinkAccount({ account, onUnlinked }: { account: Account; onUnlinked: (customerNumber: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const descriptionId = useId();
  const [isOpen, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = (): void => {
    if (pending) return;
    setPending(true);
    setError(null);
    unlinkAccount(account.customerId)
      .then((response) => {
        setOpen(false);
        storeSession(queryClient, response);
        void queryClient.invalidateQueries({ queryKey: ME_KEY });
        onUnlinked(account.customerNumber);
      })
      .catch((failure: unknown) => {
        setError(failure);
      })
      .finally(() => {
        setPending(false);
      });
  };
  return (
    <DialogTrigger
      isOpen={isOpen}
      onOpenChange={(open) => {
        setOpen(open);
        if (open) setError(null);
      }}
    >
      <Button className="button button--secondary">
        {t('myAccess.unlink')}
        <span className="visually-hidden"> {t('myAccess.unlinkContext', { number: account.customerNumber })}</span>
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog" aria-describedby={descriptionId}>
            <Heading slot="title" className="dialog__title">
              {t('myAccess.unlinkTitle', { number: account.customerNumber })}
            </Heading>
            <p id={descriptionId}>{t('myAccess.unlinkExplanation', { name: account.name })}</p>
            {error !== null && (
              <p className="field__error" role="alert">
                {problemMessage(t, error)}
              </p>
            )}
            <div className="dialog__actions">
              <PendingButton pending={pending} onPress={confirm}>
                {t('myAccess.unlinkConfirm')}
              </PendingButton>
              <Button
                className="button button--secondary"
                autoFocus
                onPress={() => {
                  setOpen(false);
                }}
              >
                {t('myAccess.cancel')}
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
