import { CosmosClient, type CosmosClientOptions, type Database, type IndexingPolicy } from '@azure/cosmos';
import type { TokenCredential } from '@azure/identity';
import { CosmosContainer } from './cosmos-container';
import {
  StoreError,
  type Container,
  type ContainerDefinition,
  type Document,
  type DocumentStore,
} from './port';

/**
 * The DocumentStore port on Azure Cosmos DB (NoSQL API) through `@azure/cosmos` 4.
 *
 * `container(definition)` creates the database and container when missing (partition key
 * `{ paths: [partitionKeyPath] }`). In Azure the containers come from Bicep and the app's managed
 * identity holds only a data-plane role, which may read but not create them: createIfNotExists
 * then finds the existing container with a read and never needs the create permission.
 */
export type CosmosStoreOptions = ({ client: CosmosClient } | CosmosConnection) & {
  databaseId: string;
  /**
   * Indexing policy per container name, used only when this store creates the container. Needed
   * for queries that ORDER BY more than one field (Cosmos requires a composite index for them).
   */
  indexingPolicies?: Record<string, IndexingPolicy>;
};

export interface CosmosConnection {
  endpoint: string;
  /** Account key (emulator, contract tests). Prefer `credential` in Azure: no secrets in settings. */
  key?: string;
  /** Microsoft Entra identity, e.g. `new DefaultAzureCredential()` or a managed identity credential. */
  credential?: TokenCredential;
}

export class CosmosDocumentStore implements DocumentStore {
  private readonly client: CosmosClient;
  private readonly ownsClient: boolean;
  private readonly databaseId: string;
  private readonly indexingPolicies: Record<string, IndexingPolicy>;
  private database: Promise<Database> | undefined;
  private readonly containers = new Map<string, Promise<CosmosContainer>>();

  constructor(options: CosmosStoreOptions) {
    this.databaseId = options.databaseId;
    this.indexingPolicies = options.indexingPolicies ?? {};
    if ('client' in options) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      this.client = new CosmosClient(connectionOptions(options));
      this.ownsClient = true;
    }
  }

  async container<T extends Document = Document>(definition: ContainerDefinition): Promise<Container<T>> {
    let opening = this.containers.get(definition.name);
    if (!opening) {
      opening = this.open(definition);
      this.containers.set(definition.name, opening);
      opening.catch(() => this.containers.delete(definition.name));
    }
    const container = await opening;
    if (container.definition.partitionKeyPath !== definition.partitionKeyPath)
      throw mismatch(definition, container.definition.partitionKeyPath);
    // The type parameter only narrows what callers see; Cosmos stores plain JSON.
    return container as unknown as Container<T>;
  }

  /** Disposes the client when this store built it; a client passed in belongs to the caller. */
  async close(): Promise<void> {
    if (this.ownsClient) this.client.dispose();
  }

  private async open(definition: ContainerDefinition): Promise<CosmosContainer> {
    const database = await this.openDatabase();
    const indexingPolicy = this.indexingPolicies[definition.name];
    const { container, resource } = await database.containers.createIfNotExists({
      id: definition.name,
      partitionKey: { paths: [definition.partitionKeyPath] },
      ...(indexingPolicy ? { indexingPolicy } : {}),
    });
    const existingPath = resource?.partitionKey?.paths?.[0];
    if (existingPath !== undefined && existingPath !== definition.partitionKeyPath)
      throw mismatch(definition, existingPath);
    return new CosmosContainer(definition, container);
  }

  private openDatabase(): Promise<Database> {
    if (!this.database) {
      this.database = this.client.databases
        .createIfNotExists({ id: this.databaseId })
        .then((r) => r.database);
      this.database.catch(() => (this.database = undefined));
    }
    return this.database;
  }
}

function connectionOptions(connection: CosmosConnection): CosmosClientOptions {
  if (connection.credential) return { endpoint: connection.endpoint, aadCredentials: connection.credential };
  if (connection.key) return { endpoint: connection.endpoint, key: connection.key };
  throw new Error(
    'CosmosDocumentStore needs a `credential` (managed identity) or a `key` for ' + connection.endpoint,
  );
}

function mismatch(definition: ContainerDefinition, existingPath: string): StoreError {
  return new StoreError(
    'bad-request',
    `container "${definition.name}" already exists with partition key path ${existingPath}; it cannot be opened with ${definition.partitionKeyPath}`,
  );
}
