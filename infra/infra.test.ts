import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSettings } from '../shared/config/settings';
import { SERVICE_NAMES } from '../shared/config/services';
import {
  declaredParams,
  literalString,
  loadedFiles,
  moduleReferences,
  objectEntries,
  resourceTypes,
  scanBicep,
} from './bicep-text';
import { deployedTopology, registeredServices, subscriptionsInCode } from './deployed';
import type { Topology } from '../shared/events/topology';

/**
 * What can be checked of the deployment without the Bicep compiler or Azure: the services deployed
 * match the code, the containers match what services declare, app settings hold no secret and give
 * the app what it reads, references resolve, and the azd files fit together.
 */
const root = path.resolve(__dirname, '..');
const infra = path.join(root, 'infra');
const read = (file: string) => fs.readFileSync(file, 'utf8');

interface ContainerEntry {
  name: string;
  partitionKeyPath: string;
}
interface Manifest {
  database: string;
  leases: ContainerEntry;
  services: Array<{ name: string; durable?: boolean; containers: ContainerEntry[] }>;
  planned: Array<{ name: string; containers: ContainerEntry[] }>;
}

const manifest = JSON.parse(read(path.join(infra, 'services.json'))) as Manifest;
const deployed = manifest.services.map((s) => s.name);
/** What functions/index.ts registers: the services that have code. */
const registered = registeredServices(read(path.join(root, 'functions/index.ts')));
const generatedTopology = JSON.parse(
  read(path.join(infra, 'generated/servicebus-topology.json')),
) as Topology;
const bicepFiles = walk(infra).filter((file) => file.endsWith('.bicep'));
const code = (file: string) => scanBicep(read(file)).code;
const mainBicep = code(path.join(infra, 'main.bicep'));
const appBicep = code(path.join(infra, 'modules/function-app.bicep'));
const appSettings = objectEntries(appBicep, 'var appSettings =');
const serviceBusBicep = code(path.join(infra, 'modules/servicebus.bicep'));

/** Built-in role definition ids (Azure built-in roles reference). */
const ROLE = {
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419',
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
};

describe('infra/services.json, the one list of deployed services and their containers', () => {
  it('lists exactly the services functions/index.ts registers (no app for code that does not exist), each owning a container', () => {
    expect(registered.length).toBeGreaterThan(0);
    expect(deployed).toEqual(registered);
    for (const service of manifest.services) expect(service.containers.length).toBeGreaterThan(0);
  });

  it('names only services of the design (shared/config/services.ts), deployed or planned, each once', () => {
    const all = [...deployed, ...manifest.planned.map((s) => s.name)];
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((name) => !(SERVICE_NAMES as readonly string[]).includes(name))).toEqual([]);
  });

  it('uses service names that fit storage account and app names (lowercase letters only)', () => {
    for (const service of manifest.services) expect(service.name).toMatch(/^[a-z]{1,20}$/);
  });

  it('has unique container names and well-formed partition keys, with leases on /id', () => {
    const all = [...manifest.services.flatMap((s) => s.containers), manifest.leases];
    expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
    for (const c of all) expect(c.partitionKeyPath).toMatch(/^(\/[A-Za-z_][A-Za-z0-9_]*)+$/);
    expect(manifest.leases.partitionKeyPath).toBe('/id');
  });

  it('matches every container a service declares in functions/<service>/ (in Azure an undeclared one is a 403)', () => {
    const owner = new Map(
      manifest.services.flatMap((s) => s.containers.map((c) => [c.name, { service: s.name, ...c }] as const)),
    );
    for (const service of registered) {
      for (const declared of declaredContainers(path.join(root, 'functions', service))) {
        expect({ service, ...declared }).toEqual({ service, ...declared, ...pick(owner.get(declared.name)) });
        expect(owner.get(declared.name)?.service).toBe(service);
      }
    }
  });

  it('knows every service folder under functions/ (health is in every app)', () => {
    const folders = fs
      .readdirSync(path.join(root, 'functions'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.filter((name) => name !== 'health' && !registered.includes(name))).toEqual([]);
  });
});

