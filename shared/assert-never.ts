/** The exhaustive-switch guard: type-checks that every case is handled, and throws if one slips through at run time. */
export function assertNever(value: never, what = 'unhandled case'): never {
  throw new Error(`${what} ${JSON.stringify(value) ?? String(value)}`);
}
