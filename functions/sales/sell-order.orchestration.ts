import * as df from 'durable-functions';
import type { ActivityHandler, OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import { MINUTE } from '../../shared/clock';
import type { PayloadOf } from '../../shared/events';
import type { SalesDependencies } from './deps';
import type { Compensation, OrderStatus } from './order';
import { recordStep } from './order-store';
import type { OrderStep } from './order-steps';
import {
  SAGA_EVENTS,
  afterHandOver,
  afterPayment,
  afterReservation,
  compensationPlan,
  type PaymentAnswer,
  type ReservationAnswer,
} from './sell-order-decisions';

export const SELL_ORDER = 'sell-order';
export const RECORD_STEP = 'sales-record-step';

/** How long products has to reserve a placed order, on the bakery clock. */
export const RESERVATION_TIMEOUT = 2 * MINUTE;
/** How long pos and the bank have to charge a reserved order, on the bakery clock. */
export const PAYMENT_TIMEOUT = 5 * MINUTE;

export interface SellOrderInput {
  orderId: string;
  customerId: string;
}

/**
 * Recording a step is retried by Durable, backing off to one attempt every 5 minutes, effectively
 * without limit: the step's event must go out (a paid order must be handed over), and meanwhile
 * the orchestration stays Running and keeps hearing its events.
 */
const RETRY = Object.assign(new df.RetryOptions(1_000, 10_000), {
  backoffCoefficient: 2,
  maxRetryIntervalInMilliseconds: 5 * MINUTE,
});

/**
 * The sales person's saga (design section 6), instance id = order id. It only sequences: each
 * answer goes to a pure decision (sell-order-decisions.ts), each step is recorded by an activity
 * (the order, its event in the outbox). Compensations are recorded as the saga goes and a
 * cancellation runs them newest first. Timeouts are durable timers on the bakery clock.
 */
export const sellOrder: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput<SellOrderInput>();
  const compensations: Compensation[] = [];
  const record = (step: OrderStep) =>
    context.df.callActivityWithRetry(RECORD_STEP, RETRY, { ...input, step });
  const status = (step: string) => context.df.setCustomStatus({ step });

  status('placing');
  yield record({ kind: 'announce' });
  compensations.push('release-reservation');

  status('awaiting-reservation');
  const reservation = yield* race(context, RESERVATION_TIMEOUT, [
    SAGA_EVENTS.reserved,
    SAGA_EVENTS.reservationFailed,
  ]);
  const afterReserve = afterReservation(reservationAnswer(reservation));
  if (afterReserve.kind !== 'reserve') return yield* finish(afterReserve);

  yield record(afterReserve);
  compensations.push('void-payment');
  status('awaiting-payment');
  const payment = yield* race(context, PAYMENT_TIMEOUT, [
    SAGA_EVENTS.paymentSucceeded,
    SAGA_EVENTS.paymentFailed,
  ]);
  const afterPay = afterPayment(paymentAnswer(payment));
  if (afterPay.kind !== 'pay') return yield* finish(afterPay);

  // Paid: the items are the customer's; products hands them over however long that takes.
  yield record(afterPay);
  status('awaiting-hand-over');
  const handedOver = (yield context.df.waitForExternalEvent(
    SAGA_EVENTS.handedOver,
  )) as PayloadOf<'bakery.order.handed-over.v1'>;
  return yield* finish(afterHandOver(handedOver));

  function* finish(
    step: Extract<OrderStep, { kind: 'complete' | 'reject' | 'cancel' }>,
  ): Generator<Task, OrderStatus, unknown> {
    const final = step.kind === 'cancel' ? { ...step, compensations: compensationPlan(compensations) } : step;
    const recorded = (yield record(final)) as { status: string; reason?: string };
    const outcome = { status: recorded.status, ...(recorded.reason ? { reason: recorded.reason } : {}) };
    status(recorded.status);
    return outcome as OrderStatus;
  }
};

/** Waits for the first of `names` or the timeout; undefined when the timer won. */
function* race(
  context: OrchestrationContext,
  timeoutMs: number,
  names: readonly string[],
): Generator<Task, { name: string; data: unknown } | undefined, unknown> {
  const timer = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + timeoutMs));
  const waits = names.map((name) => context.df.waitForExternalEvent(name));
  const winner = (yield context.df.Task.any([...waits, timer])) as Task;
  if (winner === timer) return undefined;
  timer.cancel();
  const index = waits.indexOf(winner);
  return { name: names[index], data: winner.result };
}

function reservationAnswer(answer: { name: string; data: unknown } | undefined): ReservationAnswer {
  if (!answer) return { kind: 'timeout' };
  return answer.name === SAGA_EVENTS.reserved
    ? { kind: 'reserved', data: answer.data as PayloadOf<'bakery.order.reserved.v1'> }
    : { kind: 'reservation-failed', data: answer.data as PayloadOf<'bakery.order.reservation-failed.v1'> };
}

function paymentAnswer(answer: { name: string; data: unknown } | undefined): PaymentAnswer {
  if (!answer) return { kind: 'timeout' };
  return answer.name === SAGA_EVENTS.paymentSucceeded
    ? { kind: 'payment-succeeded', data: answer.data as PayloadOf<'bakery.payment.succeeded.v1'> }
    : { kind: 'payment-failed', data: answer.data as PayloadOf<'bakery.payment.failed.v1'> };
}

/** Activity: one saga step recorded with its events (order-store.ts recordStep); idempotent by step. */
export function recordStepActivity(deps: Pick<SalesDependencies, 'container' | 'clock'>): ActivityHandler {
  return async (input: SellOrderInput & { step: OrderStep }) => {
    const order = await recordStep(deps, input);
    return { status: order.status, ...('reason' in order ? { reason: order.reason } : {}) };
  };
}
