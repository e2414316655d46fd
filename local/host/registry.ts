import type { RegisteredFunction, TriggerExtension } from './host-api';
import { hostSide } from './functions-core';

/**
 * Loads the app module (which registers its functions through `@azure/functions`) and turns each
 * registration into a RegisteredFunction. Trigger types no extension runs, and input or output
 * bindings nothing carries out, are refused, naming the function, as the Functions host refuses a
 * binding whose extension is missing (rather than dropping the binding's data silently).
 */
export function loadRegistrations(
  entries: readonly string[],
  extensions: readonly TriggerExtension[],
): RegisteredFunction[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app is loaded the way the worker loads it
  for (const entry of entries) require(entry);
  if (!hostSide.programmingModel()) {
    throw new Error(
      `${entries.join(', ')} registered no programming model: it must import @azure/functions and register functions with app.*`,
    );
  }
  const supported = new Map<string, string>();
  for (const extension of extensions)
    for (const type of extension.triggerTypes) supported.set(type.toLowerCase(), extension.name);
  const inputs = new Set(
    extensions.flatMap((extension) => (extension.inputBindingTypes ?? []).map((t) => t.toLowerCase())),
  );
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
    for (const [bindingName, binding] of entries) {
      if (bindingName === triggerBindingName) continue;
      const type = String(binding.type);
      // The one output the host carries out itself: the HTTP response of an HTTP-triggered function.
      const carried =
        binding.direction === 'in'
          ? inputs.has(type.toLowerCase())
          : binding.direction === 'out' &&
            type.toLowerCase() === 'http' &&
            String(trigger.type).toLowerCase() === 'httptrigger';
      if (!carried) {
        const kind = binding.direction === 'in' ? 'input' : 'output';
        throw new Error(
          `Function "${metadata.name}" has ${kind} binding "${bindingName}" of type "${type}", which the local runtime does not carry out (supported inputs: ${[...inputs].join(', ') || 'none'}; outputs: http, for HTTP-triggered functions)`,
        );
      }
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
