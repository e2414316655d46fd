import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api';
import { useLiveMode } from './hooks';
import type { LiveConnection } from './live';
import { onLinkClick, routeOf, usePathname } from './router';
import type { Session, SessionState } from './session';
import { Storefront } from './components/storefront';
import { Orders } from './components/orders';
import { Statement } from './components/statement';
import { Component, type ComponentChildren } from 'preact';
import { lazy, Suspense } from 'preact/compat';

/** A part of the page that failed to load (e.g. the floor's chunk, offline) says so instead of vanishing. */
class LoadFailure extends Component<{ children: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };
  static override getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    if (this.state.failed)
      return (
        <p class="error-note" role="alert">
          This page could not be loaded. Check the connection and reload.
        </p>
      );
    return this.props.children;
  }
}

// Staff only: the floor and its chart library load when someone opens it.
const Floor = lazy(() => import('./components/floor').then((m) => m.Floor));

export interface AppProps {
  session: Session;
  api: Api;
  live: LiveConnection;
}

/**
 * Whether to ask the auth service for a token at load. The refresh cookie is HttpOnly, so the page
 * cannot see it: it remembers that this browser signed in (the sign-in comes back to `?signed-in`),
 * and an anonymous visitor's page asks nothing and shows the menu at once.
 */
const HINT = 'bakery.signed-in';

function useSession(session: Session): SessionState {
  const [state, setState] = useState(session.current);
  useEffect(() => {
    const unsubscribe = session.subscribe((next) => {
      setState(next);
      if (next.status === 'signed-in') localStorage.setItem(HINT, '1');
      else localStorage.removeItem(HINT);
    });
    const params = new URLSearchParams(location.search);
    const returned = params.has('signed-in');
    if (returned) {
      params.delete('signed-in');
      const query = params.toString();
      history.replaceState(null, '', location.pathname + (query ? `?${query}` : '') + location.hash);
    }
    if (returned || localStorage.getItem(HINT)) void session.renew();
    else void session.signOutLocally();
    return unsubscribe;
  }, [session]);
  return state;
}

export function App({ session, api, live }: AppProps) {
  const state = useSession(session);
  const pathname = usePathname();
  const route = routeOf(pathname);
  const mode = useLiveMode(live);

  // The socket carries my orders only when negotiated with my token: reconnect when that changes.
  useEffect(() => {
    if (state.status === 'unknown') return;
    live.restart();
    return () => live.stop();
  }, [live, state.status, state.user?.id]);

  const signInHref = session.signInUrl(`${pathname}?signed-in`);
  const isStaff = state.user?.roles.includes('staff') ?? false;
  const nav: { href: string; label: string; route: string; show: boolean }[] = [
    { href: '/', label: 'Menu', route: 'menu', show: true },
    { href: '/orders', label: 'My orders', route: 'orders', show: state.status === 'signed-in' },
    { href: '/statement', label: 'Statement', route: 'statement', show: state.status === 'signed-in' },
    { href: '/floor', label: 'Bakery floor', route: 'floor', show: isStaff },
  ];

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <div class="site-header__inner">
          <a class="brand" href="/" onClick={onLinkClick}>
            <img src="/favicon.svg" alt="" width="32" height="32" />
            <span>{__BAKERY_NAME__}</span>
          </a>
          <nav aria-label="Main">
            <ul class="nav">
              {nav
                .filter((n) => n.show)
                .map((n) => (
                  <li key={n.href}>
                    <a
                      href={n.href}
                      onClick={onLinkClick}
                      aria-current={route === n.route ? 'page' : undefined}
                    >
                      {n.label}
                    </a>
                  </li>
                ))}
            </ul>
          </nav>
          <div class="account-box">
            {state.status === 'signed-in' && state.user ? (
              <>
                <span class="account-box__name" data-testid="user-name">
                  {state.user.name}
                </span>
                <button type="button" class="button button--quiet" onClick={() => void session.signOut()}>
                  Sign out
                </button>
              </>
            ) : state.status === 'signed-out' ? (
              <a class="button" href={signInHref}>
                Sign in
              </a>
            ) : (
              <span class="account-box__placeholder" aria-hidden="true" />
            )}
          </div>
        </div>
      </header>
      <main id="main" class="page">
        {route === 'menu' && <Storefront api={api} live={live} session={state} signInHref={signInHref} />}
        {route === 'orders' && <Orders api={api} session={state} signInHref={signInHref} />}
        {route === 'statement' && <Statement api={api} session={state} signInHref={signInHref} />}
        {route === 'floor' && (
          <LoadFailure>
            <Suspense fallback={<p class="muted">Loading the floor…</p>}>
              <Floor api={api} live={live} session={state} signInHref={signInHref} />
            </Suspense>
          </LoadFailure>
        )}
        {route === 'not-found' && (
          <section class="panel">
            <h1 tabIndex={-1}>Page not found</h1>
            <p>
              There is nothing here.{' '}
              <a href="/" onClick={onLinkClick}>
                Back to the menu
              </a>
              .
            </p>
          </section>
        )}
      </main>
      <footer class="site-footer">
        <p>
          <span class={`live-dot live-dot--${mode}`} aria-hidden="true" />
          <span data-testid="live-mode">
            {mode === 'live'
              ? 'Live updates on'
              : mode === 'polling'
                ? 'Updating every 2 seconds'
                : 'Connecting…'}
          </span>
        </p>
      </footer>
    </>
  );
}
