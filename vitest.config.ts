import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // expect.poll waits for something to happen; on a loaded CI machine a second is not always enough.
    expect: { poll: { timeout: 10_000 } },
  },
});
