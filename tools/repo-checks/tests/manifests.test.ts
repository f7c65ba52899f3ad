import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPackages } from '@manypkg/get-packages';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/root.js';

interface Manifest {
  name: string;
  type?: string;
  engines?: { node?: string };
  sideEffects?: unknown;
  files?: string[];
  exports?: Record<string, unknown>;
  license?: string;
  bin?: Record<string, string>;
}

const published = (await getPackages(repositoryRoot)).packages.filter((pkg) => pkg.packageJson.private !== true);

describe.each(published.map((pkg) => [pkg.packageJson.name, pkg.dir] as const))('%s is installable as it is', (_name, dir) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

  it('is ESM with engines, sideEffects, files and a license', () => {
    expect(manifest.type).toBe('module');
    expect(manifest.engines?.node).toBe('>=20.19');
    expect(manifest.sideEffects).toBeDefined();
    expect(manifest.files).toContain('dist');
    expect(manifest.license).toBeTruthy();
  });

  // pnpm links bins at install, before anything is built: a bin that points into dist/ is skipped with
  // a warning on every fresh install.
  it('links each bin to a committed file outside dist/', () => {
    for (const target of Object.values(manifest.bin ?? {})) {
      expect(target).toMatch(/^\.\/bin\//u);
      expect(existsSync(join(dir, target)), `${target} exists`).toBe(true);
      expect(manifest.files).toContain('bin');
    }
  });

  it('exports types and code from dist for every entry, with sources only under the workspace condition', () => {
    const entries = Object.entries(manifest.exports ?? {}).filter(([key]) => key !== './package.json');
    expect(entries.length).toBeGreaterThan(0);
    for (const [, target] of entries) {
      const conditions = target as Record<string, string>;
      expect(Object.keys(conditions)[0]).toBe('@bookiji/source');
      expect(conditions.types).toMatch(/^\.\/dist\/.+\.d\.ts$/u);
      expect(conditions.default).toMatch(/^\.\/dist\/.+\.js$/u);
    }
  });
});

it('the workspace has published packages to check', () => {
  expect(published.map((pkg) => pkg.packageJson.name)).toContain('@bookiji/contract');
});
