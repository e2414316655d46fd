import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSettings } from '../shared/config/settings';
import { SERVICE_NAMES } from '../shared/config/services';
import { declaredParams, loadedFiles } from './bicep-text';
import {
  root,
  infra,
  read,
  manifest,
  deployed,
  bicepFiles,
  code,
  mainBicep,
  appBicep,
  appSettings,
  resourceBlocks,
  moduleBlock,
  walk,
  sampleEnvironment,
} from './infra-test-kit';

/** The Function Apps: main.bicep, app settings, role ordering, Durable and Flex Consumption settings. */
describe('infra/main.bicep', () => {
  it('deploys one app per entry of services.json, each registering only its own service', () => {
    expect(loadedFiles(mainBicep)).toContain('services.json');
    expect(mainBicep).toMatch(
      /module apps 'modules\/function-app\.bicep' = \[for \(service, i\) in services:/,
    );
    expect(mainBicep).toMatch(/serviceName: service\.name/);
    expect(appSettings.get('BAKERY_SERVICES')).toBe('serviceName');
  });

  it("points every app at the auth app's JWKS route, or at nothing while no auth app is deployed", () => {
    expect(mainBicep).toMatch(
      /authJwksUrl = contains\(serviceNames, 'auth'\) \? 'https:\/\/\$\{appName\('auth', resourceToken\)\}\.azurewebsites\.net\/api\/auth\/jwks' : ''/,
    );
  });
});

describe('app settings (infra/modules/function-app.bicep)', () => {
  const secretLike = [
    /AccountKey=/i,
    /SharedAccessKey/i,
    /SharedAccessSignature/i,
    /password/i,
    /secret/i,
    /listKeys/i,
    /listConnectionStrings/i,
    /\bsig=/i,
    /-----BEGIN/,
  ];

  it('gives the app every setting it reads, and the host every identity-based connection it binds', () => {
    const bindingConnections = [...walk(path.join(root, 'shared')), ...walk(path.join(root, 'functions'))]
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .flatMap((file) => [...read(file).matchAll(/connection:\s*'(\w+)'/g)].map((m) => m[1]));
    expect(bindingConnections.length).toBeGreaterThan(0);
    for (const connection of new Set(['AzureWebJobsStorage', ...bindingConnections])) {
      expect(appSettings.get(`${connection}__credential`)).toBe("'managedidentity'");
      expect(appSettings.get(`${connection}__clientId`)).toBe('managedIdentity.clientId');
    }
    for (const name of [
      'AZURE_CLIENT_ID',
      'BAKERY_STORE',
      'COSMOS_ENDPOINT',
      'COSMOS_DATABASE',
      'BAKERY_BUS',
      'SERVICEBUS_FULLY_QUALIFIED_NAMESPACE',
      'AUTH_ISSUER',
      'AUTH_AUDIENCE',
      'AUTH_JWKS_URL',
      'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
    ]) {
      expect(appSettings.has(name)).toBe(true);
    }
  });

  it("is accepted by the app's own settings parser for every service", () => {
    for (const service of deployed) {
      const settings = loadSettings(sampleEnvironment(service));
      expect(settings.services).toEqual(['health', service]);
      expect(settings.store).toMatchObject({ kind: 'cosmos', credential: { kind: 'identity' } });
      expect(settings.bus).toMatchObject({ kind: 'servicebus', connection: { kind: 'identity' } });
      // ManagedIdentityCredential with the app's own identity, not DefaultAzureCredential's probing.
      expect(settings.azureIdentity).toEqual({
        kind: 'managed-identity',
        clientId: '0b6f1f2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
      });
    }
    expect(appSettings.get('AZURE_CLIENT_ID')).toBe('managedIdentity.clientId');
  });

  it('leaves BAKERY_CONFIG unset: the app finds bakery.config.json next to host.json, wherever the package is mounted', () => {
    expect(appSettings.has('BAKERY_CONFIG')).toBe(false);
    expect(declaredParams(mainBicep).map((p) => p.name)).not.toContain('bakeryConfigPath');
    expect(code(path.join(root, 'functions/index.ts'))).toMatch(
      /path\.resolve\(appRoot\(__dirname\), settings\.bakeryConfigPath\)/,
    );
    expect(loadSettings({}).bakeryConfigPath).toBe('bakery.config.json');
  });

  it('holds no secret and none of the settings Flex Consumption rejects', () => {
    for (const [name, value] of appSettings) {
      for (const pattern of secretLike)
        expect({ name, value, matches: pattern.test(value) }).toEqual({ name, value, matches: false });
    }
    const forbidden = [
      'COSMOS_KEY',
      'SERVICEBUS_CONNECTION_STRING',
      'AzureWebJobsStorage',
      'FUNCTIONS_EXTENSION_VERSION',
      'FUNCTIONS_WORKER_RUNTIME',
      'WEBSITE_RUN_FROM_PACKAGE',
      'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
      'WEBSITE_CONTENTSHARE',
      'WEBSITE_NODE_DEFAULT_VERSION',
    ];
    expect(forbidden.filter((name) => appSettings.has(name))).toEqual([]);
  });
});

describe('role assignments come before first use', () => {
  const dependsOn = (body: string) =>
    (/dependsOn:\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '').split(/\s+/).filter((name) => name !== '');

  it('creates the site after its storage and telemetry roles (function-app.bicep)', () => {
    const site = resourceBlocks(appBicep).find((r) => r.type.startsWith('Microsoft.Web/sites@'));
    expect(site).toBeDefined();
    expect(dependsOn(site!.body)).toEqual(expect.arrayContaining(['storageRoles', 'telemetryRole']));
  });

  it('creates the apps after the Cosmos DB and Service Bus role assignments (main.bicep)', () => {
    const apps = moduleBlock(mainBicep, 'apps');
    expect(dependsOn(apps)).toContain('cosmosAccess');
    // Implicit: a module's outputs exist only when its resources (the role assignments too) do.
    expect(apps).toMatch(/serviceBus\.outputs\./);
    expect(code(path.join(infra, 'modules/servicebus.bicep'))).toMatch(/^resource readers /m);
  });

  it('gives every ARM role assignment principalType, so a minutes-old identity is not "PrincipalNotFound"', () => {
    for (const file of bicepFiles)
      for (const r of resourceBlocks(code(file)).filter((b) =>
        b.type.startsWith('Microsoft.Authorization/roleAssignments@'),
      ))
        expect({
          file: path.relative(infra, file),
          name: r.name,
          principalType: /principalType:\s*'ServicePrincipal'/.test(r.body),
        }).toEqual({
          file: path.relative(infra, file),
          name: r.name,
          principalType: true,
        });
  });
});

describe('Durable Functions on Flex Consumption (Microsoft: always-ready durable group, polling <= 10 s)', () => {
  const usesDurable = (service: string) =>
    fs.existsSync(path.join(root, 'functions', service)) &&
    walk(path.join(root, 'functions', service))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .some((file) => /from 'durable-functions'/.test(read(file)));

  it('marks exactly the services whose code registers Durable Functions as durable in services.json', () => {
    for (const service of manifest.services)
      expect({ service: service.name, durable: service.durable === true }).toEqual({
        service: service.name,
        durable: usesDurable(service.name),
      });
  });

  it('keeps one always-ready instance for the durable scale group of a durable app, none otherwise', () => {
    expect(mainBicep).toMatch(/durable: service\.\?durable \?\? false/);
    expect(appBicep).toMatch(/alwaysReady: durable \? durableAlwaysReady : \[\]/);
    expect(appBicep).toMatch(
      /var durableAlwaysReady = \[\s*\{\s*name: 'durable'\s*instanceCount: 1\s*\}\s*\]/,
    );
  });

  it('polls the task hub queues at most every 10 seconds (host.json durableTask.storageProvider)', () => {
    const host = JSON.parse(read(path.join(root, 'host.json'))) as {
      extensions?: { durableTask?: { storageProvider?: { maxQueuePollingInterval?: string } } };
    };
    const interval = host.extensions?.durableTask?.storageProvider?.maxQueuePollingInterval ?? '00:00:30';
    const [h, m, sec] = interval.split(':').map(Number);
    expect(h * 3600 + m * 60 + sec).toBeLessThanOrEqual(10);
    expect(h * 3600 + m * 60 + sec).toBeGreaterThan(0);
  });
});

describe('Flex Consumption scale limits', () => {
  /** Decorators written directly above `param <name>`. */
  const decorators = (text: string, name: string) => {
    const lines = text.split('\n');
    const at = lines.findIndex((line) => new RegExp(`^param ${name}\\b`).test(line));
    expect(at).toBeGreaterThan(0);
    let i = at - 1;
    while (i >= 0 && /^(@|\s+\d+$|\]\)$|\s*$)/.test(lines[i]) && lines[i].trim() !== '') i--;
    return lines.slice(i + 1, at).join('\n');
  };
  const intDefault = (text: string, name: string) =>
    Number(new RegExp(`^param ${name} int = (\\d+)$`, 'm').exec(text)?.[1]);
  // Learn, Flex Consumption plan: "The lowest maximum scale is currently 40. The highest … 1000";
  // "each region in a given subscription has a default quota of 512,000 MB or 250 cores".
  const FLEX_MIN_MAXIMUM = 40;
  const REGIONAL_QUOTA_MB = 512_000;
  const REGIONAL_QUOTA_CORES = 250;
  const CORES_PER_INSTANCE: Record<number, number> = { 512: 0.25, 2048: 1, 4096: 2 };

  it.each([
    ['main.bicep', mainBicep],
    ['modules/function-app.bicep', appBicep],
  ])("%s accepts no maximumInstanceCount below Flex's minimum of 40", (_file, text) => {
    const min = Number(/@minValue\((\d+)\)/.exec(decorators(text, 'maximumInstanceCount'))?.[1]);
    expect(min).toBeGreaterThanOrEqual(FLEX_MIN_MAXIMUM);
    expect(intDefault(text, 'maximumInstanceCount')).toBeGreaterThanOrEqual(FLEX_MIN_MAXIMUM);
  });

  it('sizes every service of the design, each at its maximum, within the regional quota', () => {
    const apps = SERVICE_NAMES.length; // all eight, not only today's: the template must hold as they ship
    const instances = intDefault(mainBicep, 'maximumInstanceCount');
    const memoryMB = intDefault(mainBicep, 'instanceMemoryMB');
    expect(apps * instances * memoryMB).toBeLessThanOrEqual(REGIONAL_QUOTA_MB);
    expect(apps * instances * CORES_PER_INSTANCE[memoryMB]).toBeLessThanOrEqual(REGIONAL_QUOTA_CORES);
    expect(intDefault(appBicep, 'instanceMemoryMB')).toBe(memoryMB);
  });
});
