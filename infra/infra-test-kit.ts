import * as fs from 'node:fs';
import * as path from 'node:path';
import { literalString, objectEntries, scanBicep } from './bicep-text';
import { registeredServices } from './deployed';
import type { Topology } from '../shared/events/topology';

/**
 * Shared by the infra/*.test.ts files. What can be checked of the deployment without the Bicep compiler or Azure: the services deployed
 * match the code, the containers match what services declare, app settings hold no secret and give
 * the app what it reads, references resolve, and the azd files fit together.
 */
export const root = path.resolve(__dirname, '..');
export const infra = path.join(root, 'infra');
export const read = (file: string) => fs.readFileSync(file, 'utf8');

export interface ContainerEntry {
  name: string;
  partitionKeyPath: string;
}
export interface Manifest {
  database: string;
  leases: ContainerEntry;
  services: Array<{ name: string; durable?: boolean; containers: ContainerEntry[] }>;
  planned: Array<{ name: string; containers: ContainerEntry[] }>;
}

export const manifest = JSON.parse(read(path.join(infra, 'services.json'))) as Manifest;
export const deployed = manifest.services.map((s) => s.name);
/** What functions/index.ts registers: the services that have code. */
export const registered = registeredServices(read(path.join(root, 'functions/index.ts')));
export const generatedTopology = JSON.parse(
  read(path.join(infra, 'generated/servicebus-topology.json')),
) as Topology;
export const bicepFiles = walk(infra).filter((file) => file.endsWith('.bicep'));
export const code = (file: string) => scanBicep(read(file)).code;
export const mainBicep = code(path.join(infra, 'main.bicep'));
export const appBicep = code(path.join(infra, 'modules/function-app.bicep'));
export const appSettings = objectEntries(appBicep, 'var appSettings =');
export const serviceBusBicep = code(path.join(infra, 'modules/servicebus.bicep'));

/** Built-in role definition ids (Azure built-in roles reference). */
export const ROLE = {
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419',
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
};

/** Top-level `resource <name> '<type>' = ...` declarations with the text up to the next declaration. */
export function resourceBlocks(text: string): Array<{ name: string; type: string; body: string }> {
  const starts = [...text.matchAll(/^(?:resource|module|output|var|param|func)\s/gm)].map((m) => m.index);
  return [...text.matchAll(/^resource\s+(\w+)\s+'([^']+)'/gm)].map((m) => {
    const end = starts.find((i) => i > m.index) ?? text.length;
    return { name: m[1], type: m[2], body: text.slice(m.index, end) };
  });
}

/** The text of `module <name> ...` up to the next top-level declaration. */
export function moduleBlock(text: string, name: string): string {
  const start = new RegExp(`^module\\s+${name}\\s`, 'm').exec(text);
  if (!start) throw new Error(`no module ${name}`);
  const next = /^(?:resource|module|output|var|param|func|@)/m.exec(text.slice(start.index + 1));
  return text.slice(start.index, next ? start.index + 1 + next.index : text.length);
}

export function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? (entry.name === 'node_modules' ? [] : walk(full)) : [full];
  });
}

/** ContainerDefinition literals (`{ name: 'menu', partitionKeyPath: '/productId' }`) in a service's code. */
export function declaredContainers(dir: string): ContainerEntry[] {
  if (!fs.existsSync(dir)) return [];
  return walk(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .flatMap((file) => [
      ...read(file).matchAll(/name:\s*['"]([\w-]+)['"]\s*,\s*partitionKeyPath:\s*['"]([^'"]+)['"]/g),
    ])
    .map((m) => ({ name: m[1], partitionKeyPath: m[2] }));
}

export function pick(entry: ContainerEntry | undefined): Partial<ContainerEntry> {
  return entry
    ? { name: entry.name, partitionKeyPath: entry.partitionKeyPath }
    : { name: '(not in infra/services.json)' };
}

/**
 * The .funcignore patterns as predicates over repository-relative paths: the gitignore subset the
 * file uses (no negation, no `**`): a pattern without an inner `/` matches any path segment, a
 * trailing `/` only directories (a segment with more path below it), `*` any run within a segment.
 */
export function funcignoreRules(text: string): Array<(file: string) => boolean> {
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
export function azdServices(yaml: string): Map<string, Record<string, string>> {
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
export function sampleEnvironment(service: string): Record<string, string> {
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
