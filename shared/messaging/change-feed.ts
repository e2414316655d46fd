/**
 * The options every change-feed function of the bakery shares (Cosmos DB trigger, v4 extension):
 * the shared leases container (created by infra, never by the trigger), the whole feed from the
 * start, and retries until the handler succeeds — a change-feed function that gives up skips the
 * batch for good. Each function gets its own lease prefix, so each keeps its own place in the feed.
 */
export function changeFeedOf(options: { databaseName: string; containerName: string; leasePrefix: string }) {
  return {
    connection: 'CosmosConnection',
    databaseName: options.databaseName,
    containerName: options.containerName,
    leaseContainerName: 'leases',
    leaseContainerPrefix: options.leasePrefix,
    createLeaseContainerIfNotExists: false,
    startFromBeginning: true,
    retry: {
      strategy: 'exponentialBackoff' as const,
      maxRetryCount: -1,
      minimumInterval: { seconds: 1 },
      maximumInterval: { minutes: 1 },
    },
  };
}
