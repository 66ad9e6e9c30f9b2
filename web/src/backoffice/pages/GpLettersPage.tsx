// /backoffice/gp-nummern (grid operators): the requests for a GP-Nr, printing the letters for the
// open ones (one PDF for window envelopes; printed requests are marked sent) and the sent ones with
// their batch to download again.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TGpRequestItem } from '../../../../api/gp-letters.ts';
import { mayStaff, type TStaffSession } from '../../../../api/staff.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { intlLocale } from '../../lib/format.ts';
import { useLocale } from '../../lib/i18n.ts';
import { RequireStaff } from '../components/RequireStaff.tsx';
import { ResultMessage, type Result } from '../components/ResultMessage.tsx';
import { gpBatchUrl, gpRequests, printGpLetters } from '../lib/gpLettersApi.ts';
import { staffProblem } from '../lib/problems.ts';
import { STAFF_KEY } from '../lib/session.ts';

const GP_KEY = [...STAFF_KEY, 'gp-requests'] as const;

function useDate() {
  const [locale] = useLocale();
  return (iso: string) => new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium' }).format(new Date(iso));
}

function RequestTable({ items, caption, sent }: { items: TGpRequestItem[]; caption: string; sent: boolean }) {
  const { t } = useTranslation();
  const date = useDate();
  const captionId = sent ? 'gp-sent-caption' : 'gp-open-caption';
  return (
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="bo-table">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('gpLetters.received')}</th>
            <th scope="col">{t('gpLetters.name')}</th>
            <th scope="col">{t('gpLetters.address')}</th>
            <th scope="col">{t('gpLetters.meter')}</th>
            <th scope="col">{sent ? t('gpLetters.sentAt') : t('gpLetters.note')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td>{date(item.createdAt)}</td>
              <th scope="row">{item.name}</th>
              <td>
                {item.address}
                {item.connectionAddress ? (
                  <>
                    <br />
                    {t('gpLetters.connection', { address: item.connectionAddress })}
                  </>
                ) : null}
              </td>
              <td>{item.meterNumber}</td>
              <td>
                {sent ? (
                  <>
                    {item.sentAt ? date(item.sentAt) : ''}
                    {item.letterBatchId ? (
                      <>
                        {' '}
                        <a href={gpBatchUrl(item.letterBatchId)} download>
                          {t('gpLetters.downloadBatch')}
                        </a>
                      </>
                    ) : null}
                  </>
                ) : (
                  (item.problemText ?? t('gpLetters.notPrintedYet'))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PrintLetters({ open }: { open: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const print = async () => {
    if (busy) return;
    setBusy(true);
    setResult(null);
    try {
      const batch = await printGpLetters();
      const url = URL.createObjectURL(batch.pdf);
      const link = document.createElement('a');
      link.href = url;
      link.download = batch.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setResult({ text: t('gpLetters.printed', { count: batch.letters, unmatched: batch.unmatched, remaining: batch.remaining }) });
    } catch (error) {
      setResult({ error: true, text: staffProblem(t, error) });
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: GP_KEY });
    }
  };
  return (
    <div>
      <p>{t('gpLetters.printIntro')}</p>
      <button type="button" className="button" onClick={() => void print()} disabled={busy || open === 0} aria-describedby="gp-print-hint">
        {busy ? t('gpLetters.printing') : t('gpLetters.print')}
      </button>
      <p className="field__hint" id="gp-print-hint">
        {open === 0 ? t('gpLetters.nothingOpen') : t('gpLetters.printHint', { count: open })}
      </p>
      <ResultMessage result={result} />
    </div>
  );
}

function GpLetters({ session }: { session: TStaffSession }) {
  const { t } = useTranslation();
  const open = useQuery({ queryKey: [...GP_KEY, 'open'], queryFn: ({ signal }) => gpRequests('open', signal) });
  const sent = useQuery({ queryKey: [...GP_KEY, 'sent'], queryFn: ({ signal }) => gpRequests('letter_sent', signal) });
  return (
    <>
      <section aria-labelledby="gp-open-heading">
        <h2 id="gp-open-heading">{t('gpLetters.openTitle')}</h2>
        <QueryState query={open}>
          {(items) => (
            <>
              {mayStaff(session.staff.role, 'work') ? <PrintLetters open={items.length} /> : null}
              {items.length === 0 ? <p>{t('gpLetters.noneOpen')}</p> : <RequestTable items={items} caption={t('gpLetters.openCaption', { count: items.length })} sent={false} />}
            </>
          )}
        </QueryState>
      </section>
      <section aria-labelledby="gp-sent-heading">
        <h2 id="gp-sent-heading">{t('gpLetters.sentTitle')}</h2>
        <QueryState query={sent}>
          {(items) =>
            items.length === 0 ? <p>{t('gpLetters.noneSent')}</p> : <RequestTable items={items.slice(-100).reverse()} caption={t('gpLetters.sentCaption')} sent />
          }
        </QueryState>
      </section>
    </>
  );
}

export function GpLettersPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('gpLetters.title')} />
      <p className="lead">{t('gpLetters.intro')}</p>
      <RequireStaff>{(session: TStaffSession) => <GpLetters session={session} />}</RequireStaff>
    </>
  );
}
