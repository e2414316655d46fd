import type { InvocationContext } from '@azure/functions';
import { assertNever } from '../../shared/assert-never';
import type { BakeryEvent } from '../../shared/events/catalog';
import { applyCharge, applyRefund } from './charge-store';
import type { BankDependencies } from './deps';

/** `bakery.charge.requested.v1` from pos: approve if covered, else decline; once per charge id. */
export function onChargeRequested(deps: BankDependencies) {
  return async (
    event: BakeryEvent<'bakery.charge.requested.v1'>,
    context: InvocationContext,
  ): Promise<void> => {
    const outcome = await applyCharge(deps, event.data);
    if (outcome === 'duplicate')
      context.log(`bank: charge ${event.data.chargeId} was already answered (${event.id}); nothing changed`);
  };
}

/** `bakery.charge.refund-requested.v1` from pos: give back an approved charge, once. */
export function onRefundRequested(deps: BankDependencies) {
  return async (
    event: BakeryEvent<'bakery.charge.refund-requested.v1'>,
    context: InvocationContext,
  ): Promise<void> => {
    const { chargeId } = event.data;
    const outcome = await applyRefund(deps, event.data);
    switch (outcome.kind) {
      case 'refunded':
        return;
      case 'already-refunded':
        context.log(`bank: charge ${chargeId} was already refunded (${event.id}); nothing changed`);
        return;
      case 'refused':
        // Nothing to give back: no event, since pos asks only after an approval it received.
        context.warn(`bank: refund of charge ${chargeId} refused (${outcome.why}); nothing changed`);
        return;
      default:
        return assertNever(outcome, 'unknown refund outcome');
    }
  };
}
