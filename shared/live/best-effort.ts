import { unavailable } from '../errors';
import type { LiveMessage, LiveUpdates } from './port';

/**
 * Live updates are a convenience on top of the API: a client that misses one polls (the storefront
 * falls back to GET /api/menu and /api/orders/{id}). So a failed push never fails the work that
 * caused it (a committed stock change, a saved edit): it is reported and dropped, never thrown.
 */
export function bestEffort(
  live: LiveUpdates,
  report: (what: string, error: unknown) => void = defaultReport,
): LiveUpdates {
  const guard = async (what: string, send: () => Promise<void>): Promise<void> => {
    try {
      await send();
    } catch (error) {
      report(what, error);
    }
  };
  return {
    kind: live.kind,
    toAll: (message) => guard(`live ${message.type} to all`, () => live.toAll(message)),
    toUser: (userId, message) =>
      guard(`live ${message.type} to one user`, () => live.toUser(userId, message)),
    clientUrl: (userId) => live.clientUrl(userId),
  };
}

function defaultReport(what: string, error: unknown): void {
  // The Functions host collects console output into the app's logs (Application Insights in Azure).
  console.warn(`${what} failed (dropped; clients fall back to polling): ${String(error)}`);
}

/**
 * No live updates configured (neither WEB_PUBSUB_ENDPOINT nor the local runtime's hub): nothing is
 * sent, and a client asking to connect is told so (503) rather than given a URL that cannot work.
 */
export const liveOff: LiveUpdates = {
  kind: 'off',
  toAll: (_message: LiveMessage) => Promise.resolve(),
  toUser: (_userId: string, _message: LiveMessage) => Promise.resolve(),
  clientUrl: () =>
    Promise.reject(unavailable('Live updates are not configured (WEB_PUBSUB_ENDPOINT is not set).')),
};
