import { readdirSync, readFileSync, existsSync } from 'node:fs';
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
    // `npx pnpm test` (the whole suite in one run) and the plugin's `test:eslint10` give vitest every core with `--maxWorkers=100%`: its
    // default keeps one for the main process, which on two cores runs the files one at a time while
    // most tests wait on their child processes (443 s there, against 369 s with two workers). A
    // package's own `test` script, which `turbo run test` runs two at a time, keeps the default.
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
