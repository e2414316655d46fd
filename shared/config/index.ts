export { ConfigError } from './config-error';
export { SERVICE_NAMES, isServiceName, type HostedService, type ServiceName } from './services';
export * from './settings';
export * from './auth-settings';
export * from './bakery-config';
export * from './live-settings';
