/** Test tiers by file suffix: *.test.ts (unit), *.int.test.ts (local runtime), *.e2e.test.ts (browser). */
const transform = {
  '^.+\\.[tj]s$': [
    '@swc/jest',
    { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
  ],
};
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The real worker injects @azure/functions-core; locally our runtime provides it.
  moduleNameMapper: { '^@azure/functions-core$': '<rootDir>/local/host/functions-core.ts' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // jose 6 and oidc-provider 9 ship only as ES modules: let swc turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(jose|oidc-provider)/)'],
};
module.exports = {
  // A guard against a hung test, not a speed target: int tests start the whole runtime, and on a
  // loaded 2-core machine a healthy start has taken over 5 s (jest's default).
  testTimeout: 20_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: [
        ...common.testPathIgnorePatterns,
        '\\.int\\.test\\.ts$',
        '\\.e2e\\.test\\.ts$',
      ],
    },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/**/*.int.test.ts'] },
  ],
};
