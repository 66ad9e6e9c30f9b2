import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TDemoAccounts } from '../../../api/tenant.ts';

type Customer = TDemoAccounts['tenants'][number]['unregistered'][number];

/** Customers without a portal account, for trying registration. Scrolls sideways on narrow screens. */
export function UnregisteredCustomers({ customers, tenantName }: { customers: readonly Customer[]; tenantName: string }) {
  const { t } = useTranslation();
  const captionId = useId();
  if (customers.length === 0) return <p>{t('chooser.noUnregistered')}</p>;
  return (
    // Focusable so keyboard users can scroll it; named by the caption.
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table>
        <caption id={captionId}>{t('chooser.unregisteredCaption', { name: tenantName })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('chooser.customerNumber')}</th>
            <th scope="col">{t('chooser.name')}</th>
            <th scope="col">{t('chooser.meterNumbers')}</th>
            <th scope="col">{t('chooser.proof')}</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => (
            <tr key={customer.customerNumber}>
              <th scope="row">
                <code>{customer.customerNumber}</code>
              </th>
              <td>{customer.name}</td>
              <td>
                <ul className="plain-list">
                  {customer.meterNumbers.map((meter) => (
                    <li key={meter}>
                      <code>{meter}</code>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <ul className="plain-list">
                  {Object.entries(customer.proof).map(([name, value]) => (
                    <li key={name}>
                      {name}: <code>{value}</code>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
