import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contractText, fixtures, packageRoot, tempDir, tempTree } from './helpers.js';

const cli = join(packageRoot, 'src/cli.ts');
// Resolved here, since `--import tsx` resolves from the working directory and the temp repositories have no node_modules.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function run(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return runWith({}, cwd, ...args);
}

function runWith(env: Record<string, string>, cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--conditions=@bookiji/source', '--import', tsx, cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function repository(files: Record<string, string>): string {
  const dir = tempTree(files);
  spawnSync('git', ['init', '-q'], { cwd: dir });
  spawnSync('git', ['add', '.'], { cwd: dir });
  return dir;
}

describe('bookiji-layers outside a git repository', () => {
  it('summarizes every file outside node_modules, and says so rather than naming git', () => {
    const dir = tempTree({ 'docs/operations/OPERATIONAL_LAYERS.md': contractText, 'src/layer-5/a.ts': 'export {};\n', 'dist/a.js': 'export {};\n', 'node_modules/x/index.js': 'export {};\n' });
    // However the temp folder lies, git looks no further up than the project.
    const outsideGit = { GIT_CEILING_DIRECTORIES: dirname(dir) };
    const summary = runWith(outsideGit, dir, 'summary');
    expect(summary.stdout).toMatch(/^2 source files \(every file outside node_modules: not in a git repository\); contract `docs\/operations\/OPERATIONAL_LAYERS\.md`\.\n/);
    expect(summary.stdout).toMatch(/\n {2}Layer 5 Strategic Reflection \(dormant, human-only\) +1\n/);
    // `dormant` checks what git tracks, for CI: outside a repository it says it cannot, with its own exit code.
    const dormant = runWith(outsideGit, dir, 'dormant');
    expect([dormant.code, dormant.stdout, dormant.stderr]).toEqual([3, '', 'bookiji-layers: git ls-files failed: fatal: not a git repository (or any of the parent directories): .git\n']);
  });
});

