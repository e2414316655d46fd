/**
 * Live updates to browsers (design section 9b): the app pushes small JSON messages to every
 * connected client or to one user's clients. Shaped like Azure Web PubSub's hub (send to all, send
 * to user, client access URL), with an Azure adapter (azure-web-pubsub.ts) and the local runtime's
 * hub (local/live/). What a message means belongs to the service that sends it; this port only
 * carries it.
 */

/** A server → client message: a JSON object with a literal `type` (e.g. `menu.changed`). */
export interface LiveMessage {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Sending. Both may reject (the service is down, throttled); see `bestEffort` for callers. */
export interface LivePublisher {
  /** To every connected client of the hub, signed in or not. */
  toAll(message: LiveMessage): Promise<void>;
  /** To the clients connected as `userId` only (none connected: nothing happens). */
  toUser(userId: string, message: LiveMessage): Promise<void>;
}

/** Connecting: the WebSocket URL (with its own short-lived access token) a client connects to. */
export interface LiveConnections {
  /** `userId` undefined: an anonymous connection, which receives `toAll` messages only. */
  clientUrl(userId: string | undefined): Promise<string>;
}

/** Which adapter the app was given: Azure Web PubSub, the local runtime's hub, or none at all. */
export type LiveKind = 'webpubsub' | 'local' | 'off';

export interface LiveUpdates extends LivePublisher, LiveConnections {
  readonly kind: LiveKind;
}
