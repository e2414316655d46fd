import { z } from 'zod';
import { ConfigError, checked } from './config-error';
import {
  DEFAULT_AUTH_AUDIENCE,
  DEFAULT_AUTH_ISSUER,
  authProblems,
  authSettings,
  type AuthSettings,
} from './auth-settings';
import { liveSettings, type LiveSettings } from './live-settings';
import { SERVICE_NAMES, type HostedService, type ServiceName } from './services';
import { assertNever } from '../assert-never';

/**
 * The app's settings, parsed and validated once at start from an env-like record (the composition
 * root passes `process.env`; nothing else reads it). Every problem is reported at once, by name.
 * Secret values (COSMOS_KEY, SERVICEBUS_CONNECTION_STRING, AUTH_CLIENT_SECRET) never appear in error messages.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export interface Settings {
  /** Services whose functions this app registers; always includes `health`, first. */
  services: readonly HostedService[];
  store: StoreSettings;
  bus: BusSettings;
  auth: AuthSettings;
  /** Path of the bakery's own configuration (products, hours); see shared/config/bakery-config.ts. */
  bakeryConfigPath: string;
  /** Who the app is to Cosmos DB and Service Bus when it connects without a key or connection string. */
  azureIdentity: AzureIdentity;
  /** Live updates to browsers: Azure Web PubSub, or the local runtime's hub (shared/live). */
  live: LiveSettings;
}

/**
 * AZURE_CLIENT_ID set (every deployed app: infra/modules/function-app.bicep sets it to the app's
 * user-assigned identity) → that managed identity and nothing else. Unset → the developer's own
 * sign-in (`az login` / `azd auth login`), for running against real Azure resources from a laptop.
 */
export type AzureIdentity = { kind: 'managed-identity'; clientId: string } | { kind: 'developer' };

export type StoreSettings =
  { kind: 'embedded' } | { kind: 'cosmos'; endpoint: string; database: string; credential: CosmosCredential };

/** No key → identity-based access as `Settings.azureIdentity` (the Azure default: no secrets). */
export type CosmosCredential = { kind: 'key'; key: string } | { kind: 'identity' };

export type BusSettings = { kind: 'embedded' } | { kind: 'servicebus'; connection: ServiceBusConnection };

export type ServiceBusConnection =
  | { kind: 'identity'; fullyQualifiedNamespace: string }
  | { kind: 'connection-string'; connectionString: string };

const KNOWN_SERVICES: readonly HostedService[] = [...SERVICE_NAMES, 'health'];
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (issue) => `must be ${values.map((v) => `"${v}"`).join(' or ')} (got "${String(issue.input)}")`,
  });

const httpUrl = (example: string) =>
  z.url({
    protocol: /^https?$/,
    error: (issue) => `must be an http(s) URL like ${example} (got "${String(issue.input)}")`,
  });

