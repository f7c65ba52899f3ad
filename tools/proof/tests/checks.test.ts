import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sinceRef } from '../src/checks/changesets.js';
import { checkChangelog, releaseFields, releaseOf } from '../src/checks/operations-changelog.js';
import { compareBuilds, digestTree } from '../src/checks/reproducible-build.js';
import { configSource, makeRepo, node } from './helpers.js';

describe('operations-changelog', () => {
  const release = releaseOf([
    { name: 'root', version: null, path: '/r', private: true },
    { name: '@bookiji/b', version: '0.2.0', path: '/r/b', private: false },
    { name: '@bookiji/a', version: '0.1.0', path: '/r/a', private: false },
    { name: '@bookiji/internal', version: '1.0.0', path: '/r/i', private: true },
  ]);

  it('takes the release from the published packages only', () => {
    expect(release).toEqual(['@bookiji/a@0.1.0', '@bookiji/b@0.2.0']);
  });

  it('reads Release fields written plainly, in code spans, or with the colon inside the bold', () => {
    const markdown = ['# Changelog', '', '## 2025-02-01 — Release', '', '**Release**: `@bookiji/a@0.1.0`, `@bookiji/b@0.2.0`', '', '## 2025-01-01 — Older', '', '**Release:** @bookiji/a@0.0.9', ''].join('\n');
    expect(releaseFields(markdown)).toEqual([
      { line: 5, packages: ['@bookiji/a@0.1.0', '@bookiji/b@0.2.0'] },
      { line: 9, packages: ['@bookiji/a@0.0.9'] },
    ]);
    expect(checkChangelog(markdown, release)).toEqual({ ok: true, line: 5 });
  });

  it('fails when no entry lists every package of the release, naming the missing ones at the newest entry', () => {
    const markdown = ['# Changelog', '', '## 2025-02-01 — Release', '', '**Release**: @bookiji/a@0.1.0, @bookiji/b@0.1.0', ''].join('\n');
    expect(checkChangelog(markdown, release)).toEqual({
      ok: false,
      message: 'docs/operations/CHANGELOG.md:5:1: Unexpected newest `**Release**:` field without @bookiji/b@0.2.0, expected an entry for the release listing @bookiji/a@0.1.0, @bookiji/b@0.2.0',
    });
    expect(checkChangelog('# Changelog\n', release)).toMatchObject({ ok: false, message: expect.stringContaining(':1:1: Unexpected changelog without a `**Release**:` field') });
  });
});

describe('changesets: since the last release', { timeout: 30_000 }, () => {
  it('passes on the base branch with no release tag, compares with the merge base on a branch, and with the tag once there is one', () => {
    const repo = makeRepo(configSource([{ id: 'one', command: node('0') }]));
    expect(sinceRef(repo.root)).toEqual({ kind: 'nothing-changed', ref: 'main' });

    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('a.txt', 'a\n');
    repo.commit('Feature work');
    expect(sinceRef(repo.root)).toEqual({ kind: 'merge-base', ref: repo.git('rev-parse', 'main') });

    repo.git('tag', 'release/2025-01-01', 'main');
    expect(sinceRef(repo.root)).toEqual({ kind: 'tag', ref: 'release/2025-01-01' });
  });

  it('says so when there is neither a release tag nor the base branch', () => {
    const repo = makeRepo(configSource([{ id: 'one', command: node('0') }]));
    repo.git('branch', '-m', 'trunk');
    expect(sinceRef(repo.root)).toEqual({ kind: 'unknown', message: 'Unexpected history without a `release/*` tag or a `main` branch, expected one of them to compare against' });
  });
});

describe('reproducible-build: comparing two builds', () => {
  it('digests every file under a folder and names each difference', () => {
    const root = mkdtempSync(join(tmpdir(), 'bookiji-proof-dist-'));
    mkdirSync(join(root, 'pkg', 'dist', 'sub'), { recursive: true });
    writeFileSync(join(root, 'pkg', 'dist', 'index.js'), 'export {};\n');
    writeFileSync(join(root, 'pkg', 'dist', 'sub', 'a.js'), 'a\n');
    const first = digestTree(root, join(root, 'pkg', 'dist'));
    expect([...first.keys()].sort()).toEqual(['pkg/dist/index.js', 'pkg/dist/sub/a.js']);
    expect(compareBuilds(first, digestTree(root, join(root, 'pkg', 'dist')))).toEqual([]);

    writeFileSync(join(root, 'pkg', 'dist', 'sub', 'a.js'), 'built at 12:00\n');
    writeFileSync(join(root, 'pkg', 'dist', 'extra.js'), '\n');
    const second = digestTree(root, join(root, 'pkg', 'dist'));
    const differences = compareBuilds(first, second);
    expect(differences[0]).toBe('pkg/dist/extra.js: only in the second build');
    expect(differences[1]).toMatch(/^pkg\/dist\/sub\/a\.js: sha256 [0-9a-f]{64} then [0-9a-f]{64}$/);
    expect(differences).toHaveLength(2);
  });
});
