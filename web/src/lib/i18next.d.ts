// Type-checks translation keys against the German catalog.
import 'i18next';
import type de from '../locales/de.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof de };
  }
}
