/**
 * One jest run over every package. Tests import `@tokenbridge/*` and
 * `tokenbridge` from their TypeScript sources, so a fresh clone needs no build.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // bench/test holds tests that drive vendors' official clients, which are dev dependencies of bench/ only.
  roots: ['<rootDir>/packages', '<rootDir>/bench'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@tokenbridge/core/spec$': '<rootDir>/packages/core/src/spec.ts',
    '^@tokenbridge/core/adapter$': '<rootDir>/packages/core/src/adapter.ts',
    // Every package of the workspace by its folder name (a new adapter needs no line here).
    '^@tokenbridge/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^tokenbridge$': '<rootDir>/packages/tokenbridge/src/index.ts',
    '^tokenbridge/cli$': '<rootDir>/packages/tokenbridge/src/cli/run.ts',
  },
  // One worker per core. Jest's default (cores - 1) runs every file one after
  // the other on a 2-core machine, although most of a file's time is spent
  // waiting on loopback HTTP: two workers there take about half as long.
  maxWorkers: '100%',
  // A guard against a hang, not a speed check: a test that takes 2 s on an idle
  // machine can take ten times that beside other work (scripts/test-under-load.sh).
  testTimeout: 60_000,
};
