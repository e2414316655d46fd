import * as path from 'node:path';
import type { Runtime } from '../runtime';
import { http, repoRoot, startChild } from '../../test/support/runtime-harness';

/** A parcel-tracking app with no bakery code (test/fixtures/parcels-app), and its twin that declares a topology file. */
const parcels = path.join(repoRoot, 'test/fixtures/parcels-app');
const declared = path.join(repoRoot, 'test/fixtures/parcels-declared-app');
const env = { NOTIFY_SUBSCRIPTION: 'notify' };

jest.setTimeout(60_000);

async function startParcels(appRoot: string, overrides: { logLevel?: 'info' | 'silent' } = {}) {
  jest.resetModules();
  process.env.NOTIFY_SUBSCRIPTION = 'notify';
  const { startRuntime } = require('../runtime') as typeof import('../runtime');
  const { localExtensions } = require('../extensions') as typeof import('../extensions');
  try {
    return await startRuntime({
      appRoot,
      entry: path.join(parcels, 'index.ts'),
      port: 0,
      logLevel: overrides.logLevel ?? 'silent',
      clock: { mode: 'manual', startAt: Date.parse('2026-12-01T06:00:00Z') },
      extensions: localExtensions(appRoot),
    });
  } finally {
    delete process.env.NOTIFY_SUBSCRIPTION;
  }
}

describe('the CLI with an app that is not the bakery', () => {
  it('names the app, says it is the local runtime, derives the topology from its triggers and names the task hub from host.json', async () => {
    const child = await startChild(['--in-memory'], env, parcels);
    try {
      const banner = child.output();
      expect(banner).toContain(
        `parcels: Azure Functions app on the local runtime, listening on ${child.baseUrl}`,
      );
      expect(banner).toContain(
        "Service Bus topology: derived from the app's Service Bus triggers (topic + subscription, no filters)",
      );
      expect(banner).toContain('Durable task hub: ParcelsHub');
      expect(banner).not.toMatch(/bakery/i);
      expect(banner).not.toContain('/admin/dev/token');
      const status = await http(child.baseUrl, 'GET', '/admin/host/status');
      expect(status.json).toMatchObject({ app: 'parcels', topology: { kind: 'triggers' } });
      // The development token issuer is opt-in.
      expect((await http(child.baseUrl, 'POST', '/admin/dev/token', { sub: 'alex' })).status).toBe(404);
    } finally {
      await child.kill('SIGTERM');
    }
  });

  it('takes the topology from the file package.json declares, and TestHubName when host.json names no hub', async () => {
    const child = await startChild(['--in-memory'], env, declared);
    try {
      expect(child.output()).toContain(
        'Service Bus topology: deploy/topology.json (package.json "localRuntime.topology")',
      );
      expect(child.output()).toContain('Durable task hub: TestHubName');
      const bus = await http(child.baseUrl, 'GET', '/admin/servicebus');
      expect(JSON.stringify(bus.json)).toContain('audit');
    } finally {
      await child.kill('SIGTERM');
    }
  });

  it('prefers --topology over the declared file, and mints development tokens only with --dev-tokens', async () => {
    const child = await startChild(
      ['--in-memory', '--dev-tokens', '--topology', '../parcels-declared-app/deploy/topology.json'],
      env,
      parcels,
    );
    try {
      expect(child.output()).toContain(
        'Service Bus topology: ../parcels-declared-app/deploy/topology.json (--topology)',
      );
      expect(child.output()).toContain(`Development tokens: curl -X POST ${child.baseUrl}/admin/dev/token`);
      const minted = await http(child.baseUrl, 'POST', '/admin/dev/token', {
        sub: 'alex',
        roles: ['reader'],
      });
      expect(minted.json).toMatchObject({ tokenType: 'Bearer', user: { id: 'alex', roles: ['reader'] } });
    } finally {
      await child.kill('SIGTERM');
    }
  });

  it.each([
    ['--time-zone', 'Mars/Olympus', /--time-zone: "Mars\/Olympus" is not an IANA time zone/],
    ['--topology', 'missing.json', /missing\.json is missing/],
  ])('refuses %s %s with a clear message', async (option, value, message) => {
    const child = startChild(['--in-memory', option, value], env, parcels);
    await expect(child).rejects.toThrow(message);
  });

  it('reads --start-at in --time-zone', async () => {
    const child = await startChild(
      ['--in-memory', '--clock', 'manual', '--start-at', '2026-07-01T09:00', '--time-zone', 'Europe/Paris'],
      env,
      parcels,
    );
    try {
      const status = await http(child.baseUrl, 'GET', '/admin/clock');
      expect(JSON.stringify(status.json)).toContain('2026-07-01T07:00:00.000Z'); // Paris is UTC+2 in July
    } finally {
      await child.kill('SIGTERM');
    }
  });
});

describe('the parcels app on the runtime', () => {
  let runtime: Runtime;
  afterEach(() => runtime?.stop());

  it("delivers to the app's Service Bus triggers on the topology derived from them, and gives Durable clients the hub host.json names", async () => {
    runtime = await startParcels(parcels);
    expect(runtime.topologySource).toEqual({ kind: 'triggers' });
    expect(runtime.bus.stats().map((s) => `${s.topic}/${s.subscription}`)).toEqual([
      'parcels/notify',
      'parcels/tracking',
    ]);
    await runtime.bus.send('parcels', {
      messageId: 'm1',
      subject: 'parcel.scanned',
      body: { parcel: 'P-1' },
    });
    await runtime.idle();
    expect((await http(runtime.baseUrl, 'GET', '/api/scanned')).json).toEqual([{ parcel: 'P-1' }]);
    expect((await http(runtime.baseUrl, 'GET', '/api/hub')).json).toEqual({ taskHubName: 'ParcelsHub' });
  });

  it('uses the declared topology file, filters included', async () => {
    runtime = await startParcels(declared);
    expect(runtime.topologySource).toEqual({
      kind: 'file',
      file: 'deploy/topology.json',
      declaredIn: 'package.json',
    });
    await runtime.bus.send('parcels', { messageId: 'm2', subject: 'parcel.lost', body: { parcel: 'P-2' } });
    await runtime.idle();
    // "tracking" takes only parcel.scanned: the lost parcel never reaches the function.
    expect((await http(runtime.baseUrl, 'GET', '/api/scanned')).json).toEqual([]);
    expect((await http(runtime.baseUrl, 'GET', '/api/hub')).json).toEqual({ taskHubName: 'TestHubName' });
  });
});
