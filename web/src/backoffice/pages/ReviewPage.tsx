// /backoffice/registrierungen/:id: a registration needing review (ADR 0027). What the person entered
// next to the matching customer accounts and a customer search; the clerk assigns it to an account
// (an invitation link is mailed) or rejects it with a reason (mailed). Assignment and internal notes
// like every item of the queue.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { NOTE_MAX } from '../../../../api/backoffice.ts';
import { REVIEW_LIMITS, type TRegistrationReview } from '../../../../api/registration-reviews.ts';
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
import { useTenant } from '../../lib/site.ts';
import { useForm } from '../../lib/useForm.ts';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { RequireStaff } from '../components/RequireStaff.tsx';
import { ResultMessage, type Result } from '../components/ResultMessage.tsx';
import { searchCustomers } from '../lib/api.ts';
import { boPaths, customerPath } from '../lib/paths.ts';
import { staffProblem } from '../lib/problems.ts';
import { acceptReview, addReviewNote, assignReview, getReview, rejectReview, startReview } from '../lib/reviewsApi.ts';
import { STAFF_KEY } from '../lib/session.ts';

type Update = (next: TRegistrationReview) => void;

function useDateTime(): (iso: string) => string {
  const [locale] = useLocale();
  const tenant = useTenant();
  return (iso) => formatDateTime(iso, locale, tenant.timeZone);
}

