import * as path from 'node:path';
import type { Runtime } from '../runtime';
import { call, run, start, startDurable, status } from '../../test/fixtures/durable/harness';
import { durableLibrary } from '../../test/fixtures/durable-failures/library';

/**
 * Failures as the library reads them from the history: every TaskFailed and
 * SubOrchestrationInstanceFailed carries Reason and Details (what durable-functions 3.0–3.3 read)
 * and FailureDetails (what 3.5 reads first). oldest-library.int.test.ts runs this suite again on the
 * oldest durable-functions the local runtime supports.
 */
const appRoot = path.resolve(__dirname, '../../test/fixtures/durable-failures');
const lib = durableLibrary();

interface HistoryEvent {
  EventType: number;
  Reason?: unknown;
  Details?: unknown;
  FailureDetails?: { ErrorType?: unknown; ErrorMessage?: unknown };
}

async function failureEvents(runtime: Runtime, instanceId: string): Promise<HistoryEvent[]> {
  const admin = await call(
    runtime.baseUrl,
    'GET',
    `/admin/durable/instances/${encodeURIComponent(instanceId)}`,
  );
  return (admin.json.history as HistoryEvent[]).filter((e) => e.EventType === 6 || e.EventType === 9);
}

/** Reason and Details are text, FailureDetails names a type and a message. */
function expectComplete(events: HistoryEvent[]): void {
  expect(events.length).toBeGreaterThan(0);
  for (const e of events) {
    expect(typeof e.Reason).toBe('string');
    expect(typeof e.Details).toBe('string');
    expect(typeof e.FailureDetails?.ErrorType).toBe('string');
    expect(typeof e.FailureDetails?.ErrorMessage).toBe('string');
  }
}

describe(`durable failures (durable-functions ${lib.version})`, () => {
  let runtime: Runtime;
  let unique = 0;
  const id = (label: string) => `${label}-${lib.version}-${Date.now().toString(36)}-${unique++}`;

  beforeEach(async () => {
    runtime = await startDurable({
      freshModules: () => jest.resetModules(),
      overrides: { appRoot, entry: path.join(appRoot, 'app.ts') },
    });
  });
  afterEach(async () => runtime.stop());

  it('lets a parent catch a failed sub-orchestration and start another one', async () => {
    const key = id('by-hand');
    const result = await run(runtime, 'retryByHand', key, key);
    expect(result.json.runtimeStatus).toBe('Completed');
    expect(result.json.output.second).toBe('baked on attempt 2');
    const { name, message } = result.json.output.caught as { name: string; message: string };
    if (lib.readsFailureDetails) {
      expect(name).toBe('TaskFailedError');
      expect(message).toBe('Error: oven too cold (attempt 1)');
    } else {
      // 3.1 builds the error from Reason and Details, as it does in Azure.
      expect(message).toMatch(
        /^Orchestrator function 'bakeBatch' failed: oven too cold \(attempt 1\) \n Message: oven too cold \(attempt 1\), StackTrace: /,
      );
    }
    expectComplete(await failureEvents(runtime, key));
  });

  it('retries a failing sub-orchestration with callSubOrchestratorWithRetry until it succeeds', async () => {
    const key = id('by-policy');
    await start(runtime, 'retryByPolicy', key, key);
    await runtime.idle();
    await runtime.clock.advanceBy(1000);
    await runtime.clock.advanceBy(1000);
    const done = await status(runtime, key);
    expect(done.json).toMatchObject({ runtimeStatus: 'Completed', output: 'baked on attempt 3' });
    const events = await failureEvents(runtime, key);
    expect(events.filter((e) => e.EventType === 9)).toHaveLength(2);
    expectComplete(events);
  });

  it("hands a child's unhandled activity failure to its parent", async () => {
    const parent = id('relayed');
    const result = await run(runtime, 'catchRelayed', null, parent);
    expect(result.json.runtimeStatus).toBe('Completed');
    const { name, message } = result.json.output.caught as { name: string; message: string };
    if (lib.readsFailureDetails) {
      expect({ name, message }).toEqual({ name: 'TaskFailedError', message: 'RangeError: oven too hot' });
    } else {
      expect(message).toMatch(
        /^Orchestrator function 'relay' failed: Activity function 'overheat' failed: {2}oven too hot/,
      );
    }
    expectComplete(await failureEvents(runtime, parent));
    expectComplete(await failureEvents(runtime, `${parent}-relay`));
  });

  it.each([
    ['string', 'out of flour'],
    ['number', '42'],
    ['object', '{"code":"E_FLOUR","left":0}'],
    // The worker keeps an Error's message, but any other object travels as its JSON.
    ['objectWithMessage', '{"message":"no yeast"}'],
  ])('fails an activity that throws a %s, with its text as the message', async (kind, text) => {
    const parent = id(`thrown-${kind}`);
    const result = await run(runtime, 'catchThrownValue', kind, parent);
    expect(result.json.runtimeStatus).toBe('Completed');
    const { name, message } = result.json.output.caught as { name: string; message: string };
    if (lib.readsFailureDetails)
      expect({ name, message }).toEqual({ name: 'TaskFailedError', message: `Error: ${text}` });
    else expect(message.startsWith(`Activity function 'throwValue' failed:  ${text} \n {`)).toBe(true);
    const [failed] = await failureEvents(runtime, parent);
    expectComplete([failed]);
    expect(JSON.parse(failed.Details as string)).toMatchObject({
      Message: ` ${text}`,
      InnerException: { RemoteMessage: text },
    });
  });

  it.each(['undefined', 'null'])(
    'completes an activity that throws %s with null, as the Node.js worker does',
    async (kind) => {
      const result = await run(runtime, 'catchThrownValue', kind);
      expect(result.json).toMatchObject({ runtimeStatus: 'Completed', output: { completed: null } });
    },
  );

  it('fails an orchestration whose callHttp the runtime refuses, with a readable message', async () => {
    const instance = id('refused-http');
    const result = await run(runtime, 'refusedHttp', null, instance);
    expect(result.json.runtimeStatus).toBe('Failed');
    expect(result.json.output).toContain('callHttp is not supported by the local runtime');
    expect(result.json.output).not.toContain('could not parse');
    expectComplete(await failureEvents(runtime, instance));
  });

  it('fails an orchestration that calls an orchestrator which does not exist, with a readable message', async () => {
    const instance = id('refused-child');
    const result = await run(runtime, 'refusedChild', null, instance);
    expect(result.json.runtimeStatus).toBe('Failed');
    expect(result.json.output).toContain(
      "The function 'noSuchOrchestrator' doesn't exist, is disabled, or is not an orchestrator function.",
    );
    expect(result.json.output).not.toContain('could not parse');
    expectComplete(await failureEvents(runtime, instance));
  });
});
