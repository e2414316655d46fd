import type { Menu, Order, OrderStatus, Receipt } from '../api';
import { STEPS, stepStates } from '../order-steps';
import { formatMoney } from '../money';
import { Announce } from './common';

function statusWords(status: OrderStatus | undefined): string {
  switch (status) {
    case undefined:
      return 'Sending your order.';
    case 'placed':
      return 'Order placed. Setting your items aside.';
    case 'reserved':
      return 'Items set aside. Taking the payment.';
    case 'paid':
      return 'Paid. Handing your items over.';
    case 'completed':
      return 'Done: your items are yours.';
    case 'rejected':
      return 'The order could not be set aside.';
    case 'cancelled':
      return 'The order was cancelled.';
  }
}

export function OrderProgress({
  order,
  receipt,
  menu,
}: {
  order: Order | undefined;
  receipt: Receipt | undefined;
  menu: Menu | undefined;
}) {
  const states = stepStates(order?.status);
  const nameOf = (productId: string) => menu?.items.find((i) => i.productId === productId)?.name ?? productId;
  return (
    <div class="progress" data-testid="order-progress" data-status={order?.status ?? 'sending'}>
      <ol class="steps">
        {STEPS.map((step, i) => (
          <li
            key={step.key}
            class={`step step--${states[i]}`}
            aria-current={states[i] === 'current' ? 'step' : undefined}
          >
            <span class="step__mark" aria-hidden="true">
              {states[i] === 'done' ? '✓' : states[i] === 'failed' ? '✕' : i + 1}
            </span>
            <span class="step__label">
              {step.label}
              <span class="visually-hidden">
                {states[i] === 'done'
                  ? ' (done)'
                  : states[i] === 'current'
                    ? ' (in progress)'
                    : states[i] === 'failed'
                      ? ' (did not happen)'
                      : ''}
              </span>
            </span>
          </li>
        ))}
      </ol>
      <p class="progress__now">{statusWords(order?.status)}</p>
      <Announce>{statusWords(order?.status)}</Announce>

      {order?.status === 'completed' && order.items && (
        <div class="received">
          <h3>Your items</h3>
          <ul class="received__items" data-testid="received-items">
            {order.items.map((item) => (
              <li key={item.id}>
                <span>{nameOf(item.productId)}</span>
                <code title="This item's own id">{item.id}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {order?.status === 'completed' && (
        <div class="receipt" data-testid="receipt">
          <h3>Receipt</h3>
          {receipt ? (
            <table>
              <caption class="visually-hidden">What you paid for</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col" class="num">
                    Each
                  </th>
                  <th scope="col" class="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {receipt.lines.map((line) => (
                  <tr key={line.productId}>
                    <th scope="row">
                      {line.name} × {line.quantity}
                    </th>
                    <td class="num">
                      {formatMoney(line.unitPrice)}
                      {line.discount.amount > 0 && (
                        <>
                          {' '}
                          <s class="price--old">
                            <span class="visually-hidden">was </span>
                            {formatMoney(line.listPrice)}
                          </s>
                        </>
                      )}
                    </td>
                    <td class="num">{formatMoney(line.lineTotal)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                {receipt.discount.amount > 0 && (
                  <tr>
                    <th scope="row" colSpan={2}>
                      You saved
                    </th>
                    <td class="num">{formatMoney(receipt.discount)}</td>
                  </tr>
                )}
                <tr>
                  <th scope="row" colSpan={2}>
                    Charged
                  </th>
                  <td class="num" data-testid="receipt-total">
                    {formatMoney(receipt.total)}
                  </td>
                </tr>
              </tfoot>
            </table>
          ) : (
            <p class="muted">
              {order.total ? `Charged ${formatMoney(order.total)}. ` : ''}Fetching the receipt…
            </p>
          )}
        </div>
      )}
    </div>
  );
}
