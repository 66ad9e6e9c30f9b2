import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { formatYear } from '../lib/format.ts';
import { useLocale } from '../lib/i18n.ts';
import { legalPages } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';
import { ContactDetails } from './ContactDetails.tsx';

export function SiteFooter() {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <section aria-labelledby="footer-contact">
          <h2 id="footer-contact" className="site-footer__heading">
            {t('contact.heading')}
          </h2>
          <ContactDetails />
        </section>
        <nav aria-label={t('footer.legalLabel')}>
          <ul className="site-footer__links">
            {legalPages.map((page) => (
              <li key={page.path}>
                <NavLink to={page.path}>{t(page.label)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <p className="site-footer__copyright">
          {t('footer.copyright', { year: formatYear(new Date(), locale, tenant.timeZone), name: tenant.legalName })}
        </p>
      </div>
    </footer>
  );
}
