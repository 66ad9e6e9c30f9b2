import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TOperatorListItem, TOperatorSession } from '../../../../api/operator.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RequiredLegend } from '../../components/RequiredLegend.tsx';
import { SubmitButton } from '../../components/SubmitButton.tsx';
import { TextInput } from '../../components/TextInput.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useLocale } from '../../lib/i18n.ts';
import { useForm } from '../../lib/useForm.ts';
import { ConfirmAction } from '../../backoffice/components/ConfirmAction.tsx';
import { ResultMessage, type Result } from '../../backoffice/components/ResultMessage.tsx';
import { staffProblem } from '../../backoffice/lib/problems.ts';
import { RequireOperator } from '../components/RequireOperator.tsx';
import { inviteOperator, listOperators, renewOperatorInvitation, setOperatorStatus } from '../lib/api.ts';
import { CONSOLE_TIME_ZONE } from '../lib/format.ts';
import { OPERATOR_KEY } from '../lib/session.ts';

const TEAM_KEY = [...OPERATOR_KEY, 'team'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const fields = ['name', 'email'] as const;

/** The link to hand over, shown once (operators get no mail: the installation has no mail channel of its own). */
function InvitationLink({ name, path }: { name: string; path: string }) {
  const { t } = useTranslation();
  const url = `${window.location.origin}${path}`;
  return (
    <div className="notice notice--success" role="status">
      <p>{t('operator.team.linkIntro', { name })}</p>
      <p>
        <code data-testid="operator-invitation-link">
          {url}
        </code>
      </p>
      <p>{t('operator.team.linkHint')}</p>
    </div>
  );
}

function InviteForm({ onStart, onInvited }: { onStart: () => void; onInvited: (link: { name: string; path: string }) => void }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const form = useForm({
    id: 'op-invite',
    fields,
    validate: (values) => ({
      name: values.name.trim() === '' ? t('backoffice.team.nameRequired') : undefined,
      email: EMAIL.test(values.email.trim()) ? undefined : t('backoffice.team.emailInvalid'),
    }),
    submit: (values) => {
      onStart();
      return inviteOperator({ name: values.name.trim(), email: values.email.trim(), locale });
    },
    onSuccess: (created, values) => {
      form.reset();
      onInvited({ name: values.name.trim(), path: created.invitationPath });
    },
  });
  return (
    <form className="form" noValidate onSubmit={form.onSubmit}>
      <FormErrors form={form} renderProblem={(problem) => <p>{staffProblem(t, problem)}</p>} />
      <RequiredLegend />
      <TextInput {...form.field('name')} label={t('backoffice.team.name')} autoComplete="off" isRequired />
      <TextInput {...form.field('email')} label={t('backoffice.team.email')} type="email" autoComplete="off" isRequired />
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('operator.team.invite')}</SubmitButton>
      </div>
    </form>
  );
}