describe('bookiji-layers dormant', () => {
  it('exits 0 when no tracked source file is in a dormant layer, and 1 listing those that are', () => {
    const dir = repository({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText,
      'src/rollbacks/undo.ts': 'export {};\n',
      'src/layer-4/notes.md': 'Not a source file.\n',
    });
    const clean = run(dir, 'dormant');
    expect(clean.stdout).toBe('No file belongs to a dormant layer, and no schedule runs code in one (1 source file checked (committed, and new files git does not ignore), 0 ignored by the ESLint config).\n');
    expect(clean.stderr).toMatch(/^bookiji-layers: cannot read the ESLint config in .*; using tags and path segments only\n$/);
    expect(clean.code).toBe(0);

    writeFileSync(join(dir, 'src/reflect.mts'), '// @layer 5\nexport {};\n');
    mkdirSync(join(dir, 'src/policy-evolution'));
    writeFileSync(join(dir, 'src/policy-evolution/suggest.js'), 'export {};\n');
    mkdirSync(join(dir, 'src/old-policy-evolution-notes'));
    writeFileSync(join(dir, 'src/old-policy-evolution-notes/draft.ts'), 'export {};\n');
    spawnSync('git', ['add', 'src/reflect.mts', 'src/policy-evolution/suggest.js'], { cwd: dir });
    // A new file counts before it is committed, unless git ignores it.
    writeFileSync(join(dir, '.gitignore'), 'generated/\n');
    mkdirSync(join(dir, 'src/generated/layer-4'), { recursive: true });
    writeFileSync(join(dir, 'src/generated/layer-4/ignored.ts'), 'export {};\n');
    const dirty = run(dir, 'dormant');
    expect(dirty.stdout).toBe(
      [
        'src/old-policy-evolution-notes/draft.ts: Layer 4 (Policy Evolution & Guardrail Improvement; dormant, human-only), decided by path segment `old-policy-evolution-notes`',
        'src/policy-evolution/suggest.js: Layer 4 (Policy Evolution & Guardrail Improvement; dormant, human-only), decided by path segment `policy-evolution`',
        'src/reflect.mts: Layer 5 (Strategic Reflection; dormant, human-only), decided by tag `@layer 5` at line 1',
        '3 files in a dormant layer (4 source files checked (committed, and new files git does not ignore), 0 ignored by the ESLint config).',
        '',
      ].join('\n'),
    );
    expect(dirty.code).toBe(1);
    expect(run(dir, 'dormant', 'src/rollbacks').code).toBe(0);

    rmSync(join(dir, 'docs'), { recursive: true });
    const noContract = run(dir, 'dormant');
    expect(noContract.stderr).toContain('cannot read the contract `docs/operations/OPERATIONAL_LAYERS.md`');
    expect(noContract.code).toBe(3);
  }, 60_000);

  it('uses the settings of the ESLint config found in the working directory', () => {
    const result = run(fixtures, 'dormant', '--json');
    const report = JSON.parse(result.stdout) as { dormant: { file: string; decidedBy: string }[] };
    expect(report.dormant.map((entry) => `${entry.file} ${entry.decidedBy}`)).toEqual([
      'src/policy-evolution/suggest.ts path segment `policy-evolution`',
      'src/reflection.ts tag `@layer 5` at line 1',
    ]);
    expect(result.code).toBe(1);
  }, 60_000);

  it('checks a TypeScript file that a config without TypeScript names nowhere, with the settings a JavaScript file in its place gets, and skips one it ignores', () => {
    const dir = repository({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText,
      'eslint.config.mjs': "export default [{ ignores: ['generated/**', '**/*.d.ts'] }, { settings: { bookiji: { layers: { 4: ['src/policy/**', 'generated/**'] } } } }];\n",
      'src/policy/tune.ts': 'export const tune = 1;\n',
      'src/policy/legacy.js': 'export const legacy = 1;\n',
      // Ignored by a pattern that names TypeScript files alone, while a JavaScript file in its place would be linted.
      'src/policy/auto-imports.d.ts': "export {};\ndeclare global {\n  const tune: typeof import('./tune')['tune'];\n}\n",
      'generated/policy.ts': 'export const generated = 1;\n',
    });
    const result = run(dir, 'dormant', '--json');
    const report = JSON.parse(result.stdout) as { dormant: { file: string; decidedBy: string }[] };
    expect(report.dormant.map((entry) => `${entry.file} ${entry.decidedBy}`)).toEqual(['src/policy/legacy.js glob `src/policy/**` in settings.bookiji.layers', 'src/policy/tune.ts glob `src/policy/**` in settings.bookiji.layers']);
    expect(result.code).toBe(1);
  }, 60_000);
});

