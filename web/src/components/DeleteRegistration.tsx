import { useEffect, useRef, useState } from 'react';
import { Button, DialogTrigger, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { TSession } from '../../../api/identity.ts';
import { deleteRegistration } from '../lib/identity.ts';
import { useSession, useSessionStore } from '../lib/session.ts';
import { useForm } from '../lib/useForm.ts';
import { PasswordDialog } from './PasswordDialog.tsx';

const fields = ['password'] as const;

/** Router state of the start page after the registration was deleted. */
interface DeletedState {
  registrationDeleted: true;
}

function isDeletedState(state: unknown): state is DeletedState {
  return typeof state === 'object' && state !== null && (state as Record<string, unknown>).registrationDeleted === true;
}

/**
 * "Registrierung löschen" on Mein Zugang: what goes and what stays with the utility, then a dialog
 * that asks for the password. Afterwards the start page says so (RegistrationDeletedNotice).
 */
export function DeleteRegistration({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const store = useSessionStore();
  const [isOpen, setOpen] = useState(false);
  const deleted = useRef(false);
  // The signed-out state is stored only once this page is gone: while it is shown, RequireSession
  // would answer it by opening the sign-in page, and the route change to the start page runs as a
  // transition, after that update.
  useEffect(() => {
    const flag = deleted;
    return () => {
      if (flag.current) store.signedOut('logout');
    };
  }, [store]);
  const form = useForm({
    id: 'delete-registration',
    fields,
    validate: (values) => ({ password: values.password === '' ? t('validation.passwordRequired') : undefined }),
    submit: (values) => deleteRegistration(values.password),
    onSuccess: () => {
      deleted.current = true;
      const state: DeletedState = { registrationDeleted: true };
      void navigate('/', { state });
    },
  });
  const { reset } = form;
  return (
    <section className="section" aria-labelledby="delete-registration-heading">
      <h2 id="delete-registration-heading">{t('deleteRegistration.heading')}</h2>
      <p>{t('deleteRegistration.intro')}</p>
      <div className="box-grid">
        <div>
          <h3>{t('deleteRegistration.deletedHeading')}</h3>
          <ul>
            <li>{t('deleteRegistration.deletedLogin')}</li>
            <li>{t('deleteRegistration.deletedSessions')}</li>
            <li>{t('deleteRegistration.deletedFactors')}</li>
            <li>{t('deleteRegistration.deletedLinks')}</li>
          </ul>
        </div>
        <div>
          <h3>{t('deleteRegistration.keptHeading')}</h3>
          <ul>
            <li>{t('deleteRegistration.keptCustomer')}</li>
            <li>{t('deleteRegistration.keptInvoices')}</li>
            <li>{t('deleteRegistration.keptReadings')}</li>
          </ul>
          <p>{t('deleteRegistration.again')}</p>
        </div>
      </div>
      <DialogTrigger
        isOpen={isOpen}
        onOpenChange={(open) => {
          if (!open && form.pending) return; // the request is under way: wait for its answer
          if (open) reset();
          setOpen(open);
        }}
      >
        <Button className="button button--secondary">{t('deleteRegistration.open')}</Button>
        <ModalOverlay className="modal-overlay" isDismissable>
          <PasswordDialog
            form={form}
            role="alertdialog"
            title={t('deleteRegistration.dialogTitle')}
            text={t('deleteRegistration.dialogText')}
            email={session.login.email}
            passwordLabel={t('deleteRegistration.password')}
            confirmLabel={t('deleteRegistration.confirm')}
            cancelLabel={t('deleteRegistration.cancel')}
            onCancel={() => {
              setOpen(false);
            }}
          />
        </ModalOverlay>
      </DialogTrigger>
    </section>
  );
}

/** On the start page after deleting the registration: a status message once signed out here. */
export function RegistrationDeletedNotice() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  const show = isDeletedState(location.state) && session === null;
  return (
    <div role="status" className="form__status">
      {show && (
        <div className="notice notice--success">
          <p>{t('deleteRegistration.done')}</p>
        </div>
      )}
    </div>
  );
}