function OperatorActions({ operator, self, onResult, onLink }: { operator: TOperatorListItem; self: boolean; onResult: (result: Result) => void; onLink: (link: { name: string; path: string }) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const name = operator.name;
  const run = <T,>(action: () => Promise<T>, done: (value: T) => void) => {
    if (pending) return;
    setPending(true);
    action()
      .then((value) => {
        done(value);
        void queryClient.invalidateQueries({ queryKey: TEAM_KEY });
      })
      .catch((error: unknown) => {
        onResult({ text: staffProblem(t, error), error: true });
      })
      .finally(() => {
        setPending(false);
      });
  };
  if (self) return <span className="bo-muted">–</span>;
  return (
    <div className="bo-actions">
      {operator.status === 'active' && (
        <ConfirmAction
          label={t('backoffice.team.lock')}
          accessibleLabel={t('backoffice.team.lockOf', { name })}
          title={t('backoffice.team.lockTitle')}
          text={t('operator.team.lockText', { name })}
          confirmLabel={t('backoffice.team.lock')}
          pending={pending}
          onConfirm={() => {
            run(() => setOperatorStatus(operator.id, 'locked'), () => {
              onResult({ text: t('backoffice.team.locked', { name }) });
            });
          }}
        />
      )}
      {operator.status === 'locked' && (
        <ConfirmAction
          label={t('backoffice.team.unlock')}
          accessibleLabel={t('backoffice.team.unlockOf', { name })}
          title={t('backoffice.team.unlockTitle')}
          text={t('backoffice.team.unlockText', { name })}
          confirmLabel={t('backoffice.team.unlock')}
          pending={pending}
          onConfirm={() => {
            run(() => setOperatorStatus(operator.id, 'active'), () => {
              onResult({ text: t('backoffice.team.unlocked', { name }) });
            });
          }}
        />
      )}
      {operator.status === 'invited' && (
        <ConfirmAction
          label={t('operator.team.renew')}
          accessibleLabel={t('operator.team.renewOf', { name })}
          title={t('operator.team.renewTitle')}
          text={t('operator.team.renewText', { name })}
          confirmLabel={t('operator.team.renew')}
          pending={pending}
          onConfirm={() => {
            run(() => renewOperatorInvitation(operator.id), (link) => {
              onLink({ name, path: link.invitationPath });
            });
          }}
        />
      )}
    </div>
  );
}

function Team({ operators, session }: { operators: TOperatorListItem[]; session: TOperatorSession }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<Result | null>(null);
  const [link, setLink] = useState<{ name: string; path: string } | null>(null);
  return (
    <>
      <section className="section" aria-labelledby="op-team-list">
        <h2 id="op-team-list">{t('operator.team.listHeading')}</h2>
        <ResultMessage result={result} />
        {link && <InvitationLink name={link.name} path={link.path} />}
        <div className="table-scroll" role="region" aria-labelledby="op-team-caption" tabIndex={0}>
          <table className="bo-table">
            <caption id="op-team-caption">{t('operator.team.caption', { count: operators.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backoffice.team.name')}</th>
                <th scope="col">{t('backoffice.team.email')}</th>
                <th scope="col">{t('backoffice.team.status')}</th>
                <th scope="col">{t('backoffice.team.secondFactor')}</th>
                <th scope="col">{t('backoffice.team.lastLogin')}</th>
                <th scope="col">{t('backoffice.team.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {operators.map((operator) => (
                <tr key={operator.id}>
                  <th scope="row">
                    {operator.name}
                    {operator.id === session.operator.id && <span className="bo-muted"> ({t('backoffice.team.you')})</span>}
                  </th>
                  <td>{operator.email}</td>
                  <td>{t(`backoffice.team.statuses.${operator.status}`)}</td>
                  <td>{operator.secondFactor ? t('backoffice.on') : t('backoffice.off')}</td>
                  <td>{operator.lastLoginAt ? formatDateTime(operator.lastLoginAt, locale, CONSOLE_TIME_ZONE) : t('backoffice.never')}</td>
                  <td>
                    <OperatorActions
                      key={operator.status}
                      operator={operator}
                      self={operator.id === session.operator.id}
                      onResult={(next) => {
                        setLink(null);
                        setResult(next);
                      }}
                      onLink={(next) => {
                        setResult(null);
                        setLink(next);
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="section" aria-labelledby="op-team-invite">
        <h2 id="op-team-invite">{t('operator.team.inviteHeading')}</h2>
        <p>{t('operator.team.inviteIntro')}</p>
        <InviteForm
          onStart={() => {
            setLink(null);
            setResult(null);
          }}
          onInvited={(next) => {
            setLink(next);
            void queryClient.invalidateQueries({ queryKey: TEAM_KEY });
          }}
        />
      </section>
    </>
  );
}

function LoadedTeam({ session }: { session: TOperatorSession }) {
  const query = useQuery({ queryKey: TEAM_KEY, queryFn: ({ signal }) => listOperators(signal) });
  return <QueryState query={query}>{(operators) => <Team operators={operators} session={session} />}</QueryState>;
}

/** /betrieb/team: the platform operators: invite (link to hand over), lock, unlock, renew a link. */
export function OperatorTeamPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('operator.team.title')} />
      <RequireOperator>{(session) => <LoadedTeam session={session} />}</RequireOperator>
    </>
  );
}
