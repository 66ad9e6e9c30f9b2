import { useTranslation } from 'react-i18next';
import { countryName, telHref } from '../lib/format.ts';
import { useLocale } from '../lib/i18n.ts';
import { localize } from '../lib/localized.ts';
import { useTenant } from '../lib/site.ts';

/** Phone, e-mail, service hours and postal address of the tenant. */
export function ContactDetails() {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const { contact, address, legalName, country } = useTenant();
  const hours = localize(contact.hours, locale);
  return (
    <dl className="contact-details">
      <div>
        <dt>{t('contact.phone')}</dt>
        <dd>
          <a href={telHref(contact.phone)}>{contact.phone}</a>
        </dd>
      </div>
      <div>
        <dt>{t('contact.email')}</dt>
        <dd>
          <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </dd>
      </div>
      <div>
        <dt>{t('contact.hours')}</dt>
        <dd className="pre-line" lang={hours.lang === locale ? undefined : hours.lang}>
          {hours.text}
        </dd>
      </div>
      <div>
        <dt>{t('contact.address')}</dt>
        <dd>
          <address>
            {legalName}
            <br />
            {address.street}
            <br />
            {address.postalCode} {address.city}
            <br />
            {countryName(country, locale)}
          </address>
        </dd>
      </div>
    </dl>
  );
}
