import type { RegisteredFunction, TriggerExtension } from './host-api';
import { hostSide } from './functions-core';

/**
 * Loads the app module (which registers its functions through `@azure/functions`) and turns each
 * registration into a RegisteredFunction. Trigger types no extension runs are refused, naming the
 * function, as the Functions host refuses a binding whose extension is missing.
 */
export function loadRegistrations(
  entry: string,
  extensions: readonly TriggerExtension[],
): RegisteredFunction[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app is loaded the way the worker loads it
  require(entry);
  if (!hostSide.programmingModel()) {
    throw new Error(
      `${entry} registered no programming model: it must import @azure/functions and register functions with app.*`,
    );
  }
  const supported = new Map<string, string>();
  for (const extension of extensions)
    for (const type of extension.triggerTypes) supported.set(type.toLowerCase(), extension.name);
  return hostSide.registrations().map(({ metadata }) => {
    const entries = Object.entries(metadata.bindings);
    const triggers = entries.filter(([, b]) => b.direction === 'in' && /trigger$/i.test(String(b.type)));
    if (triggers.length !== 1)
      throw new Error(`Function "${metadata.name}" must have exactly one trigger (has ${triggers.length})`);
    const [triggerBindingName, trigger] = triggers[0];
    if (!supported.has(String(trigger.type).toLowerCase())) {
      throw new Error(
        `Function "${metadata.name}" uses trigger type "${trigger.type}", which the local runtime does not run (supported: ${[...supported.keys()].join(', ')})`,
      );
    }
    return {
      name: metadata.name,
      bindings: metadata.bindings,
      triggerBindingName,
      trigger,
      retryOptions: metadata.retryOptions,
    };
  });
}
