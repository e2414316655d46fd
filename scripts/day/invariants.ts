/**
 * The buying invariant checker (scripts/buying-invariants.ts), as the simulator and the order
 * benchmark call it: once the bakery is quiet, every service's state read and checked.
 */
import type { Runtime } from '../../local/runtime';

export interface InvariantInput {
  customers: Array<{ userId: string; token: string }>;
  staffToken: string;
  dates: string[];
}

export interface InvariantResult {
  violations: string[];
  figures: unknown;
}

type Checker = (runtime: Runtime, input: InvariantInput) => Promise<InvariantResult>;

/** Runs the checker; a missing checker is a violation, never a pass. */
export async function checkInvariants(runtime: Runtime, input: InvariantInput): Promise<InvariantResult> {
  let checker: Checker;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the checker lands from another branch (issue 11); until then it is looked up at run time
    checker = (require('../buying-invariants') as { checkBuyingInvariants: Checker }).checkBuyingInvariants;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { violations: [`the invariant checker could not be loaded: ${reason}`], figures: undefined };
  }
  return checker(runtime, input);
}
