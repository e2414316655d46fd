import * as df from 'durable-functions';
import type { EntityContext, EntityHandler, OrchestrationContext, Task } from 'durable-functions';
import { z } from 'zod';
import {
  emptyShelf,
  execute,
  summarize,
  ShelfCommandError,
  type Shelf,
  type ShelfChange,
  type ShelfCommand,
  type ShelfOutcome,
  type ShelfSummary,
} from './shelf';

/** The Durable entity `shelf`, one per product type (key = product id). */
export const SHELF_ENTITY = 'shelf';

/** What every shelf operation answers: the outcome, what changed (with versions) and the shelf after it. */
export interface ShelfReply {
  productId: string;
  outcome: ShelfOutcome;
  changes: ShelfChange[];
  shelf: ShelfSummary;
}

const instant = z.iso.datetime({ offset: true });
const inputs = {
  stock: z.object({
    batchId: z.string().min(1),
    now: instant,
    items: z.array(z.object({ id: z.string().min(1), bakedAt: instant, expiresAt: instant })),
  }),
  reserve: z.object({
    orderId: z.string().min(1),
    quantity: z.number(),
    now: instant,
    bakedAfter: instant.optional(),
  }),
  release: z.object({ orderId: z.string().min(1), now: instant }),
  handOver: z.object({ orderId: z.string().min(1), now: instant }),
  expire: z.object({ now: instant, bakedAfter: instant.optional() }),
  discard: z.object({ now: instant, closingAt: instant.optional() }),
};
export type ShelfOperation = keyof typeof inputs;
export type ShelfInput<O extends ShelfOperation> = z.input<(typeof inputs)[O]>;

const commandType = {
  stock: 'Stock',
  reserve: 'Reserve',
  release: 'Release',
  handOver: 'HandOver',
  expire: 'Expire',
  discard: 'Discard',
} as const;

/** Turns an entity operation into a shelf command; a malformed one is a caller's bug and fails loudly. */
export function toCommand(operation: string | undefined, input: unknown): ShelfCommand {
  if (!operation || !Object.prototype.hasOwnProperty.call(inputs, operation))
    throw new ShelfCommandError(`shelf: unknown operation "${String(operation)}"`);
  const op = operation as ShelfOperation;
  const parsed = inputs[op].safeParse(input);
  if (!parsed.success)
    throw new ShelfCommandError(
      `shelf ${op}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
    );
  return { type: commandType[op], ...parsed.data } as ShelfCommand;
}

/** The entity: decide and evolve, one operation at a time (Durable runs an entity's operations one by one). */
export const shelfEntity: EntityHandler<Shelf> = (context: EntityContext<Shelf>) => {
  const shelf =
    context.df.getState(() => emptyShelf(context.df.entityKey)) ?? emptyShelf(context.df.entityKey);
  const command = toCommand(context.df.operationName, context.df.getInput());
  const result = execute(shelf, command);
  if (result.changes.length > 0) context.df.setState(result.shelf);
  const reply: ShelfReply = {
    productId: shelf.productId,
    outcome: result.outcome,
    changes: result.changes,
    shelf: summarize(result.shelf, command.now),
  };
  context.df.return(reply);
};

/** An orchestration's call of one shelf operation (yield it: the result is a ShelfReply). */
export function callShelf<O extends ShelfOperation>(
  context: OrchestrationContext,
  productId: string,
  operation: O,
  input: ShelfInput<O>,
): Task {
  return context.df.callEntity(new df.EntityId(SHELF_ENTITY, productId), operation, input);
}
