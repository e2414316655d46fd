import { useEffect, useState } from 'preact/hooks';
import type { Account, Api, Transaction } from '../api';
import { formatDateTime } from '../format';
import { formatMoney } from '../money';
import type { SessionState } from '../session';
import { ErrorNote, SignInPrompt } from './common';
import { usePages } from '../use-pages';

const TYPE_LABEL: Record<Transaction['type'], string> = {
  deposit: 'Top-up',
  charge: 'Order',
  refund: 'Refund',
};

export function Statement({
  api,
  session,
  signInHref,
}: {
  api: Api;
  session: SessionState;
  signInHref: string;
}) {
  const signedIn = session.status === 'signed-in';
  const { items, error, hasMore, loadingMore, more } = usePages(
    (token) => api.transactions(token),
    signedIn,
    { first: () => 'Your statement could not be loaded.', more: 'More movements could not be loaded.' },
    [api],
  );
  const [account, setAccount] = useState<Account>();
  useEffect(() => {
    if (signedIn) api.account().then(setAccount, () => undefined);
  }, [api, signedIn]);

  return (
    <section class="panel panel--page" aria-labelledby="statement-heading">
      <h1 id="statement-heading" tabIndex={-1}>
        Statement
      </h1>
      {session.status === 'signed-out' && <SignInPrompt href={signInHref} what="to see your statement." />}
      {account && (
        <p>
          Balance now: <strong data-testid="statement-balance">{formatMoney(account.balance)}</strong>
        </p>
      )}
      <ErrorNote message={error} />
      {items && items.length === 0 && <p class="muted">No movements yet.</p>}
      {items && items.length > 0 && (
        <table class="statement" data-testid="statement">
          <caption class="visually-hidden">Your account's movements, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col" class="num">
                Amount
              </th>
              <th scope="col" class="num">
                Balance
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id}>
                <td>
                  <time dateTime={t.at}>{formatDateTime(t.at)}</time>
                </td>
                <td>{TYPE_LABEL[t.type]}</td>
                <td class={`num ${t.type === 'charge' ? 'minus' : 'plus'}`}>
                  {t.type === 'charge' ? '−' : '+'}
                  {formatMoney(t.amount)}
                </td>
                <td class="num">{formatMoney(t.balanceAfter)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasMore && (
        <button type="button" class="button button--quiet" disabled={loadingMore} onClick={() => void more()}>
          {loadingMore ? 'Loading…' : 'Show older movements'}
        </button>
      )}
    </section>
  );
}
