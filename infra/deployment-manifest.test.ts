import * as fs from 'node:fs';
import * as path from 'node:path';
import { SERVICE_NAMES } from '../shared/config/services';
import { declaredParams } from './bicep-text';
import {
  root,
  infra,
  read,
  manifest,
  deployed,
  registered,
  mainBicep,
  appBicep,
  declaredContainers,
  pick,
  azdServices,
} from './infra-test-kit';

/** The deployment manifests: infra/services.json against the code, azure.yaml and main.parameters.json. */
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

  it('knows every service folder under functions/ (health is in every app, live in every app with live updates)', () => {
    const folders = fs
      .readdirSync(path.join(root, 'functions'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    const everyApp = ['health', 'live'];
    expect(folders.filter((name) => !everyApp.includes(name) && !registered.includes(name))).toEqual([]);
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
