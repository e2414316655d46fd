/**
 * Synthetic customers at the bakery's public edges, as a person's client would do it: sign up (the
 * event auth publishes on a first sign-in), read the menu, put money in the bank, place an order
 * with an Idempotency-Key, and later look at it. Used by scripts/simulate-day.ts and
 * scripts/bench-orders.ts.
 */
import type { Runtime } from '../../local/runtime';
import type { TestIssuer } from '../../local/dev/token-issuer';
import { toIso } from '../../shared/clock';
import { createBakeryEvent, toMessage, topicOf } from '../../shared/events';
import type { OrderLine } from './customers';

export interface Customer {
  userId: string;
  name: string;
  token: string;
}

export interface Reply {
  status: number;
  /** Parsed JSON (the text when it is not JSON); callers that know its shape narrow it. */
  body: unknown;
}

export async function api(
  runtime: Runtime,
  method: string,
  route: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await fetch(`${runtime.baseUrl}${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

/** GET that must answer 200. */
export async function read(runtime: Runtime, route: string, token?: string): Promise<unknown> {
  const reply = await api(runtime, 'GET', route, token);
  if (reply.status !== 200)
    throw new Error(`GET ${route} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/**
 * Customers who have signed in once: each gets a token from the issuer (on the real clock, as the
 * verifier checks it), and `user.signed-up` goes out on the auth topic as auth publishes it on a
 * first sign-in, so the bank opens their account. Resolves once every account is open.
 */
export async function signUp(
  runtime: Runtime,
  issuer: TestIssuer,
  people: Array<{ userId: string; name: string }>,
  tokenSeconds: number,
): Promise<Customer[]> {
  const customers = await Promise.all(
    people.map(async (p) => ({
      ...p,
      token: await issuer.token({ sub: p.userId, name: p.name }, { expiresInSeconds: tokenSeconds }),
    })),
  );
  const signedUpAt = toIso(runtime.clock.now());
  for (const c of customers) {
    const event = createBakeryEvent(
      'bakery.user.signed-up.v1',
      { userId: c.userId, name: c.name, signedUpAt },
      { clock: runtime.clock, id: `${c.userId}:signed-up` },
    );
    await runtime.bus.send(topicOf(event.type), toMessage(event));
  }
  await runtime.idle();
  for (const c of customers) {
    const account = await api(runtime, 'GET', '/api/bank/accounts/me', c.token);
    if (account.status !== 200)
      throw new Error(
        `${c.userId}: no bank account after sign-up (${account.status} ${JSON.stringify(account.body)})`,
      );
  }
  return customers;
}

export async function deposit(
  runtime: Runtime,
  customer: Customer,
  amount: number,
  key: string,
): Promise<void> {
  const reply = await api(
    runtime,
    'POST',
    '/api/bank/accounts/me/deposits',
    customer.token,
    { amount },
    {
      'idempotency-key': key,
    },
  );
  if (reply.status !== 201)
    throw new Error(
      `${customer.userId}: deposit of ${amount} answered ${reply.status}: ${JSON.stringify(reply.body)}`,
    );
}

/** POST /api/orders; the 202 body's id, or the refusal. */
export async function placeOrder(
  runtime: Runtime,
  customer: Customer,
  lines: OrderLine[],
  key: string,
): Promise<{ id: string } | { refused: number; body: unknown }> {
  const reply = await api(
    runtime,
    'POST',
    '/api/orders',
    customer.token,
    { lines },
    { 'idempotency-key': key },
  );
  const id = (reply.body as { id?: unknown } | undefined)?.id;
  if (reply.status === 202 && typeof id === 'string') return { id };
  return { refused: reply.status, body: reply.body };
}

export const FINAL_STATUSES = new Set(['completed', 'rejected', 'cancelled']);
