/**
 * Tests sit beside the behaviour they test (`*.test.ts`); cross-cutting ones in test/.
 * ts-jest only transpiles (isolatedModules, set in tsconfig.json): `npm test` type-checks the
 * whole project with tsc first. (Not @swc/jest: its native binaries for other platforms are missing from the registry
 * this project installs from, which breaks `npm ci` on the lockfile.)
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }] },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Integration tests start local servers (Graph, Bot Connector, Azurite, Chromium).
  testTimeout: 60_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
