import { useEffect, useState } from 'preact/hooks';

export interface Page<T> {
  items: T[];
  continuationToken?: string;
}

/**
 * A list read page by page with the API's continuation tokens (newest first): the first page once
 * `enabled`, then `more()` for the next. A failure is kept as a plain-words `error`.
 */
export function usePages<T>(
  load: (continuationToken?: string) => Promise<Page<T>>,
  enabled: boolean,
  messages: { first: (error: unknown) => string; more: string },
  deps: readonly unknown[],
) {
  const [items, setItems] = useState<T[]>();
  const [error, setError] = useState<string>();
  const [next, setNext] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  const more = async () => {
    setLoadingMore(true);
    try {
      const reply = await load(next);
      setItems((current) => [...(current ?? []), ...reply.items]);
      setNext(reply.continuationToken);
    } catch {
      setError(messages.more);
    } finally {
      setLoadingMore(false);
    }
  };
  useEffect(() => {
    if (!enabled) return;
    load().then(
      (reply) => {
        setItems(reply.items);
        setNext(reply.continuationToken);
      },
      (e: unknown) => setError(messages.first(e)),
    );
    // `deps` names what the first page depends on (the caller's api).
  }, [enabled, ...deps]);
  return { items, error, hasMore: next !== undefined, loadingMore, more };
}
