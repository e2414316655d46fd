import type { InvalidEventError } from '../events/catalog';

/**
 * A message that can never be handled, whatever the number of tries: it breaks its contract (the
 * catalog refused its envelope or payload) or a handler knows it cannot succeed (throw one from a
 * handler: `throw new PoisonMessage('UnknownAccount', 'account a-1 was never opened')`).
 *
 * `subscribe()` logs it as an error with the reason and the offending fields, then settles it the
 * one way this project's Functions setup allows in Azure: it fails the invocation, the host
 * abandons the message, and Service Bus dead-letters it once maxDeliveryCount deliveries failed.
 * The local runtime does the same (docs/decisions.md, "Poison messages"). The error's message
 * (reason, description, fields) is what the local dead-letter queue shows as the description.
 */
export class PoisonMessage extends Error {
  readonly code = 'BAKERY_POISON_MESSAGE';

  constructor(
    /** Short, stable, PascalCase like Service Bus's own reasons: `InvalidEvent`, `UnknownAccount`. */
    readonly reason: string,
    readonly description: string,
    /** The offending fields (dotted paths), when known. */
    readonly fields: readonly string[] = [],
  ) {
    super(`${reason}: ${description}`);
    this.name = 'PoisonMessage';
  }

  /** The catalog's refusal of a message, as a poison message that names the fields. */
  static fromInvalidEvent(error: InvalidEventError): PoisonMessage {
    return new PoisonMessage(
      'InvalidEvent',
      error.message,
      error.issues.map((issue) => issue.field),
    );
  }
}

export function isPoisonMessage(error: unknown): error is PoisonMessage {
  return error instanceof PoisonMessage;
}
