/**
 * The Function App's entry (package.json "main"). It is the composition root: settings and the
 * bakery's configuration are parsed once, the infrastructure is chosen once, and each service listed
 * in BAKERY_SERVICES registers its functions with those dependencies. The same build deploys as one
 * app or as one app per service.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { app } from '@azure/functions';
import { loadBakeryConfig, loadSettings, type HostedService } from '../shared/config';
import { createInfrastructure } from '../shared/hosting/infrastructure';
import { createServiceContext, type ServiceContext } from '../shared/hosting/service-context';
import * as auth from './auth';
import * as bank from './bank';
import { registerHealth } from './health';
import { registerLive } from './live';
import * as menu from './menu';
import * as production from './production';
import * as pos from './pos';
import * as products from './products';
import * as sales from './sales';
import * as users from './users';

type Register = (context: ServiceContext) => void;

/** Services grow here as they are built; health is always on, live whenever live updates are configured. */
const services: Partial<Record<HostedService, Register>> = {
  production: production.register,
  products: products.register,
  menu: menu.register,
  users: users.register,
  auth: auth.register,
  bank: bank.register,
  sales: sales.register,
  pos: pos.register,
};

app.setup({ enableHttpStream: false });
const settings = loadSettings(process.env);
// Relative to the app root (the folder with host.json), not the working directory: Flex
// Consumption's worker does not start in the app folder.
const bakery = loadBakeryConfig(path.resolve(appRoot(__dirname), settings.bakeryConfigPath));
const context = createServiceContext(createInfrastructure(settings), settings, bakery);
const loaded: string[] = ['health'];
for (const name of settings.services) {
  const register = services[name];
  if (register) {
    register(context);
    loaded.push(name);
  }
}
registerLive(context);
registerHealth({ infrastructure: context.infrastructure, services: loaded });

function appRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'host.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
