import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProofStatement } from '../src/index.js';
import { sha256 } from '../src/report.js';
import { configSource, makeRepo, node, printed, runCli, SLOW_TEST_TIMEOUT } from './helpers.js';

// What the report says the run was made on: the lockfile the repository has
// and the package manager it uses, asked for its version on the steps' PATH.

const repo = makeRepo(configSource([{ id: 'one', command: node('0') }]));

// Only node and git on PATH, so which managers are installed is this test's choice, not the machine's.
const bin = join(repo.home, 'bin');
mkdirSync(bin);
symlinkSync(process.execPath, join(bin, 'node'));
symlinkSync(spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim(), join(bin, 'git'));
const env = { PATH: bin };

/** A package manager installed in the repository's node_modules/.bin, which answers `--version` with `version`. */
function install(manager: string, version: string): void {
  const path = join(repo.root, 'node_modules', '.bin', manager);
  mkdirSync(dirname(path), { recursive: true });
  repo.write(`node_modules/.bin/${manager}`, `#!/bin/sh\necho ${version}\n`);
  chmodSync(path, 0o755);
}

async function inputsOf(): Promise<{ inputs: ProofStatement['predicate']['bookijiProof']['inputs']; configuration: string[]; report: string }> {
  const run = await runCli(repo, [], { env });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const { report } = printed(run.stdout);
  const statement = JSON.parse(readFileSync(join(repo.root, report), 'utf8')) as ProofStatement;
  return { inputs: statement.predicate.bookijiProof.inputs, configuration: statement.predicate.configuration.map((resource) => resource.name), report };
}

const digest = (path: string): string => sha256(readFileSync(join(repo.root, path)));

// One repository through every case in turn: after its first run the configuration is type-checked already.
describe('the lockfile and package manager a report records', { timeout: SLOW_TEST_TIMEOUT }, () => {
  it('records neither when the repository has no lockfile and names no manager', async () => {
    const { inputs, configuration } = await inputsOf();
    expect(inputs.lockfile).toBe(null);
    expect(inputs.packageManager).toBe(null);
    expect(inputs.node).toBe(process.versions.node);
    expect(configuration).toEqual(['proof.config.ts']);
  });

  it('records a yarn.lock with its digest, and yarn with the version it gives', async () => {
    repo.write('yarn.lock', '# yarn lockfile v1\n');
    repo.commit('Yarn');
    install('yarn', '1.22.22');
    const { inputs, configuration, report } = await inputsOf();
    expect(inputs.lockfile).toEqual({ name: 'yarn.lock', sha256: digest('yarn.lock') });
    expect(inputs.packageManager).toEqual({ name: 'yarn', version: '1.22.22' });
    expect(configuration).toEqual(['proof.config.ts', 'yarn.lock']);
    expect((await runCli(repo, ['verify', report], { env })).code).toBe(0);

    // A lockfile that changed since the report no longer verifies, and verify names it.
    repo.write('yarn.lock', '# yarn lockfile v1\n\nleft-pad@^1.3.0:\n  version "1.3.0"\n');
    repo.commit('Add left-pad');
    const verified = await runCli(repo, ['verify', report], { env });
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(`Unexpected \`predicate.bookijiProof.inputs.lockfile\` yarn.lock ${inputs.lockfile?.sha256}, expected yarn.lock ${digest('yarn.lock')} from HEAD`);
    repo.git('rm', '-q', 'yarn.lock');
    repo.commit('No yarn');
  });

  it('records a package manager that is not installed by name, with no version', async () => {
    for (const lockfile of ['bun.lockb', 'package-lock.json', 'pnpm-lock.yaml']) {
      repo.write(lockfile, 'lock\n');
      repo.commit(`Only ${lockfile}`);
      const { inputs, report } = await inputsOf();
      const manager = { 'bun.lockb': 'bun', 'package-lock.json': 'npm', 'pnpm-lock.yaml': 'pnpm' }[lockfile];
      expect([lockfile, inputs.lockfile, inputs.packageManager]).toEqual([lockfile, { name: lockfile, sha256: digest(lockfile) }, { name: manager, version: null }]);
      expect((await runCli(repo, ['verify', report], { env })).code).toBe(0);
      repo.git('rm', '-q', lockfile);
      repo.commit(`No ${lockfile}`);
    }
  });

  it('takes the manager package.json names, and a lockfile removed since the report fails verify', async () => {
    repo.write('package-lock.json', '{ "lockfileVersion": 3 }\n');
    repo.write('package.json', `${JSON.stringify({ name: 'fixture', private: true, type: 'module', packageManager: 'pnpm@10.0.0' })}\n`);
    repo.commit('npm lockfile, pnpm named');
    install('pnpm', '10.0.0');
    const { inputs, report } = await inputsOf();
    expect(inputs.lockfile).toEqual({ name: 'package-lock.json', sha256: digest('package-lock.json') });
    expect(inputs.packageManager).toEqual({ name: 'pnpm', version: '10.0.0' });

    repo.git('rm', '-q', 'package-lock.json');
    repo.commit('No lockfile');
    const verified = await runCli(repo, ['verify', report], { env });
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(`Unexpected \`predicate.bookijiProof.inputs.lockfile\` package-lock.json ${inputs.lockfile?.sha256}, expected null from HEAD`);
    rmSync(join(repo.root, 'node_modules'), { recursive: true });
  });
});
