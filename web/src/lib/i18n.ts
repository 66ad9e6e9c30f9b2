// i18next set-up: German first, English second. The user's choice is kept in localStorage; without
// one the tenant's default locale applies (see useTenantDefaultLocale). <html lang> follows the language.
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { ZLocale, type TLocale } from '../../../api/tenant.ts';
import { deCatalog, enCatalog } from '../locales/catalogs.ts';

const STORAGE_KEY = 'kundenportal.locale';

export function storedLocale(): TLocale | null {
  try {
    const parsed = ZLocale.safeParse(window.localStorage.getItem(STORAGE_KEY));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // storage blocked (privacy settings)
  }
}

function storeLocale(locale: TLocale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // storage blocked: the choice lasts for this page view only
  }
}

export function initI18n(): typeof i18next {
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  void i18next.use(initReactI18next).init({
    resources: { de: { translation: deCatalog }, en: { translation: enCatalog } },
    lng: storedLocale() ?? 'de',
    fallbackLng: 'de',
    supportedLngs: ['de', 'en'],
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return i18next;
}

/** The current UI language and a setter that remembers the user's choice. */
export function useLocale(): [TLocale, (locale: TLocale) => void] {
  const { i18n } = useTranslation();
  const locale = ZLocale.catch('de').parse(i18n.resolvedLanguage);
  const choose = (next: TLocale): void => {
    storeLocale(next);
    void i18n.changeLanguage(next);
  };
  return [locale, choose];
}

/** Applies a default locale unless the user has chosen one. */
export function applyDefaultLocale(locale: TLocale): void {
  if (storedLocale() === null && i18next.resolvedLanguage !== locale) void i18next.changeLanguage(locale);
}
