import type { TLocalizedText } from '../../../api/tenant.ts';
import { useLocale } from '../lib/i18n.ts';
import { localize, paragraphs } from '../lib/localized.ts';

/** A tenant text in the current language (German when there is no English), marked with its language. */
export function LocalizedParagraphs({ value }: { value: TLocalizedText }) {
  const [locale] = useLocale();
  const { text, lang } = localize(value, locale);
  return (
    <div lang={lang === locale ? undefined : lang}>
      {paragraphs(text).map((paragraph, index) => (
        <p key={index} className="pre-line">
          {paragraph}
        </p>
      ))}
    </div>
  );
}
