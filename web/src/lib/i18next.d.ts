// Type-checks translation keys against the German catalog.
import 'i18next';
import type { Catalog } from '../locales/catalogs.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Catalog };
  }
}
