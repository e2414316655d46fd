import { useEffect, useState } from 'preact/hooks';
import type { Account, Api, Transaction } from '../api';
import { formatDateTime } from '../format';
import { formatMoney } from '../money';
import type { SessionState } from '../session';
import { ErrorNote, SignInPrompt } from './common';

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
  const [items, setItems] = useState<Transaction[]>();
  const [account, setAccount] = useState<Account>();
  const [error, setError] = useState<string>();
  const [next, setNext] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  const more = async () => {
    setLoadingMore(true);
    try {
      const reply = await api.transactions(next);
      setItems((current) => [...(current ?? []), ...reply.items]);
      setNext(reply.continuationToken);
    } catch {
      setError('More movements could not be loaded.');
    } finally {
      setLoadingMore(false);
    }
  };
  useEffect(() => {
    if (session.status !== 'signed-in') return;
    api.transactions().then(
      (reply) => {
        setItems(reply.items);
        setNext(reply.continuationToken);
      },
      () => setError('Your statement could not be loaded.'),
    );
    api.account().then(setAccount, () => undefined);
  }, [api, session.status]);

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
      {next && (
        <button type="button" class="button button--quiet" disabled={loadingMore} onClick={() => void more()}>
          {loadingMore ? 'Loading…' : 'Show older movements'}
        </button>
      )}
    </section>
  );
}
