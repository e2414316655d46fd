import type { HttpHandler, HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { requireRole, type TokenVerifier } from '../../../shared/auth';
import { badRequest, fieldErrorsFrom } from '../../../shared/errors';
import { handle, json } from '../../../shared/http';
import type { DocumentStore } from '../../../shared/store/port';
import { dayReport } from './day-report';
import { openHistory } from './history-store';

const query = z.object({ date: z.iso.date('must be a bakery-local date like 2026-12-01') });

/**
 * GET /api/products/report?date=YYYY-MM-DD (staff): the day report from the item histories — per
 * product, how many items baked that day were sold, expired, discarded, or are still on the shelf.
 */
export function getDayReport({
  verifier,
  store,
  productIds,
}: {
  verifier: TokenVerifier;
  store: DocumentStore;
  productIds: readonly string[];
}): HttpHandler {
  return handle(async (request: HttpRequest) => {
    requireRole(await verifier.verifyRequest(request), 'staff');
    const parsed = query.safeParse({ date: request.query.get('date') ?? undefined });
    if (!parsed.success) throw badRequest(fieldErrorsFrom(parsed.error.issues, 'date'));
    const history = await openHistory(store);
    const items = await Promise.all(
      productIds.map((productId) =>
        history.query({
          partitionKey: productId,
          where: [
            { field: 'kind', op: '=', value: 'item' },
            { field: 'bakedOn', op: '=', value: parsed.data.date },
          ],
        }),
      ),
    );
    return json(
      200,
      { date: parsed.data.date, products: dayReport(productIds, items.flat()) },
      { 'cache-control': 'no-store' },
    );
  });
}
