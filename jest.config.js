/**
 * Tests sit beside the behaviour they test (`*.test.ts`); cross-cutting ones in test/.
 * @swc/jest only transpiles: `npm test` type-checks the whole project with tsc first.
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Integration tests start local servers (Graph, Bot Connector, Azurite, Chromium).
  testTimeout: 60_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
