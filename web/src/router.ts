import { useEffect, useState } from 'preact/hooks';

/** The app's pages; the local runtime and Static Web Apps answer index.html for each of these paths. */
export type Route = 'menu' | 'orders' | 'statement' | 'floor' | 'not-found';

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  switch (path) {
    case '/':
      return 'menu';
    case '/orders':
      return 'orders';
    case '/statement':
      return 'statement';
    case '/floor':
      return 'floor';
    default:
      return 'not-found';
  }
}

export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
  // Like a page load: the new page's heading gets the focus (screen readers announce it).
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
}

export function usePathname(): string {
  const [pathname, setPathname] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPathname(location.pathname);
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return pathname;
}

/** A same-origin link that changes the page without a reload (modified clicks behave as usual). */
export function onLinkClick(event: MouseEvent): void {
  const anchor = (event.currentTarget as HTMLAnchorElement | null) ?? undefined;
  if (!anchor || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(anchor.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}
