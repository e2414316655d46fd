import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import {
  contractIndexingPolicies,
  documentStoreContract,
} from '../../test/contracts/document-store.contract';
import { CosmosDocumentStore, type CosmosConnection } from './cosmos-store';

/**
 * The DocumentStore contract against a real Cosmos DB account (or the Cosmos emulator), only when
 * COSMOS_ENDPOINT is set. COSMOS_KEY selects key auth; without it the Azure identity of the shell
 * (DefaultAzureCredential) is used and needs a Cosmos data-plane role plus the right to create a
 * database. Each run makes its own `bakery-contract-<random>` database and deletes it afterwards.
 * For the emulator's self-signed certificate, run with NODE_TLS_REJECT_UNAUTHORIZED=0.
 */
const endpoint = process.env.COSMOS_ENDPOINT;

if (!endpoint) {
  describe.skip('DocumentStore contract: Cosmos DB — skipped, set COSMOS_ENDPOINT (and COSMOS_KEY) to run it', () => {
    it('runs against a real Cosmos DB endpoint', () => undefined);
  });
} else {
  jest.setTimeout(180_000);
  const connection: CosmosConnection = process.env.COSMOS_KEY
    ? { endpoint, key: process.env.COSMOS_KEY }
    : { endpoint, credential: new DefaultAzureCredential() };
  const databaseId = `bakery-contract-${randomUUID().slice(0, 8)}`;
  const open = () =>
    new CosmosDocumentStore({ ...connection, databaseId, indexingPolicies: contractIndexingPolicies });

  documentStoreContract(`Cosmos DB at ${endpoint}`, async () => {
    let store = open();
    return {
      store,
      // A new client on the same database: continuation tokens must survive a process restart.
      reopen: async () => {
        await store.close();
        store = open();
        return store;
      },
      cleanup: () => store.close(),
    };
  });

  afterAll(async () => {
    const admin = new CosmosClient(
      connection.key
        ? { endpoint, key: connection.key }
        : { endpoint, aadCredentials: connection.credential },
    );
    try {
      await admin.database(databaseId).delete();
    } catch (error) {
      if ((error as { code?: unknown }).code !== 404) throw error;
    } finally {
      admin.dispose();
    }
  });
}
