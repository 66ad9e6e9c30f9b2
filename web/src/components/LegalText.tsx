import { useTranslation } from 'react-i18next';
import type { TLegalPage } from '../../../api/tenant.ts';
import { useLocale } from '../lib/i18n.ts';
import { parseLegalText } from '../lib/legalText.ts';
import type { NavLabelKey } from '../lib/routes.ts';

/** A legal text: "# " lines become h2 (the page name is the h1, so a leading repeat of it is dropped). */
export function LegalText({ page, label }: { page: TLegalPage; label: NavLabelKey }) {
  const { t, i18n } = useTranslation();
  const [locale] = useLocale();
  const pageTitle = i18n.getFixedT(page.locale)(label).toLocaleLowerCase(page.locale);
  const blocks = parseLegalText(page.text);
  const first = blocks[0];
  const body = first?.kind === 'heading' && first.text.toLocaleLowerCase(page.locale) === pageTitle ? blocks.slice(1) : blocks;
  const otherLanguage = page.locale !== locale;
  return (
    <>
      {otherLanguage && page.locale === 'de' && <p className="notice">{t('legal.germanOnly')}</p>}
      <div className="prose" lang={otherLanguage ? page.locale : undefined}>
        {body.map((block, index) =>
          block.kind === 'heading' ? (
            <h2 key={index}>{block.text}</h2>
          ) : (
            <p key={index} className="pre-line">
              {block.text}
            </p>
          ),
        )}
      </div>
    </>
  );
}
