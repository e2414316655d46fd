import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from './catalog';
import { generateEventFiles } from './generated-files';

const root = join(__dirname, '..', '..');

describe('files generated from the event catalog', () => {
  it.each(generateEventFiles(catalog).map((file) => [file.path, file.content]))(
    '%s matches the catalog',
    (path, content) => {
      const target = join(root, path);
      const committed = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
      if (committed !== content) {
        throw new Error(
          `${path} is ${committed === undefined ? 'missing' : 'out of date with shared/events/catalog.ts'}: run \`npm run gen:events\``,
        );
      }
    },
  );

  it('is what the Bicep deploys', () => {
    const bicep = readFileSync(join(root, 'infra/modules/servicebus.bicep'), 'utf8');
    expect(bicep).toContain("loadJsonContent('../generated/servicebus-topology.json')");
  });
});
