import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFailedMessage } from '../../../../api/operator.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useLocale } from '../../lib/i18n.ts';
import { ConfirmAction } from '../../backoffice/components/ConfirmAction.tsx';
import { ResultMessage, type Result } from '../../backoffice/components/ResultMessage.tsx';
import { staffProblem } from '../../backoffice/lib/problems.ts';
import { RequireOperator } from '../components/RequireOperator.tsx';
import { failedMessages, retryMessage } from '../lib/api.ts';
import { CONSOLE_TIME_ZONE } from '../lib/format.ts';
import { OPERATOR_KEY } from '../lib/session.ts';

const MESSAGES_KEY = [...OPERATOR_KEY, 'messages'] as const;

function Retry({ message, onResult }: { message: TFailedMessage; onResult: (result: Result) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const label = t('operator.messages.retryOf', { id: message.id, tenant: message.tenantName });
  return (
    <ConfirmAction
      label={t('operator.messages.retry')}
      accessibleLabel={label}
      title={t('operator.messages.retryTitle')}
      text={t('operator.messages.retryText', { id: message.id, tenant: message.tenantName })}
      confirmLabel={t('operator.messages.retry')}
      pending={pending}
      onConfirm={() => {
        if (pending) return;
        setPending(true);
        retryMessage(message.tenantSlug, message.id)
          .then(() => {
            onResult({ text: t('operator.messages.retried', { id: message.id, tenant: message.tenantName }) });
            void queryClient.invalidateQueries({ queryKey: MESSAGES_KEY });
          })
          .catch((error: unknown) => {
            onResult({ text: staffProblem(t, error), error: true });
          })
          .finally(() => {
            setPending(false);
          });
      }}
    />
  );
}

function Messages({ messages }: { messages: TFailedMessage[] }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const [result, setResult] = useState<Result | null>(null);
  return (
    <>
      <ResultMessage result={result} />
      {messages.length === 0 ? (
        <p>{t('operator.messages.empty')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="messages-caption" tabIndex={0}>
          <table className="bo-table">
            <caption id="messages-caption">{t('operator.messages.caption', { count: messages.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('operator.messages.id')}</th>
                <th scope="col">{t('operator.overview.tenant')}</th>
                <th scope="col">{t('operator.messages.topic')}</th>
                <th scope="col">{t('operator.messages.created')}</th>
                <th scope="col">{t('operator.messages.attempts')}</th>
                <th scope="col">{t('operator.messages.error')}</th>
                <th scope="col">{t('backoffice.team.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((message) => (
                <tr key={`${message.tenantSlug}-${String(message.id)}`}>
                  <th scope="row">#{message.id}</th>
                  <td>{message.tenantName}</td>
                  <td>{message.topic}</td>
                  <td>{formatDateTime(message.createdAt, locale, CONSOLE_TIME_ZONE)}</td>
                  <td>{message.attempts}</td>
                  <td>{message.lastError ?? '–'}</td>
                  <td>
                    <Retry message={message} onResult={setResult} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function LoadedMessages() {
  const query = useQuery({ queryKey: MESSAGES_KEY, queryFn: ({ signal }) => failedMessages(signal) });
  return <QueryState query={query}>{(messages) => <Messages messages={messages} />}</QueryState>;
}

/** /betrieb/nachrichten: failed outbox messages (mails, webhooks) of all tenants, each can be queued again. */
export function OperatorMessagesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('operator.messages.title')} />
      <RequireOperator>
        {() => (
          <>
            <p className="lead">{t('operator.messages.intro')}</p>
            <LoadedMessages />
          </>
        )}
      </RequireOperator>
    </>
  );
}
