import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ZStaffRole, type TStaffListItem } from '../../../../api/staff.ts';
import type { TTenantStaff } from '../../../../api/operator.ts';
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
import { RoleSelect } from '../../backoffice/pages/TeamPage.tsx';
import { RequireOperator } from '../components/RequireOperator.tsx';
import { inviteTenantStaff, resetTenantStaffFactor, tenantStaff } from '../lib/api.ts';
import { CONSOLE_TIME_ZONE } from '../lib/format.ts';
import { opPaths } from '../lib/paths.ts';
import { OPERATOR_KEY } from '../lib/session.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const inviteFields = ['name', 'email', 'role'] as const;

function InviteStaffForm({ slug, onStart, onInvited }: { slug: string; onStart: () => void; onInvited: (result: Result) => void }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const form = useForm({
    id: `op-invite-staff-${slug}`,
    fields: inviteFields,
    initialValues: { role: 'admin' },
    validate: (values) => ({
      name: values.name.trim() === '' ? t('backoffice.team.nameRequired') : undefined,
      email: EMAIL.test(values.email.trim()) ? undefined : t('backoffice.team.emailInvalid'),
      role: ZStaffRole.safeParse(values.role).success ? undefined : t('backoffice.team.roleRequired'),
    }),
    submit: (values) => {
      onStart();
      return inviteTenantStaff(slug, { name: values.name.trim(), email: values.email.trim(), role: ZStaffRole.parse(values.role), locale });
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

function ResetFactor({ slug, member, onResult }: { slug: string; member: TStaffListItem; onResult: (result: Result) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const name = member.name;
  return (
    <ConfirmAction
      label={t('backoffice.team.resetFactor')}
      accessibleLabel={t('backoffice.team.resetFactorOf', { name })}
      title={t('backoffice.team.resetFactorTitle')}
      text={t('backoffice.team.resetFactorText', { name })}
      confirmLabel={t('backoffice.team.resetFactor')}
      pending={pending}
      onConfirm={() => {
        if (pending) return;
        setPending(true);
        resetTenantStaffFactor(slug, member.id)
          .then(() => {
            onResult({ text: t('backoffice.team.factorReset', { name }) });
            void queryClient.invalidateQueries({ queryKey: [...OPERATOR_KEY, 'staff', slug] });
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

function TenantStaff({ slug, data }: { slug: string; data: TTenantStaff }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<Result | null>(null);
  const [invited, setInvited] = useState<Result | null>(null);
  return (
    <>
      <p className="lead">{t('operator.tenant.intro', { tenant: data.tenant.name })}</p>
      <section className="section" aria-labelledby="tenant-staff">
        <h2 id="tenant-staff">{t('operator.tenant.staffHeading')}</h2>
        <ResultMessage result={result} />
        {data.staff.length === 0 ? (
          <p>{t('operator.tenant.noStaff')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="tenant-staff-caption" tabIndex={0}>
            <table className="bo-table">
              <caption id="tenant-staff-caption">{t('backoffice.team.caption', { count: data.staff.length })}</caption>
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
                {data.staff.map((member) => (
                  <tr key={member.id}>
                    <th scope="row">{member.name}</th>
                    <td>{member.email}</td>
                    <td>{t(`backoffice.roles.${member.role}`)}</td>
                    <td>{t(`backoffice.team.statuses.${member.status}`)}</td>
                    <td>{member.secondFactor ? t('backoffice.on') : t('backoffice.off')}</td>
                    <td>{member.lastLoginAt ? formatDateTime(member.lastLoginAt, locale, CONSOLE_TIME_ZONE) : t('backoffice.never')}</td>
                    <td>{member.secondFactor ? <ResetFactor slug={slug} member={member} onResult={setResult} /> : <span className="bo-muted">–</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="section" aria-labelledby="tenant-invite">
        <h2 id="tenant-invite">{t('operator.tenant.inviteHeading')}</h2>
        <p>{t('operator.tenant.inviteIntro', { tenant: data.tenant.name })}</p>
        <ResultMessage result={invited} />
        <InviteStaffForm
          slug={slug}
          onStart={() => {
            setInvited(null);
          }}
          onInvited={(next) => {
            setInvited(next);
            void queryClient.invalidateQueries({ queryKey: [...OPERATOR_KEY, 'staff', slug] });
          }}
        />
      </section>
    </>
  );
}

function LoadedTenant({ slug }: { slug: string }) {
  const query = useQuery({ queryKey: [...OPERATOR_KEY, 'staff', slug], queryFn: ({ signal }) => tenantStaff(slug, signal) });
  return <QueryState query={query}>{(data) => <TenantStaff slug={slug} data={data} />}</QueryState>;
}

/** /betrieb/mandanten/:slug: a tenant's staff, inviting a member (a new utility's first admin), resetting a member's authenticator. */
export function OperatorTenantPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  return (
    <>
      <p>
        <Link to={opPaths.overview}>{t('operator.tenant.back')}</Link>
      </p>
      <PageHeading title={t('operator.tenant.title', { slug })} />
      <RequireOperator>{() => <LoadedTenant slug={slug} />}</RequireOperator>
    </>
  );
}
