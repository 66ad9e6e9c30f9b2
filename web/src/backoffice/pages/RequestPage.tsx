import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { NOTE_MAX, type TStaffRequestDetail } from '../../../../api/backoffice.ts';
import type { TRequestStatus } from '../../../../api/requests.ts';
import { mayStaff, type TStaffSession } from '../../../../api/staff.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { InfoBox } from '../../components/InfoBox.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RequestStatusBadge } from '../../components/RequestStatusBadge.tsx';
import { PendingButton, SubmitButton } from '../../components/SubmitButton.tsx';
import { TextAreaInput } from '../../components/TextAreaInput.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useLocale } from '../../lib/i18n.ts';
import { formatFileSize } from '../../lib/requests.ts';
import { useTenant } from '../../lib/site.ts';
import { useForm } from '../../lib/useForm.ts';
import { RequireStaff } from '../components/RequireStaff.tsx';
import { ResultMessage, type Result } from '../components/ResultMessage.tsx';
import { addNote, assign, changeStatus, colleagues, getStaffRequest, staffAttachmentUrl } from '../lib/api.ts';
import { boPaths, customerPath } from '../lib/paths.ts';
import { staffProblem } from '../lib/problems.ts';
import { STAFF_KEY } from '../lib/session.ts';

type Update = (next: TStaffRequestDetail) => void;

function useDateTime(): (iso: string) => string {
  const [locale] = useLocale();
  const tenant = useTenant();
  return (iso) => formatDateTime(iso, locale, tenant.timeZone);
}

