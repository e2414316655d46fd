import * as path from 'node:path';
import { http, repoRoot, startFixture } from '../../test/support/runtime-harness';

const appRoot = path.join(repoRoot, 'test/fixtures/hooks-app');
type Seen = Array<{ hook: string; [key: string]: unknown }>;

describe('hook data on the local runtime, as the worker keeps it', () => {
  it('shares hookData between appStart and appTerminate and between one invocation’s pre and post hooks, and appHookData across all', async () => {
    const global = globalThis as { hooksSeen?: Seen };
    global.hooksSeen = [];
    const runtime = await startFixture({
      appRoot,
      entry: path.join(appRoot, 'index.ts'),
      topology: { topics: [] },
    });
    try {
      expect((await http(runtime.baseUrl, 'GET', '/api/ping')).text).toBe('pong');
      expect((await http(runtime.baseUrl, 'GET', '/api/ping')).text).toBe('pong');
    } finally {
      await runtime.stop();
    }
    const seen = global.hooksSeen;
    const pre = seen.filter((s) => s.hook === 'preInvocation');
    const post = seen.filter((s) => s.hook === 'postInvocation');
    // Each invocation starts with a fresh hookData; app-level hookData does not leak into it.
    expect(pre.map((s) => s.before)).toEqual([{}, {}]);
    // What a preInvocation hook sets, that invocation's postInvocation hook reads.
    expect(post).toHaveLength(2);
    for (const p of post) expect(p.setInPre).toBe(p.invocationId);
    expect(seen.find((s) => s.hook === 'appTerminate')).toEqual({
      hook: 'appTerminate',
      setAtStart: 'from appStart',
    });
    expect(seen.find((s) => s.hook === 'core appTerminate')).toEqual({
      hook: 'core appTerminate',
      invocations: 2,
    });
  });
});
