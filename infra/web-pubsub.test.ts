import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSettings } from '../shared/config/settings';
import { code, infra, root, sampleEnvironment } from './infra-test-kit';

/** Azure Web PubSub for live updates (infra/modules/web-pubsub.bicep) and the apps that use it. */
const bicep = code(path.join(infra, 'modules/web-pubsub.bicep'));
const main = code(path.join(infra, 'main.bicep'));
const app = code(path.join(infra, 'modules/function-app.bicep'));
const WEB_PUBSUB_SERVICE_OWNER = '12cf5a90-567b-43ae-8102-96cf46c7d9b4';

/** The services main.bicep gives Web PubSub to: `contains(['menu', 'sales'], name)`. */
function liveServices(): string[] {
  const match = /var liveServiceNames = filter\(serviceNames, name => contains\(\[([^\]]*)\], name\)\)/.exec(
    main,
  );
  if (!match) throw new Error('main.bicep declares no liveServiceNames');
  return [...match[1].matchAll(/'([a-z]+)'/g)].map((m) => m[1]);
}

describe('the Web PubSub resource', () => {
  it('is one Free_F1 unit, with access keys disabled (identity only)', () => {
    expect(bicep).toMatch(/resource webPubSub 'Microsoft\.SignalRService\/webPubSub@[\d-]+'/);
    expect(bicep).toMatch(/name: 'Free_F1'/);
    expect(bicep).toMatch(/tier: 'Free'/);
    expect(bicep).toMatch(/capacity: 1\b/);
    expect(bicep).toMatch(/disableLocalAuth: true/);
    expect(bicep).toMatch(/disableAadAuth: false/);
    expect(bicep).not.toMatch(/listKeys|connectionString/i);
  });

  it('gives each listed identity Web PubSub Service Owner on this resource only', () => {
    expect(bicep).toMatch(/\[for principalId in principalIds:/);
    expect(bicep).toContain(`'${WEB_PUBSUB_SERVICE_OWNER}'`);
    expect(bicep).toMatch(/scope: webPubSub\b/);
    expect(bicep).toMatch(/principalType: 'ServicePrincipal'/);
    expect(bicep).toMatch(/name: guid\(webPubSub\.id, principalId, webPubSubServiceOwner\)/);
  });

  it('outputs the https endpoint the SDK takes (WEB_PUBSUB_ENDPOINT)', () => {
    expect(bicep).toMatch(/output endpoint string = 'https:\/\/\$\{webPubSub\.properties\.hostName\}'/);
  });
});

describe('the apps that publish live updates', () => {
  it('are exactly the services whose code sends through infrastructure.live', () => {
    const services = fs
      .readdirSync(path.join(root, 'functions'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'live')
      .map((entry) => entry.name)
      .filter((name) => fs.existsSync(path.join(root, 'functions', name, 'index.ts')));
    const publishing = services.filter((name) =>
      /infrastructure\.live\b/.test(fs.readFileSync(path.join(root, 'functions', name, 'index.ts'), 'utf8')),
    );
    expect(publishing).toEqual(['menu', 'sales']);
    expect([...liveServices()].sort()).toEqual(publishing);
  });

  it('get the resource only when one of them is deployed, with their identities only', () => {
    expect(main).toMatch(/module webPubSub 'modules\/web-pubsub\.bicep' = if \(!empty\(liveServiceNames\)\)/);
    expect(main).toMatch(
      /principalIds: map\(filter\(identities\.outputs\.list, entry => contains\(liveServiceNames, entry\.service\)\), entry => entry\.principalId\)/,
    );
    expect(main).toMatch(
      /live: contains\(liveServiceNames, service\.name\) \? \{ endpoint: webPubSub\.\?outputs\.endpoint \?\? '', hub: liveHub \} : \{\}/,
    );
  });

  it('get WEB_PUBSUB_ENDPOINT and WEB_PUBSUB_HUB, the others neither (so they register no negotiate)', () => {
    expect(app).toMatch(/var liveSettings = empty\(live\) \? \{\} : \{/);
    expect(app).toMatch(/WEB_PUBSUB_ENDPOINT: live\.endpoint/);
    expect(app).toMatch(/WEB_PUBSUB_HUB: live\.hub/);
    expect(app).toMatch(/items\(union\(appSettings, authKeySettings, authSignInSettings, liveSettings\)\)/);
  });

  it("name the hub the app and the storefront use, and settings the app's parser accepts", () => {
    expect(main).toMatch(/var liveHub = 'bakery'/);
    expect(loadSettings({}).live).toEqual({ kind: 'embedded', hub: 'bakery' });
    const settings = loadSettings({
      ...sampleEnvironment('menu'),
      WEB_PUBSUB_ENDPOINT: 'https://wps-abc.webpubsub.azure.com',
      WEB_PUBSUB_HUB: 'bakery',
    });
    expect(settings.live).toEqual({
      kind: 'webpubsub',
      endpoint: 'https://wps-abc.webpubsub.azure.com',
      hub: 'bakery',
    });
  });
});
