import { ErrorResponse, type CosmosClient } from '@azure/cosmos';
import { CosmosDocumentStore } from './cosmos-store';
import { StoreError, type Container, type Document } from './port';

/** The @azure/cosmos objects the adapter touches, as jest mocks (the SDK boundary, nothing of ours). */
export function fakeCosmos(existingPartitionKeyPath?: string) {
  const item = { read: jest.fn(), replace: jest.fn(), delete: jest.fn() };
  const iterator = { readNext: jest.fn() };
  const items = {
    create: jest.fn(),
    upsert: jest.fn(),
    query: jest.fn(),
    batch: jest.fn(),
    getChangeFeedIterator: jest.fn(() => iterator),
  };
  const azureContainer = { items, item: jest.fn(() => item) };
  const containers = {
    createIfNotExists: jest.fn(async (body: { id: string; partitionKey: { paths: string[] } }) => ({
      container: azureContainer,
      resource: {
        id: body.id,
        partitionKey: { paths: [existingPartitionKeyPath ?? body.partitionKey.paths[0]] },
      },
    })),
  };
  const databases = { createIfNotExists: jest.fn(async () => ({ database: { containers } })) };
  const client = { databases, dispose: jest.fn() };
  return {
    client: client as unknown as CosmosClient,
    raw: client,
    databases,
    containers,
    items,
    item,
    iterator,
    azureContainer,
  };
}

export function cosmosError(code: number, message = `status ${code}`): ErrorResponse {
  const error = new ErrorResponse(message);
  error.code = code;
  return error;
}

export const definition = { name: 'bank', partitionKeyPath: '/accountId' };
export type Account = Document & { accountId: string; balance?: number };

export async function open(
  fake = fakeCosmos(),
): Promise<{ fake: ReturnType<typeof fakeCosmos>; bank: Container<Account> }> {
  const store = new CosmosDocumentStore({ client: fake.client, databaseId: 'bakery' });
  return { fake, bank: await store.container<Account>(definition) };
}

export async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof StoreError)) throw new Error(`expected a StoreError, got ${String(error)}`);
  return error;
}
