/**
 * Writes the files derived from the event catalog: docs/asyncapi.json, docs/events.md and
 * infra/generated/servicebus-topology.json (which infra/modules/servicebus.bicep loads).
 * `--check` writes nothing and exits 1 if any committed file differs (for CI).
 */
import { resolve } from 'node:path';
import { catalog } from '../shared/events/catalog';
import { generateEventFiles } from '../shared/events/generated-files';
import { repositoryRoot, writeGenerated } from './write-generated';

const root = repositoryRoot(resolve(__dirname));
process.exitCode = writeGenerated(root, generateEventFiles(catalog), {
  check: process.argv.includes('--check'),
  source: 'the event catalog',
  command: 'npm run gen:events',
});
