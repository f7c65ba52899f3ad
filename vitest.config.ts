import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources under this condition,
// so tests always exercise the current code without a build step.
const sourceCondition = '@bookiji/source';

const root = fileURLToPath(new URL('.', import.meta.url));

const workspaceFolders = ['packages', 'tools'].flatMap((group) =>
  existsSync(join(root, group))
    ? readdirSync(join(root, group), { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'tests')))
        .map((entry) => join(root, group, entry.name))
    : [],
);

function packageName(folder: string): string {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name: string };
  return manifest.name;
}

export default defineConfig({
  resolve: { conditions: [sourceCondition, 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: [sourceCondition, 'module', 'node', 'import', 'default'] } },
  test: {
    // The JSON report gives CI its closing `N passed, N failed` line.
    // Property tests and CLI spawns share two cores with everything else CI runs.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest keeps a core for its own process (cpus - 1 workers). On two cores that runs the test
    // files one at a time while the main process idles and many tests wait on their child
    // processes: two workers took the suite from 443 s to 343 s there, as `turbo run test` already
    // runs two packages' suites at once.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', 'json'],
    outputFile: { json: join(root, 'node_modules/.cache/vitest/report.json') },
    projects: workspaceFolders.map((folder) => ({
      extends: true,
      test: {
        name: packageName(folder),
        root: folder,
        include: ['tests/**/*.test.ts'],
      },
    })),
  },
});
