import type { Runtime } from '../runtime';
import { http, startFixture } from '../../test/support/runtime-harness';

type Seen = { n: number; seq: number; deliveryCount: number; messageId: string; subject?: string };
let unique = 0;
const id = (label: string) => `${label}-${Date.now()}-${unique++}`;

describe('Service Bus topic trigger on the in-process bus', () => {
  let runtime: Runtime;
  const publish = (messages: unknown[]) => http(runtime.baseUrl, 'POST', '/api/publish/orders', messages);
  const seen = async (kind: string) =>
    (await http(runtime.baseUrl, 'GET', `/api/seen/${kind}`)).json as Seen[];

  beforeAll(async () => {
    runtime = await startFixture();
  });
  afterAll(() => runtime.stop());

  it('delivers through subscription filters: audit takes all, billing only order.placed', async () => {
    const run = id('filter');
    expect(
      (
        await publish([
          { messageId: `${run}-1`, subject: 'order.placed', body: { n: 1 } },
          { messageId: `${run}-2`, subject: 'order.paid', body: { n: 2 } },
        ])
      ).status,
    ).toBe(202);
    await runtime.idle();
    const audit = (await seen('audit')).filter((r) => r.messageId.startsWith(run));
    expect(audit.map((r) => [r.n, r.subject])).toEqual([
      [1, 'order.placed'],
      [2, 'order.paid'],
    ]);
    const billing = (await seen('billing')).filter((r) => r.messageId.startsWith(run));
    expect(billing.map((r) => r.messageId)).toEqual([`${run}-1`]);
  });

  it('keeps order per subscription (maxConcurrentCalls 1) across 100 messages', async () => {
    const run = id('order');
    await publish(Array.from({ length: 100 }, (_, n) => ({ messageId: `${run}-${n}`, body: { n } })));
    await runtime.idle();
    const audit = (await seen('audit'))
      .filter((r) => r.messageId.startsWith(run))
      .sort((a, b) => a.seq - b.seq);
    expect(audit.map((r) => r.n)).toEqual(Array.from({ length: 100 }, (_, n) => n));
  });

  it('retries a failing handler with a rising delivery count and completes it when it succeeds', async () => {
    const run = id('retry');
    await publish([{ messageId: run, body: { n: 7, fail: 2 } }]);
    await runtime.idle();
    const audit = (await seen('audit')).filter((r) => r.messageId === run);
    expect(audit.map((r) => r.deliveryCount)).toEqual([3]);
    expect(runtime.bus.deadLetters('orders', 'audit').some((d) => d.messageId === run)).toBe(false);
  });

  it('dead-letters after maxDeliveryCount with the reason, and resubmits through the admin endpoint', async () => {
    const run = id('poison');
    await publish([{ messageId: run, body: { n: 9, failUntilReleased: run } }]);
    await runtime.idle();
    const dlq = (await http(runtime.baseUrl, 'GET', '/admin/servicebus/orders/audit/deadletters'))
      .json as Array<Record<string, any>>;
    const entry = dlq.find((d) => d.messageId === run);
    expect(entry).toMatchObject({ deadLetterReason: 'MaxDeliveryCountExceeded' });
    expect(entry?.deadLetterErrorDescription).toContain(`${run} is not released`);
    expect((await seen('audit')).some((r) => r.messageId === run)).toBe(false);

    await http(runtime.baseUrl, 'POST', `/api/release/${run}`);
    const res = await http(runtime.baseUrl, 'POST', '/admin/servicebus/orders/audit/deadletters/resubmit', {
      messageIds: [run],
    });
    expect(res.json).toEqual({ resubmitted: 1 });
    await runtime.idle();
    expect((await seen('audit')).filter((r) => r.messageId === run)).toHaveLength(1);
  });

  it('drops a duplicate message id within the detection window', async () => {
    const run = id('dup');
    await publish([{ messageId: run, body: { n: 1 } }]);
    await publish([{ messageId: run, body: { n: 1 } }]);
    await runtime.idle();
    expect((await seen('audit')).filter((r) => r.messageId === run)).toHaveLength(1);
  });

  it('a slow handler on one subscription does not hold back another', async () => {
    const run = id('slow');
    await publish([{ messageId: `${run}-held`, subject: 'order.placed', body: { n: -1, holdKey: run } }]);
    await publish(
      Array.from({ length: 20 }, (_, n) => ({
        messageId: `${run}-${n}`,
        subject: 'order.placed',
        body: { n },
      })),
    );
    // billing drains while audit is stuck on the held message
    const billed = async () =>
      (await seen('billing')).filter((r) => String(r.messageId).startsWith(run)).length;
    for (let i = 0; i < 200 && (await billed()) < 21; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await billed()).toBe(21);
    const audit = (await seen('audit')).filter((r) => String(r.messageId).startsWith(run));
    expect(audit).toHaveLength(0);
    await http(runtime.baseUrl, 'POST', `/api/release/${run}`);
    await runtime.idle();
    expect((await seen('audit')).filter((r) => String(r.messageId).startsWith(run))).toHaveLength(21);
  });
});