function Submitted({ review }: { review: TRegistrationReview }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const value = (v: string | null) => (v ? v : t('registrationReview.bo.none'));
  const a = review.address;
  return (
    <section className="section" aria-labelledby="bo-review-submitted">
      <h2 id="bo-review-submitted">{t('registrationReview.bo.submitted')}</h2>
      <dl className="pairs">
        <div>
          <dt>{t('registrationReview.bo.status')}</dt>
          <dd>
            <RequestStatusBadge status={review.status} />
          </dd>
        </div>
        <div>
          <dt>{t('registrationReview.bo.received')}</dt>
          <dd>{dateTime(review.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('registrationReview.bo.method')}</dt>
          <dd>{t(`registrationReview.bo.methods.${review.method}`)}</dd>
        </div>
        <div>
          <dt>{t('registrationReview.bo.name')}</dt>
          <dd>{review.name}</dd>
        </div>
        <div>
          <dt>{t('registrationReview.bo.address')}</dt>
          <dd>{`${a.street} ${a.houseNumber}, ${a.postalCode} ${a.city}`}</dd>
        </div>
        <div>
          <dt>{t('registrationReview.bo.customerNumber')}</dt>
          <dd>{value(review.customerNumber)}</dd>
        </div>
        <div>
          <dt>{t('registrationReview.bo.meterNumber')}</dt>
          <dd>{value(review.meterNumber)}</dd>
        </div>
        {review.gpNumber && (
          <div>
            <dt>{t('registrationReview.bo.gpNumber')}</dt>
            <dd>{review.gpNumber}</dd>
          </div>
        )}
        <div>
          <dt>{t('registrationReview.bo.email')}</dt>
          <dd>{review.email}</dd>
        </div>
        <div>
          <dt>{t('registrationReview.bo.phone')}</dt>
          <dd>{value(review.phone)}</dd>
        </div>
      </dl>
      {review.note && (
        <>
          <h3>{t('registrationReview.bo.note')}</h3>
          <p className="pre-line">{review.note}</p>
        </>
      )}
    </section>
  );
}

type Candidate = { id: string; customerNumber: string; name: string; address: string; matches?: TRegistrationReview['candidates'][number]['matches']; hasActiveLogin?: boolean; logins?: number };

function CandidateTable({ caption, rows, review, may, onUpdate, onResult }: { caption: string; rows: Candidate[]; review: TRegistrationReview; may: boolean; onUpdate: Update; onResult: (r: Result) => void }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const accept = (candidate: Candidate) => {
    if (pending) return;
    setPending(true);
    acceptReview(review.id, candidate.id)
      .then((next) => {
        onUpdate(next);
        onResult({ text: t('registrationReview.bo.assigned', { email: review.email }) });
      })
      .catch((error: unknown) => {
        onResult({ text: staffProblem(t, error), error: true });
      })
      .finally(() => {
        setPending(false);
      });
  };
  const captionId = `${caption.replace(/\W+/g, '-').toLowerCase()}-caption`;
  return (
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="bo-table">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('registrationReview.bo.customerNumber')}</th>
            <th scope="col">{t('registrationReview.bo.name')}</th>
            <th scope="col">{t('registrationReview.bo.address')}</th>
            {rows.some((r) => r.matches) && <th scope="col">{t('registrationReview.bo.matches')}</th>}
            {may && <th scope="col">{t('registrationReview.bo.decision')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const blocked = row.hasActiveLogin === true;
            return (
              <tr key={row.id}>
                <th scope="row">
                  <Link to={customerPath(row.id)}>{row.customerNumber}</Link>
                </th>
                <td>{row.name}</td>
                <td>{row.address}</td>
                {rows.some((r) => r.matches) && <td>{(row.matches ?? []).map((m) => t(`registrationReview.bo.match.${m}`)).join(', ')}</td>}
                {may && (
                  <td>
                    {blocked ? (
                      <span className="bo-muted">{t('registrationReview.bo.hasLogin')}</span>
                    ) : (
                      <ConfirmAction
                        label={t('registrationReview.bo.assignTo')}
                        accessibleLabel={`${t('registrationReview.bo.assignTo')}: ${row.customerNumber}`}
                        title={t('registrationReview.bo.assignTo')}
                        text={t('registrationReview.bo.assignConfirm', { customer: `${row.customerNumber} ${row.name}`, email: review.email })}
                        confirmLabel={t('registrationReview.bo.assignTo')}
                        pending={pending}
                        onConfirm={() => {
                          accept(row);
                        }}
                      />
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Search({ review, may, onUpdate, onResult }: { review: TRegistrationReview; may: boolean; onUpdate: Update; onResult: (r: Result) => void }) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: [...STAFF_KEY, 'customer-search', q], queryFn: ({ signal }) => searchCustomers(q, signal), enabled: q.length >= 2 });
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQ(input.trim());
  };
  return (
    <section className="section" aria-labelledby="bo-review-search">
      <h2 id="bo-review-search">{t('registrationReview.bo.search')}</h2>
      <form className="bo-filters" role="search" aria-labelledby="bo-review-search" onSubmit={submit}>
        <div className="field bo-filters__search">
          <label className="field__label" htmlFor="review-search">
            {t('registrationReview.bo.searchLabel')}
          </label>
          <input id="review-search" type="search" className="field__input" minLength={2} maxLength={100} value={input} onChange={(e) => setInput(e.target.value)} />
        </div>
        <div className="bo-filters__actions">
          <button type="submit" className="button">
            {t('registrationReview.bo.searchSubmit')}
          </button>
        </div>
      </form>
      <div role="status">
        {hits.data && hits.data.length === 0 && <p>{t('registrationReview.bo.searchEmpty')}</p>}
      </div>
      {hits.data && hits.data.length > 0 && (
        <CandidateTable
          caption={t('registrationReview.bo.search')}
          rows={hits.data.map((h) => ({ ...h, hasActiveLogin: undefined }))}
          review={review}
          may={may}
          onUpdate={onUpdate}
          onResult={onResult}
        />
      )}
    </section>
  );
}

const rejectFields = ['reason'] as const;

function Reject({ review, onUpdate, onResult }: { review: TRegistrationReview; onUpdate: Update; onResult: (r: Result) => void }) {
  const { t } = useTranslation();
  const form = useForm({
    id: 'bo-review-reject',
    fields: rejectFields,
    validate: (values) => ({
      reason: values.reason.trim() === '' ? t('backoffice.request.reasonRequired') : values.reason.trim().length > REVIEW_LIMITS.reason ? t('backoffice.request.noteTooLong', { max: REVIEW_LIMITS.reason }) : undefined,
    }),
    submit: (values) => rejectReview(review.id, values.reason.trim()),
    onSuccess: (next) => {
      onUpdate(next);
      onResult({ text: t('registrationReview.bo.rejected') });
    },
  });
  return (
    <section className="section" aria-labelledby="bo-review-reject">
      <h2 id="bo-review-reject">{t('registrationReview.bo.reject')}</h2>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <FormErrors form={form} />
        <TextAreaInput {...form.field('reason')} label={t('registrationReview.bo.rejectReason')} rows={3} isRequired />
        <div className="form__actions">
          <SubmitButton pending={form.pending}>{t('registrationReview.bo.rejectSubmit')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}

const noteFields = ['text'] as const;

function Notes({ review, may, onUpdate }: { review: TRegistrationReview; may: boolean; onUpdate: Update }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const [result, setResult] = useState<Result | null>(null);
  const form = useForm({
    id: 'bo-review-note',
    fields: noteFields,
    validate: (values) => ({
      text: values.text.trim() === '' ? t('backoffice.request.noteRequired') : values.text.trim().length > NOTE_MAX ? t('backoffice.request.noteTooLong', { max: NOTE_MAX }) : undefined,
    }),
    submit: (values) => {
      setResult(null);
      return addReviewNote(review.id, values.text.trim());
    },
    onSuccess: (next) => {
      onUpdate(next);
      form.reset();
      setResult({ text: t('backoffice.request.noteAdded') });
    },
  });
  return (
    <section className="section bo-internal" aria-labelledby="bo-review-notes">
      <h2 id="bo-review-notes">{t('registrationReview.bo.notes')}</h2>
      <p className="bo-internal__label">{t('backoffice.request.internal')}</p>
      {review.notes.length === 0 ? (
        <p>{t('registrationReview.bo.notesEmpty')}</p>
      ) : (
        <ol className="plain-list bo-notes">
          {review.notes.map((note) => (
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
      {may && (
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <FormErrors form={form} />
          <TextAreaInput {...form.field('text')} label={t('registrationReview.bo.noteLabel')} description={t('backoffice.request.noteHint', { max: NOTE_MAX })} rows={3} isRequired />
          <div className="form__actions">
            <SubmitButton pending={form.pending}>{t('registrationReview.bo.noteSubmit')}</SubmitButton>
          </div>
        </form>
      )}
    </section>
  );
}

function Assignment({ review, session, onUpdate }: { review: TRegistrationReview; session: TStaffSession; onUpdate: Update }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const may = mayStaff(session.staff.role, 'work');
  const open = review.status === 'received' || review.status === 'in_progress';
  const run = (action: () => Promise<TRegistrationReview>, done: string) => {
    if (pending) return;
    setPending(true);
    setResult(null);
    action()
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
      <p>{review.assignee ? t('backoffice.request.assignedTo', { name: review.assignee.name }) : t('backoffice.request.unassigned')}</p>
      {may && open && (
        <p className="form__actions">
          {review.status === 'received' && (
            <PendingButton pending={pending} onPress={() => run(() => startReview(review.id), t('registrationReview.bo.started'))}>
              {t('registrationReview.bo.start')}
            </PendingButton>
          )}
          {review.assignee?.id !== session.staff.id && (
            <PendingButton pending={pending} variant="secondary" onPress={() => run(() => assignReview(review.id, session.staff.id), t('backoffice.request.assignedToYou'))}>
              {t('backoffice.request.assignMe')}
            </PendingButton>
          )}
          {review.assignee && (
            <PendingButton pending={pending} variant="secondary" onPress={() => run(() => assignReview(review.id, null), t('backoffice.request.released'))}>
              {t('backoffice.request.release')}
            </PendingButton>
          )}
        </p>
      )}
      <ResultMessage result={result} />
    </InfoBox>
  );
}

function Decision({ review }: { review: TRegistrationReview }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const date = review.decidedAt ? dateTime(review.decidedAt) : '';
  const by = review.decidedBy ?? t('backoffice.request.unknownAuthor');
  return (
    <section className="section" aria-labelledby="bo-review-decision">
      <h2 id="bo-review-decision">{t('registrationReview.bo.decision')}</h2>
      {review.status === 'done' && review.customer ? (
        <p>
          {t('registrationReview.bo.doneWith', { customer: `${review.customer.customerNumber} ${review.customer.name}`, date, by })}{' '}
          <Link to={customerPath(review.customer.id)}>{review.customer.customerNumber}</Link>
        </p>
      ) : (
        <p>{t('registrationReview.bo.rejectedWith', { date, by, reason: review.reason ?? '' })}</p>
      )}
    </section>
  );
}

function ReviewDetail({ review, session }: { review: TRegistrationReview; session: TStaffSession }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<Result | null>(null);
  const may = mayStaff(session.staff.role, 'work');
  const open = review.status === 'received' || review.status === 'in_progress';
  const update: Update = (next) => {
    queryClient.setQueryData([...STAFF_KEY, 'review', next.id], next);
    void queryClient.invalidateQueries({ queryKey: [...STAFF_KEY, 'queue'] });
    void queryClient.invalidateQueries({ queryKey: [...STAFF_KEY, 'dashboard'] });
  };
  return (
    <>
      <ResultMessage result={result} />
      <div className="bo-detail">
        <div className="bo-detail__main">
          <Submitted review={review} />
          {open ? (
            <>
              <section className="section" aria-labelledby="bo-review-candidates">
                <h2 id="bo-review-candidates">{t('registrationReview.bo.candidates')}</h2>
                {!may && <p>{t('registrationReview.bo.readOnly')}</p>}
                {review.candidates.length === 0 ? (
                  <p>{t('registrationReview.bo.candidatesEmpty')}</p>
                ) : (
                  <CandidateTable caption={t('registrationReview.bo.candidates')} rows={review.candidates} review={review} may={may} onUpdate={update} onResult={setResult} />
                )}
              </section>
              <Search review={review} may={may} onUpdate={update} onResult={setResult} />
              {may && <Reject review={review} onUpdate={update} onResult={setResult} />}
            </>
          ) : (
            <Decision review={review} />
          )}
          <Notes review={review} may={may} onUpdate={update} />
        </div>
        <div className="bo-detail__aside">
          <Assignment review={review} session={session} onUpdate={update} />
        </div>
      </div>
      <p>
        <Link to={boPaths.queue}>{t('registrationReview.bo.back')}</Link>
      </p>
    </>
  );
}

function LoadedReview({ id, session }: { id: string; session: TStaffSession }) {
  const query = useQuery({ queryKey: [...STAFF_KEY, 'review', id], queryFn: ({ signal }) => getReview(id, signal) });
  return <QueryState query={query}>{(review) => <ReviewDetail review={review} session={session} />}</QueryState>;
}

export function ReviewPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <>
      <PageHeading title={t('registrationReview.kind.registration')} />
      <RequireStaff>{(session) => <LoadedReview id={id} session={session} />}</RequireStaff>
    </>
  );
}
