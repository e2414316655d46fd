import { useState } from 'preact/hooks';
import { ApiError, newIdempotencyKey, type Account, type Api } from '../api';
import { formatMoney, parseMajorUnits, plainAmountMessage } from '../money';

/** Top-up in the currency's major units, checked before sending; the bank's refusal shown by the field. */
export function TopUp({
  api,
  currency,
  onDone,
}: {
  api: Api;
  currency: string;
  onDone: (account: Account) => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [sending, setSending] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setDone(undefined);
    const parsed = parseMajorUnits(text);
    if (!parsed.ok) return setError(parsed.message);
    setError(undefined);
    setSending(true);
    try {
      await api.deposit(parsed.cents, newIdempotencyKey());
      setText('');
      setDone(`Added ${formatMoney({ amount: parsed.cents, currency })}.`);
      onDone(await api.account());
    } catch (failure) {
      setError(depositErrorText(failure, currency));
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="top-up" onSubmit={(e) => void submit(e)} noValidate>
      <label for="top-up-amount">Top up ({currency})</label>
      <div class="top-up__row">
        <input
          id="top-up-amount"
          name="amount"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          placeholder="20.00"
          value={text}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby="top-up-message"
          onInput={(e) => {
            setText(e.currentTarget.value);
            setError(undefined);
          }}
        />
        <button type="submit" class="button" disabled={sending}>
          {sending ? 'Adding…' : 'Add'}
        </button>
      </div>
      <p
        id="top-up-message"
        class={error ? 'field-error' : 'field-ok'}
        role={error ? 'alert' : 'status'}
        data-testid="top-up-message"
      >
        {error ?? done ?? '\u00a0'}
      </p>
    </form>
  );
}

function depositErrorText(error: unknown, currency: string): string {
  if (!(error instanceof ApiError)) return 'We could not reach the bank just now. Please try again.';
  const amountMessage = error.fieldMessage('amount');
  if (error.status === 400 && amountMessage) return plainAmountMessage(amountMessage, currency);
  if (error.problem.code === 'BAKERY_BALANCE_LIMIT')
    return 'That would take your balance over the limit. Try a smaller amount.';
  if (error.status === 401) return 'Your sign-in has ended. Please sign in again.';
  if (error.status === 429) return 'Too many tries in a short time. Please wait a moment.';
  return error.problem.detail ?? 'The top-up did not go through. Please try again.';
}
