/** Resolves `%NAME%` app-setting expressions in binding options, as the Functions host does. */
/** A binding property with its %SETTING% references resolved; a missing or non-string property is ''. */
export function resolveSetting(
  value: unknown,
  settings: Readonly<Record<string, string | undefined>>,
): string {
  if (typeof value !== 'string') return '';
  return value.replace(/%([^%]+)%/g, (_, name: string) => {
    const resolved = settings[name];
    if (resolved === undefined)
      throw new Error(`app setting "${name}" is not defined (used as %${name}% in a binding)`);
    return resolved;
  });
}
