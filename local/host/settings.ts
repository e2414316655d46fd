/** Resolves `%NAME%` app-setting expressions in binding options, as the Functions host does. */
export function resolveSetting(value: string, settings: Readonly<Record<string, string | undefined>>): string {
  return value.replace(/%([^%]+)%/g, (_, name: string) => {
    const resolved = settings[name];
    if (resolved === undefined) throw new Error(`app setting "${name}" is not defined (used as %${name}% in a binding)`);
    return resolved;
  });
}
