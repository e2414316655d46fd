import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  newIdempotencyKey,
  type Account,
  type Api,
  type Menu,
  type MenuItem,
  type Order,
  type Receipt,
} from '../api';
import { basketLines, basketTotal, fitBasket, pickLimit, type Basket } from '../basket';
import { formatTime, reasonText } from '../format';
import { useInterval, useLiveMode } from '../hooks';
import { POLL_MS, type LiveConnection } from '../live';
import { formatMoney } from '../money';
import type { SessionState } from '../session';
import { Announce, ErrorNote, SignInPrompt } from './common';
import { isFinal } from '../order-steps';
import { OrderProgress } from './order-progress';
import { TopUp } from './top-up';

const BASKET_KEY = 'bakery.basket';
const ORDER_KEY = 'bakery.order';
/** While the socket is open, the order is still read now and then, in case a message was missed. */
const SAFETY_POLL_MS = 10_000;

function load<T>(key: string, fallback: T): T {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function Storefront(props: {
  api: Api;
  live: LiveConnection;
  session: SessionState;
  signInHref: string;
}) {
  const { api, live, session, signInHref } = props;
  const mode = useLiveMode(live);
  const signedIn = session.status === 'signed-in';

  const [menu, setMenu] = useState<Menu>();
  const [menuError, setMenuError] = useState<string>();
  // Kept in the tab across the sign-in round trip, so a chosen basket is still there on return.
  const [basket, setBasket] = useState<Basket>(() => load(BASKET_KEY, {}));
  const [trimmedNote, setTrimmedNote] = useState<string>();
  const [account, setAccount] = useState<Account>();
  const [orderId, setOrderId] = useState<string | undefined>(() =>
    load<string | undefined>(ORDER_KEY, undefined),
  );
  const [order, setOrder] = useState<Order>();
  const [receipt, setReceipt] = useState<Receipt>();
  const [placing, setPlacing] = useState(false);
  const [placeError, setPlaceError] = useState<string>();
  const progressRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => sessionStorage.setItem(BASKET_KEY, JSON.stringify(basket)), [basket]);
  useEffect(() => {
    if (orderId) sessionStorage.setItem(ORDER_KEY, JSON.stringify(orderId));
    else sessionStorage.removeItem(ORDER_KEY);
  }, [orderId]);

  const loadMenu = useCallback(async () => {
    try {
      const next = await api.menu();
      setMenu(next);
      setMenuError(undefined);
    } catch {
      setMenuError('The menu could not be loaded just now; trying again.');
    }
  }, [api]);

  const loadAccount = useCallback(async () => {
    if (!signedIn) return;
    try {
      setAccount(await api.account());
    } catch {
      // Shown as "—" until the next try; the bank opens the account at first sign-in.
    }
  }, [api, signedIn]);

  const loadOrder = useCallback(async () => {
    if (!orderId || !signedIn) return;
    try {
      const next = await api.order(orderId);
      setOrder(next);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setOrderId(undefined);
    }
  }, [api, orderId, signedIn]);

  useEffect(() => void loadMenu(), [loadMenu]);
  useEffect(() => {
    if (signedIn) void loadAccount();
    else setAccount(undefined);
  }, [signedIn, loadAccount]);
  useEffect(() => {
    setOrder((current) => (current?.id === orderId ? current : undefined));
    setReceipt((current) => (current?.orderId === orderId ? current : undefined));
    void loadOrder();
  }, [loadOrder]);

  // The menu keeps itself current: pushed changes while the socket is open, else every 2 s.
  useEffect(
    () =>
      live.onMessage((message) => {
        if (message.type === 'menu.changed')
          setMenu((current) =>
            current
              ? {
                  ...current,
                  asOf: message.asOf,
                  items: current.items.map((item) => {
                    const change = message.items.find((c) => c.productId === item.productId);
                    return change ? { ...item, ...change } : item;
                  }),
                }
              : current,
          );
        else if (message.type === 'order.updated' && message.orderId === orderId) void loadOrder();
      }),
    [live, orderId, loadOrder],
  );
  useInterval(loadMenu, POLL_MS, mode !== 'live');
  const tracking = orderId !== undefined && !(order && isFinal(order.status));
  useInterval(loadOrder, mode === 'live' ? SAFETY_POLL_MS : POLL_MS, tracking && signedIn);

  // The basket never asks for more than the menu offers.
  useEffect(() => {
    if (!menu) return;
    const { basket: fitted, trimmed } = fitBasket(basket, menu.items);
    if (trimmed.length > 0) {
      setBasket(fitted);
      setTrimmedNote(`Fewer are left now of: ${trimmed.join(', ')}. Your basket was adjusted.`);
    }
  }, [menu, basket]);

  // Once the order is over: the receipt (when paid), the new balance, the menu as it is now.
  const finalStatus = order && isFinal(order.status) ? order.status : undefined;
  useEffect(() => {
    if (!finalStatus || !orderId) return;
    void loadAccount();
    void loadMenu();
    if (finalStatus !== 'completed') return;
    let cancelled = false;
    const fetchReceipt = async (attempt: number): Promise<void> => {
      try {
        const next = await api.receipt(orderId);
        if (!cancelled) setReceipt(next);
      } catch {
        if (!cancelled && attempt < 10) setTimeout(() => void fetchReceipt(attempt + 1), 1_000);
      }
    };
    void fetchReceipt(0);
    return () => (cancelled = true);
  }, [finalStatus, orderId, api, loadAccount, loadMenu]);

  const lines = useMemo(() => basketLines(basket, menu?.items ?? []), [basket, menu]);
  const total = basketTotal(lines);

  const setQuantity = (item: MenuItem, quantity: number) => {
    const limit = pickLimit(item);
    const next = Math.max(0, Math.min(limit, Math.floor(Number.isFinite(quantity) ? quantity : 0)));
    setTrimmedNote(undefined);
    setBasket((current) => {
      const copy = { ...current };
      if (next === 0) delete copy[item.productId];
      else copy[item.productId] = next;
      return copy;
    });
  };

  const placeOrder = async () => {
    if (lines.length === 0 || placing) return;
    setPlacing(true);
    setPlaceError(undefined);
    try {
      const placed = await api.placeOrder(
        lines.map((l) => ({ productId: l.item.productId, quantity: l.quantity })),
        newIdempotencyKey(),
      );
      setBasket({});
      setReceipt(undefined);
      setOrder({
        id: placed.id,
        status: placed.status,
        lines: lines.map((l) => ({ productId: l.item.productId, quantity: l.quantity })),
        placedAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      });
      setOrderId(placed.id);
      requestAnimationFrame(() => progressRef.current?.focus());
    } catch (error) {
      setPlaceError(
        orderErrorText(
          error,
          lines.map((l) => l.item.name),
        ),
      );
    } finally {
      setPlacing(false);
    }
  };

  const dismissOrder = () => {
    setOrderId(undefined);
    setOrder(undefined);
    setReceipt(undefined);
  };

  return (
    <div class="storefront">
      <section class="menu" aria-labelledby="menu-heading">
        <div class="menu__head">
          <h1 id="menu-heading" tabIndex={-1}>
            Today’s bakes
          </h1>
          <p class="menu__hours" data-testid="hours">
            {menu ? (
              menu.open ? (
                <>Open now · closes at {formatTime(menu.closesAt)}</>
              ) : (
                <>Closed now{menu.opensAt ? <> · opens at {formatTime(menu.opensAt)}</> : null}</>
              )
            ) : (
              '\u00a0'
            )}
          </p>
          <p class="menu__discount-note">
            {menu?.discountWindow ? (
              Date.parse(menu.asOf) >= Date.parse(menu.discountWindow.startsAt) &&
              Date.parse(menu.asOf) < Date.parse(menu.discountWindow.endsAt) ? (
                <strong>Closing discount on now, until we close.</strong>
              ) : (
                <>Closing discount from {formatTime(menu.discountWindow.startsAt)} until we close.</>
              )
            ) : (
              '\u00a0' /* holds the line while the menu loads: nothing below moves when it arrives */
            )}
          </p>
        </div>
        <ErrorNote message={menuError} />
        <ul class="menu__grid" aria-busy={menu ? 'false' : 'true'}>
          {menu
            ? menu.items.map((item) => (
                <MenuCard
                  key={item.productId}
                  item={item}
                  quantity={basket[item.productId] ?? 0}
                  setQuantity={setQuantity}
                />
              ))
            : [0, 1, 2, 3, 4].map((i) => <li key={i} class="card card--skeleton" aria-hidden="true" />)}
        </ul>
      </section>

      <aside class="side" aria-label="Your order and account">
        {orderId && (
          <section class="panel" aria-labelledby="progress-heading">
            <h2 id="progress-heading" ref={progressRef} tabIndex={-1}>
              Your order
            </h2>
            <OrderProgress order={order} receipt={receipt} menu={menu} />
            {order && finalStatus && (
              <>
                {finalStatus !== 'completed' && (
                  <p class="outcome outcome--bad" data-testid="order-outcome">
                    {reasonText(order.reason)}{' '}
                    {account && <>Your balance is still {formatMoney(account.balance)}.</>}
                  </p>
                )}
                {finalStatus === 'completed' && account && (
                  <p class="outcome outcome--good" data-testid="order-outcome">
                    Enjoy! Your balance is now <strong>{formatMoney(account.balance)}</strong>.
                  </p>
                )}
                <button type="button" class="button button--quiet" onClick={dismissOrder}>
                  Start a new order
                </button>
              </>
            )}
          </section>
        )}

        <section class="panel basket" aria-labelledby="basket-heading">
          <h2 id="basket-heading">Basket</h2>
          {lines.length === 0 ? (
            <p class="muted">Nothing yet — pick a quantity on the menu.</p>
          ) : (
            <table class="basket__lines">
              <caption class="visually-hidden">Items in your basket</caption>
              <thead class="visually-hidden">
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Quantity</th>
                  <th scope="col">Price</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.item.productId}>
                    <th scope="row">{line.item.name}</th>
                    <td>× {line.quantity}</td>
                    <td class="num">{formatMoney(line.lineTotal)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    Total
                  </th>
                  <td class="num" data-testid="basket-total">
                    {total ? formatMoney(total) : ''}
                  </td>
                </tr>
              </tfoot>
            </table>
          )}
          {trimmedNote && <p class="notice">{trimmedNote}</p>}
          <ErrorNote message={placeError} />
          {signedIn ? (
            <button
              type="button"
              class="button button--primary button--wide"
              disabled={lines.length === 0 || placing || tracking}
              onClick={() => void placeOrder()}
            >
              {placing ? 'Placing…' : tracking ? 'Order on its way…' : 'Place order'}
            </button>
          ) : (
            <SignInPrompt href={signInHref} what="to order and pay from your balance." />
          )}
          <p class="fine-print">Prices as shown now; your receipt shows what you paid.</p>
        </section>

        {signedIn && (
          <section class="panel" aria-labelledby="balance-heading">
            <h2 id="balance-heading">Balance</h2>
            <p class="balance" data-testid="balance">
              {account ? formatMoney(account.balance) : <span class="skeleton-text">$0.00</span>}
            </p>
            <TopUp
              api={api}
              currency={account?.balance.currency ?? menu?.items[0]?.price.currency ?? 'AUD'}
              onDone={setAccount}
            />
          </section>
        )}
      </aside>
      <Announce>{trimmedNote ?? ''}</Announce>
    </div>
  );
}

