import type { TokenCredential } from '@azure/identity';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { BakeryError } from '../errors';
import { createWebPubSubLive, DEFAULT_CLIENT_TOKEN_MINUTES } from './azure-web-pubsub';
import { bestEffort, liveOff } from './best-effort';

// The SDK is the boundary to Azure: replaced by a recording fake (jest.mock is hoisted, so the fake
// is built inside the factory).
jest.mock('@azure/web-pubsub', () => ({
  WebPubSubServiceClient: jest
    .fn()
    .mockImplementation((endpoint: string, _credential: unknown, hub: string) => ({
      endpoint,
      hub,
      sendToAll: jest.fn().mockResolvedValue(undefined),
      sendToUser: jest.fn().mockResolvedValue(undefined),
      getClientAccessToken: jest.fn().mockImplementation((options: { userId?: string }) =>
        Promise.resolve({
          token: 'tkn',
          baseUrl: `wss://bakery.webpubsub.azure.com/client/hubs/${hub}`,
          url: `wss://bakery.webpubsub.azure.com/client/hubs/${hub}?access_token=tkn-${options.userId ?? 'anon'}`,
        }),
      ),
    })),
}));

interface FakeClient {
  sendToAll: jest.Mock;
  sendToUser: jest.Mock;
  getClientAccessToken: jest.Mock;
}

const SdkClient = WebPubSubServiceClient as unknown as jest.Mock;
const credential: TokenCredential = { getToken: () => Promise.resolve(null) };
const endpoint = 'https://bakery.webpubsub.azure.com';

function adapter() {
  SdkClient.mockClear();
  const live = createWebPubSubLive({ endpoint, hub: 'bakery', credential });
  const fake = SdkClient.mock.results[0].value as FakeClient;
  return { live, fake };
}

const message = { type: 'menu.changed', asOf: '2026-12-01T00:00:00.000Z', items: [] };

describe('the Azure Web PubSub adapter', () => {
  it('is one identity-based client for the endpoint and hub (no key, no connection string)', () => {
    adapter();
    expect(SdkClient).toHaveBeenCalledTimes(1);
    expect(SdkClient).toHaveBeenCalledWith(endpoint, credential, 'bakery');
  });

  it('sends toAll as a JSON object (application/json: a text frame per plain WebSocket client)', async () => {
    const { live, fake } = adapter();
    await live.toAll(message);
    expect(fake.sendToAll).toHaveBeenCalledWith(
      message,
      expect.objectContaining({ abortSignal: expect.any(AbortSignal) }),
    );
    expect(typeof fake.sendToAll.mock.calls[0][0]).toBe('object');
  });

  it('sends toUser to that user id only', async () => {
    const { live, fake } = adapter();
    const update = { type: 'order.updated', orderId: 'o-1', status: 'paid' };
    await live.toUser('alex', update);
    expect(fake.sendToUser).toHaveBeenCalledWith('alex', update, expect.anything());
    expect(fake.sendToAll).not.toHaveBeenCalled();
  });

  it('hands out the client URL of a token naming the user, or an anonymous one', async () => {
    const { live, fake } = adapter();
    await expect(live.clientUrl('alex')).resolves.toBe(
      'wss://bakery.webpubsub.azure.com/client/hubs/bakery?access_token=tkn-alex',
    );
    expect(fake.getClientAccessToken).toHaveBeenLastCalledWith(
      expect.objectContaining({ userId: 'alex', expirationTimeInMinutes: DEFAULT_CLIENT_TOKEN_MINUTES }),
    );
    await expect(live.clientUrl(undefined)).resolves.toMatch(/access_token=tkn-anon$/);
    expect(fake.getClientAccessToken.mock.calls[1][0]).not.toHaveProperty('userId');
  });

  it('lets a failed send reject (the caller decides), and bestEffort reports it instead of throwing', async () => {
    const { live, fake } = adapter();
    fake.sendToAll.mockRejectedValueOnce(new Error('429 throttled'));
    await expect(live.toAll(message)).rejects.toThrow('429 throttled');

    const reported: string[] = [];
    const guarded = bestEffort(live, (what, error) => reported.push(`${what}: ${String(error)}`));
    fake.sendToAll.mockRejectedValueOnce(new Error('503 unavailable'));
    fake.sendToUser.mockRejectedValueOnce(new Error('timeout'));
    await expect(guarded.toAll(message)).resolves.toBeUndefined();
    await expect(guarded.toUser('alex', { type: 'order.updated' })).resolves.toBeUndefined();
    expect(reported).toEqual([
      'live menu.changed to all: Error: 503 unavailable',
      'live order.updated to one user: Error: timeout',
    ]);
    expect(guarded.kind).toBe('webpubsub');
  });

  it('does not swallow a failed negotiate: the browser must learn it has no URL', async () => {
    const { live, fake } = adapter();
    fake.getClientAccessToken.mockRejectedValueOnce(new Error('403 forbidden'));
    await expect(bestEffort(live, () => undefined).clientUrl('alex')).rejects.toThrow('403 forbidden');
  });
});

describe('no live updates configured', () => {
  it('sends nothing and refuses a client URL with 503', async () => {
    await expect(liveOff.toAll(message)).resolves.toBeUndefined();
    const refusal = liveOff.clientUrl(undefined);
    await expect(refusal).rejects.toBeInstanceOf(BakeryError);
    await expect(refusal).rejects.toMatchObject({ status: 503 });
  });
});
