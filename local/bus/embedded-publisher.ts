import type { MessagePublisher, OutgoingMessage } from '../../shared/bus/port';
import type { EmbeddedBus } from './embedded-bus';

/** The publisher port over the in-process bus. The bus outlives publishers, so close does nothing. */
export class EmbeddedPublisher implements MessagePublisher {
  constructor(private readonly bus: EmbeddedBus) {}

  send(topic: string, messages: OutgoingMessage | OutgoingMessage[]): Promise<void> {
    return this.bus.send(topic, messages);
  }

  async close(): Promise<void> {}
}
