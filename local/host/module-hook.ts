import Module from 'node:module';
import * as path from 'node:path';

/**
 * Makes `require('@azure/functions-core')` resolve to our implementation, as the real worker does by
 * injecting the module. Must run before the app (and so `@azure/functions`) is loaded.
 */
const coreModule = path.join(__dirname, 'functions-core.js');

type Resolver = (request: string, ...rest: unknown[]) => string;
const moduleWithResolver = Module as unknown as { _resolveFilename: Resolver };

let installed = false;
export function installFunctionsCoreHook(): void {
  if (installed) return;
  installed = true;
  const original = moduleWithResolver._resolveFilename;
  moduleWithResolver._resolveFilename = function (request: string, ...rest: unknown[]): string {
    if (request === '@azure/functions-core') return coreModule;
    return original.call(this, request, ...rest);
  };
}