function MenuCard({
  item,
  quantity,
  setQuantity,
}: {
  item: MenuItem;
  quantity: number;
  setQuantity: (item: MenuItem, q: number) => void;
}) {
  const limit = pickLimit(item);
  const soldOut = item.available === 0;
  const id = `item-${item.productId}`;
  return (
    <li
      class={`card${soldOut ? ' card--sold-out' : ''}`}
      aria-labelledby={`${id}-name`}
      data-product={item.productId}
    >
      <div class="card__body">
        <h3 id={`${id}-name`} class="card__name">
          {item.name}
        </h3>
        <p class="card__description">{item.description}</p>
        <p class="card__price">
          <span class="price">{formatMoney(item.currentPrice)}</span>
          {item.discounted && (
            <>
              {' '}
              <span class="visually-hidden">, was </span>
              <s class="price price--old">{formatMoney(item.price)}</s>{' '}
              <span class="badge badge--discount">Closing discount</span>
            </>
          )}
        </p>
        <p class={`card__stock${soldOut ? ' card__stock--out' : ''}`} data-testid="available">
          {soldOut ? 'Sold out' : `${item.available} left`}
        </p>
      </div>
      <div class="qty">
        <label for={`${id}-qty`} class="qty__label">
          How many
        </label>
        <div class="qty__controls">
          <button
            type="button"
            class="qty__step"
            aria-label={`One fewer ${item.name}`}
            disabled={quantity <= 0}
            onClick={() => setQuantity(item, quantity - 1)}
          >
            −
          </button>
          <input
            id={`${id}-qty`}
            class="qty__input"
            type="number"
            inputMode="numeric"
            min={0}
            max={limit}
            step={1}
            value={quantity}
            disabled={soldOut && quantity === 0}
            aria-describedby={`${id}-name`}
            onInput={(e) => setQuantity(item, Number(e.currentTarget.value))}
          />
          <button
            type="button"
            class="qty__step"
            aria-label={`One more ${item.name}`}
            disabled={quantity >= limit}
            onClick={() => setQuantity(item, quantity + 1)}
          >
            +
          </button>
        </div>
      </div>
    </li>
  );
}

function orderErrorText(error: unknown, names: string[]): string {
  if (!(error instanceof ApiError)) return 'We could not reach the bakery just now. Please try again.';
  const problem = error.problem;
  if (problem.status === 429 && problem.code === 'BAKERY_TOO_MANY_OPEN_ORDERS')
    return 'You already have several orders on their way. Wait for one to finish, then order again.';
  if (problem.status === 429) return 'Too many tries in a short time. Please wait a moment.';
  if (problem.status === 401) return 'Your sign-in has ended. Please sign in again.';
  if (problem.status === 400 && problem.errors?.length) {
    return problem.errors
      .map((e) => {
        const index = /^lines\[(\d+)\]/.exec(e.field);
        const name = index ? names[Number(index[1])] : undefined;
        return name ? `${name}: ${e.message}.` : `${e.message}.`;
      })
      .join(' ');
  }
  return problem.detail ?? 'The order could not be placed. Please try again.';
}