describe('azure.yaml', () => {
  const services = azdServices(read(path.join(root, 'azure.yaml')));

  it('deploys every registered service as a Function App from the repository root, and nothing else', () => {
    expect([...services.keys()]).toEqual(registered);
    for (const [name, props] of services)
      expect({ name, ...props }).toMatchObject({ name, project: '.', host: 'function', language: 'ts' });
  });

  it('finds each app by the azd-service-name tag the app module sets', () => {
    expect(appBicep).toMatch(/'azd-service-name':\s*serviceName/);
  });
});

describe('.funcignore (what azd uploads for the remote build; once the file exists it is all azd applies)', () => {
  const rules = funcignoreRules(read(path.join(root, '.funcignore')));
  const excluded = (file: string) => rules.some((rule) => rule(file));

  it('leaves out the local node_modules and dist (the platform runs npm install and npm run build)', () => {
    for (const file of [
      'node_modules/typescript/bin/tsc',
      'node_modules/.bin/tsc',
      'dist/functions/index.js',
    ])
      expect({ file, excluded: excluded(file) }).toEqual({ file, excluded: true });
  });

  it('keeps what the remote build and the runtime read', () => {
    const build = JSON.parse(read(path.join(root, 'tsconfig.build.json'))) as { include: string[] };
    const kept = [
      'package.json',
      'package-lock.json',
      'host.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'bakery.config.json',
      'functions/index.ts',
      'shared/errors.ts',
      // Compiled into dist/ for the containers' indexing policies (shared/hosting/infrastructure.ts).
      'infra/services.json',
      'infra/cosmos-indexing.ts',
      // Every folder the build compiles, except the test fixtures nothing deployed imports.
      ...build.include.filter((dir) => !dir.startsWith('test')).map((dir) => `${dir}/index.ts`),
    ];
    for (const file of kept) expect({ file, excluded: excluded(file) }).toEqual({ file, excluded: false });
  });

  it('keeps every infra/ file the deployed code imports (the remote build compiles it)', () => {
    const imported = ['shared', 'functions']
      .flatMap((dir) => walk(path.join(root, dir)))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .flatMap((file) =>
        [...read(file).matchAll(/from '(\.[^']*\/infra\/[^']+)'/g)].map((m) =>
          path
            .relative(root, path.resolve(path.dirname(file), m[1]))
            .split(path.sep)
            .join('/'),
        ),
      )
      .map((file) => (file.endsWith('.json') ? file : `${file}.ts`));
    expect(imported).toContain('infra/cosmos-indexing.ts');
    const kept = new Set(imported);
    for (const file of imported)
      for (const dep of [...read(path.join(root, file)).matchAll(/from '\.\/([^']+)'/g)].map(
        (m) => `infra/${m[1]}`,
      ))
        kept.add(dep.endsWith('.json') ? dep : `${dep}.ts`);
    for (const file of kept) expect({ file, excluded: excluded(file) }).toEqual({ file, excluded: false });
  });

  it('leaves out local settings, tests and the repository metadata', () => {
    for (const file of [
      'local.settings.json',
      'shared/errors.test.ts',
      '.git/HEAD',
      '.azure/dev/.env',
      'infra/main.bicep',
      'infra/main.parameters.json',
      'infra/modules/cosmos.bicep',
      'infra/generated/servicebus-topology.json',
      'infra/bicep-text.ts',
      'infra/infra.test.ts',
    ])
      expect({ file, excluded: excluded(file) }).toEqual({ file, excluded: true });
  });
});

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

