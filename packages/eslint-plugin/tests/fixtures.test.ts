import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { contractDigest, findContractPath } from '@bookiji/contract';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin, { layerSettings } from '../src/index.js';
import { digestFrom } from '../src/contract-state.js';
import { ESLint, fixtureCopy, fixtures, setStatus } from './helpers.js';

/** The fixture tree's own config (fixtures/eslint.config.js), built from the plugin's sources. */
function config(root: string) {
  return [
    ...tseslint.configs.recommended,
    plugin.configs.strict,
    { settings: { bookiji: { root, layers: { 0: ['src/core/**'] }, unlayered: ['src/generated/**'] } } },
  ];
}

async function lintTree(root: string): Promise<Record<string, string[]>> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config(root) as never });
  const results = await eslint.lintFiles(['src']);
  const byFile: Record<string, string[]> = {};
  for (const result of results) {
    byFile[relative(root, result.filePath)] = result.messages.map((message) => `${message.ruleId}@${message.line}:${message.column}`);
  }
  return byFile;
}

/** What the fixture tree shows: every rule firing, and files that pass. */
const expected: Record<string, string[]> = {
  'src/core/guard.ts': ['@bookiji/layer-boundaries@2:22'],
  'src/core/limits.ts': [],
  'src/generated/schema.ts': [],
  'src/incident-response/page.ts': [
    '@bookiji/no-dormant-layer-import@2:31',
    '@bookiji/no-dormant-layer-import@3:42',
    '@bookiji/no-dormant-layer-import@4:15',
    '@bookiji/no-dormant-layer-import@5:33',
    '@bookiji/no-dormant-layer-import@13:17',
  ],
  'src/incident-response/triage.ts': [
    '@bookiji/layer-boundaries@2:53',
    '@bookiji/no-background-execution@4:1',
    '@bookiji/no-automated-decision@5:3',
    '@bookiji/no-background-execution@9:3',
    '@bookiji/no-background-execution@13:1',
    '@bookiji/no-automated-decision@13:29',
    '@bookiji/no-automated-decision@15:32',
    '@bookiji/no-automated-decision@15:51',
  ],
  'src/mistagged.ts': ['@bookiji/no-dormant-layer-code@1:1', '@bookiji/require-layer-declaration@3:1'],
  'src/orphan/util.ts': ['@bookiji/require-layer-declaration@2:1'],
  'src/policy-evolution/retagged.ts': [],
  'src/policy-evolution/suggest.ts': ['@bookiji/no-dormant-layer-code@2:1'],
  'src/reflection.ts': ['@bookiji/no-dormant-layer-code@3:1'],
  'src/release-confidence/proof.ts': [],
  'src/rollbacks/actions.ts': [],
};

describe('the fixture tree', () => {
  it('shows each rule firing where the contract says it should', async () => {
    expect(await lintTree(fixtures)).toEqual(expected);
  });
});

describe('a change of a layer\'s status in the contract', () => {
  it('changes what the rules report, with no code change and in the same process', async () => {
    const root = fixtureCopy();
    const contract = join(root, 'docs/operations/OPERATIONAL_LAYERS.md');
    const before = await lintTree(root);
    expect(before).toEqual(expected);
    const digestBefore = digestFrom(root, 'docs/operations/OPERATIONAL_LAYERS.md');

    setStatus(contract, 4, 'Active');
    setStatus(contract, 3, 'Dormant');
    const after = await lintTree(root);

    // Layer 4 is active now: its file is allowed, and Layer 1 importing it is an import from a higher layer.
    expect(after['src/policy-evolution/suggest.ts']).toEqual([]);
    expect(after['src/incident-response/page.ts']).toEqual([
      '@bookiji/layer-boundaries@2:31',
      '@bookiji/layer-boundaries@3:42',
      '@bookiji/layer-boundaries@4:15',
      '@bookiji/layer-boundaries@5:33',
      '@bookiji/layer-boundaries@13:17',
    ]);
    // Layer 3 is dormant now: its file is reported.
    expect(after['src/release-confidence/proof.ts']).toEqual(['@bookiji/no-dormant-layer-code@2:1']);
    // The digest the exported configs carry changes with the contract, so `eslint --cache` results are dropped.
    expect(digestFrom(root, 'docs/operations/OPERATIONAL_LAYERS.md')).not.toBe(digestBefore);
    expect(digestFrom(root, 'docs/operations/OPERATIONAL_LAYERS.md')).toBe(contractDigest(readFileSync(contract)));
  });
});

