import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChainedTokenCredential, ManagedIdentityCredential } from '@azure/identity';
import type { MessagePublisher } from '../bus/port';
import { systemClock } from '../clock';
import { loadSettings } from '../config';
import type { DocumentStore } from '../store/port';
import { azureCredential, createInfrastructure, type LocalInfrastructure } from './infrastructure';

describe('azureCredential', () => {
  it("is exactly the app's user-assigned managed identity when a client id is configured", () => {
    const credential = azureCredential({
      kind: 'managed-identity',
      clientId: '0b6f1f2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(credential).toBeInstanceOf(ManagedIdentityCredential);
  });

  it("is the developer's CLI sign-in (az, then azd) without one, never a probe of everything", () => {
    expect(azureCredential({ kind: 'developer' })).toBeInstanceOf(ChainedTokenCredential);
  });

  it('leaves DefaultAzureCredential out of the composition root', () => {
    const source = fs.readFileSync(path.join(__dirname, 'infrastructure.ts'), 'utf8');
    expect(source).not.toMatch(/DefaultAzureCredential\s*\(/);
  });
});

describe('live updates selection', () => {
  const hubsAsked: string[] = [];
  const local: LocalInfrastructure = {
    store: {} as DocumentStore,
    publisher: {} as MessagePublisher,
    clock: systemClock,
    describe: () => ({}),
    live: (hub) => {
      hubsAsked.push(hub);
      return {
        kind: 'local',
        toAll: async () => undefined,
        toUser: async () => undefined,
        clientUrl: async () => 'ws://x',
      };
    },
  };

  it('is Azure Web PubSub when WEB_PUBSUB_ENDPOINT is set, even on the local runtime', () => {
    const settings = loadSettings({ WEB_PUBSUB_ENDPOINT: 'https://bakery.webpubsub.azure.com' });
    expect(settings.live).toEqual({
      kind: 'webpubsub',
      endpoint: 'https://bakery.webpubsub.azure.com',
      hub: 'bakery',
    });
    expect(createInfrastructure(settings, local).live.kind).toBe('webpubsub');
  });

  it("is the local runtime's hub of WEB_PUBSUB_HUB's name otherwise", () => {
    hubsAsked.length = 0;
    const infrastructure = createInfrastructure(loadSettings({ WEB_PUBSUB_HUB: 'shop' }), local);
    expect(infrastructure.live.kind).toBe('local');
    expect(hubsAsked).toEqual(['shop']);
  });

  it('is off in Azure without the setting (nothing to send to, negotiate not registered)', () => {
    const settings = loadSettings({
      BAKERY_STORE: 'cosmos',
      COSMOS_ENDPOINT: 'https://bakery.documents.azure.com:443/',
      BAKERY_BUS: 'servicebus',
      SERVICEBUS_FULLY_QUALIFIED_NAMESPACE: 'bakery.servicebus.windows.net',
    });
    expect(createInfrastructure(settings, undefined).live.kind).toBe('off');
  });

  it('refuses an endpoint that is not https and a hub name Web PubSub would refuse, naming the setting', () => {
    expect(() => loadSettings({ WEB_PUBSUB_ENDPOINT: 'http://bakery.webpubsub.azure.com' })).toThrow(
      /WEB_PUBSUB_ENDPOINT/,
    );
    expect(() => loadSettings({ WEB_PUBSUB_HUB: '9lives' })).toThrow(/WEB_PUBSUB_HUB/);
    expect(() => loadSettings({ WEB_PUBSUB_HUB: 'a/b' })).toThrow(/WEB_PUBSUB_HUB/);
  });
});