describe('Service Bus topology: only what deployed code publishes or reads', () => {
  const topology = deployedTopology(generatedTopology, deployed);

  it('cuts the generated topology in Bicep by the deployed services (servicebus.bicep, main.bicep)', () => {
    expect(serviceBusBicep).toMatch(/^param deployedServices array$/m);
    expect(serviceBusBicep).toMatch(
      /var topicsInUse = filter\(topology\.topics, t => contains\(deployedServices, t\.name\) \|\| length\(filter\(t\.subscriptions, s => contains\(deployedServices, s\.name\)\)\) > 0\)/,
    );
    expect(serviceBusBicep).toMatch(
      /subscriptions: filter\(t\.subscriptions, s => contains\(deployedServices, s\.name\)\)/,
    );
    // Every resource loop runs over the cut topology, never the whole catalog.
    expect(serviceBusBicep).not.toMatch(/\bfor\b[^\n]*\btopology\.topics\b/);
    expect(serviceBusBicep).not.toMatch(/range\(0, length\(topology\.topics\)\)/);
    expect(moduleBlock(mainBicep, 'serviceBus')).toMatch(/deployedServices: serviceNames/);
  });

  it('has a subscription exactly where deployed code subscribes (none that nobody reads)', () => {
    const inInfra = topology.topics
      .flatMap((t) => t.subscriptions.map((s) => `${s.name}-on-${t.name}`))
      .sort();
    const inCode = deployed
      .flatMap((service) =>
        subscriptionsInCode(
          walk(path.join(root, 'functions', service))
            .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
            .map(read),
        ).map((s) => {
          expect(s.consumer).toBe(service);
          return `${s.consumer}-on-${s.topic}`;
        }),
      )
      .sort();
    expect(inInfra).toEqual(inCode);
  });

  it('keeps a topic for every deployed publisher and none for a topic nobody publishes or reads', () => {
    const names = topology.topics.map((t) => t.name);
    for (const t of generatedTopology.topics.filter((t) => deployed.includes(t.name)))
      expect(names).toContain(t.name);
    for (const t of topology.topics)
      expect(deployed.includes(t.name) || t.subscriptions.length > 0).toBe(true);
    // The full catalog still names the planned services (their events exist); infra leaves them out.
    expect(generatedTopology.topics.length).toBeGreaterThan(topology.topics.length);
  });
});