describe('an edit of the contract that keeps its size and modification time', () => {
  it('is seen by the next lint in the same process', async () => {
    const root = fixtureCopy();
    const contract = join(root, 'docs/operations/OPERATIONAL_LAYERS.md');
    const seconds = 1_700_000_000;
    utimesSync(contract, seconds, seconds);
    expect((await lintTree(root))['src/policy-evolution/suggest.ts']).toEqual(['@bookiji/no-dormant-layer-code@2:1']);

    // Layer 4 made active in the same number of bytes, and the old time put back.
    const sameLength = (text: string, from: string, to: string): string => text.replace(from, to.padEnd(from.length));
    const before = readFileSync(contract, 'utf8');
    let after = sameLength(before, '| Layer 4 | Defined (Dormant) ', '| Layer 4 | Active ');
    after = sameLength(after, '**Status**: **Defined but Dormant**', '**Status**: Active');
    after = sameLength(after, '**Current Status**: **NOT IMPLEMENTED**', '**Current Status**: In use');
    writeFileSync(contract, after);
    utimesSync(contract, seconds, seconds);
    expect(statSync(contract).size).toBe(Buffer.byteLength(before));

    expect((await lintTree(root))['src/policy-evolution/suggest.ts']).toEqual([]);
  });
});

describe('the exported configs', () => {
  it('carry the digest of the contract found from the working directory', () => {
    const path = findContractPath(process.cwd());
    expect(path).not.toBeNull();
    const digest = contractDigest(readFileSync(path as string));
    expect(plugin.configs.recommended.settings).toEqual({ bookiji: { contractDigests: { 'docs/operations/OPERATIONAL_LAYERS.md': digest } } });
    expect(plugin.configs.strict.settings).toEqual({ bookiji: { contractDigests: { 'docs/operations/OPERATIONAL_LAYERS.md': digest } } });
  });

  it('with `layerSettings()`, carry the digest of the contract the settings name, found from their root', () => {
    const digest = contractDigest(readFileSync(join(fixtures, 'docs/operations/OPERATIONAL_LAYERS.md')));
    expect(layerSettings({ root: fixtures, layers: { 0: ['src/core/**'] } })).toEqual({
      name: '@bookiji/settings',
      settings: { bookiji: { root: fixtures, layers: { 0: ['src/core/**'] }, contractDigests: { 'docs/operations/OPERATIONAL_LAYERS.md': digest } } },
    });
    expect(layerSettings({ root: fixtures, contract: 'docs/NOPE.md' }).settings).toEqual({ bookiji: { root: fixtures, contract: 'docs/NOPE.md', contractDigests: { 'docs/NOPE.md': null } } });
    expect(() => layerSettings({ layers: { four: ['src/**'] } })).toThrow('Invalid settings for @bookiji/eslint-plugin: `settings.bookiji.layers` key `four` must be a layer number such as `2`.');
  });

  it('turn on every rule but require-layer-declaration in recommended, and all of them in strict, as errors', () => {
    expect(plugin.configs.recommended.rules).toEqual({
      '@bookiji/valid-settings': 'error',
      '@bookiji/no-dormant-layer-code': 'error',
      '@bookiji/no-dormant-layer-import': 'error',
      '@bookiji/layer-boundaries': 'error',
      '@bookiji/no-background-execution': 'error',
      '@bookiji/no-automated-decision': 'error',
    });
    expect(plugin.configs.strict.rules).toEqual({ ...plugin.configs.recommended.rules, '@bookiji/require-layer-declaration': 'error' });
  });

  it('work inside defineConfig next to typescript-eslint with no settings at all', async () => {
    const { defineConfig } = await import('eslint/config');
    const eslint = new ESLint({ cwd: fixtures, overrideConfigFile: true, overrideConfig: defineConfig(tseslint.configs.recommended as never, plugin.configs.recommended as never) as never });
    const [result] = await eslint.lintText('setInterval(() => {}, 5);\n', { filePath: join(fixtures, 'src/layer-1/new.ts') });
    expect(result?.messages.map((message) => message.ruleId)).toEqual(['@bookiji/no-background-execution']);
  });
});
