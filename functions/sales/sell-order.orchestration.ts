import * as df from 'durable-functions';
import type { ActivityHandler, OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import { MINUTE } from '../../shared/clock';
import type { PayloadOf } from '../../shared/events';
import type { SalesDependencies } from './deps';
import type { Compensation, OrderStatus } from './order';
import { recordStep } from './order-store';
import type { OrderStep } from './order-steps';
import { assertNever } from '../../shared/assert-never';
import type { OrderLine } from './order';
import {
  SAGA_EVENTS,
  afterHandOver,
  handOverWait,
  type HandOverExpectation,
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
/**
 * How long products has to hand a paid order over before order.paid is sent again, on the bakery
 * clock; each resend waits twice as long (HAND_OVER_RESENDS of them, then the order is overdue).
 */
export const HAND_OVER_TIMEOUT = 5 * MINUTE;

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
  const announced = (yield record({ kind: 'announce' })) as RecordedStep;
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

  // Paid: the items are the customer's; products hands them over however long that takes. No
  // hand-over in time: order.paid again (products starts a new hand-over for it), backing off; then
  // overdue, still listening. A hand-over that is not exactly the order never completes it.
  yield record(afterPay);
  const expected: HandOverExpectation = {
    lines: announced.lines ?? afterReserve.items.map(({ productId }) => ({ productId, quantity: 1 })),
    reserved: afterReserve.items,
  };
  status('awaiting-hand-over');
  let waitMs: number | undefined = handOverWait(HAND_OVER_TIMEOUT, 0);
  for (let attempt = 0; ;) {
    const answer: { name: string; data: unknown } | undefined =
      waitMs === undefined
        ? {
            name: SAGA_EVENTS.handedOver,
            data: yield context.df.waitForExternalEvent(SAGA_EVENTS.handedOver),
          }
        : yield* race(context, waitMs, [SAGA_EVENTS.handedOver]);
    const next = afterHandOver(
      answer
        ? { kind: 'handed-over', data: answer.data as PayloadOf<'bakery.order.handed-over.v1'> }
        : { kind: 'timeout', attempt },
      expected,
      HAND_OVER_TIMEOUT,
    );
    switch (next.kind) {
      case 'complete':
        return yield* finish(next.step);
      case 'resend':
        yield record(next.step);
        attempt = next.step.attempt;
        waitMs = next.waitMs;
        context.df.setCustomStatus({ step: 'awaiting-hand-over', paidResent: attempt });
        break;
      case 'overdue':
        waitMs = undefined;
        context.df.setCustomStatus({ step: 'hand-over-overdue', paidResent: attempt });
        if (!context.df.isReplaying)
          context.error(
            `sell-order ${input.orderId}: paid, but no hand-over after ${attempt} resends of order.paid; it stays paid (docs/decisions.md: a hand-over overdue)`,
          );
        break;
      case 'mismatch':
        // Not completed: the order stays paid; only a hand-over that is exactly the order completes it.
        waitMs = undefined;
        context.df.setCustomStatus({ step: 'hand-over-mismatch', mismatch: next.mismatch });
        if (!context.df.isReplaying)
          context.error(
            `sell-order ${input.orderId}: a hand-over that is not the order (${JSON.stringify(next.mismatch)}); not completed, it stays paid (docs/decisions.md: a wrong hand-over)`,
          );
        break;
      default:
        return assertNever(next);
    }
  }

  function* finish(
    step: Extract<OrderStep, { kind: 'complete' | 'reject' | 'cancel' }>,
  ): Generator<Task, OrderStatus, unknown> {
    const final = step.kind === 'cancel' ? { ...step, compensations: compensationPlan(compensations) } : step;
    const recorded = (yield record(final)) as RecordedStep;
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

/** What the record activity answers (`lines`: absent in histories recorded before it was added). */
interface RecordedStep {
  status: string;
  reason?: string;
  lines?: OrderLine[];
}

/** Activity: one saga step recorded with its events (order-store.ts recordStep); idempotent by step. */
export function recordStepActivity(
  deps: Pick<SalesDependencies, 'container' | 'clock' | 'live'>,
): ActivityHandler {
  return async (input: SellOrderInput & { step: OrderStep }): Promise<RecordedStep> => {
    const order = await recordStep(deps, input);
    return {
      status: order.status,
      ...('reason' in order ? { reason: order.reason } : {}),
      lines: order.lines,
    };
  };
}
