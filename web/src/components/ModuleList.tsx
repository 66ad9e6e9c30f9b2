import { useTranslation } from 'react-i18next';
import type { TModule } from '../../../api/tenant.ts';

/** What the portal offers: one card per enabled module. */
export function ModuleList({ modules }: { modules: readonly TModule[] }) {
  const { t } = useTranslation();
  return (
    <ul className="module-list">
      {modules.map((module) => (
        <li key={module} className="module-list__item">
          <h3>{t(`modules.${module}.title`)}</h3>
          <p>{t(`modules.${module}.description`)}</p>
        </li>
      ))}
    </ul>
  );
}
