import type { z } from 'zod';
import type { ServiceName } from '../config/services';

/** One event type's contract: who publishes it (and so its topic), who reads it, and its payload. */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  publisher: ServiceName;
  /** One topic per publishing service: the topic is named after the publisher. */
  topic: string;
  consumers: readonly ServiceName[];
  description: string;
  schema: S;
  /** The aggregate the event is about, which becomes the envelope's `subject`. */
  subjectOf(data: z.output<S>): string;
}

type Contract<S extends z.ZodType> = Omit<EventDefinition<S>, 'publisher' | 'topic'>;

/** Declares the events of one publisher; the publisher and topic are filled in so they cannot disagree. */
export function publishedBy<P extends ServiceName>(publisher: P) {
  return <S extends z.ZodType>(contract: Contract<S>): EventDefinition<S> & { publisher: P; topic: P } => ({
    publisher,
    topic: publisher,
    ...contract,
  });
}
