import {
  AzureCliCredential,
  AzureDeveloperCliCredential,
  ChainedTokenCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import type { MessagePublisher } from '../bus/port';
import { createServiceBusPublisher } from '../bus/service-bus-publisher';
import { systemClock, type Clock } from '../clock';
import type { AzureIdentity, Settings } from '../config';
import { assertNever } from '../assert-never';
import { CosmosDocumentStore } from '../store/cosmos-store';
import { cosmosIndexingPolicies } from '../../infra/cosmos-indexing';
import type { DocumentStore } from '../store/port';
import { createWebPubSubLive } from '../live/azure-web-pubsub';
import { bestEffort, liveOff } from '../live/best-effort';
import type { LiveUpdates } from '../live/port';

/** The ports every service is built from, chosen once in the app's composition root. */
export interface Infrastructure {
  store: DocumentStore;
  publisher: MessagePublisher;
  clock: Clock;
  /** Live updates to browsers; sending is best effort (never throws). `kind: 'off'` when none. */
  live: LiveUpdates;
  /** Facts about where the app runs, for /api/health. */
  runtime(): Record<string, unknown>;
}

/**
 * What the local runtime lends the app in place of Cosmos DB, Service Bus and the wall clock, through
 * its `@azure/functions-core` (`getLocalInfrastructure()`, local/host/functions-core.ts). The real
 * worker's module has no such export, so in Azure the app picks its Azure adapters.
 */
export interface LocalInfrastructure {
  store: DocumentStore;
  publisher: MessagePublisher;
  clock: Clock;
  /** The runtime's WebSocket hub of that name (Web PubSub's client protocol, local/live/). */
  live?(hub: string): LiveUpdates;
  /** Runtime facts for /api/health. */
  describe(): Record<string, unknown>;
}

/**
 * Picks the adapters the settings ask for. `embedded` means "the local runtime's", which only
 * exists when the app runs on it; in Azure the real worker's `@azure/functions-core` has no such
 * thing and the settings must name Cosmos DB and Service Bus.
 */
export function createInfrastructure(
  settings: Settings,
  local: LocalInfrastructure | undefined = findLocalInfrastructure(),
): Infrastructure {
  const needsLocal = settings.store.kind === 'embedded' || settings.bus.kind === 'embedded';
  if (needsLocal && !local) {
    throw new Error(
      'BAKERY_STORE=embedded / BAKERY_BUS=embedded need the local runtime (npm start); in Azure set BAKERY_STORE=cosmos and BAKERY_BUS=servicebus',
    );
  }
  // One credential for Cosmos DB, Service Bus and Web PubSub, made only if an identity-based connection needs it.
  let credential: TokenCredential | undefined;
  const identity = () => (credential ??= azureCredential(settings.azureIdentity));
  const store =
    settings.store.kind === 'cosmos'
      ? new CosmosDocumentStore({
          endpoint: settings.store.endpoint,
          databaseId: settings.store.database,
          // Used only when the store creates a container (emulator, key-based account); in Azure
          // Bicep made them all with the same policy from infra/services.json.
          indexingPolicies: cosmosIndexingPolicies(),
          ...(settings.store.credential.kind === 'key'
            ? { key: settings.store.credential.key }
            : { credential: identity() }),
        })
      : local!.store;
  const publisher =
    settings.bus.kind === 'servicebus'
      ? createServiceBusPublisher(
          settings.bus.connection,
          settings.bus.connection.kind === 'identity' ? identity() : undefined,
        )
      : local!.publisher;
  const live =
    settings.live.kind === 'webpubsub'
      ? createWebPubSubLive({
          endpoint: settings.live.endpoint,
          hub: settings.live.hub,
          credential: identity(),
        })
      : (local?.live?.(settings.live.hub) ?? liveOff);
  return {
    store,
    publisher,
    live: bestEffort(live),
    clock: local?.clock ?? systemClock,
    runtime: () => local?.describe() ?? { runtime: 'azure-functions', node: process.version },
  };
}

/**
 * The credential for identity-based connections. In Azure, exactly the app's user-assigned managed
 * identity (by client id): no probing of environment variables, workload identity, developer tools
 * or IMDS guesses, which DefaultAzureCredential would try first and which Microsoft advises against
 * in production. On a developer machine (no AZURE_CLIENT_ID), the Azure CLI sign-in, then azd's.
 */
export function azureCredential(identity: AzureIdentity): TokenCredential {
  switch (identity.kind) {
    case 'managed-identity':
      return new ManagedIdentityCredential({ clientId: identity.clientId });
    case 'developer':
      return new ChainedTokenCredential(new AzureCliCredential(), new AzureDeveloperCliCredential());
    default:
      return assertNever(identity, 'unknown Azure identity');
  }
}

function findLocalInfrastructure(): LocalInfrastructure | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- injected by the host at run time, absent in plain Node
    const core = require('@azure/functions-core') as {
      getLocalInfrastructure?: () => LocalInfrastructure | undefined;
    };
    return core.getLocalInfrastructure?.();
  } catch {
    return undefined;
  }
}
