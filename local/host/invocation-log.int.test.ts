import * as path from 'node:path';
import type { Runtime } from '../runtime';
import { http, repoRoot } from '../../test/support/runtime-harness';

const parcels = path.join(repoRoot, 'test/fixtures/parcels-app');

/** The host's lines around each invocation, as the Functions host words them. */
describe("the host's Executing / Executed lines", () => {
  let runtime: Runtime;
  let lines: string[];
  let write: jest.SpyInstance;
  beforeAll(async () => {
    lines = [];
    write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
    jest.resetModules();
    process.env.NOTIFY_SUBSCRIPTION = 'notify';
    const { startRuntime } = require('../runtime') as typeof import('../runtime');
    const { localExtensions } = require('../extensions') as typeof import('../extensions');
    runtime = await startRuntime({
      appRoot: parcels,
      entry: path.join(parcels, 'index.ts'),
      port: 0,
      logLevel: 'info',
      extensions: localExtensions(parcels),
      clock: { mode: 'manual', startAt: Date.parse('2026-12-01T06:00:00Z') },
    });
  });
  afterAll(async () => {
    await runtime?.stop();
    delete process.env.NOTIFY_SUBSCRIPTION;
    write.mockRestore();
  });

  const about = (name: string) => lines.filter((l) => l.includes(`'Functions.${name}'`));
  const id = (line: string) => /Id=([0-9a-f-]{36})/.exec(line)?.[1];

  it('logs Executing with the reason and Executed (Succeeded) with the same id and a duration', async () => {
    await http(runtime.baseUrl, 'GET', '/api/scanned');
    const [executing, executed] = about('scanned');
    expect(executing).toMatch(
      /Executing 'Functions\.scanned' \(Reason='This function was programmatically called via the host APIs\.', Id=[0-9a-f-]{36}\)$/,
    );
    expect(executed).toMatch(
      /Executed 'Functions\.scanned' \(Succeeded, Id=[0-9a-f-]{36}, Duration=\d+ms\)$/,
    );
    expect(id(executed)).toBe(id(executing));
  });

  it('logs Executed (Failed) as an error when the function throws', async () => {
    await http(runtime.baseUrl, 'GET', '/api/crash');
    const executed = about('crash').find((l) => l.includes('Executed'));
    expect(executed).toMatch(
      / error .*Executed 'Functions\.crash' \(Failed, Id=[0-9a-f-]{36}, Duration=\d+ms\)$/,
    );
  });

  it('fails an invocation that throws a falsy value other than undefined or null, as the worker does', async () => {
    const answer = await http(runtime.baseUrl, 'GET', '/api/crash-zero');
    expect(answer.status).toBe(500);
    expect(about('crash-zero').find((l) => l.includes('Executed'))).toContain('(Failed, Id=');
  });

  it("gives a Service Bus invocation the extension's reason, naming the entity path", async () => {
    await runtime.bus.send('parcels', { messageId: 'm1', body: { parcel: 'P-1' } });
    await runtime.idle();
    expect(about('parcel-scanned')[0]).toContain(
      "(Reason='New ServiceBus message detected on 'parcels/Subscriptions/tracking'.', Id=",
    );
  });
});
