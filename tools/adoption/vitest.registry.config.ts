import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The registry test on its own: it publishes, installs from the network and takes minutes, so the
// everyday `pnpm test` leaves it out; `pnpm test:adoption` (and .ci/run) runs it.
export default defineConfig({
  resolve: { conditions: ['@bookiji/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@bookiji/source', 'module', 'node', 'import', 'default'] } },
  test: {
    name: '@bookiji/adoption-tests (registry)',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['registry/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    reporters: ['default', 'json'],
    outputFile: { json: join(root, 'node_modules/.cache/vitest/adoption.json') },
  },
});
