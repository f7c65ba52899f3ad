import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sinceRef } from '../src/checks/changesets.js';
import { parseMarkdown } from '@bookiji/contract';
import { checkChangelog, operationsChangelog, releaseFields, releaseOf } from '../src/checks/operations-changelog.js';
import type { Package } from '../src/checks/workspace.js';
import { readWorkspace } from '../src/checks/workspace.js';
import { compareBuilds, digestTree } from '../src/checks/reproducible-build.js';
import { configSource, makeRepo, node, SLOW_TEST_TIMEOUT } from './helpers.js';

const pkg = (dir: string, packageJson: { name: string; version?: string; private?: boolean }): Package => ({ dir, relativeDir: dir, packageJson: packageJson as Package['packageJson'] });

describe('operations-changelog', () => {
  const root = pkg('/r', { name: 'root', private: true });
  const release = releaseOf({
    rootPackage: root,
    packages: [
      pkg('/r/b', { name: '@bookiji/b', version: '0.2.0' }),
      pkg('/r/a', { name: '@bookiji/a', version: '0.1.0' }),
      pkg('/r/i', { name: '@bookiji/internal', version: '1.0.0', private: true }),
      pkg('/r/n', { name: '@bookiji/new', version: '0.0.0' }),
    ],
  });
  const fields = (markdown: string) => releaseFields(parseMarkdown(markdown)).map((field) => ({ ...field, position: [field.position.line, field.position.column], valuePosition: [field.valuePosition.line, field.valuePosition.column] }));

  it('takes the release from the published packages only, leaving out a new one never released (0.0.0)', () => {
    expect(release).toEqual(['@bookiji/a@0.1.0', '@bookiji/b@0.2.0']);
  });

  it('takes a repository that is one published package as its own release', () => {
    const only = pkg('/r', { name: 'single', version: '1.2.3' });
    expect(releaseOf({ rootPackage: only, packages: [only] })).toEqual(['single@1.2.3']);
  });

  it('reads Release fields written plainly, in code spans, or with the colon inside the bold, with their positions', () => {
    const markdown = ['# Changelog', '', '## 2025-02-01 — Release', '', '**Release**: `@bookiji/a@0.1.0`, `@bookiji/b@0.2.0`', '', '## 2025-01-01 — Older', '', '**Release:**  @bookiji/a@0.0.9', ''].join('\n');
    expect(fields(markdown)).toEqual([
      { position: [5, 1], valuePosition: [5, 14], packages: ['@bookiji/a@0.1.0', '@bookiji/b@0.2.0'] },
      { position: [9, 1], valuePosition: [9, 15], packages: ['@bookiji/a@0.0.9'] },
    ]);
    expect(checkChangelog(markdown, release)).toEqual({ ok: true, position: { line: 5, column: 1 } });
  });

  it('reads a Release field on a line right after other fields of the same paragraph, and stops it at the next line', () => {
    const markdown = [
      '## 2025-02-01 — Release',
      '',
      '**Kind**: code',
      '**Triggered by**: Ada',
      '**Release**: @bookiji/a@0.1.0, @bookiji/b@0.2.0',
      '**Rollback**: redeploy @bookiji/a@0.0.9',
      '',
    ].join('\n');
    expect(fields(markdown)).toEqual([{ position: [5, 1], valuePosition: [5, 14], packages: ['@bookiji/a@0.1.0', '@bookiji/b@0.2.0'] }]);
    expect(checkChangelog(markdown, release)).toEqual({ ok: true, position: { line: 5, column: 1 } });
  });

  it('takes a bold Release without a colon for prose, not a field', () => {
    const markdown = ['## 2025-02-01 — Release', '', '**Release** @bookiji/a@0.1.0, @bookiji/b@0.2.0', ''].join('\n');
    expect(fields(markdown)).toEqual([]);
    expect(checkChangelog(markdown, release)).toMatchObject({ ok: false, message: expect.stringContaining(':1:1: Unexpected changelog without a `**Release**:` field') });
  });

  it('fails when no entry lists every package of the release, naming the missing ones where the newest entry lists its packages', () => {
    const markdown = ['# Changelog', '', '## 2025-02-01 — Release', '', '**Kind**: code', '**Release**: @bookiji/a@0.1.0, @bookiji/b@0.1.0', ''].join('\n');
    expect(checkChangelog(markdown, release)).toEqual({
      ok: false,
      message: 'docs/operations/CHANGELOG.md:6:14: Unexpected newest `**Release**:` field without @bookiji/b@0.2.0, expected an entry for the release listing @bookiji/a@0.1.0, @bookiji/b@0.2.0',
    });
    expect(checkChangelog('# Changelog\n', release)).toMatchObject({ ok: false, message: expect.stringContaining(':1:1: Unexpected changelog without a `**Release**:` field') });
  });

  it('fails on a changelog nested deeper than any operations document, naming where', () => {
    const markdown = `# Changelog\n\n${'> '.repeat(150)}**Release**: @bookiji/a@0.1.0\n`;
    expect(checkChangelog(markdown, release)).toMatchObject({ ok: false, message: expect.stringMatching(/^docs\/operations\/CHANGELOG\.md:3:\d+: Unexpected content nested more than 100 /u) });
  });
});

