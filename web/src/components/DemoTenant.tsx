import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TDemoAccounts } from '../../../api/tenant.ts';
import { useLocale } from '../lib/i18n.ts';
import { DemoInvitation } from './DemoInvitation.tsx';
import { DemoLogins } from './DemoLogins.tsx';
import { UnregisteredCustomers } from './UnregisteredCustomers.tsx';

type DemoTenantData = TDemoAccounts['tenants'][number];

/** One demo tenant on the "choose a utility" page: link to its portal and its test data. */
export function DemoTenant({ tenant }: { tenant: DemoTenantData }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const headingId = useId();
  const methods = new Intl.ListFormat(locale, { type: 'disjunction' }).format(tenant.registrationMethods.map((m) => t(`chooser.method.${m}`)));
  return (
    <section className="box demo-tenant" aria-labelledby={headingId}>
      <h2 id={headingId}>{tenant.displayName}</h2>
      <p>
        <a className="button" href={tenant.url}>
          {t('chooser.open', { name: tenant.displayName })}
        </a>
      </p>
      <p className="demo-tenant__url">
        <code>{tenant.url}</code>
      </p>
      <p>{t('chooser.methods', { methods })}</p>
      <h3>{t('chooser.loginsHeading')}</h3>
      <DemoLogins logins={tenant.logins} />
      <h3>{t('chooser.unregisteredHeading')}</h3>
      <p>{t('chooser.unregisteredIntro')}</p>
      <UnregisteredCustomers customers={tenant.unregistered} tenantName={tenant.displayName} />
      {tenant.registrationMethods.includes('invitation') && (
        <>
          <h3>{t('chooser.invite.heading')}</h3>
          <DemoInvitation tenant={tenant} />
        </>
      )}
    </section>
  );
}
