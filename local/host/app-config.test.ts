import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAppPackage, readTaskHubName } from './app-config';

function app(hostJson: unknown, pkg: unknown = { main: 'index.js' }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-config-'));
  fs.writeFileSync(path.join(dir, 'host.json'), JSON.stringify(hostJson));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  return dir;
}

describe('the task hub name', () => {
  it('is host.json extensions.durableTask.hubName, TestHubName when absent (as func start)', () => {
    expect(
      readTaskHubName(app({ version: '2.0', extensions: { durableTask: { hubName: 'Orders2' } } }), {}),
    ).toBe('Orders2');
    expect(readTaskHubName(app({ version: '2.0' }), {})).toBe('TestHubName');
  });

  it('resolves an %APP_SETTING% reference, as the host does', () => {
    const root = app({ version: '2.0', extensions: { durableTask: { hubName: '%HUB%' } } });
    expect(readTaskHubName(root, { HUB: 'FromSetting' })).toBe('FromSetting');
    expect(() => readTaskHubName(root, {})).toThrow('app setting "HUB" is not defined');
  });

  it.each(['my-hub', '1hub', 'ab', 'a'.repeat(46), 'hub_name'])(
    'refuses "%s", which Azure refuses',
    (name) => {
      const root = app({ version: '2.0', extensions: { durableTask: { hubName: name } } });
      expect(() => readTaskHubName(root, {})).toThrow(
        `extensions.durableTask.hubName "${name}" is not a valid task hub name (only letters and digits, starting with a letter, 3 to 45 characters)`,
      );
    },
  );
});

describe("the app's package.json", () => {
  it('gives the name and the declared topology file; the folder name without a name', () => {
    expect(readAppPackage(app({}, { name: 'parcels', localRuntime: { topology: 'sb.json' } }))).toEqual({
      name: 'parcels',
      topologyFile: 'sb.json',
    });
    const root = app({}, {});
    expect(readAppPackage(root)).toEqual({ name: path.basename(root), topologyFile: undefined });
  });

  it('refuses a localRuntime.topology that is not a file name', () => {
    expect(() => readAppPackage(app({}, { localRuntime: { topology: 3 } }))).toThrow(
      '"localRuntime.topology" must name the app\'s Service Bus topology file',
    );
  });
});
