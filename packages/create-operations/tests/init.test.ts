import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseContract, readContract } from '@bookiji/contract';
import { applyPlan, planInit, readProject } from '@bookiji/create-operations';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
// Resolved here: `--import tsx` resolves from the working directory, and the projects have no node_modules.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const cli = (name: string) => join(repositoryRoot, name);

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A project as `npm init -y` leaves it (CommonJS: no `"type"`), with `files` written into it. */
function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'create-operations-'));
  made.push(dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: '@acme/booking-api', version: '1.0.0', scripts: { test: 'echo "Error: no test specified" && exit 1' } }, null, 2)}\n`);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

/** This test's environment without what a package manager running it set: the project's own files decide the package manager. */
const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/iu.test(name)));

function run(script: string, args: readonly string[], cwd: string) {
  return spawnSync(process.execPath, ['--conditions=@bookiji/source', '--import', tsx, cli(script), ...args], { cwd, encoding: 'utf8', env: { ...environment, NO_COLOR: '1' } });
}

const init = (args: readonly string[], cwd: string) => run('packages/create-operations/src/cli.ts', args, cwd);
const snapshot = (dir: string, paths: readonly string[]) => Object.fromEntries(paths.map((path) => [path, existsSync(join(dir, path)) ? readFileSync(join(dir, path), 'utf8') : null]));
const written = ['docs/operations/OPERATIONAL_LAYERS.md', 'docs/operations/CHANGELOG.md', 'eslint.config.mjs', '.remarkrc.mjs', 'proof.config.ts', 'package.json', '.gitignore'];

describe('create-operations', () => {
  it('writes a contract with the project name and the seven documents, which the tools accept as written', () => {
    const dir = project();
    const result = init(['--no-install'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { contract, diagnostics } = readContract(join(dir, 'docs/operations/OPERATIONAL_LAYERS.md'));
    expect(diagnostics).toEqual([]);
    expect(readFileSync(join(dir, 'docs/operations/OPERATIONAL_LAYERS.md'), 'utf8')).toContain('booking-api runs its operations in six layers.');
    const documents = contract.layers.flatMap((layer) => layer.documentation);
    expect(documents).toHaveLength(7);
    for (const path of documents) expect(existsSync(join(dir, path)), path).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts).toMatchObject({ 'docs-lint': 'docs-lint', proof: 'bookiji-proof' });
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^reports\/$/mu);
    expect(result.stdout).toContain('npm install --save-dev @bookiji/eslint-plugin @bookiji/remark-preset-operations @bookiji/proof eslint');

    // The project has not installed the preset its .remarkrc.mjs names; docs-lint needs no configuration.
    const lint = run('packages/remark-preset-operations/src/cli.ts', ['--no-config', '--frail'], dir);
    expect(lint.stderr).not.toMatch(/warning|error/u);
    expect(lint.status).toBe(0);
    const layers = run('packages/contract/src/cli.ts', [], dir);
    expect(layers.status).toBe(0);
  });

  it('gives the same layers as the contract it is modelled on', () => {
    const template = readFileSync(new URL('../templates/docs/operations/OPERATIONAL_LAYERS.md', import.meta.url), 'utf8');
    const summary = (text: string) =>
      parseContract(text).contract.layers.map(({ number, name, status, documentation, prohibitions, humanOnly, scope }) => ({ number, name, status, documentation, prohibitions, humanOnly, scope }));
    const own = readFileSync(join(repositoryRoot, 'docs/operations/OPERATIONAL_LAYERS.md'), 'utf8');
    expect(summary(template)).toEqual(summary(own));
  });

  it('fails the docs linter with a message naming the document when one is removed', () => {
    const dir = project();
    expect(init(['--no-install'], dir).status).toBe(0);
    rmSync(join(dir, 'docs/operations/ROLLBACKS.md'));
    const lint = run('packages/remark-preset-operations/src/cli.ts', ['--no-config'], dir);
    expect(lint.status).toBe(1);
    expect(lint.stdout + lint.stderr).toContain('docs/operations/ROLLBACKS.md');
  });

  it('changes nothing when run again, and nothing at all with --dry-run', () => {
    const dir = project();
    const dry = init(['--dry-run'], dir);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Plan (nothing is changed with --dry-run):');
    expect(dry.stdout).toMatch(/^create\s+eslint\.config\.mjs/mu);
    expect(snapshot(dir, written)).toMatchObject({ 'eslint.config.mjs': null, 'docs/operations/OPERATIONAL_LAYERS.md': null });

    expect(init(['--no-install'], dir).status).toBe(0);
    const before = snapshot(dir, written);
    const again = init(['--no-install'], dir);
    expect(again.status).toBe(0);
    // Nothing left to do either: the remark configuration it wrote already has the preset.
    expect(again.stdout).not.toMatch(/^(?:create|update|manual)\s/mu);
    expect(again.stdout).toMatch(/^keep\s+\.remarkrc\.mjs: already uses @bookiji\/remark-preset-operations$/mu);
    expect(snapshot(dir, written)).toEqual(before);
  });

  it("leaves a remark configuration of the project's own to the person, unless it has the preset", async () => {
    const own = planInit(await readProject(project({ '.remarkrc.json': '{ "plugins": ["remark-preset-lint-recommended"] }\n' })));
    expect(own.changes.find((change) => change.path === '.remarkrc.json')).toMatchObject({ action: 'manual' });
    const inManifest = planInit(await readProject(project({ 'package.json': JSON.stringify({ name: 'app', remarkConfig: { plugins: ['@bookiji/remark-preset-operations'] } }) })));
    expect(inManifest.changes.find((change) => change.path === 'package.json' && change.action === 'keep')).toMatchObject({ detail: 'already uses @bookiji/remark-preset-operations' });
  });

  it('never overwrites a file the project has, and adds the rules to an existing flat config', async () => {
    const flat = "import { defineConfig } from 'eslint/config';\n\nexport default defineConfig({ rules: { 'no-console': 'error' } });\n";
    const dir = project({ 'eslint.config.js': flat, '.gitignore': 'dist' });
    const plan = planInit(await readProject(dir));
    applyPlan(plan);
    const config = readFileSync(join(dir, 'eslint.config.js'), 'utf8');
    expect(config).toContain("import bookiji from '@bookiji/eslint-plugin'");
    expect(config).toMatch(/defineConfig\(\{[\s\S]*\}, bookiji\.configs\.recommended\)/u);
    expect(config).toContain("'no-console': 'error'");
    expect(existsSync(join(dir, 'eslint.config.mjs'))).toBe(false);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('dist\nreports/\n');
    expect(plan.changes.find((change) => change.path === 'eslint.config.js')).toMatchObject({ action: 'update' });
  });

  it('says what to add by hand when it cannot read the flat config', async () => {
    const cjs = "const base = require('./base.cjs');\nmodule.exports = base;\n";
    const dir = project({ 'eslint.config.cjs': cjs });
    const result = init(['--no-install'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^manual\s+eslint\.config\.cjs: could not add the rules to this config: import bookiji from '@bookiji\/eslint-plugin'/mu);
    expect(readFileSync(join(dir, 'eslint.config.cjs'), 'utf8')).toBe(cjs);
  });

  it('uses the package manager the project uses, and TypeScript when it has it', async () => {
    const dir = project({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'tsconfig.json': '{}' });
    const plan = planInit(await readProject(dir));
    expect(plan.install).toEqual(['pnpm', 'add', '--save-dev', '@bookiji/eslint-plugin', '@bookiji/remark-preset-operations', '@bookiji/proof', 'eslint', 'typescript-eslint']);
    const proof = plan.changes.find((change) => change.path === 'proof.config.ts')?.text ?? '';
    // The proof's PATH starts with node_modules/.bin: a tool named as it is, never through a runner that could download it.
    expect(proof).toContain("command: ['docs-lint']");
    expect(proof).toContain("command: ['bookiji-layers', 'dormant']");
    expect(proof).not.toMatch(/npx|bunx|'exec'/u);
    expect(proof).toMatch(/id: 'clean-tree',[^}]*\}[^}]*precondition: true,/u);
    expect(plan.changes.find((change) => change.path === 'eslint.config.mjs')?.text).toContain('parser: tseslint.parser');
  });

  it('refuses a folder without package.json with exit code 2 and one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'create-operations-empty-'));
    made.push(dir);
    const result = init([], dir);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('No package.json');
    expect(init(['--bogus'], dir).status).toBe(2);
  });
});
