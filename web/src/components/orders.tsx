import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api, type Menu, type Order } from '../api';
import { formatDateTime, reasonText } from '../format';
import { formatMoney } from '../money';
import type { SessionState } from '../session';
import { ErrorNote, SignInPrompt } from './common';

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
  const [orders, setOrders] = useState<Order[]>();
  const [menu, setMenu] = useState<Menu>();
  const [error, setError] = useState<string>();
  const [next, setNext] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  const more = async () => {
    setLoadingMore(true);
    try {
      const reply = await api.orders(next);
      setOrders((current) => [...(current ?? []), ...reply.orders]);
      setNext(reply.continuationToken);
    } catch {
      setError('More orders could not be loaded.');
    } finally {
      setLoadingMore(false);
    }
  };
  useEffect(() => {
    if (session.status !== 'signed-in') return;
    api.orders().then(
      (reply) => {
        setOrders(reply.orders);
        setNext(reply.continuationToken);
      },
      (e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 404
            ? 'Orders are not available yet.'
            : 'Your orders could not be loaded.',
        ),
    );
    api.menu().then(setMenu, () => undefined);
  }, [api, session.status]);
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
      {next && (
        <button type="button" class="button button--quiet" disabled={loadingMore} onClick={() => void more()}>
          {loadingMore ? 'Loading…' : 'Show older orders'}
        </button>
      )}
    </section>
  );
}