describe('Service Bus roles (infra/modules/servicebus.bicep)', () => {
  const assignments = resourceBlocks(serviceBusBicep).filter((r) =>
    r.type.startsWith('Microsoft.Authorization/roleAssignments@'),
  );
  const roleOf = (body: string) => {
    const variable = /roleDefinitionId:\s*(\w+)/.exec(body)?.[1] ?? '';
    return new RegExp(`var ${variable} = [^\n]*'([0-9a-f-]{36})'`).exec(serviceBusBicep)?.[1];
  };

  it('gives each trigger identity Data Owner (Manage, read by the scale controller) on its own subscriptions only', () => {
    const onSubscriptions = assignments.filter((r) => /scope:\s*topicSubscriptions\[/.test(r.body));
    expect(onSubscriptions.length).toBeGreaterThan(0);
    for (const r of onSubscriptions) {
      expect({ name: r.name, role: roleOf(r.body) }).toEqual({
        name: r.name,
        role: ROLE.serviceBusDataOwner,
      });
      // The principal is the one named after the subscription, i.e. the consuming service.
      expect(r.body).toMatch(/servicePrincipalIds\[\?s\.name\]/);
    }
  });

  it('grants no Service Bus role at namespace scope and no Data Receiver-only trigger', () => {
    expect(assignments.filter((r) => /scope:\s*namespace\b/.test(r.body)).map((r) => r.name)).toEqual([]);
    expect(serviceBusBicep).not.toContain(ROLE.serviceBusDataReceiver);
  });

  it('gives each publisher Data Sender on its own topic', () => {
    const onTopics = assignments.filter((r) => /scope:\s*topics\[/.test(r.body));
    expect(onTopics.map((r) => roleOf(r.body))).toEqual([ROLE.serviceBusDataSender]);
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

describe('every Bicep file under infra/', () => {
  it.each(bicepFiles.map((file) => [path.relative(infra, file), file]))(
    '%s has balanced brackets and strings',
    (_name, file) => {
      expect(scanBicep(read(file)).problems).toEqual([]);
    },
  );

  it.each(bicepFiles.map((file) => [path.relative(infra, file), file]))(
    '%s references only files that exist',
    (_name, file) => {
      const referenced = [...moduleReferences(code(file)), ...loadedFiles(code(file))];
      expect(referenced.filter((ref) => !fs.existsSync(path.resolve(path.dirname(file), ref)))).toEqual([]);
    },
  );

  it.each(bicepFiles.map((file) => [path.relative(infra, file), file]))(
    '%s pins an API version on every resource and reads no key',
    (_name, file) => {
      expect(
        resourceTypes(code(file)).filter(
          (type) => !/^[\w.]+(\/\w+)+@\d{4}-\d{2}-\d{2}(-preview)?$/.test(type),
        ),
      ).toEqual([]);
      expect(code(file)).not.toMatch(/listKeys|listConnectionStrings|AccountKey=|SharedAccessKey/i);
    },
  );

  it.each(bicepFiles.map((file) => [path.relative(infra, file), file]))(
    '%s uses no preview API version',
    (_name, file) => {
      expect(resourceTypes(code(file)).filter((type) => /-preview$/.test(type))).toEqual([]);
    },
  );

  it('uses the latest GA Microsoft.ServiceBus API version of the Bicep reference (2026-01-01)', () => {
    const versions = new Set(
      resourceTypes(serviceBusBicep)
        .filter((type) => type.startsWith('Microsoft.ServiceBus/'))
        .map((type) => type.split('@')[1]),
    );
    expect([...versions]).toEqual(['2026-01-01']);
  });

  it('reaches every module from main.bicep', () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const ref of moduleReferences(code(file))) visit(path.resolve(path.dirname(file), ref));
    };
    visit(path.join(infra, 'main.bicep'));
    expect(bicepFiles.filter((file) => !reached.has(file)).map((file) => path.relative(infra, file))).toEqual(
      [],
    );
  });
});

describe('infra/main.parameters.json', () => {
  const parameters = JSON.parse(read(path.join(infra, 'main.parameters.json'))) as {
    parameters: Record<string, { value: unknown }>;
  };
  const declared = declaredParams(mainBicep);

  it('takes every value from an azd environment variable', () => {
    expect(parameters.parameters).toMatchObject({
      environmentName: { value: '${AZURE_ENV_NAME}' },
      location: { value: '${AZURE_LOCATION}' },
    });
    for (const { value } of Object.values(parameters.parameters))
      expect(value).toMatch(/^\$\{[A-Z][A-Z0-9_]*(=[^}]*)?\}$/);
  });

  it('names only parameters main.bicep declares, and every one without a default', () => {
    const names = Object.keys(parameters.parameters);
    expect(names.filter((name) => !declared.some((p) => p.name === name))).toEqual([]);
    expect(declared.filter((p) => !p.hasDefault && !names.includes(p.name))).toEqual([]);
  });
});

/** Top-level `resource <name> '<type>' = ...` declarations with the text up to the next declaration. */
function resourceBlocks(text: string): Array<{ name: string; type: string; body: string }> {
  const starts = [...text.matchAll(/^(?:resource|module|output|var|param|func)\s/gm)].map((m) => m.index);
  return [...text.matchAll(/^resource\s+(\w+)\s+'([^']+)'/gm)].map((m) => {
    const end = starts.find((i) => i > m.index) ?? text.length;
    return { name: m[1], type: m[2], body: text.slice(m.index, end) };
  });
}

