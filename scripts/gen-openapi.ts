/**
 * Writes docs/openapi.json from the HTTP route declarations (functions/http-routes.ts). Registers
 * nothing and needs neither Azure nor the local runtime. `--check` writes nothing and exits 1 if
 * the committed file differs (for CI).
 */
import { resolve } from 'node:path';
import { generateOpenApiFile } from '../functions/http-routes';
import { repositoryRoot, writeGenerated } from './write-generated';

const root = repositoryRoot(resolve(__dirname));
process.exitCode = writeGenerated(root, [generateOpenApiFile(root)], {
  check: process.argv.includes('--check'),
  source: 'the HTTP route declarations',
  command: 'npm run gen:openapi',
});
