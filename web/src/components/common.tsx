import type { ComponentChildren } from 'preact';

export function SignInPrompt({ href, what }: { href: string; what: string }) {
  return (
    <p class="notice">
      <a class="button" href={href}>
        Sign in
      </a>{' '}
      {what}
    </p>
  );
}

/** A polite live region: screen readers hear what changed without the focus moving. */
export function Announce({ children }: { children: ComponentChildren }) {
  return (
    <p class="visually-hidden" role="status" aria-live="polite">
      {children}
    </p>
  );
}

export function ErrorNote({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="error-note" role="alert">
      {message}
    </p>
  );
}
