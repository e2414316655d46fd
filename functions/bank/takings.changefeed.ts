import type { InvocationContext } from '@azure/functions';
import type { Document } from '../../shared/store/port';
import type { BankDependencies } from './deps';
import { applyToTakingsOnce, takingsEntries } from './takings-store';

/**
 * `bank-takings`, the second change-feed function on the bank's container (its own leases): every
 * charge and refund entry the feed shows is applied to the bakery's takings account once. A failed
 * batch throws and is delivered again (the registration retries for ever), so none is skipped.
 */
export function takingsFeed({
  container,
  currency,
  clock,
}: Pick<BankDependencies, 'container' | 'currency' | 'clock'>) {
  return async (documents: unknown[], context: InvocationContext): Promise<void> => {
    const entries = takingsEntries(documents as Document[]);
    if (entries.length === 0) return;
    const applied = await applyToTakingsOnce(await container(), entries, currency, clock);
    if (applied < entries.length)
      context.log(
        `bank: ${entries.length - applied} of ${entries.length} entries were already in the takings`,
      );
  };
}
