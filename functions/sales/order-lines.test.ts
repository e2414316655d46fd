import { checkLines } from './order-lines';

const onSale = new Set(['bread', 'donut']);

describe('checkLines', () => {
  it('keeps distinct lines in order', () => {
    expect(
      checkLines(
        [
          { productId: 'donut', quantity: 3 },
          { productId: 'bread', quantity: 1 },
        ],
        onSale,
        20,
      ),
    ).toEqual({
      kind: 'ok',
      lines: [
        { productId: 'donut', quantity: 3 },
        { productId: 'bread', quantity: 1 },
      ],
    });
  });

  it('merges the same product into its first line, up to the maximum', () => {
    expect(
      checkLines(
        [
          { productId: 'bread', quantity: 19 },
          { productId: 'donut', quantity: 2 },
          { productId: 'bread', quantity: 1 },
        ],
        onSale,
        20,
      ),
    ).toEqual({
      kind: 'ok',
      lines: [
        { productId: 'bread', quantity: 20 },
        { productId: 'donut', quantity: 2 },
      ],
    });
  });

  it('names the later line whose quantity takes the product over the maximum', () => {
    expect(
      checkLines(
        [
          { productId: 'bread', quantity: 20 },
          { productId: 'bread', quantity: 1 },
        ],
        onSale,
        20,
      ),
    ).toEqual({
      kind: 'invalid',
      fields: [{ field: 'lines[1].quantity', message: expect.stringContaining('21') }],
    });
  });

  it('names every product not on sale', () => {
    const result = checkLines(
      [
        { productId: 'pizza', quantity: 1 },
        { productId: 'bread', quantity: 1 },
        { productId: 'cake', quantity: 1 },
      ],
      onSale,
      20,
    );
    expect(result.kind === 'invalid' && result.fields.map((f) => f.field)).toEqual([
      'lines[0].productId',
      'lines[2].productId',
    ]);
  });
});