const EnvSchema = z.object({
  BAKERY_SERVICES: z.string().optional().transform(parseServices),
  BAKERY_STORE: oneOf(['embedded', 'cosmos']).default('embedded'),
  COSMOS_ENDPOINT: httpUrl('https://my-bakery.documents.azure.com:443/').optional(),
  COSMOS_DATABASE: z
    .string()
    .regex(/^[^/\\#?]{1,255}$/, 'must be 1-255 characters without / \\ # ?')
    .default('bakery'),
  COSMOS_KEY: z.string().optional(),
  BAKERY_BUS: oneOf(['embedded', 'servicebus']).default('embedded'),
  SERVICEBUS_FULLY_QUALIFIED_NAMESPACE: z
    .string()
    .regex(HOST_NAME, 'must be a host name like my-bakery.servicebus.windows.net (no scheme, no path)')
    .optional(),
  SERVICEBUS_CONNECTION_STRING: z
    .string()
    .regex(/(^|;)\s*Endpoint=sb:\/\//i, 'must contain Endpoint=sb://...')
    .optional(),
  AUTH_ISSUER: z.string().default(DEFAULT_AUTH_ISSUER),
  AUTH_AUDIENCE: z.string().default(DEFAULT_AUTH_AUDIENCE),
  AUTH_JWKS_URL: httpUrl('https://bakery-auth.azurewebsites.net/api/auth/jwks').optional(),
  AUTH_AUTHORITY: z
    .url({ protocol: /^https$/, error: (i) => `must be an https URL (got "${String(i.input)}")` })
    .optional(),
  AUTH_CLIENT_ID: z.string().optional(),
  AUTH_CLIENT_SECRET: z.string().optional(),
  AUTH_PROTOCOL_MODE: oneOf(['AAD', 'OIDC']).default('AAD'),
  AUTH_AUTHORITY_METADATA: z
    .string()
    .refine(isJsonObject, "must be the provider's discovery document as JSON")
    .optional(),
  AUTH_CA_FILE: z.string().optional(),
  AUTH_REDIRECT_URI: httpUrl('https://bakery-auth.azurewebsites.net/api/auth/callback').optional(),
  AUTH_SIGNING_KEY_FILE: z.string().optional(),
  AUTH_KEY_VAULT_URL: z
    .url({ protocol: /^https$/, error: (i) => `must be the vault's https URL (got "${String(i.input)}")` })
    .optional(),
  AUTH_SIGNING_KEY_NAME: z
    .string()
    .regex(/^[a-zA-Z0-9-]{1,127}$/, 'must be a Key Vault key name')
    .optional(),
  BAKERY_CONFIG: z.string().default('bakery.config.json'),
  WEB_PUBSUB_ENDPOINT: z
    .url({
      protocol: /^https$/,
      error: (i) => `must be the Web PubSub resource's https URL (got "${String(i.input)}")`,
    })
    .optional(),
  // Web PubSub's own rule for hub names (its REST API's path pattern).
  WEB_PUBSUB_HUB: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_`,.[\]]{0,127}$/, 'must start with a letter: letters, digits, _ ` , . [ ]')
    .default('bakery'),
  AZURE_CLIENT_ID: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      "must be the user-assigned managed identity's client id (a GUID)",
    )
    .optional(),
});

type RawEnv = Partial<Record<keyof typeof EnvSchema.shape, string>>;
type ParsedEnv = z.output<typeof EnvSchema>;

export function loadSettings(env: Env): Settings {
  const raw = pickSettings(env);
  const parsed = EnvSchema.safeParse(raw);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...crossFieldProblems(raw),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return toSettings(parsed.data);
}

/** Only our keys, trimmed; a blank value counts as unset (app settings often hold empty strings). */
function pickSettings(env: Env): RawEnv {
  const raw: RawEnv = {};
  for (const key of Object.keys(EnvSchema.shape) as Array<keyof RawEnv>) {
    const value = env[key]?.trim();
    if (value) raw[key] = value;
  }
  return raw;
}

function parseServices(value: string | undefined, ctx: z.RefinementCtx<string | undefined>): HostedService[] {
  if (value === undefined) return ['health', ...SERVICE_NAMES];
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(KNOWN_SERVICES as readonly string[]).includes(name));
  for (const name of unknown) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown service "${name}" (known: ${KNOWN_SERVICES.join(', ')})`,
    });
  }
  if (names.length === 0)
    ctx.addIssue({ code: 'custom', message: 'lists no service; leave it unset to load all' });
  return [...new Set<HostedService>(['health', ...(names as ServiceName[])])];
}

/** Rules between settings; they read the raw values so they are reported even when others are invalid. */
function crossFieldProblems(raw: RawEnv): string[] {
  const problems: string[] = [];
  if (raw.BAKERY_STORE === 'cosmos' && raw.COSMOS_ENDPOINT === undefined) {
    problems.push('COSMOS_ENDPOINT: required when BAKERY_STORE is "cosmos"');
  }
  if (raw.BAKERY_BUS === 'servicebus') {
    const namespace = raw.SERVICEBUS_FULLY_QUALIFIED_NAMESPACE !== undefined;
    const connectionString = raw.SERVICEBUS_CONNECTION_STRING !== undefined;
    if (!namespace && !connectionString) {
      problems.push(
        'SERVICEBUS_FULLY_QUALIFIED_NAMESPACE: required when BAKERY_BUS is "servicebus" (or, without identity, SERVICEBUS_CONNECTION_STRING)',
      );
    }
    if (namespace && connectionString) {
      problems.push(
        'SERVICEBUS_CONNECTION_STRING: set either it or SERVICEBUS_FULLY_QUALIFIED_NAMESPACE, not both',
      );
    }
  }
  problems.push(...authProblems(raw));
  return problems;
}

function isJsonObject(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function toSettings(env: ParsedEnv): Settings {
  return {
    services: env.BAKERY_SERVICES,
    store: storeSettings(env),
    bus: busSettings(env),
    auth: authSettings(env),
    bakeryConfigPath: env.BAKERY_CONFIG,
    azureIdentity:
      env.AZURE_CLIENT_ID === undefined
        ? { kind: 'developer' }
        : { kind: 'managed-identity', clientId: env.AZURE_CLIENT_ID },
    live: liveSettings(env),
  };
}

function storeSettings(env: ParsedEnv): StoreSettings {
  switch (env.BAKERY_STORE) {
    case 'embedded':
      return { kind: 'embedded' };
    case 'cosmos':
      return {
        kind: 'cosmos',
        endpoint: checked(env.COSMOS_ENDPOINT),
        database: env.COSMOS_DATABASE,
        credential:
          env.COSMOS_KEY === undefined ? { kind: 'identity' } : { kind: 'key', key: env.COSMOS_KEY },
      };
    default:
      return assertNever(env.BAKERY_STORE, 'settings: unhandled value');
  }
}

function busSettings(env: ParsedEnv): BusSettings {
  switch (env.BAKERY_BUS) {
    case 'embedded':
      return { kind: 'embedded' };
    case 'servicebus':
      return {
        kind: 'servicebus',
        connection:
          env.SERVICEBUS_FULLY_QUALIFIED_NAMESPACE !== undefined
            ? { kind: 'identity', fullyQualifiedNamespace: env.SERVICEBUS_FULLY_QUALIFIED_NAMESPACE }
            : { kind: 'connection-string', connectionString: checked(env.SERVICEBUS_CONNECTION_STRING) },
      };
    default:
      return assertNever(env.BAKERY_BUS, 'settings: unhandled value');
  }
}
