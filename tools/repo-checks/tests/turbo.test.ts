import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getPackages } from '@manypkg/get-packages';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/root.js';

interface DryRun {
  readonly monorepo: boolean;
  readonly globalCacheInputs: { readonly hashOfInternalDependencies: string };
  readonly tasks: readonly { readonly taskId: string; readonly package: string; readonly inputs: Record<string, string> }[];
}

/** What `turbo run <task>` would run, without running it. */
function dryRun(task: string): { code: number | null; stderr: string; plan: DryRun | null } {
  const turbo = join(repositoryRoot, 'node_modules', '.bin', 'turbo');
  const result = spawnSync(turbo, ['run', task, '--dry=json'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
  });
  return { code: result.status, stderr: result.stderr, plan: result.status === 0 ? (JSON.parse(result.stdout) as DryRun) : null };
}

const withTests = (await getPackages(repositoryRoot)).packages.filter((pkg) => existsSync(join(pkg.dir, 'tests')));

describe('turbo', () => {
  // Without a package manager declaration in the root package.json, turbo cannot resolve the workspace
  // and every root script that calls `turbo run` (build, typecheck, lint) fails.
  it('resolves the pnpm workspace and runs `test` once per package', () => {
    const { code, stderr, plan } = dryRun('test');
    expect(stderr, 'turbo run test --dry=json failed').not.toMatch(/Could not resolve workspace/u);
    expect(code).toBe(0);
    expect(plan?.monorepo).toBe(true);
    const tests = plan?.tasks.filter((task) => task.taskId.endsWith('#test')).map((task) => task.package) ?? [];
    expect(tests.sort()).toEqual(withTests.map((pkg) => pkg.packageJson.name).sort());
  });

  it("hashes a package's test from its own files, not another package's", () => {
    const { plan } = dryRun('test');
    const contractTest = plan?.tasks.find((task) => task.taskId === '@bookiji/contract#test');
    const inputs = Object.keys(contractTest?.inputs ?? {});
    expect(inputs).toContain('src/parse.ts');
    expect(inputs.some((path) => path.includes('eslint-plugin'))).toBe(false);
  });

  // Turbo folds every file of the packages the root package.json depends on into the hash of every
  // task; the root's own tools are linked by .pnpmfile.cjs instead, so a change re-runs only its package
  // and the packages that depend on it.
  it('keeps workspace packages out of the global hash', () => {
    const { plan } = dryRun('test');
    expect(plan?.globalCacheInputs.hashOfInternalDependencies).toBe('');
  });
});
