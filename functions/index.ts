/**
 * The Function App's entry (package.json "main"). It is the composition root: settings are parsed
 * once, the infrastructure is chosen once, and each service listed in BAKERY_SERVICES registers its
 * functions with those dependencies. The same build deploys as one app or as one app per service.
 */
import { app } from '@azure/functions';
import { loadSettings, type HostedService } from '../shared/config';
import { createInfrastructure, type Infrastructure } from '../shared/hosting/infrastructure';
import { registerHealth } from './health';

type Register = (infrastructure: Infrastructure) => void;

/** Services grow here as they are built (issues 4 and later); health is always on. */
const services: Partial<Record<HostedService, Register>> = {};

app.setup({ enableHttpStream: false });
const settings = loadSettings(process.env);
const infrastructure = createInfrastructure(settings);
const loaded: string[] = ['health'];
for (const name of settings.services) {
  const register = services[name];
  if (register) {
    register(infrastructure);
    loaded.push(name);
  }
}
registerHealth({ infrastructure, services: loaded });