describe('bookiji-layers explain', () => {
  it('says which layer each file is in and what decided it', () => {
    const result = run(fixtures, 'explain', 'src/core/guard.ts', 'src/generated/schema.ts', 'src/mistagged.ts', 'src/orphan/util.ts');
    expect(result.stdout).toBe(
      [
        'src/core/guard.ts: Layer 0 (Execution Safety; active), decided by glob `src/core/**` in settings.bookiji.layers',
        'src/generated/schema.ts: no layer, decided by glob `src/generated/**` in settings.bookiji.unlayered',
        'src/mistagged.ts: no layer, decided by no tag, glob or path segment',
        '  problem: src/mistagged.ts:1: tag `@layer 9` names no layer of the contract',
        'src/orphan/util.ts: no layer, decided by no tag, glob or path segment',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);
  }, 60_000);

  it('lists every problem of a malformed contract, as the lint message about it says', () => {
    const dir = repository({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText.replace('**Status**: Active', '**Status**: Sometimes').replace('| Layer 5 | Defined (Dormant) |', '| Layer 5 | Paused |'),
      'src/rollbacks/undo.ts': 'export {};\n',
    });
    const result = run(dir, 'explain', 'src/rollbacks/undo.ts');
    const problems = result.stdout.split('\n').filter((line) => line.startsWith('  problem: '));
    expect(problems).toEqual([
      expect.stringMatching(/^  problem: docs\/operations\/OPERATIONAL_LAYERS\.md:\d+:1: Unexpected status `Paused` for Layer 5 in the overview/),
      expect.stringMatching(/^  problem: docs\/operations\/OPERATIONAL_LAYERS\.md:\d+:1: Unexpected status `Sometimes` for Layer 0, /),
    ]);
    expect(result.code).toBe(0);
  }, 60_000);

  it('exits 2 on usage errors, with one line and the usage', () => {
    for (const args of [['explain'], ['explain', 'no/such/file.ts'], ['watch'], ['dormant', '--fast'], ['summary', '--config', 'no/such/eslint.config.mjs'], ['graph', '--format', 'png'], ['summary', '--format', 'dot'], ['schedules', 'src']]) {
      const result = run(fixtures, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^bookiji-layers: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});

/** A project whose ESLint config lives outside it, as the trial application's did. */
function projectWithOutsideConfig(): { dir: string; config: string } {
  const dir = repository({
    'docs/operations/OPERATIONAL_LAYERS.md': contractText,
    'package.json': JSON.stringify({ name: 'app', private: true, type: 'module', workspaces: ['apps/*', 'packages/*'] }),
    'apps/web/package.json': JSON.stringify({ name: 'web', type: 'module' }),
    'apps/web/tsconfig.json': JSON.stringify({ extends: '@acme/tsconfig/nextjs.json', compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'] } } }),
    'apps/web/src/guards/limit.ts': "import { plan } from '@/reflection/plan';\nimport { notes } from '@acme/notes';\nexport const limit = [plan, notes];\n",
    'apps/web/src/reflection/plan.ts': 'export const plan = 1;\n',
    'apps/web/src/page.ts': "import { limit } from '@/guards/limit';\nimport { rollback } from '@/rollbacks/undo';\nimport { db } from '~/server/db';\nexport const page = [limit, rollback, db];\n",
    'apps/web/src/rollbacks/undo.ts': "import { limit } from '../guards/limit';\nexport const rollback = limit;\n",
    'apps/web/src/billing/a.ts': 'export const a = 1;\n',
    'apps/web/src/billing/b.ts': 'export const b = 1;\n',
    'packages/notes/package.json': JSON.stringify({ name: '@acme/notes', type: 'module', exports: './index.ts' }),
    'packages/notes/index.ts': 'export const notes = 1;\n',
    'scripts/seed.ts': 'export {};\n',
  });
  const config = join(tempDir(), 'eslint.config.mjs');
  writeFileSync(
    config,
    `export default [{ files: ['**/*.ts'] }, { settings: { bookiji: { root: ${JSON.stringify(dir)}, unlayered: ['apps/**'], layers: { 0: ['apps/web/src/guards/**', 'apps/web/src/*/a.ts'], 2: ['apps/web/src/b*/?.ts'], 5: ['apps/web/src/reflection/**', 'apps/web/src/gaurds/**'] } } } }];\n`,
  );
  return { dir, config };
}

describe('bookiji-layers summary', () => {
  it('counts files per layer and per top folder, and lists conflicts, dead globs and imports that cannot be followed, from a config given with --config', () => {
    const { dir, config } = projectWithOutsideConfig();
    // Without the config, every answer is "no layer" but for folder names.
    expect(run(dir, 'explain', 'apps/web/src/guards/limit.ts').stdout).toMatch(/^apps\/web\/src\/guards\/limit\.ts: no layer, decided by no tag, glob or path segment\n/);
    expect(run(dir, 'explain', 'apps/web/src/guards/limit.ts', 'apps/web/src/billing/a.ts', '--config', config).stdout).toBe(
      [
        'apps/web/src/guards/limit.ts: Layer 0 (Execution Safety; active), decided by glob `apps/web/src/guards/**` in settings.bookiji.layers',
        'apps/web/src/billing/a.ts: Layer 0 (Execution Safety; active), decided by glob `apps/web/src/*/a.ts` in settings.bookiji.layers',
        '  conflict: also claimed by the equally specific glob `apps/web/src/b*/?.ts` (Layer 2)',
        '',
      ].join('\n'),
    );
    const result = run(dir, 'summary', '--config', config);
    expect(result.stdout).toBe(
      [
        '8 source files (committed, and new files git does not ignore); contract `docs/operations/OPERATIONAL_LAYERS.md`.',
        '',
        'Files per layer:',
        '  Layer 0 Execution Safety (active)                                           2',
        '  Layer 1 Incident Response & Learning (active, human-only)                   0',
        '  Layer 2 Change Management & Rollbacks (active, human-only)                  1',
        '  Layer 3 Release Confidence & Proof (active, human-only)                     0',
        '  Layer 4 Policy Evolution & Guardrail Improvement (dormant, human-only)      0',
        '  Layer 5 Strategic Reflection (dormant, human-only)                          1',
        '  No layer                                                                    4',
        '',
        'Files in no layer, by top folder:',
        '  apps/web            2',
        '  packages/notes      1',
        '  scripts             1',
        '',
        'Settings that fail their schema: none',
        '',
        'Conflicts between equally specific globs: 1',
        '  `apps/web/src/*/a.ts` (Layer 0), `apps/web/src/b*/?.ts` (Layer 2): 1 file, e.g. apps/web/src/billing/a.ts; the first decides',
        '',
        'Globs that match no file: 1',
        '  `apps/web/src/gaurds/**` in settings.bookiji.layers.5',
        '',
        'Imports the layer rules cannot follow: 2',
        "  `apps/web/tsconfig.json` extends `@acme/tsconfig/nextjs.json`, which cannot be found (File '@acme/tsconfig/nextjs.json' not found.): 1 import resolves to no file. Install the package that provides it (your package manager's install), or fix the path.",
        "  workspace package `@acme/notes` (`packages/notes`) is not linked into node_modules: 1 import, checked through the workspace's manifest meanwhile. Run your package manager's install.",
        '',
        'Auto-imported names the layer rules cannot follow: none',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
    const json = JSON.parse(run(dir, 'summary', '--json', '--config', config).stdout) as { layers: { number: number; files: number }[]; unlayered: Record<string, number>; deadGlobs: unknown[] };
    expect(json.layers.map((layer) => layer.files)).toEqual([2, 0, 1, 0, 0, 1]);
    expect(json.unlayered).toEqual({ 'apps/web': 2, 'packages/notes': 1, scripts: 1 });
    expect(json.deadGlobs).toEqual([{ glob: 'apps/web/src/gaurds/**', key: 'layers.5', base: dir }]);
  }, 60_000);

  it('exits 0 on a project with nothing to report, and 3 without a contract', () => {
    const dir = repository({ 'docs/operations/OPERATIONAL_LAYERS.md': contractText, 'src/rollbacks/undo.js': 'export {};\n' });
    const clean = run(dir, 'summary');
    expect(clean.stdout).toContain('Layer 2 Change Management & Rollbacks (active, human-only)                  1');
    expect(clean.code).toBe(0);
    rmSync(join(dir, 'docs'), { recursive: true });
    expect(run(dir, 'summary').code).toBe(3);
  }, 60_000);

  /** `summary` lists one import the layer rules cannot follow, as `line` reads, and exits 1 so that CI fails. */
  function expectOneImportProblem(dir: string, line: string): void {
    const result = run(dir, 'summary');
    expect(result.stdout).toContain(`Imports the layer rules cannot follow: 1\n  ${line}`);
    expect(result.code).toBe(1);
  }

  it('lists an alias that no tsconfig maps, and exits 1', () => {
    const dir = repository({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText,
      'src/page.ts': "import { db } from '~/server/db';\nimport { more } from '~/server/more';\nexport const page = [db, more];\n",
    });
    expectOneImportProblem(dir, '`~/` imports, which can name no package, are mapped by no tsconfig.json or jsconfig.json from `src` upward: 2 imports resolve to no file. Map `~/*` in `compilerOptions.paths` of the nearest tsconfig.json or jsconfig.json.');
  }, 60_000);

  it('lists a workspace package whose entry is neither built nor mapped to its sources, and exits 1', () => {
    const dir = repository({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText,
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'src/page.ts': "import { policy } from '@acme/core/policy';\nimport { core } from '@acme/core';\nexport const page = [policy, core];\n",
      'packages/core/package.json': JSON.stringify({ name: '@acme/core', exports: { '.': './dist/index.js', './policy': './dist/policy.js' } }),
      'packages/core/src/index.ts': 'export const core = 1;\n',
    });
    mkdirSync(join(dir, 'node_modules/@acme'), { recursive: true });
    symlinkSync(join(dir, 'packages/core'), join(dir, 'node_modules/@acme/core'), 'dir');
    expectOneImportProblem(
      dir,
      "package `@acme/core` (`packages/core`) names `packages/core/dist/policy.js` for `@acme/core/policy`, which is not there, and no source file maps to it: 1 import, placed by the missing path alone. Give the package's tsconfig.json the `outDir` its build writes to and the `rootDir` (or `include`) of its sources, or point its `exports` at its sources; or build it before linting.",
    );
  }, 60_000);
});

describe('bookiji-layers graph', () => {
  it('draws the layers and the imports between them, forbidden ones marked, as Mermaid, DOT, SVG and JSON', () => {
    const { dir, config } = projectWithOutsideConfig();
    const mermaid = run(dir, 'graph', '--config', config);
    expect(mermaid.stdout).toBe(
      [
        '```mermaid',
        'flowchart BT',
        '  L0["Layer 0 · Execution Safety<br/>active · 2 files"]',
        '  L1["Layer 1 · Incident Response #amp; Learning<br/>active, human-only · 0 files"]',
        '  L2["Layer 2 · Change Management #amp; Rollbacks<br/>active, human-only · 1 file"]',
        '  L3["Layer 3 · Release Confidence #amp; Proof<br/>active, human-only · 0 files"]',
        '  L4["Layer 4 · Policy Evolution #amp; Guardrail Improvement<br/>dormant, human-only · 0 files"]',
        '  L5["Layer 5 · Strategic Reflection<br/>dormant, human-only · 1 file"]',
        '  none["No layer<br/>4 files"]',
        '  L0 -.->|"1 import, forbidden: dormant layer"| L5',
        '  L0 -->|"1 import"| none',
        '  none -->|"2 imports"| L0',
        '  classDef dormant stroke-dasharray: 5 5,fill:#f4f4f4,color:#555',
        '  class L4,L5 dormant',
        '  linkStyle 0 stroke:#d1242f,stroke-width:2px,color:#d1242f',
        '```',
        '',
      ].join('\n'),
    );
    expect(mermaid.code).toBe(0);
    const dot = run(dir, 'graph', '--format', 'dot', '--config', config).stdout;
    expect(dot).toContain('  L0 -> L5 [label="1 import, forbidden: dormant layer", color="#d1242f", fontcolor="#d1242f", style=dashed, penwidth=2];\n');
    expect(dot).toContain('  L5 [label="Layer 5 · Strategic Reflection\\ndormant, human-only · 1 file", style="rounded,dashed", color=gray45, fontcolor=gray35];\n');
    const svg = run(dir, 'graph', '--format', 'svg', '--config', config).stdout;
    expect(svg).toMatch(/^<\?xml[^]*<svg[^]*Layer 5 · Strategic Reflection[^]*<\/svg>\n$/);
    const json = JSON.parse(run(dir, 'graph', '--json', '--config', config).stdout) as { edges: { from: string; to: string; forbidden: string | null; example: object }[] };
    expect(json.edges[0]).toEqual({ from: 'L0', to: 'L5', imports: 1, forbidden: 'dormant', example: { file: 'apps/web/src/guards/limit.ts', specifier: '@/reflection/plan' } });
  }, 60_000);

  it('marks an import from a layer into an active layer above it', () => {
    const dir = repository({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText,
      'src/core/guard.js': "import { undo } from '../rollbacks/undo.js';\nexport const guard = undo;\n",
      'src/rollbacks/undo.js': 'export const undo = 1;\n',
      'eslint.config.mjs': "export default [{ settings: { bookiji: { layers: { 0: ['src/core/**'] } } } }];\n",
    });
    expect(run(dir, 'graph').stdout).toContain('  L0 -.->|"1 import, forbidden: upward"| L2\n');
  }, 60_000);

  it('counts the uses of names a Nuxt app imports by itself as imports of the files they come from', () => {
    const dir = repository({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText,
      'package.json': JSON.stringify({ name: 'app', private: true, devDependencies: { nuxt: '^4.0.0' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
      '.nuxt/types/imports.d.ts': "export {}\ndeclare global {\n  const ref: typeof import('vue')['ref']\n  const useDraftPolicy: typeof import('../../composables/draft-policy')['useDraftPolicy']\n}\n",
      '.gitignore': '.nuxt\n',
      'composables/draft-policy.ts': '// @layer 4\nexport const useDraftPolicy = () => 1;\n',
      'pages/index.ts': 'export const count = ref(useDraftPolicy());\n',
      'components/Panel.vue': '<script setup lang="ts">\nconst p = useDraftPolicy();\n</script>\n',
      // A component it registers by itself, rendered by its tag.
      '.nuxt/components.d.ts': "export const PolicyDraft: typeof import('../components/policy/Draft.vue')['default']\nexport {}\n",
      'components/policy/Draft.vue': '<template><p /></template>\n<script setup lang="ts">\n// @layer 4\n</script>\n',
      'pages/plan.vue': '<template>\n  <policy-draft />\n</template>\n',
      'eslint.config.mjs': "export default [{ settings: { bookiji: { layers: { 1: ['pages/**', 'components/**'] } } } }];\n",
    });
    const graph = run(dir, 'graph').stdout;
    expect(graph).toContain('  L1 -.->|"3 imports, forbidden: dormant layer"| L4\n');
    const json = JSON.parse(run(dir, 'graph', '--json').stdout) as { edges: { example: object }[] };
    expect(json.edges.map((edge) => edge.example)).toContainEqual({ file: 'components/Panel.vue', specifier: '../composables/draft-policy.ts' });
    expect(run(dir, 'summary').stdout).toContain('Auto-imported names the layer rules cannot follow: none\n');
    // Before `nuxi prepare`: nothing to follow the names by, and `summary` says so.
    rmSync(join(dir, '.nuxt'), { recursive: true });
    const before = run(dir, 'summary');
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('Auto-imported names the layer rules cannot follow: 1\n  `.` depends on `nuxt`, with none of `.nuxt/types/imports.d.ts`, `.nuxt/types/nitro-imports.d.ts`, `.nuxt/components.d.ts`: `nuxi prepare` (or `nuxi dev` or `nuxi build`) writes them');
  }, 60_000);

  it('counts Vue, Svelte and Astro components, by the tags and imports of their script blocks and what their `<script src>` loads', () => {
    const dir = repository({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText,
      'src/core/check.ts': 'export const check = () => true;\n',
      'src/core/Panel.vue': "<template><Poller /></template>\n<script setup lang=\"ts\">\nimport Poller from '../rollbacks/Poller.svelte';\n</script>\n",
      'src/rollbacks/Poller.svelte': "<script lang=\"ts\">\n  import { check } from '../core/check';\n</script>\n",
      'src/pages/Reflect.astro': "---\n// @layer 5\nimport { check } from '../core/check';\n---\n<p>{check()}</p>\n",
      'src/core/uses.ts': "export { default } from '../pages/Reflect.astro';\n",
      'src/core/Legacy.vue': '<template><p /></template>\n<script src="../rollbacks/legacy.ts"></script>\n',
      'src/rollbacks/legacy.ts': 'export default {};\n',
      'eslint.config.mjs': "export default [{ settings: { bookiji: { layers: { 0: ['src/core/**'] } } } }];\n",
    });
    const graph = run(dir, 'graph').stdout;
    expect(graph).toContain('  L0["Layer 0 · Execution Safety<br/>active · 4 files"]\n');
    // `Panel.vue`'s import of the Svelte component, and the code `Legacy.vue` loads by `<script src>`.
    expect(graph).toContain('  L0 -.->|"2 imports, forbidden: upward"| L2\n');
    expect(graph).toContain('  L0 -.->|"1 import, forbidden: dormant layer"| L5\n');
    expect(graph).toContain('  L2 -->|"1 import"| L0\n');
    expect(graph).toContain('  L5 -->|"1 import"| L0\n');
    expect(run(dir, 'explain', 'src/pages/Reflect.astro').stdout).toBe('src/pages/Reflect.astro: Layer 5 (Strategic Reflection; dormant, human-only), decided by tag `@layer 5` at line 2\n');
    const dormant = run(dir, 'dormant');
    expect([dormant.code, dormant.stdout.split('\n')[0]]).toEqual([1, expect.stringContaining('src/pages/Reflect.astro')]);
  }, 60_000);
});

const schedulesFixture = join(packageRoot, 'tests/fixtures/schedules');

/** The schedules fixture in a git repository of its own, with the contract. */
function schedulesRepository(): string {
  const dir = tempDir();
  cpSync(schedulesFixture, dir, { recursive: true });
  mkdirSync(join(dir, 'docs/operations'), { recursive: true });
  writeFileSync(join(dir, 'docs/operations/OPERATIONAL_LAYERS.md'), contractText);
  spawnSync('git', ['init', '-q'], { cwd: dir });
  spawnSync('git', ['add', '.'], { cwd: dir });
  return dir;
}

describe('bookiji-layers schedules', () => {
  it('ties each schedule declared outside the code to the layer of the code it runs', () => {
    const dir = schedulesRepository();
    const result = run(dir, 'schedules');
    expect(result.stdout).toBe(
      [
        '.github/workflows/nightly.yml:4 job report (0 3 * * *)',
        '  runs apps/web/scripts/report.ts: no layer, decided by no tag, glob or path segment',
        '  runs apps/web/scripts/policy-evolution/tune.mjs: Layer 4 (Policy Evolution & Guardrail Improvement; dormant, human-only), decided by path segment `policy-evolution`: the contract allows no schedule here (dormant layer)',
        '.github/workflows/nightly.yml:4 job ping (0 3 * * *)',
        '  runs apps/web/app/api/cron/reminders/route.ts: Layer 0 (Execution Safety; active), decided by glob `apps/web/app/api/cron/reminders/**` in settings.bookiji.layers',
        'apps/web/vercel.json:3 crons path /api/cron/reminders (0 9 * * *)',
        '  runs apps/web/app/api/cron/reminders/route.ts: Layer 0 (Execution Safety; active), decided by glob `apps/web/app/api/cron/reminders/**` in settings.bookiji.layers',
        'apps/web/vercel.json:4 crons path /api/cron/reflect?week=last (0 6 * * 1)',
        '  runs apps/web/app/api/cron/reflect/route.ts: Layer 5 (Strategic Reflection; dormant, human-only), decided by tag `@layer 5` at line 1: the contract allows no schedule here (dormant layer)',
        'apps/web/vercel.json:5 crons path /api/cron/cleanup (30 2 * * *)',
        '  runs apps/web/app/(jobs)/api/cron/[job]/route.ts: no layer, decided by no tag, glob or path segment',
        'apps/web/vercel.json:6 crons path /api/incidents/escalate (*/15 * * * *)',
        '  runs apps/web/pages/api/incidents/escalate.ts: Layer 1 (Incident Response & Learning; active, human-only), decided by glob `apps/web/pages/api/incidents/**` in settings.bookiji.layers: the contract allows no schedule here (human-only layer)',
        'apps/web/vercel.json:7 crons path /api/nowhere/at-all (0 0 1 * *)',
        '  cannot tell which code it runs: no route of `apps/web` serves `/api/nowhere/at-all` (looked for app/**/route.ts, pages/api and api/)',
        'netlify.toml:4 function digest (@daily)',
        '  runs netlify/functions/digest.ts: no layer, decided by no tag, glob or path segment',
        'workers/cleanup/wrangler.toml:5 main src/index.ts (*/30 * * * *)',
        '  runs workers/cleanup/src/index.ts: Layer 2 (Change Management & Rollbacks; active, human-only), decided by glob `workers/cleanup/**` in settings.bookiji.layers: the contract allows no schedule here (human-only layer)',
        "supabase/migrations/20250101000000_jobs.sql:4 cron job 'escalate-incidents' calls function escalate-incidents (*/10 * * * *)",
        '  runs supabase/functions/escalate-incidents/index.ts: Layer 1 (Incident Response & Learning; active, human-only), decided by glob `supabase/functions/escalate-incidents/**` in settings.bookiji.layers: the contract allows no schedule here (human-only layer)',
        "supabase/migrations/20250101000000_jobs.sql:16 cron job 'purge-holds' (SQL only) (0 * * * *)",
        '  runs no file of this repository',
        '11 schedules: 5 run code in a human-only or dormant layer, 1 cannot be tied to code.',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
    const json = JSON.parse(run(dir, 'schedules', '--json').stdout) as { schedules: { kind: string; runs: { file: string; restricted: string | null }[] }[] };
    expect(json.schedules.map((schedule) => schedule.kind)).toEqual(['github-actions', 'github-actions', 'vercel', 'vercel', 'vercel', 'vercel', 'vercel', 'netlify', 'wrangler', 'supabase', 'supabase']);
  }, 60_000);

  it('are part of `dormant`: a schedule that runs code in a dormant layer fails it', () => {
    const dir = schedulesRepository();
    const result = run(dir, 'dormant');
    expect(result.stdout).toBe(
      [
        'apps/web/app/api/cron/reflect/route.ts: Layer 5 (Strategic Reflection; dormant, human-only), decided by tag `@layer 5` at line 1',
        'apps/web/scripts/policy-evolution/tune.mjs: Layer 4 (Policy Evolution & Guardrail Improvement; dormant, human-only), decided by path segment `policy-evolution`',
        '.github/workflows/nightly.yml:4 job report (0 3 * * *) runs apps/web/scripts/policy-evolution/tune.mjs: Layer 4 (Policy Evolution & Guardrail Improvement; dormant, human-only), decided by path segment `policy-evolution`: the contract allows no schedule here (dormant layer)',
        'apps/web/vercel.json:4 crons path /api/cron/reflect?week=last (0 6 * * 1) runs apps/web/app/api/cron/reflect/route.ts: Layer 5 (Strategic Reflection; dormant, human-only), decided by tag `@layer 5` at line 1: the contract allows no schedule here (dormant layer)',
        '2 files in a dormant layer; 2 schedules run code in a dormant layer (10 source files checked (committed, and new files git does not ignore), 0 ignored by the ESLint config).',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
  }, 60_000);

  it('skip a schedule declared in a folder the ESLint config ignores, as `dormant` skips the source files there', () => {
    const dir = schedulesRepository();
    const config = join(dir, 'eslint.config.mjs');
    writeFileSync(config, readFileSync(config, 'utf8').replace('export default [', "export default [\n  { ignores: ['tests/fixtures/**'] },"));
    mkdirSync(join(dir, 'tests/fixtures/app/app/api/cron/reflect'), { recursive: true });
    writeFileSync(join(dir, 'tests/fixtures/app/vercel.json'), '{\n  "crons": [{ "path": "/api/cron/reflect", "schedule": "0 6 * * 1" }]\n}\n');
    writeFileSync(join(dir, 'tests/fixtures/app/app/api/cron/reflect/route.ts'), '// @layer 5\nexport async function GET() {}\n');
    const schedules = run(dir, 'schedules');
    expect(schedules.stdout).not.toContain('tests/fixtures');
    expect(schedules.stdout).toContain('apps/web/vercel.json:4 crons path /api/cron/reflect?week=last (0 6 * * 1)');
    const dormant = run(dir, 'dormant');
    expect(dormant.stdout).not.toContain('tests/fixtures');
    expect(dormant.stdout).toContain('2 files in a dormant layer; 2 schedules run code in a dormant layer (10 source files checked (committed, and new files git does not ignore), 1 ignored by the ESLint config).');
  }, 60_000);

  it('find no workflow of this repository that schedules work for a dormant layer', () => {
    const repositoryRoot = resolve(packageRoot, '../..');
    const result = run(repositoryRoot, 'schedules', '--json');
    const { schedules } = JSON.parse(result.stdout) as { schedules: { kind: string; source: string; runs: { file: string; layer: { status: string } | null }[] }[] };
    // GitHub runs the workflows of the root's .github/workflows only.
    const workflows = schedules.filter((schedule) => schedule.source.startsWith('.github/workflows/'));
    const dormant = workflows.flatMap((schedule) => schedule.runs.filter((run) => run.layer?.status === 'dormant').map((run) => `${schedule.source} runs ${run.file}`));
    expect(dormant).toEqual([]);
  }, 60_000);
});
