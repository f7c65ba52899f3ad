import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readContract } from '@bookiji/contract';
import { describe, expect, it } from 'vitest';
import { contractCacheEntry, readCachedContract, writeCachedContract } from '../src/contract-cache.js';
import { contractPath, edit, lint, lineOf, runEngine, tempRepo } from './helpers.js';

// What docs-lint keeps between runs (the parsed contract, under node_modules/.cache)
// and within a run (where the contract was found): a changed input is always seen.

const cacheDir = (root: string) => join(root, 'node_modules', '.cache', 'bookiji-remark-preset-operations');

/** A copy of the fixture repository with a node_modules that a package manager installed. */
function installedRepo(): string {
  const root = tempRepo();
  mkdirSync(join(root, 'node_modules'));
  writeFileSync(join(root, 'node_modules', '.modules.yaml'), 'layoutVersion: 5\n');
  return root;
}

/** The messages of every file of one run of unified-engine, by path. */
async function lintRun(root: string, files = ['docs']): Promise<Map<string, string[]>> {
  return new Map((await runEngine(root, files)).map((file) => [file.path, file.messages.map((message) => message.reason)]));
}

describe('the parsed contract kept under node_modules/.cache', () => {
  it('is the contract as parsed, frozen as parsed', () => {
    const root = installedRepo();
    const path = join(root, contractPath);
    const bytes = readFileSync(path);
    const entry = contractCacheEntry(root, path, bytes);
    expect(entry).not.toBe(null);
    const fresh = readContract(path);
    writeCachedContract(entry!, fresh);
    const cached = readCachedContract(entry!);
    expect(cached).toStrictEqual(fresh);
    expect(Object.isFrozen(cached!.contract.layers[0])).toBe(true);
  });

  it('is written on the first run, and a changed contract is parsed again', async () => {
    const root = installedRepo();
    expect(await lint(root, contractPath)).toEqual([]);
    expect(readdirSync(cacheDir(root))).toHaveLength(1);
    // A different contract: the entry's key no longer matches, so the damage is seen.
    edit(root, contractPath, '**Status**: Active', '**Status**: Sometimes');
    const messages = await lint(root, contractPath);
    expect(messages).toContainEqual(expect.objectContaining({ ruleId: 'contract-well-formed', line: lineOf(root, contractPath, '**Status**: Sometimes') }));
    // And back: the intact contract passes again.
    edit(root, contractPath, '**Status**: Sometimes', '**Status**: Active');
    expect(await lint(root, contractPath)).toEqual([]);
  });

  it('never answers for other bytes, even with an entry at its place', () => {
    const root = installedRepo();
    const path = join(root, contractPath);
    const entry = contractCacheEntry(root, path, readFileSync(path))!;
    writeCachedContract(entry, readContract(path));
    const other = contractCacheEntry(root, path, Buffer.from(`${readFileSync(path, 'utf8')}\n`))!;
    expect(other.file).toBe(entry.file);
    expect(other.key).not.toBe(entry.key);
    expect(readCachedContract(other)).toBe(null);
  });

  it('has a key that changes with what the package manager installed', () => {
    const root = installedRepo();
    const path = join(root, contractPath);
    const before = contractCacheEntry(root, path, readFileSync(path))!;
    writeFileSync(join(root, 'node_modules', '.modules.yaml'), 'layoutVersion: 6\n');
    expect(contractCacheEntry(root, path, readFileSync(path))!.key).not.toBe(before.key);
  });

  it('is kept nowhere without node_modules, or without a package manager record in it', async () => {
    const root = tempRepo();
    expect(await lint(root, contractPath)).toEqual([]);
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
    mkdirSync(join(root, 'node_modules'));
    expect(contractCacheEntry(root, join(root, contractPath), readFileSync(join(root, contractPath)))).toBe(null);
  });
});

describe('where a run found the contract', () => {
  it('is searched again by the next run in the same process', { timeout: 20_000 }, async () => {
    const root = tempRepo();
    const text = readFileSync(join(root, contractPath));
    const one = ['docs/operations/CHANGELOG.md'];
    expect([...(await lintRun(root, one)).values()].flat()).toEqual([]);
    // The contract moves away: the next run says so instead of using the old place.
    rmSync(join(root, contractPath));
    const missing = [...(await lintRun(root, one)).values()].flat();
    expect(missing.length).toBeGreaterThan(0);
    for (const reason of missing) expect(reason).toMatch(/^No docs\/operations\/OPERATIONAL_LAYERS\.md in the folders above `docs\/operations\/CHANGELOG\.md`/u);
    writeFileSync(join(root, contractPath), text);
    expect([...(await lintRun(root, one)).values()].flat()).toEqual([]);
  });
});
