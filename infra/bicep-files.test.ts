import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadedFiles, moduleReferences, resourceTypes, scanBicep } from './bicep-text';
import { infra, read, bicepFiles, code, serviceBusBicep } from './infra-test-kit';

/** Every Bicep file under infra/. */
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
      // Microsoft Graph resources are versioned by the Graph API (`@v1.0`; the types version is
      // pinned on the `extension` line, see entra/app-registration.bicep).
      expect(
        resourceTypes(code(file)).filter(
          (type) =>
            !/^[\w.]+(\/\w+)+@\d{4}-\d{2}-\d{2}(-preview)?$/.test(type) &&
            !/^Microsoft\.Graph(\/\w+)+@v1\.0$/.test(type),
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

  it('pins the Microsoft Graph Bicep types version wherever Graph resources are declared', () => {
    for (const file of bicepFiles.filter((f) =>
      resourceTypes(code(f)).some((t) => t.startsWith('Microsoft.Graph/')),
    ))
      expect({
        file,
        extension:
          /^extension 'br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:\d+\.\d+\.\d+'$/m.test(
            code(file),
          ),
      }).toEqual({ file, extension: true });
  });

  it('reaches every module from main.bicep (but the tenant-scope templates deployed on their own)', () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const ref of moduleReferences(code(file))) visit(path.resolve(path.dirname(file), ref));
    };
    visit(path.join(infra, 'main.bicep'));
    // infra/entra/ deploys to the Entra External ID tenant, not the subscription (docs/deploy.md).
    const standalone = (file: string) =>
      path.relative(infra, file).startsWith('entra/') && /^targetScope = 'tenant'$/m.test(code(file));
    expect(
      bicepFiles
        .filter((file) => !reached.has(file) && !standalone(file))
        .map((file) => path.relative(infra, file)),
    ).toEqual([]);
  });
});
