/** The bakery's services, in the order of the design's services table. Each is its own Function App slice. */
export const SERVICE_NAMES = [
  'production',
  'products',
  'menu',
  'sales',
  'pos',
  'bank',
  'users',
  'auth',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

/** `health` answers `/api/health` in every deployment; it owns nothing and talks to no one. */
export type HostedService = ServiceName | 'health';

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
