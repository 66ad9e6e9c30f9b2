import { ToggleButton, ToggleButtonGroup, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ZLocale, type TLocale } from '../../../api/tenant.ts';
import { useLocale } from '../lib/i18n.ts';

const locales: readonly TLocale[] = ['de', 'en'];

/** Deutsch / English as a single-selection toggle group (a radio group for assistive technology). */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const [locale, setLocale] = useLocale();
  const select = (keys: Set<Key>): void => {
    const parsed = ZLocale.safeParse([...keys][0]);
    if (parsed.success) setLocale(parsed.data);
  };
  return (
    <ToggleButtonGroup
      className="language-switch"
      aria-label={t('language.label')}
      selectionMode="single"
      disallowEmptySelection
      selectedKeys={[locale]}
      onSelectionChange={select}
    >
      {locales.map((l) => (
        <ToggleButton key={l} id={l} lang={l} className="language-switch__option">
          {t(`language.${l}`)}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
