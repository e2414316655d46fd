import type { TokenCredential } from '@azure/identity';
import type { WebPubSubServiceClient } from '@azure/web-pubsub';
import type { LiveMessage, LiveUpdates } from './port';

/**
 * Live updates through Azure Web PubSub, identity-based (Microsoft Learn: "How to create a
 * WebPubSubServiceClient with JavaScript and Azure Identity": `new WebPubSubServiceClient(endpoint,
 * credential, hub)`). The app's identity needs the data actions to send and to generate client
 * tokens: infra/modules/web-pubsub.bicep grants the built-in Web PubSub Service Owner role.
 *
 * Clients are plain WebSockets (no subprotocol): each message arrives as one JSON text frame. With
 * a credential (no access key) `getClientAccessToken` asks the service's REST API for the client
 * token (Learn: "Authorize access to Web PubSub resources using Microsoft Entra ID").
 */
export interface WebPubSubOptions {
  /** `https://<name>.webpubsub.azure.com` (WEB_PUBSUB_ENDPOINT). */
  endpoint: string;
  /** The hub every bakery client connects to (WEB_PUBSUB_HUB). */
  hub: string;
  credential: TokenCredential;
  /** How long a client URL stays valid for connecting (an open socket is not cut when it expires). */
  clientTokenMinutes?: number;
  /** A send gives up after this long, so a slow service never holds the caller's function. */
  sendTimeoutMs?: number;
}

export const DEFAULT_CLIENT_TOKEN_MINUTES = 60;
export const DEFAULT_SEND_TIMEOUT_MS = 5_000;

export function createWebPubSubLive(options: WebPubSubOptions): LiveUpdates {
  // Loaded only when Web PubSub is configured: the local runtime and its tests never pay for the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load, see above
  const sdk = require('@azure/web-pubsub') as { WebPubSubServiceClient: typeof WebPubSubServiceClient };
  const client = new sdk.WebPubSubServiceClient(options.endpoint, options.credential, options.hub);
  const timeout = () => ({
    abortSignal: AbortSignal.timeout(options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS),
  });
  return {
    kind: 'webpubsub',
    // An object goes out as application/json: one JSON text frame on each plain WebSocket client.
    toAll: (message: LiveMessage) => client.sendToAll(message, timeout()),
    toUser: (userId: string, message: LiveMessage) => client.sendToUser(userId, message, timeout()),
    clientUrl: async (userId) => {
      const token = await client.getClientAccessToken({
        ...(userId === undefined ? {} : { userId }),
        expirationTimeInMinutes: options.clientTokenMinutes ?? DEFAULT_CLIENT_TOKEN_MINUTES,
        ...timeout(),
      });
      return token.url;
    },
  };
}
