// After client-side navigation, move focus to the new page's heading (or <main>) so keyboard and
// screen-reader users start reading at the new content. The first page load keeps the browser's focus.
import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

export const MAIN_ID = 'main';

/** Focuses the h1 inside <main> (or <main> itself when there is none). */
export function focusPageHeading(): void {
  const main = document.getElementById(MAIN_ID);
  const target = main?.querySelector<HTMLElement>('h1') ?? main;
  target?.focus();
}

export function useFocusOnRouteChange(): void {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    focusPageHeading();
  }, [pathname]);
}

/**
 * Focuses the page heading when a page switches to another view without changing the route (e.g.
 * from the form to "Fast geschafft!"), so screen readers start reading at the new content.
 */
export function useFocusOnViewChange(view: string): void {
  const previous = useRef(view);
  useEffect(() => {
    if (previous.current === view) return;
    previous.current = view;
    focusPageHeading();
  }, [view]);
}
