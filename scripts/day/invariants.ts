/**
 * The buying invariant checker (scripts/buying-invariants.ts), as the simulator and the order
 * benchmark call it: once the bakery is quiet, every service's state read and checked.
 */
import type { Runtime } from '../../local/runtime';
import { checkBuyingInvariants } from '../buying-invariants';

export interface InvariantInput {
  customers: Array<{ userId: string; token: string }>;
  staffToken: string;
  dates: string[];
}

export interface InvariantResult {
  violations: string[];
  figures: unknown;
}

/** Runs the buying checker once the bakery is quiet (it waits for runtime.idle() itself). */
export async function checkInvariants(runtime: Runtime, input: InvariantInput): Promise<InvariantResult> {
  return checkBuyingInvariants(runtime, input);
}
