import * as path from 'node:path';
import { ConfigError } from './config-error';
import { loadBakeryConfig, parseBakeryConfig } from './bakery-config';

const defaultConfig = () => loadBakeryConfig(path.resolve(__dirname, '../../bakery.config.json'));

function problemsOf(mutate: (config: Record<string, any>) => void): string[] {
  const config = structuredClone(defaultConfig()) as Record<string, any>;
  mutate(config);
  try {
    parseBakeryConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected the configuration to be refused');
}

describe('bakery configuration', () => {
  it('ships a default bakery of at least five products, with bread and donut as in the brief', () => {
    const config = defaultConfig();
    expect(config.products.length).toBeGreaterThanOrEqual(5);
    expect(config.products.find((p) => p.id === 'bread')).toMatchObject({
      bakeEveryMinutes: 30,
      batchSize: 5,
      shelfLifeMinutes: null,
    });
    expect(config.products.find((p) => p.id === 'donut')).toMatchObject({
      bakeEveryMinutes: 1,
      batchSize: 1,
      shelfLifeMinutes: 25,
    });
  });

  it.each([
    [
      'a fractional price',
      (c: any) => (c.products[0].price = 7.5),
      'bakery.config.json: products[0].price: must be whole cents',
    ],
    [
      'a zero batch',
      (c: any) => (c.products[1].batchSize = 0),
      'bakery.config.json: products[1].batchSize: must be a positive integer',
    ],
    [
      'an unknown zone',
      (c: any) => (c.timeZone = 'Mars/Olympus'),
      'bakery.config.json: timeZone: must be an IANA time zone like "Australia/Sydney"',
    ],
    [
      'closing before opening',
      (c: any) => (c.closesAt = '06:00'),
      'bakery.config.json: closesAt: must be after opensAt (07:00)',
    ],
    [
      'a duplicate product',
      (c: any) => c.products.push({ ...c.products[0] }),
      'bakery.config.json: products[5].id: "bread" is listed twice',
    ],
    [
      'a discount over 100%',
      (c: any) => (c.products[2].closingDiscountPercent = 120),
      'bakery.config.json: products[2].closingDiscountPercent',
    ],
    ['an unknown setting', (c: any) => (c.products[0].colour = 'brown'), 'bakery.config.json: products[0]'],
    [
      'a fractional bank limit',
      (c: any) => (c.bank.maxDeposit = 10.5),
      'bakery.config.json: bank.maxDeposit: must be a whole number',
    ],
    [
      'a deposit limit above the balance limit',
      (c: any) => (c.bank = { maxDeposit: 500, maxBalance: 100 }),
      'bakery.config.json: bank.maxDeposit: must not be more than maxBalance',
    ],
  ])('refuses %s, naming the setting', (_label, mutate, expected) => {
    expect(problemsOf(mutate).join('\n')).toContain(expected);
  });

  it('gives the bank its default limits when the file names none', () => {
    const config = structuredClone(defaultConfig()) as Record<string, unknown>;
    delete config.bank;
    expect(parseBakeryConfig(config).bank).toEqual({ maxDeposit: 100_000, maxBalance: 1_000_000 });
    expect(defaultConfig().bank).toEqual({ maxDeposit: 100_000, maxBalance: 1_000_000 });
  });

  it('names the setting when the file is missing or not JSON', () => {
    expect(() => loadBakeryConfig('/nonexistent/bakery.json')).toThrow(/BAKERY_CONFIG: cannot read/);
  });
});
