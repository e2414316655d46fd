import { randomUUID } from 'node:crypto';
import type { InvocationRequest, RegisteredFunction } from './host-api';
import type { CoreInvocationContext, RpcInvocationResponse, RpcLogCategory, RpcLogLevel } from './core-types';
import { hostSide, type Registration } from './functions-core';
import type { PlannedFault } from './faults';

export type UserLogger = (fn: string, level: RpcLogLevel, category: RpcLogCategory, message: string) => void;

/**
 * Runs one invocation the way the Node.js worker does: ask the programming model for an invocation
 * model, get the arguments, run the preInvocation hooks, call the function, run the postInvocation
 * hooks, and convert the result back to RPC data. Errors from the function reject the promise.
 */
export async function invokeThroughProgrammingModel(
  registration: Registration,
  fn: RegisteredFunction,
  request: InvocationRequest,
  logger: UserLogger,
  invocationId: string = randomUUID(),
  /** A test's injected failure (host/faults.ts): thrown before or after the function runs. */
  fault?: PlannedFault,
): Promise<RpcInvocationResponse> {
  const model = hostSide.programmingModel();
  if (!model) throw new Error('no programming model: the app never imported @azure/functions');
  const coreContext: CoreInvocationContext = {
    invocationId,
    metadata: { name: fn.name, functionId: fn.name, bindings: fn.bindings },
    request: {
      invocationId,
      functionId: fn.name,
      inputData: request.inputData,
      triggerMetadata: request.triggerMetadata ?? {},
      retryContext: request.retryContext,
    },
    log: (level, category, message) => logger(fn.name, level, category, message),
  };
  const invocation = model.getInvocationModel(coreContext);
  const { context, inputs: initialInputs } = await invocation.getArguments();
  // As the worker: `hookData` is this invocation's (its pre and post hooks share it), `appHookData`
  // the app's, shared with appStart, every invocation and appTerminate.
  const hookData: Record<string, unknown> = {};
  const appHookData = hostSide.appHookData();

  coreContext.state = 'preInvocationHooks';
  const pre = {
    hookData,
    appHookData,
    invocationContext: context,
    inputs: initialInputs,
    functionCallback: registration.callback,
  };
  for (const hook of hostSide.hooks('preInvocation')) await hook(pre);

  coreContext.state = 'invocation';
  let result: unknown = null;
  let error: unknown = null;
  try {
    if (fault?.when === 'before') throw fault.error();
    result = await invocation.invokeFunction(context, pre.inputs, pre.functionCallback);
    if (fault?.when === 'after') throw fault.error();
  } catch (thrown) {
    error = thrown;
  }

  coreContext.state = 'postInvocationHooks';
  const post = { hookData, appHookData, invocationContext: context, inputs: pre.inputs, result, error };
  for (const hook of hostSide.hooks('postInvocation')) await hook(post);
  coreContext.state = undefined;
  // As the Node.js worker (isError): any thrown value fails the invocation but undefined and null.
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows exactly what the function threw
  if (post.error !== undefined && post.error !== null) throw post.error;
  return invocation.getResponse(context, post.result);
}
