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
  // A worker whose heap passes 512 MB after a file is replaced before its next file. Workers
  // that ran half the suite ended with ~0.8 GB heaps (1 GB RSS), and Node's own teardown of that
  // heap, after the worker had emitted 'exit' with nothing left open, took 0.4-0.6 s: past
  // jest's 500 ms, so jest force-killed it and printed "A worker process has failed to exit
  // gracefully" although nothing leaked. With the limit they end in 60-150 ms; the run takes
  // as long as before (228 s against 208-224 s, 2 workers, load about 2).
  workerIdleMemoryLimit: '512MB',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
