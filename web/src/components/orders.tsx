import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api, type Menu, type Order } from '../api';
import { formatDateTime, reasonText } from '../format';
import { formatMoney } from '../money';
import type { SessionState } from '../session';
import { ErrorNote, SignInPrompt } from './common';
import { usePages } from '../use-pages';

const STATUS_LABEL: Record<Order['status'], string> = {
  placed: 'Placed',
  reserved: 'Set aside',
  paid: 'Paid',
  completed: 'Received',
  rejected: 'Not available',
  cancelled: 'Cancelled',
};

export function Orders({
  api,
  session,
  signInHref,
}: {
  api: Api;
  session: SessionState;
  signInHref: string;
}) {
  const signedIn = session.status === 'signed-in';
  const {
    items: orders,
    error,
    hasMore,
    loadingMore,
    more,
  } = usePages(
    (token) =>
      api
        .orders(token)
        .then((reply) => ({ items: reply.orders, continuationToken: reply.continuationToken })),
    signedIn,
    {
      first: (e) =>
        e instanceof ApiError && e.status === 404
          ? 'Orders are not available yet.'
          : 'Your orders could not be loaded.',
      more: 'More orders could not be loaded.',
    },
    [api],
  );
  const [menu, setMenu] = useState<Menu>();
  useEffect(() => {
    if (signedIn) api.menu().then(setMenu, () => undefined);
  }, [api, signedIn]);
  const nameOf = (productId: string) => menu?.items.find((i) => i.productId === productId)?.name ?? productId;

  return (
    <section class="panel panel--page" aria-labelledby="orders-heading">
      <h1 id="orders-heading" tabIndex={-1}>
        My orders
      </h1>
      {session.status === 'signed-out' && <SignInPrompt href={signInHref} what="to see your orders." />}
      <ErrorNote message={error} />
      {orders && orders.length === 0 && <p class="muted">No orders yet.</p>}
      {orders && orders.length > 0 && (
        <ul class="history" data-testid="order-history">
          {orders.map((order) => (
            <li key={order.id} class="history__item">
              <div class="history__top">
                <span class={`pill pill--${order.status}`}>{STATUS_LABEL[order.status]}</span>
                <time dateTime={order.placedAt}>{formatDateTime(order.placedAt)}</time>
                <span class="num">{order.total ? formatMoney(order.total) : ''}</span>
              </div>
              <p>{order.lines.map((l) => `${nameOf(l.productId)} × ${l.quantity}`).join(', ')}</p>
              {(order.status === 'rejected' || order.status === 'cancelled') && (
                <p class="muted">{reasonText(order.reason)}</p>
              )}
              {order.refunded && <p class="muted">Refunded {formatMoney(order.refunded)}.</p>}
            </li>
          ))}
        </ul>
      )}
      {hasMore && (
        <button type="button" class="button button--quiet" disabled={loadingMore} onClick={() => void more()}>
          {loadingMore ? 'Loading…' : 'Show older orders'}
        </button>
      )}
    </section>
  );
}
