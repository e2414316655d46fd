/**
 * The durable suites again, on the oldest durable-functions 3.x the local runtime supports: the
 * app's `durable-functions` (and its package.json, for test/fixtures/durable-failures/library.ts)
 * resolves to the `durable-functions-oldest` npm alias (package.json devDependencies). The suites
 * state where that version reads the history differently, as it would in Azure.
 */
jest.mock('durable-functions', () => jest.requireActual('durable-functions-oldest'));
jest.mock('durable-functions/package.json', () =>
  jest.requireActual('durable-functions-oldest/package.json'),
);

import { durableLibrary } from '../../test/fixtures/durable-failures/library';
import './orchestrations.int.test';
import './timers-events.int.test';
import './entities.int.test';
import './client.int.test';
import './failures.int.test';

it('runs the app on the oldest supported durable-functions', () => {
  expect(durableLibrary().version).toBe('3.1.0');
  expect(jest.requireActual<{ version: string }>('durable-functions/package.json').version).not.toBe('3.1.0');
});
