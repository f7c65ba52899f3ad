import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLOW_TEST_TIMEOUT } from './helpers.js';

// @bookiji/proof as another project has it: built as `pnpm build` builds it,
// in the project's node_modules with the files it publishes (dist beside the
// src it also ships), run from its bin and through its public API, in an ES
// module project and a CommonJS one. Each configuration form the README
// documents is checked here, and the README's own proof.config.ts.

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
const work = realpathSync(mkdtempSync(join(tmpdir(), 'bookiji-proof-installed-')));
const git = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();

/** The package's published files with a fresh build, and its dependencies where a package manager puts them. */
function stagePackage(): string {
  const staged = join(work, 'package');
  const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { files: string[] };
  mkdirSync(staged);
  for (const entry of ['package.json', 'README.md', ...manifest.files.filter((file) => !file.startsWith('!') && file !== 'dist')]) {
    cpSync(join(packageRoot, entry), join(staged, entry), { recursive: true });
  }
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', join(packageRoot, 'tsconfig.build.json'), '--outDir', join(staged, 'dist')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  symlinkSync(join(packageRoot, 'node_modules'), join(staged, 'node_modules'));
  return staged;
}

const steps = `[
    { id: 'clean-tree', title: 'Clean', command: ['git', 'status', '--porcelain=v1'], timeoutSeconds: 60, pass: { exitCode: 0, output: 'empty' }, precondition: true },
    { id: 'test', title: 'Tests', command: ['node', '--test'], timeoutSeconds: 600, pass: { exitCode: 0 } },
  ]`;
const environment = "{ allow: ['HOME', 'PATH'] }";
const importType = "import type { ProofConfig } from '@bookiji/proof';";

/** Each form of the README's configuration rules, and whether the check accepts it. */
const FORMS: Record<string, { source: string; accepted: true | RegExp }> = {
  satisfies: { source: `${importType}\nexport default { steps: ${steps}, environment: ${environment} } satisfies ProofConfig;\n`, accepted: true },
  'as-const': { source: `export default { steps: ${steps}, environment: ${environment} } as const;\n`, accepted: true },
  'as-const-satisfies': { source: `${importType}\nexport default { steps: ${steps}, environment: ${environment} } as const satisfies ProofConfig;\n`, accepted: true },
  annotated: { source: `${importType}\nconst config: ProofConfig = { steps: ${steps}, environment: ${environment} };\nexport default config;\n`, accepted: true },
  'extensionless-import': {
    source: `${importType}\nimport { steps } from './steps';\nexport default { steps, environment: ${environment} } satisfies ProofConfig;\n`,
    accepted: true,
  },
  plain: {
    source: `export default { steps: ${steps}, environment: ${environment} };\n`,
    accepted: /^proof\.config\.ts:1:1: TS2322 Unexpected default export that is not a `ProofConfig`, expected one \(write it as `export default \{ … \} satisfies ProofConfig`, or with `as const`, so the literal keeps its exact types\): .*Type 'string\[\]' is not assignable to type 'readonly \[string, \.\.\.string\[\]\]'/,
  },
  'no-default-export': {
    source: `${importType}\nexport const config = { steps: ${steps}, environment: ${environment} } satisfies ProofConfig;\n`,
    accepted: /^proof\.config\.ts:1:1: TS2613 Unexpected file without a default export, expected the configuration as `export default \{ … \} satisfies ProofConfig`$/,
  },
  'no-environment': {
    source: `${importType}\nexport default { steps: ${steps} } satisfies ProofConfig;\n`,
    accepted: /^proof\.config\.ts:\d+:\d+: TS1360 .*Property 'environment' is missing/,
  },
  'precondition-not-boolean': {
    source: `${importType}\nexport default { steps: [{ id: 'one', title: 'One', command: ['true'], timeoutSeconds: 1, pass: { exitCode: 0 }, precondition: 'yes' }], environment: ${environment} } satisfies ProofConfig;\n`,
    accepted: /^proof\.config\.ts:\d+:\d+: TS2322 Type 'string' is not assignable to type 'boolean \| undefined'/,
  },
  'node-globals': {
    source: `${importType}\nexport default { steps: ${steps}, environment: { allow: [process.env.PROOF_HOME ?? 'HOME'] } } satisfies ProofConfig;\n`,
    accepted: /^proof\.config\.ts:5:\d+: TS2591 Cannot find name 'process'/,
  },
};

interface Project {
  readonly root: string;
  readonly env: Record<string, string>;
}

