import type { TokenReply, User } from './api';
import { apiUrl, CREDENTIALS, returnToParam } from './origin';

/**
 * The signed-in person, from the auth service's refresh cookie (HttpOnly, path /api/auth): POST
 * /api/auth/token answers a short-lived access token, kept in memory only and renewed a minute
 * before it expires. The refresh token rotates on every call and a reused one ends the session, so
 * there is never more than one call in flight.
 */
export interface SessionState {
  status: 'unknown' | 'signed-out' | 'signed-in';
  user?: User;
}

type Listener = (state: SessionState) => void;

/** Renew this long before the access token expires (it lives at most 15 minutes). */
const RENEW_BEFORE_MS = 60_000;

export class Session {
  private state: SessionState = { status: 'unknown' };
  private accessToken: string | undefined;
  private expiresAt = 0;
  private inFlight: Promise<string | undefined> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();

  get current(): SessionState {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The access token (renewed first when it is about to expire), or undefined when signed out. */
  token = async (): Promise<string | undefined> => {
    if (this.state.status === 'signed-out') return undefined;
    if (this.accessToken && Date.now() < this.expiresAt - RENEW_BEFORE_MS / 2) return this.accessToken;
    return this.renew();
  };

  /** Asks the auth service once (shared by concurrent callers). */
  renew(): Promise<string | undefined> {
    this.inFlight ??= this.fetchToken().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  signInUrl(returnTo: string): string {
    return apiUrl(`/api/auth/login?returnTo=${encodeURIComponent(returnToParam(returnTo))}`);
  }

  async signOut(): Promise<void> {
    try {
      await fetch(apiUrl('/api/auth/logout'), { method: 'POST', credentials: CREDENTIALS });
    } finally {
      this.set(undefined, 0, undefined);
    }
  }

  /** Known to be signed out without asking (no sign-in remembered in this browser). */
  signOutLocally(): void {
    this.set(undefined, 0, undefined);
  }

  private async fetchToken(): Promise<string | undefined> {
    let response: Response;
    try {
      response = await fetch(apiUrl('/api/auth/token'), {
        method: 'POST',
        credentials: CREDENTIALS,
        headers: { accept: 'application/json' },
        cache: 'no-store',
      });
    } catch {
      // Offline for a moment: keep what we have and try again soon.
      this.schedule(5_000);
      return this.accessToken;
    }
    if (response.status === 401 || response.status === 403) {
      this.set(undefined, 0, undefined);
      return undefined;
    }
    if (!response.ok) {
      this.schedule(10_000);
      if (this.state.status === 'unknown') this.set(undefined, 0, undefined);
      return this.accessToken;
    }
    const reply = (await response.json()) as TokenReply;
    this.set(reply.accessToken, Date.now() + reply.expiresIn * 1000, reply.user);
    this.schedule(Math.max(5_000, reply.expiresIn * 1000 - RENEW_BEFORE_MS));
    return reply.accessToken;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.renew(), delayMs);
  }

  private set(token: string | undefined, expiresAt: number, user: User | undefined): void {
    this.accessToken = token;
    this.expiresAt = expiresAt;
    if (!token) clearTimeout(this.timer);
    const next: SessionState = token && user ? { status: 'signed-in', user } : { status: 'signed-out' };
    const changed =
      this.state.status === 'unknown' ||
      next.status !== this.state.status ||
      next.user?.id !== this.state.user?.id;
    this.state = next;
    if (changed) for (const listener of this.listeners) listener(next);
  }
}
