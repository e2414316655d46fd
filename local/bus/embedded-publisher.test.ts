import { Journal } from '../persistence/journal';
import { manualClock, message, recorder } from './bus-test-kit';
import { EmbeddedBus } from './embedded-bus';
import { EmbeddedPublisher } from './embedded-publisher';

describe('EmbeddedPublisher', () => {
  const topology = { topics: [{ name: 'bank', subscriptions: [{ name: 'pos' }] }] };

  it('publishes through the bus, and closing it leaves the bus running', async () => {
    const bus = new EmbeddedBus({ journal: Journal.open(), clock: manualClock(), topology });
    const r = recorder();
    bus.subscribe('bank', 'pos', r.handler);
    const publisher = new EmbeddedPublisher(bus);
    await publisher.send('bank', message({ messageId: 'charge-1:approved' }));
    await publisher.close();
    await publisher.send('bank', [message({ messageId: 'charge-2:approved' })]);
    await r.until(2);
    expect(r.ids()).toEqual(['charge-1:approved', 'charge-2:approved']);
    await bus.close();
  });

  it('rejects what the bus rejects', async () => {
    const publisher = new EmbeddedPublisher(
      new EmbeddedBus({ journal: Journal.open(), clock: manualClock(), topology }),
    );
    await expect(publisher.send('sales', message())).rejects.toThrow("unknown topic 'sales'");
  });
});
