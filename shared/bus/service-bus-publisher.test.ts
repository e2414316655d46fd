import type { ServiceBusMessage } from '@azure/service-bus';
import type { OutgoingMessage } from './port';
import {
  createServiceBusPublisher,
  MessageTooLargeError,
  ServiceBusPublisher,
  type BusClient,
  type BusSender,
} from './service-bus-publisher';

/** A fake of the SDK boundary: batches measure the JSON body like the broker limits the encoded size. */
class FakeBatch {
  readonly messages: ServiceBusMessage[] = [];
  private size = 0;
  constructor(readonly maxSizeInBytes: number) {}
  get count(): number {
    return this.messages.length;
  }
  tryAddMessage(message: ServiceBusMessage): boolean {
    const bytes = Buffer.byteLength(JSON.stringify(message.body));
    if (this.size + bytes > this.maxSizeInBytes) return false;
    this.size += bytes;
    this.messages.push(message);
    return true;
  }
}

class FakeSender implements BusSender<FakeBatch> {
  readonly sent: ServiceBusMessage[][] = [];
  closed = false;
  failClose = false;
  constructor(
    readonly topic: string,
    private readonly maxSizeInBytes: number,
  ) {}
  async createMessageBatch(): Promise<FakeBatch> {
    return new FakeBatch(this.maxSizeInBytes);
  }
  async sendMessages(batch: FakeBatch): Promise<void> {
    if (this.closed) throw new Error('sender closed');
    this.sent.push([...batch.messages]);
  }
  async close(): Promise<void> {
    this.closed = true;
    if (this.failClose) throw new Error('link detached');
  }
}

class FakeClient implements BusClient<FakeBatch> {
  readonly senders: FakeSender[] = [];
  closed = false;
  constructor(private readonly maxSizeInBytes = 1024) {}
  createSender(topic: string): FakeSender {
    const sender = new FakeSender(topic, this.maxSizeInBytes);
    this.senders.push(sender);
    return sender;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const message = (id: string, size = 10): OutgoingMessage => ({
  messageId: id,
  body: { id, pad: 'x'.repeat(size) },
});

describe('ServiceBusPublisher', () => {
  it('maps every message property onto the Service Bus message', async () => {
    const client = new FakeClient();
    const publisher = new ServiceBusPublisher(client);
    await publisher.send('sales', {
      messageId: 'o-1:placed',
      body: { type: 'bakery.order.placed.v1' },
      subject: 'bakery.order.placed.v1',
      correlationId: 'o-1',
      contentType: 'application/cloudevents+json',
      applicationProperties: { attempt: 1, replay: false },
    });
    expect(client.senders[0]?.sent).toEqual([
      [
        {
          messageId: 'o-1:placed',
          body: { type: 'bakery.order.placed.v1' },
          subject: 'bakery.order.placed.v1',
          correlationId: 'o-1',
          contentType: 'application/cloudevents+json',
          applicationProperties: { attempt: 1, replay: false },
        },
      ],
    ]);
  });

  it('leaves out properties the message does not have', async () => {
    const client = new FakeClient();
    await new ServiceBusPublisher(client).send('sales', message('m-1'));
    expect(Object.keys(client.senders[0]?.sent[0]?.[0] ?? {})).toEqual(['messageId', 'body']);
  });

  it('creates one sender per topic and reuses it', async () => {
    const client = new FakeClient();
    const publisher = new ServiceBusPublisher(client);
    await publisher.send('sales', message('a'));
    await publisher.send('bank', message('b'));
    await publisher.send('sales', message('c'));
    expect(client.senders.map((s) => s.topic)).toEqual(['sales', 'bank']);
    expect(client.senders[0]?.sent.flat().map((m) => m.messageId)).toEqual(['a', 'c']);
  });

  it('sends an array as one batch when it fits', async () => {
    const client = new FakeClient();
    await new ServiceBusPublisher(client).send('products', [message('1'), message('2'), message('3')]);
    expect(client.senders[0]?.sent.map((batch) => batch.map((m) => m.messageId))).toEqual([['1', '2', '3']]);
  });

  it('spills into further batches, keeping the order', async () => {
    const client = new FakeClient(100); // each message below is 39 bytes of JSON: two fit per batch
    await new ServiceBusPublisher(client).send(
      'products',
      ['1', '2', '3', '4', '5'].map((id) => message(id, 20)),
    );
    expect(client.senders[0]?.sent.map((batch) => batch.map((m) => m.messageId))).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5'],
    ]);
  });

  it('refuses a message that can never fit, naming it, before sending anything', async () => {
    const client = new FakeClient(100);
    const publisher = new ServiceBusPublisher(client);
    const error = await publisher
      .send('products', [message('small'), message('huge', 500)])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect((error as MessageTooLargeError).messageId).toBe('huge');
    expect((error as Error).message).toBe(
      'Message huge is too big for Service Bus topic "products" (a batch holds at most 100 bytes)',
    );
    expect(client.senders[0]?.sent).toEqual([]);
    await expect(publisher.send('products', message('alone', 500))).rejects.toThrow(MessageTooLargeError);
  });

  it('does nothing for an empty array', async () => {
    const client = new FakeClient();
    await new ServiceBusPublisher(client).send('sales', []);
    expect(client.senders).toEqual([]);
  });

  it('closes every sender, then the client, even when a sender fails to close', async () => {
    const client = new FakeClient();
    const publisher = new ServiceBusPublisher(client);
    await publisher.send('sales', message('a'));
    await publisher.send('bank', message('b'));
    client.senders[0].failClose = true;
    await publisher.close();
    expect(client.senders.map((s) => s.closed)).toEqual([true, true]);
    expect(client.closed).toBe(true);
    await expect(publisher.send('sales', message('late'))).rejects.toThrow('ServiceBusPublisher is closed');
    await expect(publisher.close()).resolves.toBeUndefined();
  });
});

describe('createServiceBusPublisher', () => {
  it('builds a client from a connection string or a namespace and a credential, without connecting', async () => {
    const fromString = createServiceBusPublisher({
      kind: 'connection-string',
      connectionString: 'Endpoint=sb://localhost/;SharedAccessKeyName=k;SharedAccessKey=s',
    });
    const credential = { getToken: async () => null };
    const fromIdentity = createServiceBusPublisher(
      { kind: 'identity', fullyQualifiedNamespace: 'bakery.servicebus.windows.net' },
      credential,
    );
    await Promise.all([fromString.close(), fromIdentity.close()]);
  });

  it('rejects a malformed connection string at start-up', () => {
    expect(() =>
      createServiceBusPublisher({ kind: 'connection-string', connectionString: 'nonsense' }),
    ).toThrow();
  });
});