function Facts({ request }: { request: TStaffRequestDetail }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  return (
    <section className="section" aria-labelledby="bo-request-facts">
      <h2 id="bo-request-facts">{request.subject}</h2>
      <dl className="pairs">
        <div>
          <dt>{t('requests.reference')}</dt>
          <dd>{request.reference}</dd>
        </div>
        <div>
          <dt>{t('requests.statusLabel')}</dt>
          <dd>
            <RequestStatusBadge status={request.status} />
          </dd>
        </div>
        <div>
          <dt>{t('requests.kindLabel')}</dt>
          <dd>{t(`requests.kind.${request.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('requests.createdAt')}</dt>
          <dd>{dateTime(request.createdAt)}</dd>
        </div>
        {request.premise && (
          <div>
            <dt>{t('requests.premise')}</dt>
            <dd>{request.premise.address}</dd>
          </div>
        )}
        {request.message && (
          <div>
            <dt>{t('requests.phone')}</dt>
            <dd>{request.message.phone}</dd>
          </div>
        )}
      </dl>
      {request.details.length > 0 && (
        <>
          <h3>{t('backoffice.request.details')}</h3>
          <dl className="pairs">
            {request.details.map((line) => (
              <div key={line.label}>
                <dt>{line.label}</dt>
                <dd>{line.value}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {request.message && (
        <>
          <h3>{t('backoffice.request.message')}</h3>
          <p className="request-message">{request.message.text}</p>
        </>
      )}
      {request.attachments.length > 0 && (
        <>
          <h3>{t('requests.attachmentsHeading')}</h3>
          <ul className="plain-list">
            {request.attachments.map((file) => (
              <li key={file.id}>
                <a href={staffAttachmentUrl(request.id, file.id)} download={file.fileName}>
                  {file.fileName}
                </a>{' '}
                <span className="field__hint">({formatFileSize(file.sizeBytes, 'de')})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Assignment({ request, session, onUpdate }: { request: TStaffRequestDetail; session: TStaffSession; onUpdate: Update }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const may = mayStaff(session.staff.role, 'work');
  const mine = request.assignee?.id === session.staff.id;
  const team = useQuery({ queryKey: [...STAFF_KEY, 'colleagues'], queryFn: ({ signal }) => colleagues(signal), enabled: may });
  const others = (team.data ?? []).filter((c) => c.id !== session.staff.id && c.id !== request.assignee?.id);
  const [colleague, setColleague] = useState('');
  const run = (staffId: string | null, done: string) => {
    if (pending) return;
    setPending(true);
    setResult(null);
    assign(request.id, staffId)
      .then((next) => {
        onUpdate(next);
        setResult({ text: done });
      })
      .catch((error: unknown) => {
        setResult({ text: staffProblem(t, error), error: true });
      })
      .finally(() => {
        setPending(false);
      });
  };
  return (
    <InfoBox title={t('backoffice.request.assignment')}>
      <p>{request.assignee ? t('backoffice.request.assignedTo', { name: request.assignee.name }) : t('backoffice.request.unassigned')}</p>
      {may && (
        <p className="form__actions">
          {!mine && (
            <PendingButton pending={pending} onPress={() => run(session.staff.id, t('backoffice.request.assignedToYou'))}>
              {t('backoffice.request.assignMe')}
            </PendingButton>
          )}
          {request.assignee && (
            <PendingButton pending={pending} variant="secondary" onPress={() => run(null, t('backoffice.request.released'))}>
              {t('backoffice.request.release')}
            </PendingButton>
          )}
        </p>
      )}
      {may && others.length > 0 && (
        <div className="field">
          <label className="field__label" htmlFor="assign-colleague">
            {t('backoffice.request.assignTo')}
          </label>
          <select id="assign-colleague" className="field__input field__select" value={colleague} onChange={(e) => setColleague(e.target.value)}>
            <option value="">{t('backoffice.request.chooseColleague')}</option>
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <p className="form__actions">
            <PendingButton
              pending={pending}
              variant="secondary"
              onPress={() => {
                const chosen = others.find((c) => c.id === colleague);
                if (chosen) run(chosen.id, t('backoffice.request.assignedToColleague', { name: chosen.name }));
                else setResult({ text: t('backoffice.request.chooseColleagueFirst'), error: true });
              }}
            >
              {t('backoffice.request.assign')}
            </PendingButton>
          </p>
        </div>
      )}
      <ResultMessage result={result} />
    </InfoBox>
  );
}

const noteFields = ['text'] as const;

function Notes({ request, session, onUpdate }: { request: TStaffRequestDetail; session: TStaffSession; onUpdate: Update }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const [result, setResult] = useState<Result | null>(null);
  const form = useForm({
    id: 'bo-note',
    fields: noteFields,
    validate: (values) => ({
      text: values.text.trim() === '' ? t('backoffice.request.noteRequired') : values.text.trim().length > NOTE_MAX ? t('backoffice.request.noteTooLong', { max: NOTE_MAX }) : undefined,
    }),
    submit: (values) => {
      setResult(null);
      return addNote(request.id, values.text.trim());
    },
    onSuccess: (next) => {
      onUpdate(next);
      form.reset();
      setResult({ text: t('backoffice.request.noteAdded') });
    },
  });
  return (
    <section className="section bo-internal" aria-labelledby="bo-notes">
      <h2 id="bo-notes">{t('backoffice.request.notes')}</h2>
      <p className="bo-internal__label">{t('backoffice.request.internal')}</p>
      {request.notes.length === 0 ? (
        <p>{t('backoffice.request.noNotes')}</p>
      ) : (
        <ol className="plain-list bo-notes">
          {request.notes.map((note) => (
            <li key={note.id} className="bo-note">
              <p className="bo-note__head">
                <strong>{note.author ?? t('backoffice.request.unknownAuthor')}</strong> <time dateTime={note.at}>{dateTime(note.at)}</time>
              </p>
              <p className="pre-line">{note.text}</p>
            </li>
          ))}
        </ol>
      )}
      <ResultMessage result={result} />
      {mayStaff(session.staff.role, 'work') && (
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <FormErrors form={form} />
          <TextAreaInput {...form.field('text')} label={t('backoffice.request.noteLabel')} description={t('backoffice.request.noteHint', { max: NOTE_MAX })} rows={3} isRequired />
          <div className="form__actions">
            <SubmitButton pending={form.pending}>{t('backoffice.request.noteSubmit')}</SubmitButton>
          </div>
        </form>
      )}
    </section>
  );
}

const statusFields = ['status', 'reason'] as const;

function StatusForm({ request, onUpdate, onResult }: { request: TStaffRequestDetail; onUpdate: Update; onResult: (result: Result) => void }) {
  const { t } = useTranslation();
  const options = request.nextStatuses.filter((s): s is Exclude<TRequestStatus, 'received'> => s !== 'received');
  const form = useForm({
    id: 'bo-status',
    fields: statusFields,
    validate: (values) => ({
      status: options.some((s) => s === values.status) ? undefined : t('backoffice.request.statusRequired'),
      reason: values.status === 'rejected' && values.reason.trim() === '' ? t('backoffice.request.reasonRequired') : undefined,
    }),
    submit: (values) => {
      const status = options.find((s) => s === values.status) ?? 'in_progress';
      return changeStatus(request.id, status, values.reason.trim() || null);
    },
    onSuccess: (next) => {
      form.reset();
      onUpdate(next);
      onResult({ text: t('backoffice.request.statusChanged', { status: t(`requests.status.${next.status}`) }) });
    },
  });
  const statusField = form.field('status');
  const rejecting = form.values.status === 'rejected';
  return (
    <form className="form" noValidate onSubmit={form.onSubmit}>
      <FormErrors form={form} />
      <fieldset className="fieldset" aria-describedby={statusField.errorMessage ? `${statusField.id}-error` : undefined}>
        <legend className="fieldset__legend">
          {t('backoffice.request.newStatus')}
          <span className="field__required" aria-hidden="true">
            {' *'}
          </span>
        </legend>
        {statusField.errorMessage && (
          <p className="field__error" id={`${statusField.id}-error`}>
            {statusField.errorMessage}
          </p>
        )}
        <div className="bo-radios">
          {options.map((status, index) => (
            <label key={status} className="bo-radio">
              <input
                type="radio"
                name={statusField.name}
                id={index === 0 ? statusField.id : `${statusField.id}-${status}`}
                value={status}
                checked={statusField.value === status}
                aria-invalid={statusField.errorMessage !== undefined || undefined}
                onChange={() => {
                  statusField.onChange(status);
                }}
              />{' '}
              {t(`requests.status.${status}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <TextAreaInput
        {...form.field('reason')}
        label={rejecting ? t('backoffice.request.reasonLabelRequired') : t('backoffice.request.reasonLabel')}
        description={t('backoffice.request.reasonHint')}
        isRequired={rejecting}
        rows={3}
      />
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('backoffice.request.statusSubmit')}</SubmitButton>
      </div>
    </form>
  );
}

function StatusChange({ request, session, onUpdate }: { request: TStaffRequestDetail; session: TStaffSession; onUpdate: Update }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<Result | null>(null);
  if (!mayStaff(session.staff.role, 'work')) return null;
  return (
    <section className="section" aria-labelledby="bo-status-change">
      <h2 id="bo-status-change">{t('backoffice.request.statusHeading')}</h2>
      <ResultMessage result={result} />
      {request.nextStatuses.length === 0 ? (
        <p>{t('backoffice.request.final')}</p>
      ) : (
        <>
          <p>{t('backoffice.request.statusIntro')}</p>
          <StatusForm key={request.status} request={request} onUpdate={onUpdate} onResult={setResult} />
        </>
      )}
    </section>
  );
}

function History({ request }: { request: TStaffRequestDetail }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  return (
    <section className="section" aria-labelledby="bo-history">
      <h2 id="bo-history">{t('requests.historyHeading')}</h2>
      <ol className="request-history">
        {request.events.map((event, index) => (
          <li key={`${event.at}-${String(index)}`} className="request-history__item">
            <p className="request-history__head">
              <RequestStatusBadge status={event.status} /> <time dateTime={event.at}>{dateTime(event.at)}</time>
            </p>
            <p className="request-history__actor">{t(`backoffice.request.actor.${event.actor}`)}</p>
            {event.reason && (
              <p className="request-history__reason">
                {t(event.status === 'rejected' ? 'requests.reasonLabel' : 'requests.noteLabel')}: {event.reason}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function RequestDetail({ request, session }: { request: TStaffRequestDetail; session: TStaffSession }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const update: Update = (next) => {
    queryClient.setQueryData([...STAFF_KEY, 'request', next.id], next);
    void queryClient.invalidateQueries({ queryKey: [...STAFF_KEY, 'queue'] });
    void queryClient.invalidateQueries({ queryKey: [...STAFF_KEY, 'dashboard'] });
    void queryClient.invalidateQueries({ queryKey: [...STAFF_KEY, 'customer', next.customer.id] });
  };
  return (
    <>
      <div className="bo-detail">
        <div className="bo-detail__main">
          <Facts request={request} />
          <StatusChange request={request} session={session} onUpdate={update} />
          <Notes request={request} session={session} onUpdate={update} />
          <History request={request} />
        </div>
        <div className="bo-detail__aside">
          <InfoBox title={t('backoffice.request.customer')}>
            <p>
              {request.customer.name}
              <br />
              {t('backoffice.customer.number')}: {request.customer.customerNumber}
            </p>
            <p>
              <Link to={customerPath(request.customer.id)}>{t('backoffice.request.openCustomer', { name: request.customer.name })}</Link>
            </p>
          </InfoBox>
          <Assignment request={request} session={session} onUpdate={update} />
        </div>
      </div>
      <p>
        <Link to={boPaths.queue}>{t('backoffice.request.back')}</Link>
      </p>
    </>
  );
}

function LoadedRequest({ id, session }: { id: string; session: TStaffSession }) {
  const query = useQuery({ queryKey: [...STAFF_KEY, 'request', id], queryFn: ({ signal }) => getStaffRequest(id, signal) });
  return <QueryState query={query}>{(request) => <RequestDetail request={request} session={session} />}</QueryState>;
}

/** /backoffice/anliegen/:id: what the customer asked, assignment, internal notes, status change, history. */
export function RequestPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <>
      <PageHeading title={t('backoffice.request.title')} />
      <RequireStaff>{(session) => <LoadedRequest id={id} session={session} />}</RequireStaff>
    </>
  );
}
