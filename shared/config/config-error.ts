/** Thrown once at start-up when settings are missing or wrong; the message lists every problem. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** A value that a cross-field rule already proved present (a failure here is a bug in the rules). */
export function checked(value: string | undefined): string {
  if (value === undefined) throw new Error('settings: a cross-field rule let a required value through');
  return value;
}
