import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from '../shared/events/generated-files';

/** The repository root, whether a script runs from scripts/ (ts) or dist/scripts/ (compiled). */
export function repositoryRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/**
 * Writes the generated files that differ from what is committed; with `--check` writes nothing and
 * answers 1 if any differs (for CI). `source` and `command` go into the messages.
 */
export function writeGenerated(
  root: string,
  files: readonly GeneratedFile[],
  { check, source, command }: { check: boolean; source: string; command: string },
): number {
  const stale: string[] = [];
  for (const file of files) {
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
    console.error(`Out of date with ${source}: ${stale.join(', ')}. Run \`${command}\`.`);
    return 1;
  }
  console.log(
    stale.length === 0 ? `${files.map((f) => f.path).join(', ')}: up to date.` : `Wrote ${stale.join(', ')}.`,
  );
  return 0;
}
