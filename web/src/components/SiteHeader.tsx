import type { ReactNode } from 'react';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** Banner with the brand on the left, the language switch on the right and optional navigation below. */
export function SiteHeader({ brand, children }: { brand: ReactNode; children?: ReactNode }) {
  return (
    <header className="site-header">
      <div className="site-header__bar">
        {brand}
        <LanguageSwitch />
      </div>
      {children}
    </header>
  );
}
