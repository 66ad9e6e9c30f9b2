import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TCustomerData } from '../../../api/customer-data.ts';
import { CustomerDataAddressForm } from '../components/CustomerDataAddressForm.tsx';
import { CustomerDataContactForm } from '../components/CustomerDataContactForm.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { countryName } from '../lib/format.ts';
import { CUSTOMER_DATA_KEY, getCustomerData } from '../lib/customerData.ts';
import { useLocale } from '../lib/i18n.ts';
import { paths } from '../lib/routes.ts';

function OnFile({ data }: { data: TCustomerData }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const address = data.billingAddress;
  const notOnFile = <span className="customer-data-empty">{t('customerData.overview.notOnFile')}</span>;
  return (
    <section className="section" aria-labelledby="customer-data-heading">
      <h2 id="customer-data-heading">{t('customerData.overview.heading')}</h2>
      <dl className="pairs customer-data-facts">
        <div>
          <dt>{t(data.kind === 'company' ? 'customerData.overview.company' : 'customerData.overview.name')}</dt>
          <dd>{data.name}</dd>
        </div>
        <div>
          <dt>{t('customerData.overview.customerNumber')}</dt>
          <dd>{data.customerNumber}</dd>
        </div>
        <div>
          <dt>{t('customerData.overview.billingAddress')}</dt>
          <dd>
            <address>
              {address.street} {address.houseNumber}
              <br />
              {address.postalCode} {address.city}
              <br />
              {countryName(address.country, locale)}
            </address>
          </dd>
        </div>
        <div>
          <dt>{t('customerData.overview.phone')}</dt>
          <dd>{data.phone ?? notOnFile}</dd>
        </div>
        <div>
          <dt>{t('customerData.overview.contactEmail')}</dt>
          <dd>{data.contactEmail ?? notOnFile}</dd>
        </div>
        <div>
          <dt>{t('customerData.overview.loginEmail')}</dt>
          <dd>
            {data.loginEmail}
            <br />
            <span className="field__hint">
              {t('customerData.overview.loginEmailHint')} <Link to={paths.myAccess}>{t('customerData.overview.myAccessLink')}</Link>
            </span>
          </dd>
        </div>
      </dl>
    </section>
  );
}

function CustomerData() {
  const query = useQuery({ queryKey: CUSTOMER_DATA_KEY, queryFn: ({ signal }) => getCustomerData(signal) });
  return (
    <QueryState query={query}>
      {(data) => (
        <>
          <OnFile data={data} />
          <CustomerDataContactForm data={data} />
          <CustomerDataAddressForm data={data} />
        </>
      )}
    </QueryState>
  );
}

/** /persoenliche-daten: the data on file for the selected customer account and changes to it. */
export function CustomerDataPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('customerData.title')} />
      <RequireSession account>
        {(session) => (
          <>
            <p className="lead">{t('customerData.intro')}</p>
            <CustomerData key={session.selectedCustomerId} />
          </>
        )}
      </RequireSession>
    </>
  );
}
