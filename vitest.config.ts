import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    env: { TZ: 'UTC', NO_COLOR: '1' },
    // A snapshot is written only when asked (`npx vitest run -u`), then reviewed as a diff: a missing
    // file fails like a changed one, here as in CI, rather than being written from whatever the code
    // draws today. (Vitest's default writes missing snapshots outside CI.)
    update: 'none',
  },
});
