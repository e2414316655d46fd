/**
 * Writes the files derived from the event catalog: docs/asyncapi.json, docs/events.md and
 * infra/generated/servicebus-topology.json (which infra/modules/servicebus.bicep loads).
 * `--check` writes nothing and exits 1 if any committed file differs (for CI).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { catalog } from '../shared/events/catalog';
import { generateEventFiles } from '../shared/events/generated-files';

/** The repository root, whether this runs from scripts/ (ts) or dist/scripts/ (compiled). */
function repositoryRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`gen-events: no package.json above ${start}`);
  }
}

function main(argv: readonly string[]): number {
  const root = repositoryRoot(resolve(__dirname));
  const check = argv.includes('--check');
  const stale: string[] = [];
  for (const file of generateEventFiles(catalog)) {
    const target = join(root, file.path);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (current === file.content) continue;
    stale.push(file.path);
    if (!check) {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
  }
  if (check && stale.length > 0) {
    console.error(`Out of date with the event catalog: ${stale.join(', ')}. Run \`npm run gen:events\`.`);
    return 1;
  }
  console.log(stale.length === 0 ? 'Event files are up to date.' : `Wrote ${stale.join(', ')}.`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
