import { describe, expect, it } from 'vitest';
import { declaredManager, lockfileOf, packageManagerOf } from '../src/package-manager.js';

const present = (...names: string[]) => (name: string) => names.includes(name);

describe('lockfileOf', () => {
  it('finds the lockfile of each package manager', () => {
    for (const name of ['pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb', 'npm-shrinkwrap.json', 'package-lock.json']) {
      expect(lockfileOf(present(name))).toBe(name);
    }
  });

  it('is null without a lockfile', () => {
    expect(lockfileOf(present('package.json', 'pnpm-workspace.yaml'))).toBe(null);
  });

  it('takes the one npm or bun reads first when there are two of theirs', () => {
    expect(lockfileOf(present('package-lock.json', 'npm-shrinkwrap.json'))).toBe('npm-shrinkwrap.json');
    expect(lockfileOf(present('bun.lockb', 'bun.lock'))).toBe('bun.lock');
  });
});

describe('packageManagerOf', () => {
  it('takes the manager that writes the lockfile', () => {
    expect(packageManagerOf({}, 'pnpm-lock.yaml')).toBe('pnpm');
    expect(packageManagerOf({}, 'yarn.lock')).toBe('yarn');
    expect(packageManagerOf({}, 'bun.lockb')).toBe('bun');
    expect(packageManagerOf({}, 'npm-shrinkwrap.json')).toBe('npm');
    expect(packageManagerOf({}, 'package-lock.json')).toBe('npm');
  });

  it('takes the manager package.json names before the lockfile', () => {
    expect(packageManagerOf({ packageManager: 'yarn@4.5.0+sha512.abc' }, 'package-lock.json')).toBe('yarn');
    expect(packageManagerOf({ devEngines: { packageManager: { name: 'pnpm', version: '10.34.8' } } }, null)).toBe('pnpm');
    expect(packageManagerOf({ devEngines: { packageManager: [{ name: 'bun' }, { name: 'npm' }] } }, null)).toBe('bun');
  });

  it('is null when neither package.json nor a lockfile says', () => {
    expect(packageManagerOf({ name: 'app' }, null)).toBe(null);
    expect(packageManagerOf(null, null)).toBe(null);
  });

  it('ignores a field that names no manager it knows', () => {
    expect(declaredManager({ packageManager: 'deno@2.0.0' })).toBe(null);
    expect(declaredManager({ packageManager: 42, devEngines: { packageManager: 'npm' } })).toBe(null);
    expect(packageManagerOf({ packageManager: 'nope' }, 'yarn.lock')).toBe('yarn');
  });
});
