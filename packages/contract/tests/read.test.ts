import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractDigest, DEFAULT_CONTRACT_PATH, findContractPath, parseContractBytes, readContract } from '@bookiji/contract';
import { ownContract } from './helpers.js';

function tempRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'contract-'));
  mkdirSync(join(root, 'docs', 'operations'), { recursive: true });
  writeFileSync(join(root, DEFAULT_CONTRACT_PATH), ownContract);
  return root;
}

describe('readContract', () => {
  it('reports a missing file as one diagnostic at 1:1 naming the path', () => {
    const path = join(tmpdir(), 'no-such-folder', 'OPERATIONAL_LAYERS.md');
    const { contract, diagnostics } = readContract(path);
    expect(diagnostics).toEqual([{ file: path, line: 1, column: 1, ruleId: 'contract-unreadable', message: expect.stringContaining('ENOENT') }]);
    expect(diagnostics[0]?.message).toContain(path);
    expect(contract.layers).toEqual([]);
  });

  it('reports a folder in place of the file', () => {
    const root = tempRepository();
    expect(readContract(join(root, 'docs')).diagnostics.map((d) => d.ruleId)).toEqual(['contract-unreadable']);
  });

  it('reports the first byte that is not UTF-8 and still reads the rest', () => {
    const bytes = Buffer.concat([Buffer.from(ownContract.slice(0, 10)), Buffer.from([0xff, 0xfe]), Buffer.from(ownContract.slice(10))]);
    const { contract, diagnostics } = parseContractBytes(bytes, 'contract.md');
    expect(diagnostics[0]).toMatchObject({ ruleId: 'contract-not-utf8', line: 1, column: 11 });
    expect(contract.layers).toHaveLength(6);
  });

  it('reports a binary file as not text', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    expect(parseContractBytes(bytes, 'logo.png').diagnostics.map((d) => d.ruleId)).toEqual(['contract-not-text']);
  });
});

describe('findContractPath', () => {
  it('finds the contract from a nested folder upward', () => {
    const root = tempRepository();
    const nested = join(root, 'packages', 'app', 'src');
    mkdirSync(nested, { recursive: true });
    expect(findContractPath(nested)).toBe(join(root, DEFAULT_CONTRACT_PATH));
  });

  it('shares the look at common ancestors through `known`, with the same answers', () => {
    const root = tempRepository();
    const first = join(root, 'apps', 'web', 'src');
    const second = join(root, 'apps', 'web', 'lib');
    mkdirSync(first, { recursive: true });
    mkdirSync(second, { recursive: true });
    const looked: string[] = [];
    const exists = (path: string): boolean => {
      looked.push(path);
      return existsSync(path);
    };
    const known = new Map<string, string | null>();
    const contract = join(root, DEFAULT_CONTRACT_PATH);
    expect(findContractPath(first, DEFAULT_CONTRACT_PATH, exists, known)).toBe(contract);
    expect(looked).toEqual([first, join(root, 'apps', 'web'), join(root, 'apps'), root].map((dir) => join(dir, DEFAULT_CONTRACT_PATH)));
    looked.length = 0;
    expect(findContractPath(second, DEFAULT_CONTRACT_PATH, exists, known)).toBe(contract);
    expect(looked).toEqual([join(second, DEFAULT_CONTRACT_PATH)]);
    expect(findContractPath(first, DEFAULT_CONTRACT_PATH, exists, known)).toBe(contract);
    expect(looked).toHaveLength(1);
    expect(known.get(join(root, 'apps'))).toBe(contract);
  });

  it('remembers a folder with no contract above it as null', () => {
    const lonely = mkdtempSync(join(tmpdir(), 'no-contract-'));
    const known = new Map<string, string | null>();
    expect(findContractPath(lonely, 'docs/operations/NO_SUCH_CONTRACT_ANYWHERE.md', existsSync, known)).toBeNull();
    expect(known.get(lonely)).toBeNull();
    expect(known.get(dirname(lonely))).toBeNull();
    expect(findContractPath(lonely, 'docs/operations/NO_SUCH_CONTRACT_ANYWHERE.md', () => true, known)).toBeNull();
  });

  it('returns null where no folder holds it', () => {
    const lonely = mkdtempSync(join(tmpdir(), 'no-contract-'));
    expect(findContractPath(lonely, 'docs/operations/NO_SUCH_CONTRACT_ANYWHERE.md')).toBeNull();
  });
});

describe('contractDigest', () => {
  it('is the same for the same bytes and differs for one changed byte', () => {
    expect(contractDigest(ownContract)).toBe(contractDigest(Buffer.from(ownContract)));
    expect(contractDigest(ownContract)).not.toBe(contractDigest(ownContract.replace('Active', 'active')));
    expect(contractDigest(ownContract)).toMatch(/^[0-9a-f]{64}$/u);
  });
});
