/**
 * Live updates (shared/live): WEB_PUBSUB_ENDPOINT set → Azure Web PubSub, identity-based, on hub
 * WEB_PUBSUB_HUB. Unset → the local runtime's hub when the app runs on it (`npm start`, tests), and
 * no live updates at all elsewhere (GET /api/live/negotiate is then not registered).
 */
export type LiveSettings =
  { kind: 'webpubsub'; endpoint: string; hub: string } | { kind: 'embedded'; hub: string };

export function liveSettings(env: { WEB_PUBSUB_ENDPOINT?: string; WEB_PUBSUB_HUB: string }): LiveSettings {
  return env.WEB_PUBSUB_ENDPOINT === undefined
    ? { kind: 'embedded', hub: env.WEB_PUBSUB_HUB }
    : { kind: 'webpubsub', endpoint: env.WEB_PUBSUB_ENDPOINT, hub: env.WEB_PUBSUB_HUB };
}
