import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TSession } from '../../../api/identity.ts';
import { HelpDisclosure } from '../components/HelpDisclosure.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { StepUpCancelled, useStepUp } from '../components/StepUp.tsx';
import { PendingButton } from '../components/SubmitButton.tsx';
import { ApiError } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { useLocale } from '../lib/i18n.ts';
import { downloadPersonalData, getPersonalDataSummary, MY_DATA_KEY } from '../lib/myData.ts';
import { problemMessage } from '../lib/problems.ts';
import { legalPages, paths } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';

const CONTENT_KEYS = ['login', 'accounts', 'supply', 'readings', 'consumption', 'billing', 'bank', 'documents', 'requests', 'audit'] as const;

const privacyPath = legalPages.find((page) => page.kind === 'privacy')?.path ?? '/datenschutz';

function Download({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: MY_DATA_KEY, queryFn: ({ signal }) => getPersonalDataSummary(signal) });
  const stepUp = useStepUp(session.login.email);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const success = useRef<HTMLDivElement>(null);
  // The message is rendered by the state change: focus it once it exists.
  useEffect(() => {
    if (done) success.current?.focus();
  }, [done]);

  const download = () => {
    setPending(true);
    setDone(null);
    setError(null);
    stepUp
      .run(downloadPersonalData)
      .then(({ fileName }) => {
        setDone(fileName);
        void queryClient.invalidateQueries({ queryKey: MY_DATA_KEY });
      })
      .catch((failure: unknown) => {
        if (!(failure instanceof StepUpCancelled)) setError(failure);
      })
      .finally(() => {
        setPending(false);
      });
  };

  return (
    <section className="section my-data__download" aria-labelledby="my-data-download-heading">
      <h2 id="my-data-download-heading">{t('myData.downloadHeading')}</h2>
      <p>{t('myData.downloadIntro')}</p>
      <QueryState query={query}>
        {(summary) => (
          <>
            <p>
              {summary.customerNumbers.length === 0
                ? t('myData.accountsNone')
                : t('myData.accounts', { count: summary.customerNumbers.length, numbers: summary.customerNumbers.join(', ') })}
            </p>
            <p className="my-data__last">
              {summary.lastExportAt ? t('myData.lastExport', { date: formatDateTime(summary.lastExportAt, locale, tenant.timeZone) }) : t('myData.neverExported')}
            </p>
          </>
        )}
      </QueryState>
      <p className="my-data__hint">{t('myData.passwordHint')}</p>
      <p>
        <PendingButton pending={pending} onPress={download}>
          {t('myData.downloadButton')}
        </PendingButton>
      </p>
      {pending && (
        <p role="status" className="my-data__progress">
          {t('myData.preparing')}
        </p>
      )}
      {done && (
        <div ref={success} tabIndex={-1} className="notice notice--success" role="status">
          <p>
            <strong>{t('myData.doneTitle')}</strong>
          </p>
          <p>{t('myData.done', { fileName: done, email: session.login.email })}</p>
        </div>
      )}
      {error !== null && (
        <div className="notice notice--error" role="alert">
          <p>
            {error instanceof ApiError && error.code === 'rate_limited' && error.retryAfterSeconds !== null
              ? t('myData.tooSoon', { count: error.retryAfterSeconds })
              : problemMessage(t, error)}
          </p>
        </div>
      )}
      {stepUp.dialog}
    </section>
  );
}

function Contents() {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="my-data-contents-heading">
      <h2 id="my-data-contents-heading">{t('myData.contentsHeading')}</h2>
      <p>{t('myData.contentsIntro')}</p>
      <ul className="my-data__contents">
        {CONTENT_KEYS.map((key) => (
          <li key={key}>{t(`myData.contents.${key}`)}</li>
        ))}
      </ul>
      <p>{t('myData.notIncluded')}</p>
      <HelpDisclosure title={t('myData.formatsHelpTitle')}>
        <p>{t('myData.formatsHelpCsv')}</p>
        <p>{t('myData.formatsHelpJson')}</p>
        <p>{t('myData.formatsHelpZip')}</p>
      </HelpDisclosure>
    </section>
  );
}

function Rights() {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="my-data-rights-heading">
      <h2 id="my-data-rights-heading">{t('myData.rightsHeading')}</h2>
      <dl className="my-data__rights">
        <div>
          <dt>{t('myData.rightAccess')}</dt>
          <dd>{t('myData.rightAccessText')}</dd>
        </div>
        <div>
          <dt>{t('myData.rightCorrection')}</dt>
          <dd>
            {t('myData.rightCorrectionText')} <Link to={paths.newRequest}>{t('myData.rightCorrectionLink')}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('myData.rightErasure')}</dt>
          <dd>
            {t('myData.rightErasureText')} <Link to={paths.myAccess}>{t('myData.rightErasureLink')}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('myData.rightMore')}</dt>
          <dd>
            {t('myData.rightMoreText')} <Link to={privacyPath}>{t('myData.rightMoreLink')}</Link>
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** The way to this page from Mein Zugang (the main navigation has no room for it). */
export function MyDataTeaser() {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="my-data-teaser-heading">
      <h2 id="my-data-teaser-heading">{t('myData.teaserHeading')}</h2>
      <p>{t('myData.teaserText')}</p>
      <p>
        <Link to={paths.myData}>{t('myData.teaserLink')}</Link>
      </p>
    </section>
  );
}

/** /meine-daten: what is stored about the login and its accounts, the download (ZIP), the rights. */
export function MyDataPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('myData.title')} />
      <RequireSession>
        {(session) => (
          <>
            <p className="lead">{t('myData.intro')}</p>
            <Download session={session} />
            <Contents />
            <Rights />
          </>
        )}
      </RequireSession>
    </>
  );
}
