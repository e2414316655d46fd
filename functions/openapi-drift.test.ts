import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApiFile } from './http-routes';

const root = join(__dirname, '..');

describe('docs/openapi.json', () => {
  it('matches the HTTP route declarations', () => {
    const file = generateOpenApiFile(root);
    const target = join(root, file.path);
    const committed = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (committed !== file.content) {
      throw new Error(
        `${file.path} is ${committed === undefined ? 'missing' : 'out of date with the route declarations (functions/*/*.http.ts)'}: run \`npm run gen:openapi\``,
      );
    }
  });
});
