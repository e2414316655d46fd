import {
  badRequest,
  BakeryError,
  conflict,
  fieldErrorsFrom,
  forbidden,
  isBakeryError,
  notFound,
  unauthorized,
  unavailable,
  unprocessable,
} from './errors';

describe('BakeryError', () => {
  it('carries a stable code, a status, the fields and the cause', () => {
    const cause = new Error('412 precondition failed');
    const error = new BakeryError({
      code: 'BAKERY_INSUFFICIENT_FUNDS',
      status: 409,
      message: 'Not enough money.',
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(isBakeryError(error)).toBe(true);
    expect(isBakeryError(cause)).toBe(false);
    expect(error).toMatchObject({
      name: 'BakeryError',
      code: 'BAKERY_INSUFFICIENT_FUNDS',
      status: 409,
      message: 'Not enough money.',
      cause,
    });
    expect(error.fields).toBeUndefined();
  });

  it.each([
    [badRequest([{ field: 'amount', message: 'Too small' }]), 400, 'BAKERY_INVALID_REQUEST'],
    [unauthorized('No token.'), 401, 'BAKERY_UNAUTHORIZED'],
    [forbidden('Staff only.'), 403, 'BAKERY_FORBIDDEN'],
    [notFound('Order 7'), 404, 'BAKERY_NOT_FOUND'],
    [conflict('Changed meanwhile.'), 409, 'BAKERY_CONFLICT'],
    [
      unprocessable('Same key, other body.', 'BAKERY_IDEMPOTENCY_KEY_REUSED'),
      422,
      'BAKERY_IDEMPOTENCY_KEY_REUSED',
    ],
    [unavailable('Cosmos is throttling.'), 503, 'BAKERY_UNAVAILABLE'],
  ])('%s has status %i and code %s', (error, status, code) => {
    expect(error).toMatchObject({ status, code });
  });

  it('carries a retry-after for a 503 only when given, as whole seconds', () => {
    expect(unavailable('JWKS down.', undefined, 30).retryAfterSeconds).toBe(30);
    expect(unavailable('Not configured.').retryAfterSeconds).toBeUndefined();
    expect(() => unavailable('x', undefined, 1.5)).toThrow(RangeError);
    expect(() => unavailable('x', undefined, -1)).toThrow(RangeError);
  });

  it('keeps the fields of a bad request', () => {
    expect(badRequest([{ field: 'lines', message: 'At least one line.' }]).fields).toEqual([
      { field: 'lines', message: 'At least one line.' },
    ]);
    expect(notFound('Order 7').message).toBe('Order 7 was not found.');
  });
});

describe('fieldErrorsFrom', () => {
  it('writes paths the way a client reads them', () => {
    expect(
      fieldErrorsFrom([
        { path: ['lines', 2, 'productId'], message: 'Required' },
        { path: [], message: 'Expected object' },
        {
          path: ['customer'],
          code: 'unrecognized_keys',
          keys: ['nickname', 'age'],
          message: 'Unrecognized keys',
        },
      ]),
    ).toEqual([
      { field: 'lines[2].productId', message: 'Required' },
      { field: '(body)', message: 'Expected object' },
      { field: 'customer.nickname', message: 'Unknown field.' },
      { field: 'customer.age', message: 'Unknown field.' },
    ]);
  });
});
