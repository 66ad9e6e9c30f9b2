import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STAFF_ROLES, ZStaffRole, type TStaffListItem, type TStaffRole, type TStaffSession } from '../../../../api/staff.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RequiredLegend } from '../../components/RequiredLegend.tsx';
import { PendingButton, SubmitButton } from '../../components/SubmitButton.tsx';
import { TextInput } from '../../components/TextInput.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useLocale } from '../../lib/i18n.ts';
import { useTenant } from '../../lib/site.ts';
import { useForm } from '../../lib/useForm.ts';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { RequireStaff } from '../components/RequireStaff.tsx';
import { ResultMessage, type Result } from '../components/ResultMessage.tsx';
import { inviteStaff, listStaff, resendInvitation, resetSecondFactor, updateStaff } from '../lib/api.ts';
import { staffProblem } from '../lib/problems.ts';
import { STAFF_KEY } from '../lib/session.ts';

const TEAM_KEY = [...STAFF_KEY, 'team'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const inviteFields = ['name', 'email', 'role'] as const;

export function RoleSelect({ id, value, onChange, label, errorMessage }: { id: string; value: string; onChange: (value: string) => void; label: string; errorMessage?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {errorMessage && (
        <p className="field__error" id={`${id}-error`}>
          {errorMessage}
        </p>
      )}
      <select
        id={id}
        className="field__input field__select"
        value={value}
        aria-invalid={errorMessage !== undefined || undefined}
        aria-describedby={errorMessage ? `${id}-error` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        {STAFF_ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`backoffice.roles.${role}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function InviteForm({ onStart, onInvited }: { onStart: () => void; onInvited: (result: Result) => void }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const form = useForm({
    id: 'bo-invite',
    fields: inviteFields,
    initialValues: { role: 'clerk' },
    validate: (values) => ({
      name: values.name.trim() === '' ? t('backoffice.team.nameRequired') : undefined,
      email: EMAIL.test(values.email.trim()) ? undefined : t('backoffice.team.emailInvalid'),
      role: ZStaffRole.safeParse(values.role).success ? undefined : t('backoffice.team.roleRequired'),
    }),
    submit: (values) => {
      onStart();
      return inviteStaff({ name: values.name.trim(), email: values.email.trim(), role: ZStaffRole.parse(values.role), locale });
    },
    onSuccess: (_result, values) => {
      form.reset();
      onInvited({ text: t('backoffice.team.invited', { name: values.name.trim(), email: values.email.trim() }) });
    },
  });
  const role = form.field('role');
  return (
    <form className="form" noValidate onSubmit={form.onSubmit}>
      <FormErrors form={form} renderProblem={(problem) => <p>{staffProblem(t, problem)}</p>} />
      <RequiredLegend />
      <TextInput {...form.field('name')} label={t('backoffice.team.name')} autoComplete="off" isRequired />
      <TextInput {...form.field('email')} label={t('backoffice.team.email')} type="email" autoComplete="off" isRequired />
      <RoleSelect id={role.id} value={role.value} onChange={role.onChange} label={t('backoffice.team.role')} errorMessage={role.errorMessage} />
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('backoffice.team.invite')}</SubmitButton>
      </div>
    </form>
  );
}

function MemberActions({ member, self, onResult }: { member: TStaffListItem; self: boolean; onResult: (result: Result) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [role, setRole] = useState<TStaffRole>(member.role);
  const run = (action: () => Promise<unknown>, done: string) => {
    if (pending) return;
    setPending(true);
    action()
      .then(() => {
        onResult({ text: done });
        void queryClient.invalidateQueries({ queryKey: TEAM_KEY });
      })
      .catch((error: unknown) => {
        onResult({ text: staffProblem(t, error), error: true });
        setRole(member.role);
      })
      .finally(() => {
        setPending(false);
      });
  };
  const name = member.name;
  return (
    <div className="bo-actions">
      <div className="bo-role-change">
        <RoleSelect
          id={`role-${member.id}`}
          value={role}
          label={t('backoffice.team.roleOf', { name })}
          onChange={(value) => {
            setRole(ZStaffRole.catch(member.role).parse(value));
          }}
        />
        <PendingButton
          pending={pending}
          variant="secondary"
          onPress={() => {
            if (role === member.role) {
              onResult({ text: t('backoffice.team.roleUnchanged', { name }), error: true });
              return;
            }
            run(() => updateStaff(member.id, { role }), t('backoffice.team.roleChanged', { name, role: t(`backoffice.roles.${role}`) }));
          }}
        >
          <span aria-hidden="true">{t('backoffice.team.changeRole')}</span>
          <span className="visually-hidden">{t('backoffice.team.changeRoleOf', { name })}</span>
        </PendingButton>
      </div>
      {member.status === 'active' && !self && (
        <ConfirmAction
          label={t('backoffice.team.lock')}
          accessibleLabel={t('backoffice.team.lockOf', { name })}
          title={t('backoffice.team.lockTitle')}
          text={t('backoffice.team.lockText', { name })}
          confirmLabel={t('backoffice.team.lock')}
          pending={pending}
          onConfirm={() => run(() => updateStaff(member.id, { status: 'locked' }), t('backoffice.team.locked', { name }))}
        />
      )}
      {member.status === 'locked' && (
        <ConfirmAction
          label={t('backoffice.team.unlock')}
          accessibleLabel={t('backoffice.team.unlockOf', { name })}
          title={t('backoffice.team.unlockTitle')}
          text={t('backoffice.team.unlockText', { name })}
          confirmLabel={t('backoffice.team.unlock')}
          pending={pending}
          onConfirm={() => run(() => updateStaff(member.id, { status: 'active' }), t('backoffice.team.unlocked', { name }))}
        />
      )}
      {member.status === 'invited' && (
        <ConfirmAction
          label={t('backoffice.team.resend')}
          accessibleLabel={t('backoffice.team.resendOf', { name })}
          title={t('backoffice.team.resendTitle')}
          text={t('backoffice.team.resendText', { name, email: member.email })}
          confirmLabel={t('backoffice.team.resend')}
          pending={pending}
          onConfirm={() => run(() => resendInvitation(member.id), t('backoffice.team.resent', { name, email: member.email }))}
        />
      )}
      {member.secondFactor && !self && (
        <ConfirmAction
          label={t('backoffice.team.resetFactor')}
          accessibleLabel={t('backoffice.team.resetFactorOf', { name })}
          title={t('backoffice.team.resetFactorTitle')}
          text={t('backoffice.team.resetFactorText', { name })}
          confirmLabel={t('backoffice.team.resetFactor')}
          pending={pending}
          onConfirm={() => run(() => resetSecondFactor(member.id), t('backoffice.team.factorReset', { name }))}
        />
      )}
    </div>
  );
}

function Team({ members, session }: { members: TStaffListItem[]; session: TStaffSession }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<Result | null>(null);
  const [invited, setInvited] = useState<Result | null>(null);
  return (
    <>
      <section className="section" aria-labelledby="team-list">
        <h2 id="team-list">{t('backoffice.team.listHeading')}</h2>
        <ResultMessage result={result} />
        <div className="table-scroll" role="region" aria-labelledby="team-caption" tabIndex={0}>
          <table className="bo-table">
            <caption id="team-caption">{t('backoffice.team.caption', { count: members.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backoffice.team.name')}</th>
                <th scope="col">{t('backoffice.team.email')}</th>
                <th scope="col">{t('backoffice.team.role')}</th>
                <th scope="col">{t('backoffice.team.status')}</th>
                <th scope="col">{t('backoffice.team.secondFactor')}</th>
                <th scope="col">{t('backoffice.team.lastLogin')}</th>
                <th scope="col">{t('backoffice.team.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.id}>
                  <th scope="row">
                    {member.name}
                    {member.id === session.staff.id && <span className="bo-muted"> ({t('backoffice.team.you')})</span>}
                  </th>
                  <td>{member.email}</td>
                  <td>{t(`backoffice.roles.${member.role}`)}</td>
                  <td>{t(`backoffice.team.statuses.${member.status}`)}</td>
                  <td>{member.secondFactor ? t('backoffice.on') : t('backoffice.off')}</td>
                  <td>{member.lastLoginAt ? formatDateTime(member.lastLoginAt, locale, tenant.timeZone) : t('backoffice.never')}</td>
                  <td>
                    <MemberActions key={`${member.role}-${member.status}`} member={member} self={member.id === session.staff.id} onResult={setResult} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="section" aria-labelledby="team-invite">
        <h2 id="team-invite">{t('backoffice.team.inviteHeading')}</h2>
        <p>{t('backoffice.team.inviteIntro')}</p>
        <ResultMessage result={invited} />
        <InviteForm
          onStart={() => {
            setInvited(null);
          }}
          onInvited={(next) => {
            setInvited(next);
            void queryClient.invalidateQueries({ queryKey: TEAM_KEY });
          }}
        />
      </section>
    </>
  );
}

function LoadedTeam({ session }: { session: TStaffSession }) {
  const query = useQuery({ queryKey: TEAM_KEY, queryFn: ({ signal }) => listStaff(signal) });
  return <QueryState query={query}>{(members) => <Team members={members} session={session} />}</QueryState>;
}

/** /backoffice/team: the utility's staff (admins only): invite, change role, lock, resend, reset the 2nd factor. */
export function TeamPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('backoffice.team.title')} />
      <RequireStaff permission="admin">{(session) => <LoadedTeam session={session} />}</RequireStaff>
    </>
  );
}
