import { isoNow } from '../../shared/clock';
import { createBakeryEvent, type PayloadOf } from '../../shared/events/catalog';
import { outboxOperation } from '../../shared/messaging/outbox';
import type { BatchOperation, Stored } from '../../shared/store/port';
import { accountReplace, entryOperation, toAccount } from './account-store';
import {
  ACCOUNT_ID,
  MAX_ATTEMPTS,
  PARTITION_FIELD,
  accountIdOf,
  chargeDocumentId,
  digest,
  isConflictAt,
  isLostRace,
  type AccountDocument,
  type ChargeDocument,
} from './bank-container';
import type { BankDependencies } from './deps';
import { decideCharge, decideRefund, type ChargeDecision, type RefundDecision } from './ledger';

type ChargeRequested = PayloadOf<'bakery.charge.requested.v1'>;
type RefundRequested = PayloadOf<'bakery.charge.refund-requested.v1'>;

export type ChargeOutcome = ChargeDecision['kind'] | 'duplicate';

/**
 * Applies a charge at most once by charge id: its record (Create, so a second request for the same
 * charge id conflicts and changes nothing), the entry and the new balance (If-Match) and the answer
 * (`charge.approved` or `charge.declined`) in one batch of the account's partition.
 */
export function applyCharge(deps: BankDependencies, charge: ChargeRequested): Promise<ChargeOutcome> {
  const accountId = accountIdOf(charge.userId);
  return deps.serial.run(accountId, async () => {
    const container = await deps.container();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const stored = (await container.read(ACCOUNT_ID, accountId)) as Stored<AccountDocument> | undefined;
      const at = isoNow(deps.clock);
      const transactionId = `chg-${digest(charge.chargeId)}`;
      const decision = decideCharge(stored && toAccount(stored), { ...charge, transactionId, at });
      const record: ChargeDocument = {
        id: chargeDocumentId(charge.chargeId),
        kind: 'charge',
        accountId,
        chargeId: charge.chargeId,
        orderId: charge.orderId,
        amount: charge.amount.amount,
        outcome: decision.kind,
        decidedAt: at,
        ...(decision.kind === 'approved' ? { transactionId } : {}),
      };
      const operations: BatchOperation[] = [{ operationType: 'Create', resourceBody: record }];
      if (decision.kind === 'approved') {
        const event = createBakeryEvent(
          'bakery.charge.approved.v1',
          {
            chargeId: charge.chargeId,
            orderId: charge.orderId,
            userId: charge.userId,
            amount: charge.amount,
            transactionId,
            balance: { amount: decision.account.balance, currency: decision.account.currency },
            accountVersion: decision.entry.accountVersion,
            approvedAt: at,
          },
          { clock: deps.clock, id: `${transactionId}:approved`, correlationId: charge.orderId },
        );
        operations.push(
          entryOperation(decision.entry),
          accountReplace(decision.account, stored!._etag),
          outboxOperation(event, PARTITION_FIELD, accountId),
        );
      } else {
        const event = createBakeryEvent(
          'bakery.charge.declined.v1',
          {
            chargeId: charge.chargeId,
            orderId: charge.orderId,
            userId: charge.userId,
            amount: charge.amount,
            reason: decision.reason,
            declinedAt: at,
          },
          { clock: deps.clock, id: `${transactionId}:declined`, correlationId: charge.orderId },
        );
        // A decline changes no balance, but it is recorded: a later copy of the request must not
        // approve what was refused (at most one answer per charge id).
        operations.push(outboxOperation(event, PARTITION_FIELD, accountId));
      }
      try {
        await container.batch(operations, accountId);
        return decision.kind;
      } catch (error) {
        if (isConflictAt(error, 0)) return 'duplicate';
        if (!isLostRace(error)) throw error;
      }
    }
    throw new Error(
      `account ${accountId} kept changing under charge ${charge.chargeId}; Service Bus will redeliver`,
    );
  });
}

export type RefundOutcome = { kind: 'refunded' } | Exclude<RefundDecision, { kind: 'refunded' }>;

/**
 * Refunds an approved charge at most once: the refund entry (Create: its id comes from the charge
 * id, so a second refund conflicts), the charge record marked refunded and the new balance (both
 * If-Match) and `charge.refunded` in one batch.
 */
export function applyRefund(deps: BankDependencies, refund: RefundRequested): Promise<RefundOutcome> {
  const accountId = accountIdOf(refund.userId);
  return deps.serial.run(accountId, async () => {
    const container = await deps.container();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [stored, charge] = (await Promise.all([
        container.read(ACCOUNT_ID, accountId),
        container.read(chargeDocumentId(refund.chargeId), accountId),
      ])) as [Stored<AccountDocument> | undefined, Stored<ChargeDocument> | undefined];
      const at = isoNow(deps.clock);
      const transactionId = `ref-${digest(refund.chargeId)}`;
      const decision = decideRefund(stored && toAccount(stored), charge, { ...refund, transactionId, at });
      if (decision.kind !== 'refunded') return decision;
      const event = createBakeryEvent(
        'bakery.charge.refunded.v1',
        {
          chargeId: refund.chargeId,
          orderId: charge!.orderId,
          userId: refund.userId,
          amount: refund.amount,
          transactionId,
          balance: { amount: decision.account.balance, currency: decision.account.currency },
          accountVersion: decision.entry.accountVersion,
          refundedAt: at,
        },
        { clock: deps.clock, id: `${transactionId}:refunded`, correlationId: charge!.orderId },
      );
      const { _etag: etag, _ts: _ignored, ...record } = charge!;
      const marked: ChargeDocument = { ...record, refundTransactionId: transactionId };
      try {
        await container.batch(
          [
            entryOperation(decision.entry),
            { operationType: 'Replace', id: marked.id, resourceBody: marked, ifMatch: etag },
            accountReplace(decision.account, stored!._etag),
            outboxOperation(event, PARTITION_FIELD, accountId),
          ],
          accountId,
        );
        return { kind: 'refunded' };
      } catch (error) {
        if (isConflictAt(error, 0)) return { kind: 'already-refunded' };
        if (!isLostRace(error)) throw error;
      }
    }
    throw new Error(
      `account ${accountId} kept changing under refund ${refund.chargeId}; Service Bus will redeliver`,
    );
  });
}
