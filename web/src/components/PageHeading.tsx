import { use, useEffect, type ReactNode } from 'react';
import { SiteNameContext } from '../lib/site.ts';

/**
 * The page's h1 (focus target after navigation, hence tabIndex -1) and document.title
 * "<page> – <site>". `children` replaces the visible heading when it differs from the page name.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const siteName = use(SiteNameContext);
  useEffect(() => {
    document.title = siteName ? `${title} – ${siteName}` : title;
  }, [title, siteName]);
  return <h1 tabIndex={-1}>{children ?? title}</h1>;
}