/** A project of the given module kind with @bookiji/proof installed. */
function project(name: string, manifest: Record<string, unknown>, staged: string): Project {
  const root = join(work, name);
  mkdirSync(join(root, 'node_modules', '@bookiji'), { recursive: true });
  mkdirSync(join(root, 'node_modules', '.bin'));
  writeFileSync(join(root, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', ...manifest }, null, 2)}\n`);
  cpSync(staged, join(root, 'node_modules', '@bookiji', 'proof'), { recursive: true });
  symlinkSync('../@bookiji/proof/bin/bookiji-proof.js', join(root, 'node_modules', '.bin', 'bookiji-proof'));
  for (const [form, { source }] of Object.entries(FORMS)) {
    mkdirSync(join(root, 'forms', form), { recursive: true });
    writeFileSync(join(root, 'forms', form, 'proof.config.ts'), source);
  }
  writeFileSync(join(root, 'forms', 'extensionless-import', 'steps.ts'), `export const steps = ${steps} as const;\n`);
  const bin = join(work, 'bin');
  const env = { PATH: [join(root, 'node_modules', '.bin'), bin].join(delimiter), HOME: join(root, '.home'), TMPDIR: process.env.TMPDIR ?? tmpdir(), GIT_CONFIG_NOSYSTEM: '1' };
  const init = spawnSync('git', ['init', '-q'], { cwd: root, env });
  if (init.status !== 0) throw new Error(`git init: ${init.stderr.toString()}`);
  return { root, env };
}

/** What the installed package's `loadConfig` says of each form, in one Node process. */
function checkForms(target: Project, forms: readonly string[]): Record<string, { ok: boolean; messages: string[] }> {
  const script = [
    "import { loadConfig } from '@bookiji/proof';",
    'const results = {};',
    `for (const form of ${JSON.stringify(forms)}) {`,
    "  const result = await loadConfig(`${process.cwd()}/forms/${form}`);",
    '  results[form] = { ok: result.ok, messages: result.ok ? [] : result.messages };',
    '}',
    'console.log(JSON.stringify(results));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: target.root, env: target.env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`loadConfig failed:\n${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, { ok: boolean; messages: string[] }>;
}

let staged: string;

// A build and a handful of Node processes, each loading the compiler cold.
describe('@bookiji/proof installed in another project', { timeout: SLOW_TEST_TIMEOUT }, () => {
  beforeAll(() => {
    mkdirSync(join(work, 'bin'));
    symlinkSync(process.execPath, join(work, 'bin', 'node'));
    symlinkSync(git, join(work, 'bin', 'git'));
    staged = stagePackage();
  }, SLOW_TEST_TIMEOUT);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  for (const [kind, name, manifest] of [
    ['an ES module project', 'esm-project', { type: 'module' }],
    ['a CommonJS project', 'commonjs-project', {}],
  ] as const) {
    describe(kind, () => {
      let target: Project;
      beforeAll(() => {
        target = project(name, manifest, staged);
      }, SLOW_TEST_TIMEOUT);

      it('type-checks, loads and validates each documented form of the configuration, and refuses the others', () => {
        const results = checkForms(target, Object.keys(FORMS));
        for (const [form, { accepted }] of Object.entries(FORMS)) {
          const result = results[form];
          if (accepted === true) {
            expect([form, result]).toEqual([form, { ok: true, messages: [] }]);
          } else {
            expect([form, result?.ok]).toEqual([form, false]);
            expect(result?.messages[0]).toMatch(accepted);
          }
        }
      });

      it("refuses Node's globals even when the project has @types/node: a configuration does not read the operator's shell", () => {
        mkdirSync(join(target.root, 'node_modules', '@types'));
        symlinkSync(realpathSync(join(packageRoot, 'node_modules', '@types', 'node')), join(target.root, 'node_modules', '@types', 'node'));
        try {
          const results = checkForms(target, ['node-globals', 'satisfies']);
          expect(results['node-globals']?.messages).toEqual([expect.stringMatching(FORMS['node-globals']?.accepted as RegExp)]);
          expect(results.satisfies).toEqual({ ok: true, messages: [] });
        } finally {
          rmSync(join(target.root, 'node_modules', '@types'), { recursive: true });
        }
      });

      it("lists the steps of the README's proof.config.ts through the installed bookiji-proof", () => {
        const block = /```ts adopt title="proof\.config\.ts"\n([\s\S]*?)\n```/u.exec(readme)?.[1];
        expect(block).toBeDefined();
        writeFileSync(join(target.root, 'proof.config.ts'), `${block}\n`);
        const run = spawnSync('bookiji-proof', ['--list'], { cwd: target.root, env: target.env, encoding: 'utf8' });
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(/^1\. clean-tree: The working tree is clean and HEAD is a commit\n/);
        expect(run.stdout).toContain('a precondition: its failure stops the run');
      });
    });
  }
});
