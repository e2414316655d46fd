import * as path from 'node:path';
import { http, repoRoot, startFixture } from '../../test/support/runtime-harness';

const appRoot = path.join(repoRoot, 'test/fixtures/bindings-app');
const start = (entry: string) =>
  startFixture({ appRoot, entry: path.join(appRoot, entry), topology: { topics: [] } });

describe('input and output bindings on the local runtime', () => {
  it('refuses at start a function with an output binding it cannot carry out, naming function and type', async () => {
    await expect(start('output.ts')).rejects.toThrow(
      /Function "announce" has output binding "\S+" of type "serviceBus", which the local runtime does not carry out/,
    );
  });

  it('refuses at start a function with an input binding nothing supplies, naming function and type', async () => {
    await expect(start('input.ts')).rejects.toThrow(
      /Function "loaf" has input binding "\S+" of type "cosmosDB", which the local runtime does not carry out/,
    );
  });

  it('still runs an HTTP function whose only output is its HTTP response', async () => {
    const runtime = await start('http-only.ts');
    try {
      expect((await http(runtime.baseUrl, 'GET', '/api/plain')).text).toBe('plain');
    } finally {
      await runtime.stop();
    }
  });
});
