import { useQuery, useQueryClient } from '@tanstack/react-query';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useEffect, useId, useRef, useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { TFactorChangeResult, TFactors, TTotpSetup } from '../../../api/factors.ts';
import type { TSession } from '../../../api/identity.ts';
import { addPasskey, confirmTotp, disableTotp, isPasskeyCancelled, listFactors, removePasskey, renewRecoveryCodes, startTotpSetup } from '../lib/factors.ts';
import { formatDateTime } from '../lib/format.ts';
import { useLocale } from '../lib/i18n.ts';
import { problemMessage } from '../lib/problems.ts';
import { ME_KEY } from '../lib/session.ts';
import { useTenant } from '../lib/site.ts';
import { useForm } from '../lib/useForm.ts';
import { FormErrors } from './FormErrors.tsx';
import { QueryState } from './QueryState.tsx';
import { StepUpCancelled, useStepUp } from './StepUp.tsx';
import { PendingButton, SubmitButton } from './SubmitButton.tsx';
import { TextInput } from './TextInput.tsx';

const FACTORS_KEY = [...ME_KEY, 'factors'] as const;

type Run = <T>(action: () => Promise<T>) => Promise<T>;
type Report = (message: { text: string; error?: boolean }) => void;

function useDateTime(): (iso: string) => string {
  const [locale] = useLocale();
  const tenant = useTenant();
  return (iso) => formatDateTime(iso, locale, tenant.timeZone);
}

