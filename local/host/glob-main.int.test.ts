import * as path from 'node:path';
import { http, repoRoot, startFixture } from '../../test/support/runtime-harness';

const fixture = (name: string) => path.join(repoRoot, 'test/fixtures', name);

describe('a glob "main" in package.json, as the Node.js worker expands it', () => {
  it('loads every file a brace glob matches, in sorted order', async () => {
    const global = globalThis as { globLoaded?: string[] };
    global.globLoaded = [];
    // No `entry`: the runtime reads package.json "main", `{index.js,functions/*.js}`.
    const runtime = await startFixture({
      appRoot: fixture('glob-app'),
      entry: undefined,
      topology: { topics: [] },
    });
    try {
      expect(global.globLoaded).toEqual(['functions/bagels.js', 'functions/rolls.js', 'index.js']);
      expect(runtime.functions.map((f) => f.name)).toEqual(['bagels', 'rolls', 'index']);
      expect((await http(runtime.baseUrl, 'GET', '/api/rolls')).text).toBe('rolls');
    } finally {
      await runtime.stop();
    }
  });

  it('refuses a glob that matches no file, naming the pattern', async () => {
    await expect(
      startFixture({ appRoot: fixture('glob-empty-app'), entry: undefined, topology: { topics: [] } }),
    ).rejects.toThrow('"main" pattern "dist/src/functions/*.js" matches no file');
  });
});
