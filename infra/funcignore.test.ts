import * as path from 'node:path';
import { root, read, walk, funcignoreRules } from './infra-test-kit';

/** What azd uploads for the remote build (.funcignore). */
describe('.funcignore (what azd uploads for the remote build; once the file exists it is all azd applies)', () => {
  const rules = funcignoreRules(read(path.join(root, '.funcignore')));
  const excluded = (file: string) => rules.some((rule) => rule(file));

  it('leaves out the local node_modules and dist (the platform runs npm install and npm run build)', () => {
    for (const file of [
      'node_modules/typescript/bin/tsc',
      'node_modules/.bin/tsc',
      'dist/functions/index.js',
    ])
      expect({ file, excluded: excluded(file) }).toEqual({ file, excluded: true });
  });

  it('keeps what the remote build and the runtime read', () => {
    const build = JSON.parse(read(path.join(root, 'tsconfig.build.json'))) as { include: string[] };
    const kept = [
      'package.json',
      'package-lock.json',
      'host.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'bakery.config.json',
      'functions/index.ts',
      'shared/errors.ts',
      // Compiled into dist/ for the containers' indexing policies (shared/hosting/infrastructure.ts).
      'infra/services.json',
      'infra/cosmos-indexing.ts',
      // Every folder the build compiles, except the test fixtures nothing deployed imports.
      ...build.include.filter((dir) => !dir.startsWith('test')).map((dir) => `${dir}/index.ts`),
    ];
    for (const file of kept) expect({ file, excluded: excluded(file) }).toEqual({ file, excluded: false });
  });

  it('keeps every infra/ file the deployed code imports (the remote build compiles it)', () => {
    const imported = ['shared', 'functions']
      .flatMap((dir) => walk(path.join(root, dir)))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .flatMap((file) =>
        [...read(file).matchAll(/from '(\.[^']*\/infra\/[^']+)'/g)].map((m) =>
          path
            .relative(root, path.resolve(path.dirname(file), m[1]))
            .split(path.sep)
            .join('/'),
        ),
      )
      .map((file) => (file.endsWith('.json') ? file : `${file}.ts`));
    expect(imported).toContain('infra/cosmos-indexing.ts');
    const kept = new Set(imported);
    for (const file of imported)
      for (const dep of [...read(path.join(root, file)).matchAll(/from '\.\/([^']+)'/g)].map(
        (m) => `infra/${m[1]}`,
      ))
        kept.add(dep.endsWith('.json') ? dep : `${dep}.ts`);
    for (const file of kept) expect({ file, excluded: excluded(file) }).toEqual({ file, excluded: false });
  });

  it('leaves out local settings, tests and the repository metadata', () => {
    for (const file of [
      'local.settings.json',
      'shared/errors.test.ts',
      '.git/HEAD',
      '.azure/dev/.env',
      'infra/main.bicep',
      'infra/main.parameters.json',
      'infra/modules/cosmos.bicep',
      'infra/generated/servicebus-topology.json',
      'infra/bicep-text.ts',
      'infra/infra.test.ts',
    ])
      expect({ file, excluded: excluded(file) }).toEqual({ file, excluded: true });
  });
});