/** A folder of files, for the package managers' workspace declarations. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bookiji-proof-workspace-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const manifest = (fields: Record<string, unknown>): string => `${JSON.stringify(fields)}\n`;
const changelog = (release: string): string => `# Operations Changelog\n\n## 2025-02-01 — Release\n\n**Kind**: code\n**Release**: ${release}\n`;

describe('the workspace the checks read, whatever the package manager', () => {
  const members = {
    'packages/a/package.json': manifest({ name: 'a', version: '1.0.0' }),
    'packages/b/package.json': manifest({ name: 'b', version: '2.0.0' }),
    'packages/internal/package.json': manifest({ name: 'internal', version: '0.0.0', private: true }),
  };

  for (const [manager, files] of [
    ['pnpm', { 'package.json': manifest({ name: 'root', private: true }), 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' }],
    ['npm', { 'package.json': manifest({ name: 'root', private: true, workspaces: ['packages/*'] }), 'package-lock.json': '{}\n' }],
    ['yarn', { 'package.json': manifest({ name: 'root', private: true, workspaces: ['packages/*'] }), 'yarn.lock': '' }],
    ['bun', { 'package.json': manifest({ name: 'root', private: true, workspaces: ['packages/*'] }), 'bun.lock': '{}\n' }],
  ] as const) {
    it(`lists a ${manager} workspace's packages without its root, and its release`, async () => {
      const root = tree({ ...files, ...members });
      const listed = await readWorkspace(root);
      if (!listed.ok) throw new Error(listed.message);
      expect(listed.workspace.rootPackage?.packageJson.name).toBe('root');
      expect(listed.workspace.packages.map((pkg) => pkg.relativeDir).sort()).toEqual(['packages/a', 'packages/b', 'packages/internal']);
      expect(releaseOf(listed.workspace)).toEqual(['a@1.0.0', 'b@2.0.0']);
    });
  }

  it('takes a repository without workspaces as the workspace of its root package', async () => {
    const root = tree({ 'package.json': manifest({ name: 'single', version: '3.0.0' }), 'docs/operations/CHANGELOG.md': changelog('single@3.0.0') });
    const listed = await readWorkspace(root);
    if (!listed.ok) throw new Error(listed.message);
    expect(listed.workspace.packages.map((pkg) => pkg.dir)).toEqual([root]);
    const out: string[] = [];
    expect(await operationsChangelog(root, (text) => out.push(text))).toBe(0);
    expect(out.join('')).toBe('docs/operations/CHANGELOG.md:6:1: the release single@3.0.0 has its entry\n');
  });

  it('fails the check, saying why, when the changelog lacks the release', async () => {
    const root = tree({ 'package.json': manifest({ name: 'single', version: '3.0.1' }), 'docs/operations/CHANGELOG.md': changelog('single@3.0.0') });
    const out: string[] = [];
    expect(await operationsChangelog(root, (text) => out.push(text))).toBe(1);
    expect(out.join('')).toBe('docs/operations/CHANGELOG.md:6:14: Unexpected newest `**Release**:` field without single@3.0.1, expected an entry for the release listing single@3.0.1\n');
  });

  it('says so when there is no package.json to read', async () => {
    const root = tree({ 'README.md': '# Nothing\n' });
    const listed = await readWorkspace(root);
    expect(listed).toMatchObject({ ok: false, message: expect.stringContaining('expected a package.json at the repository root') });
  });
});

describe('changesets: since the last release', { timeout: SLOW_TEST_TIMEOUT }, () => {
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
