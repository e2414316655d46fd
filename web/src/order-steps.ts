import type { OrderStatus } from './api';

export function isFinal(status: OrderStatus): boolean {
  switch (status) {
    case 'completed':
    case 'rejected':
    case 'cancelled':
      return true;
    case 'placed':
    case 'reserved':
    case 'paid':
      return false;
  }
}

export type StepState = 'done' | 'current' | 'failed' | 'pending';
export const STEPS = [
  { key: 'placed', label: 'Placed', doing: 'Sending your order…' },
  { key: 'reserved', label: 'Set aside', doing: 'Setting your items aside…' },
  { key: 'paid', label: 'Paid', doing: 'Taking the payment…' },
  { key: 'received', label: 'Received', doing: 'Handing your items over…' },
] as const;

/** How far the order got: steps done, the one under way, the one that failed. */
export function stepStates(status: OrderStatus | undefined): StepState[] {
  const reached = (n: number, failedAt?: number): StepState[] =>
    STEPS.map((_, i) =>
      i < n ? 'done' : i === failedAt ? 'failed' : i === n && failedAt === undefined ? 'current' : 'pending',
    );
  switch (status) {
    case undefined:
      return reached(0);
    case 'placed':
      return reached(1);
    case 'reserved':
      return reached(2);
    case 'paid':
      return reached(3);
    case 'completed':
      return reached(4);
    case 'rejected':
      return reached(1, 1);
    case 'cancelled':
      return reached(2, 2);
  }
}
