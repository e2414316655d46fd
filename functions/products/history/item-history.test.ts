import { Journal } from '../../../local/persistence/journal';
import { EmbeddedDocumentStore } from '../../../local/store/embedded-store';
import { openHistory, recordHistory } from './history-store';
import { withLines } from './item-history';
import type { HistoryEntry } from '../shelf/shelf-effects';

const ITEM = {
  itemId: '00000000-0000-4000-8000-000000000001',
  productId: 'donut',
  bakedAt: '2026-11-30T20:00:00.000Z',
  expiresAt: '2026-11-30T20:25:00.000Z',
};
const line = (kind: HistoryEntry['kind'], version: number, at: string, orderId?: string): HistoryEntry => ({
  ...ITEM,
  kind,
  version,
  at,
  ...(orderId ? { orderId } : {}),
});
const bakedOn = () => '2026-12-01';

const baked = line('baked', 1, ITEM.bakedAt);
const reserved = line('reserved', 2, '2026-11-30T20:05:00.000Z', 'order-1');
const released = line('released', 3, '2026-11-30T20:06:00.000Z', 'order-1');
const sold = line('sold', 5, '2026-11-30T20:09:00.000Z', 'order-2');

describe('item history: merging life lines', () => {
  it("starts an item's life when it is baked", () => {
    expect(withLines(undefined, [baked], bakedOn)).toEqual({
      id: ITEM.itemId,
      kind: 'item',
      productId: 'donut',
      bakedOn: '2026-12-01',
      bakedAt: ITEM.bakedAt,
      expiresAt: ITEM.expiresAt,
      status: 'baked',
      statusAt: ITEM.bakedAt,
      life: [{ kind: 'baked', at: ITEM.bakedAt, version: 1 }],
    });
  });

  it('ends in the status of the newest line, whatever order the lines arrive in', () => {
    const inOrder = [baked, reserved, released, sold].reduce(
      (doc, l) => withLines(doc, [l], bakedOn) ?? doc,
      withLines(undefined, [], bakedOn),
    );
    const shuffled = [sold, baked, released, reserved].reduce(
      (doc, l) => withLines(doc, [l], bakedOn) ?? doc,
      withLines(undefined, [], bakedOn),
    );
    expect(shuffled).toEqual(inOrder);
    expect(inOrder).toMatchObject({ status: 'sold', orderId: 'order-2', statusAt: sold.at });
    expect(inOrder!.life.map((l) => l.kind)).toEqual(['baked', 'reserved', 'released', 'sold']);
  });

  it('puts a released item back to "baked" (on the shelf) without an order', () => {
    const doc = withLines(undefined, [baked, reserved, released], bakedOn);
    expect(doc).toMatchObject({ status: 'baked', statusAt: released.at });
    expect(doc).not.toHaveProperty('orderId');
  });

  it('changes nothing for lines it already has', () => {
    const doc = withLines(undefined, [baked, reserved], bakedOn)!;
    expect(withLines(doc, [reserved, baked], bakedOn)).toBeUndefined();
  });
});

describe('item history: the products container', () => {
  const open = () => openHistory(new EmbeddedDocumentStore({ journal: Journal.open({}) }));

  it('records lines for many items across products, idempotently', async () => {
    const container = await open();
    const items = Array.from({ length: 120 }, (_, i) => ({
      ...baked,
      itemId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      productId: i % 2 ? 'bread' : 'donut',
    }));
    await recordHistory(container, items, bakedOn);
    await recordHistory(container, items, bakedOn);
    expect(await container.query({ partitionKey: 'bread' })).toHaveLength(60);
    expect(await container.query({ partitionKey: 'donut' })).toHaveLength(60);
  });

  it('keeps every line when writers race on the same items', async () => {
    const container = await open();
    await Promise.all([
      recordHistory(container, [sold], bakedOn),
      recordHistory(container, [baked], bakedOn),
      recordHistory(container, [reserved, released], bakedOn),
    ]);
    const doc = await container.read(ITEM.itemId, 'donut');
    expect(doc!.life.map((l) => l.kind)).toEqual(['baked', 'reserved', 'released', 'sold']);
    expect(doc!.status).toBe('sold');
  });
});
