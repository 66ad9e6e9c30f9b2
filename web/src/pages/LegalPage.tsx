import { useTranslation } from 'react-i18next';
import type { TLegalPageKind } from '../../../api/tenant.ts';
import { LegalText } from '../components/LegalText.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { useLocale } from '../lib/i18n.ts';
import { useLegalPageQuery } from '../lib/queries.ts';
import type { NavLabelKey } from '../lib/routes.ts';

/** Impressum, Datenschutz or Barrierefreiheit: the tenant's text in the current language. */
export function LegalPage({ kind, label }: { kind: TLegalPageKind; label: NavLabelKey }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const query = useLegalPageQuery(kind, locale);
  return (
    <>
      <PageHeading title={t(label)} />
      <QueryState query={query}>{(page) => <LegalText page={page} label={label} />}</QueryState>
    </>
  );
}
