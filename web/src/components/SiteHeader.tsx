import type { ReactNode } from 'react';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/**
 * Banner: the brand on the left, optional actions (sign-in links) and the language switch on the
 * right; below it an optional bar (the signed-in customer account) and the navigation.
 */
export function SiteHeader({
  brand,
  actions,
  bar,
  children,
}: {
  brand: ReactNode;
  actions?: ReactNode;
  bar?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <header className="site-header">
      <div className="site-header__bar">
        {brand}
        <div className="site-header__tools">
          {actions}
          <LanguageSwitch />
        </div>
      </div>
      {bar}
      {children}
    </header>
  );
}