/** The text of `module <name> ...` up to the next top-level declaration. */
function moduleBlock(text: string, name: string): string {
  const start = new RegExp(`^module\\s+${name}\\s`, 'm').exec(text);
  if (!start) throw new Error(`no module ${name}`);
  const next = /^(?:resource|module|output|var|param|func|@)/m.exec(text.slice(start.index + 1));
  return text.slice(start.index, next ? start.index + 1 + next.index : text.length);
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? (entry.name === 'node_modules' ? [] : walk(full)) : [full];
  });
}

/** ContainerDefinition literals (`{ name: 'menu', partitionKeyPath: '/productId' }`) in a service's code. */
function declaredContainers(dir: string): ContainerEntry[] {
  if (!fs.existsSync(dir)) return [];
  return walk(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .flatMap((file) => [
      ...read(file).matchAll(/name:\s*['"]([\w-]+)['"]\s*,\s*partitionKeyPath:\s*['"]([^'"]+)['"]/g),
    ])
    .map((m) => ({ name: m[1], partitionKeyPath: m[2] }));
}

function pick(entry: ContainerEntry | undefined): Partial<ContainerEntry> {
  return entry
    ? { name: entry.name, partitionKeyPath: entry.partitionKeyPath }
    : { name: '(not in infra/services.json)' };
}

/**
 * The .funcignore patterns as predicates over repository-relative paths: the gitignore subset the
 * file uses (no negation, no `**`): a pattern without an inner `/` matches any path segment, a
 * trailing `/` only directories (a segment with more path below it), `*` any run within a segment.
 */
function funcignoreRules(text: string): Array<(file: string) => boolean> {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((pattern) => {
      if (pattern.startsWith('!') || pattern.includes('**'))
        throw new Error(`unsupported pattern ${pattern}`);
      const directoryOnly = pattern.endsWith('/');
      const body = pattern.replace(/^\/|\/$/g, '');
      const glob = new RegExp(
        `^${body
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')}$`,
      );
      const anchored = body.includes('/');
      return (file: string) => {
        const parts = file.split('/');
        if (anchored)
          return glob.test(file) || parts.some((_, i) => glob.test(parts.slice(0, i + 1).join('/')));
        return parts.some((part, i) => glob.test(part) && (!directoryOnly || i < parts.length - 1));
      };
    });
}

/** The `services:` block of azure.yaml: service name → its scalar properties (a deliberately tiny YAML reader). */
function azdServices(yaml: string): Map<string, Record<string, string>> {
  const services = new Map<string, Record<string, string>>();
  let inServices = false;
  let current: Record<string, string> | undefined;
  for (const raw of yaml.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trimEnd();
    if (line === '' || line.trimStart().startsWith('#')) continue;
    if (/^\S/.test(line)) {
      inServices = line === 'services:';
      continue;
    }
    if (!inServices) continue;
    const service = /^ {2}([\w-]+):$/.exec(line);
    const prop = /^ {4}([\w-]+):\s*(.+)$/.exec(line);
    if (service) services.set(service[1], (current = {}));
    else if (prop && current) current[prop[1]] = prop[2]!;
  }
  return services;
}

/** The app settings as one deployed app sees them: literals as written, expressions as plausible values. */
function sampleEnvironment(service: string): Record<string, string> {
  const samples: Record<string, string> = {
    BAKERY_SERVICES: service,
    COSMOS_ENDPOINT: 'https://cosmos-abc.documents.azure.com:443/',
    COSMOS_DATABASE: manifest.database,
    SERVICEBUS_FULLY_QUALIFIED_NAMESPACE: 'sb-abc.servicebus.windows.net',
    AUTH_ISSUER: 'urn:bakery:auth',
    AUTH_AUDIENCE: 'urn:bakery:api',
    AUTH_JWKS_URL: 'https://func-auth-abc.azurewebsites.net/api/auth/jwks',
    AZURE_CLIENT_ID: '0b6f1f2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
  };
  return Object.fromEntries(
    [...appSettings].map(([name, value]) => [name, literalString(value) ?? samples[name] ?? 'expression']),
  );
}
