import { useEffect, useId, useRef, useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { TSession } from '../../../api/identity.ts';
import { deleteRegistration } from '../lib/identity.ts';
import { useSession, useSessionStore } from '../lib/session.ts';
import { useForm } from '../lib/useForm.ts';
import { FocusOnMount } from './FocusOnMount.tsx';
import { FormErrors } from './FormErrors.tsx';
import { PasswordInput } from './PasswordInput.tsx';
import { SubmitButton } from './SubmitButton.tsx';

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
  const descriptionId = useId();
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
  const passwordField = form.field('password');
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
          <Modal className="modal">
            <Dialog role="alertdialog" className="dialog" aria-describedby={descriptionId}>
              <Heading slot="title" className="dialog__title">
                {t('deleteRegistration.dialogTitle')}
              </Heading>
              <p id={descriptionId}>{t('deleteRegistration.dialogText')}</p>
              <form className="form" noValidate onSubmit={form.onSubmit}>
                <FormErrors form={form} />
                <input type="email" className="visually-hidden" tabIndex={-1} aria-hidden="true" autoComplete="username" value={session.login.email} readOnly />
                <FocusOnMount targetId={passwordField.id} />
                <PasswordInput {...passwordField} label={t('deleteRegistration.password')} autoComplete="current-password" isRequired />
                <div className="form__actions">
                  <SubmitButton pending={form.pending}>{t('deleteRegistration.confirm')}</SubmitButton>
                  <Button
                    className="button button--secondary"
                    onPress={() => {
                      if (!form.pending) setOpen(false);
                    }}
                  >
                    {t('deleteRegistration.cancel')}
                  </Button>
                </div>
              </form>
            </Dialog>
          </Modal>
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
