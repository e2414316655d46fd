import * as path from 'node:path';
import { repoRoot, startFixture } from '../../test/support/runtime-harness';

const appRoot = path.join(repoRoot, 'test/fixtures/stream-app');

describe('HTTP streaming on the local runtime', () => {
  it('refuses app.setup({ enableHttpStream: true }) at start, naming the setting, instead of hanging every request', async () => {
    await expect(
      startFixture({ appRoot, entry: path.join(appRoot, 'index.ts'), topology: { topics: [] } }),
    ).rejects.toThrow(/enableHttpStream: true.*not supported by the local runtime/);
  });
});
