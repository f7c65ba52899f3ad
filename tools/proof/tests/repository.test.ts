import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadProofStepIds } from '../src/index.js';
import { stepEnvironment } from '../src/environment.js';
import { configSource, makeRepo, node, runCli, SLOW_TEST_TIMEOUT } from './helpers.js';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe("the repository's proof configuration", { timeout: SLOW_TEST_TIMEOUT }, () => {
  it('declares the ten agreed steps in order', async () => {
    expect(await loadProofStepIds(repositoryRoot)).toEqual([
      'clean-tree',
      'frozen-install',
      'docs-lint',
      'lint',
      'typecheck',
      'test',
      'dormant-layers',
      'changesets',
      'operations-changelog',
      'reproducible-build',
    ]);
  });

  it('is found from a folder below the root', async () => {
    expect(await loadProofStepIds(join(repositoryRoot, 'tools', 'proof', 'src'))).toHaveLength(10);
  });

  it('gives its ids to a plain Node process through tsx, as the docs linter\'s .remarkrc.js reads them', () => {
    const script = [
      "import { tsImport } from 'tsx/esm/api';",
      "const { loadProofStepIds } = await tsImport('./tools/proof/src/step-ids.ts', import.meta.url);",
      'console.log(JSON.stringify(await loadProofStepIds(process.cwd())));',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repositoryRoot, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toHaveLength(10);
  });

  it('type-checks and validates', async () => {
    const result = await loadConfig(repositoryRoot);
    expect(result.ok ? [] : result.messages).toEqual([]);
  });

  it('runs turbo tasks in full rather than replaying a cached pass, whatever the operator\'s shell says', async () => {
    const result = await loadConfig(repositoryRoot, { typeCheck: false });
    if (!result.ok) throw new Error(result.messages.join('\n'));
    const env = stepEnvironment({ PATH: '/usr/bin', TURBO_FORCE: 'false' }, result.loaded.config.environment, repositoryRoot, 0);
    expect(env.TURBO_FORCE).toBe('1');
  });
});

describe('the step environment', () => {
  it('keeps only allowed variables, puts node_modules/.bin first and sets the fixed ones', () => {
    const env = stepEnvironment({ PATH: '/usr/bin', HOME: '/home/ada', CI: 'true', GITHUB_ACTIONS: 'true', TZ: 'Europe/Paris', FORCE_COLOR: '3' }, { allow: ['PATH', 'HOME'], set: { TURBO_TELEMETRY_DISABLED: '1' } }, '/repo', 1735787045);
    expect(env).toEqual({
      PATH: '/repo/node_modules/.bin:/usr/bin',
      HOME: '/home/ada',
      TURBO_TELEMETRY_DISABLED: '1',
      TZ: 'UTC',
      LC_ALL: 'C',
      NO_COLOR: '1',
      TERM: 'dumb',
      SOURCE_DATE_EPOCH: '1735787045',
    });
  });
});

describe('under CI', { timeout: SLOW_TEST_TIMEOUT }, () => {
  const contract = readFileSync(join(repositoryRoot, 'docs', 'operations', 'OPERATIONAL_LAYERS.md'), 'utf8');
  const repo = makeRepo(configSource([{ id: 'one', command: node('0') }]), { 'docs/operations/OPERATIONAL_LAYERS.md': contract });
  // Where the contract says it, found here by reading the text, not through the contract's model.
  const lines = contract.split('\n');
  const line = lines.findIndex((text) => text.includes('Human-run only'));
  const where = `docs/operations/OPERATIONAL_LAYERS.md:${line + 1}:${(lines[line] ?? '').indexOf('Human-run only') + 1}`;

  for (const variables of [{ CI: 'true' }, { GITHUB_ACTIONS: 'true' }, { BUILDKITE: 'true' }] as Record<string, string>[]) {
    it(`refuses to run with exit code 2, quoting the contract (${Object.keys(variables).join()})`, async () => {
      const run = await runCli(repo, [], { env: variables });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^bookiji-proof: Unexpected CI environment.*expected a person at a terminal: the contract says of Layer \d+ \(Release Confidence & Proof\) "Human-run only" \(/);
      expect(run.stderr).toContain(`"Human-run only" (${where}). No flag changes this: run the proof yourself.\n`);
    });
  }
});