/** A button that asks before doing something that lowers the protection (turn off, remove). */
function ConfirmButton({ label, title, text, confirmLabel, onConfirm }: { label: string; title: string; text: string; confirmLabel: string; onConfirm: () => void }) {
  const { t } = useTranslation();
  const descriptionId = useId();
  const [isOpen, setOpen] = useState(false);
  return (
    <DialogTrigger isOpen={isOpen} onOpenChange={setOpen}>
      <Button className="button button--secondary">{label}</Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog" aria-describedby={descriptionId}>
            <Heading slot="title" className="dialog__title">
              {title}
            </Heading>
            <p id={descriptionId}>{text}</p>
            <div className="dialog__actions">
              <PendingButton
                pending={false}
                onPress={() => {
                  setOpen(false);
                  onConfirm();
                }}
              >
                {confirmLabel}
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

/** The recovery codes, shown once after they were made; focus moves to them. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const download = () => {
    const text = `${t('factors.codesFileTitle', { portal: tenant.displayName })}\n\n${codes.join('\n')}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = t('factors.codesFileName');
    link.click();
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 0);
  };
  return (
    <div className="notice recovery-codes">
      <h3 ref={heading} tabIndex={-1}>
        {t('factors.codesHeading')}
      </h3>
      <p>{t('factors.codesText')}</p>
      <ol className="recovery-codes__list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p className="form__actions">
        <PendingButton pending={false} variant="secondary" onPress={download}>
          {t('factors.codesDownload')}
        </PendingButton>
        <PendingButton pending={false} onPress={onDone}>
          {t('factors.codesDone')}
        </PendingButton>
      </p>
    </div>
  );
}

const codeFields = ['code'] as const;

function TotpSetupForm({ setup, onDone, onCancel }: { setup: TTotpSetup; onDone: (result: TFactorChangeResult) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const form = useForm({
    id: 'totp-setup',
    fields: codeFields,
    sensitive: codeFields,
    validate: (values) => ({ code: /^\d{6}$/.test(values.code.replace(/\s/g, '')) ? undefined : t('secondFactor.codeFormat') }),
    submit: (values) => confirmTotp(values.code),
    onSuccess: onDone,
  });
  const grouped = setup.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <div className="totp-setup">
      <h4 ref={heading} tabIndex={-1}>
        {t('factors.setupHeading')}
      </h4>
      <ol className="steps">
        <li>
          <p>{t('factors.setupStep1')}</p>
          <img className="totp-setup__qr" src={setup.qrCode} width={200} height={200} alt={t('factors.qrAlt')} />
          <p>
            {t('factors.setupManual')} <code className="totp-setup__secret">{grouped}</code>
          </p>
        </li>
        <li>
          <p>{t('factors.setupStep2')}</p>
          <form className="form" noValidate onSubmit={form.onSubmit}>
            <FormErrors form={form} />
            <TextInput {...form.field('code')} label={t('secondFactor.codeLabel')} description={t('secondFactor.codeHint')} autoComplete="one-time-code" inputMode="numeric" isRequired />
            <div className="form__actions">
              <SubmitButton pending={form.pending}>{t('factors.setupConfirm')}</SubmitButton>
              <PendingButton pending={false} variant="secondary" onPress={onCancel}>
                {t('myAccess.cancel')}
              </PendingButton>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}

function TotpPart({ factors, run, report, onChanged }: { factors: TFactors; run: Run; report: Report; onChanged: (result: TFactorChangeResult, message: string) => void }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const queryClient = useQueryClient();
  const [setup, setSetup] = useState<TTotpSetup | null>(null);
  const [pending, setPending] = useState(false);
  const act = <T,>(action: () => Promise<T>, done: (value: T) => void) => {
    setPending(true);
    run(action)
      .then(done)
      .catch((error: unknown) => {
        if (!(error instanceof StepUpCancelled)) report({ text: problemMessage(t, error), error: true });
      })
      .finally(() => {
        setPending(false);
      });
  };
  return (
    <div className="factor">
      <h3>{t('factors.totpHeading')}</h3>
      {factors.totp ? (
        <>
          <p>{t('factors.totpOn', { date: dateTime(factors.totp.createdAt) })}</p>
          <ConfirmButton
            label={t('factors.totpOff')}
            title={t('factors.totpOffTitle')}
            text={t('factors.totpOffText')}
            confirmLabel={t('factors.totpOffConfirm')}
            onConfirm={() => {
              act(disableTotp, (next) => {
                queryClient.setQueryData(FACTORS_KEY, next);
                report({ text: t('factors.totpTurnedOff') });
              });
            }}
          />
        </>
      ) : setup ? (
        <TotpSetupForm
          setup={setup}
          onDone={(result) => {
            setSetup(null);
            onChanged(result, t('factors.totpTurnedOn'));
          }}
          onCancel={() => {
            setSetup(null);
          }}
        />
      ) : (
        <>
          <p>{t('factors.totpIntro')}</p>
          <PendingButton
            pending={pending}
            onPress={() => {
              act(startTotpSetup, setSetup);
            }}
          >
            {t('factors.totpSetup')}
          </PendingButton>
        </>
      )}
    </div>
  );
}

const labelFields = ['label'] as const;

function PasskeysPart({ factors, run, report, onChanged }: { factors: TFactors; run: Run; report: Report; onChanged: (result: TFactorChangeResult, message: string) => void }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const queryClient = useQueryClient();
  const supported = browserSupportsWebAuthn();
  const form = useForm({
    id: 'add-passkey',
    fields: labelFields,
    validate: (values) => ({ label: values.label.trim() === '' ? t('factors.passkeyLabelRequired') : undefined }),
    submit: async (values) => {
      try {
        return await run(() => addPasskey(values.label.trim()));
      } catch (error) {
        if (error instanceof StepUpCancelled || isPasskeyCancelled(error)) return null;
        throw error;
      }
    },
    onSuccess: (result, values) => {
      if (result === null) {
        report({ text: t('passkey.cancelled') });
        return;
      }
      form.reset();
      onChanged(result, t('factors.passkeyAdded', { label: values.label.trim() }));
    },
  });
  const remove = (id: string, label: string) => {
    run(() => removePasskey(id))
      .then((next) => {
        queryClient.setQueryData(FACTORS_KEY, next);
        report({ text: t('factors.passkeyRemoved', { label }) });
      })
      .catch((error: unknown) => {
        if (!(error instanceof StepUpCancelled)) report({ text: problemMessage(t, error), error: true });
      });
  };
  return (
    <div className="factor">
      <h3>{t('factors.passkeysHeading')}</h3>
      <p>{t('factors.passkeysIntro')}</p>
      {factors.passkeys.length > 0 && (
        <ul className="card-list">
          {factors.passkeys.map((passkey) => (
            <li key={passkey.id} className="card">
              <h4>{passkey.label}</h4>
              <p>
                {t('factors.passkeyCreated', { date: dateTime(passkey.createdAt) })}
                {' · '}
                {passkey.lastUsedAt ? t('factors.passkeyUsed', { date: dateTime(passkey.lastUsedAt) }) : t('factors.passkeyNeverUsed')}
                {passkey.synced && ` · ${t('factors.passkeySynced')}`}
              </p>
              <ConfirmButton
                label={t('factors.passkeyRemove', { label: passkey.label })}
                title={t('factors.passkeyRemoveTitle', { label: passkey.label })}
                text={t('factors.passkeyRemoveText')}
                confirmLabel={t('factors.passkeyRemoveConfirm')}
                onConfirm={() => {
                  remove(passkey.id, passkey.label);
                }}
              />
            </li>
          ))}
        </ul>
      )}
      {supported ? (
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <FormErrors form={form} />
          <TextInput {...form.field('label')} label={t('factors.passkeyLabel')} description={t('factors.passkeyLabelHint')} autoComplete="off" isRequired />
          <div className="form__actions">
            <SubmitButton pending={form.pending}>{t('factors.passkeyAdd')}</SubmitButton>
          </div>
        </form>
      ) : (
        <p>{t('factors.passkeyUnsupported')}</p>
      )}
    </div>
  );
}

/** "Zwei-Faktor-Anmeldung" on Mein Zugang: authenticator app, passkeys and recovery codes. */
export function SecondFactors({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: FACTORS_KEY, queryFn: ({ signal }) => listFactors(signal) });
  const stepUp = useStepUp(session.login.email);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [renewing, setRenewing] = useState(false);
  const onChanged = (result: TFactorChangeResult, text: string) => {
    queryClient.setQueryData(FACTORS_KEY, result.factors);
    setMessage({ text });
    if (result.recoveryCodes) setCodes(result.recoveryCodes);
  };
  const renew = () => {
    setRenewing(true);
    stepUp
      .run(renewRecoveryCodes)
      .then((result) => {
        onChanged(result, t('factors.codesRenewed'));
      })
      .catch((error: unknown) => {
        if (!(error instanceof StepUpCancelled)) setMessage({ text: problemMessage(t, error), error: true });
      })
      .finally(() => {
        setRenewing(false);
      });
  };
  return (
    <section className="section" aria-labelledby="factors-heading">
      <h2 id="factors-heading">{t('factors.heading')}</h2>
      <p>{t('factors.intro')}</p>
      <div role="status" className="form__status">
        {message && <p className={message.error ? 'field__error' : 'notice notice--success'}>{message.text}</p>}
      </div>
      {codes && (
        <RecoveryCodes
          codes={codes}
          onDone={() => {
            setCodes(null);
          }}
        />
      )}
      <QueryState query={query}>
        {(factors) => (
          <>
            <TotpPart factors={factors} run={stepUp.run} report={setMessage} onChanged={onChanged} />
            <PasskeysPart factors={factors} run={stepUp.run} report={setMessage} onChanged={onChanged} />
            {(factors.totp !== null || factors.passkeys.length > 0) && (
              <div className="factor">
                <h3>{t('factors.codesPartHeading')}</h3>
                <p className={factors.recoveryCodesLeft <= 3 ? 'field__error' : undefined}>{t('factors.codesLeft', { count: factors.recoveryCodesLeft })}</p>
                <PendingButton pending={renewing} variant="secondary" onPress={renew}>
                  {t('factors.codesRenew')}
                </PendingButton>
              </div>
            )}
          </>
        )}
      </QueryState>
      {stepUp.dialog}
    </section>
  );
}
