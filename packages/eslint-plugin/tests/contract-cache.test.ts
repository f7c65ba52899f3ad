import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contractDigest, parseContractBytes } from '@bookiji/contract';
import { describe, expect, it } from 'vitest';
import { contractCache, parserIdentity } from '../src/contract-cache.js';
import { contractText, tempDir } from './helpers.js';

const bytes = Buffer.from(contractText);
const digest = contractDigest(bytes);

/** A repository with a `node_modules` folder, and the contract's path in it. */
function repository(): { root: string; path: string } {
  const root = tempDir();
  mkdirSync(join(root, 'node_modules'));
  return { root, path: join(root, 'docs/operations/OPERATIONAL_LAYERS.md') };
}

describe('the parsed contract kept on disk', () => {
  it('gives back exactly what the parser gave, for the same path, bytes and parser', () => {
    const { root, path } = repository();
    const parsed = parseContractBytes(bytes, path);
    const cache = contractCache(root, 'parser-1');
    expect(cache?.read(path, digest)).toBeNull();
    cache?.write(path, digest, parsed);
    expect(readdirSync(join(root, 'node_modules/.cache/@bookiji/eslint-plugin'))).toEqual([expect.stringMatching(/^contract-.*\.json$/)]);
    expect(contractCache(root, 'parser-1')?.read(path, digest)).toStrictEqual(parsed);
  });

  it('keeps the diagnostics of a malformed contract too', () => {
    const { root, path } = repository();
    const damaged = Buffer.from(contractText.replace('**Status**: Active', '**Status**: Sleeping'));
    const parsed = parseContractBytes(damaged, path);
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
    contractCache(root, 'parser-1')?.write(path, contractDigest(damaged), parsed);
    expect(contractCache(root, 'parser-1')?.read(path, contractDigest(damaged))).toStrictEqual(parsed);
  });

  it('misses for other bytes, another path or another parser', () => {
    const { root, path } = repository();
    contractCache(root, 'parser-1')?.write(path, digest, parseContractBytes(bytes, path));
    expect(contractCache(root, 'parser-1')?.read(path, contractDigest(Buffer.from(`${contractText}\n`)))).toBeNull();
    expect(contractCache(root, 'parser-1')?.read(join(root, 'LAYERS.md'), digest)).toBeNull();
    expect(contractCache(root, 'parser-2')?.read(path, digest)).toBeNull();
  });

  it('keeps one entry per contract: the entry of a new content replaces the earlier ones, and another contract keeps its own', () => {
    const { root, path } = repository();
    const folder = join(root, 'node_modules/.cache/@bookiji/eslint-plugin');
    const other = join(root, 'packages/app/docs/operations/OPERATIONAL_LAYERS.md');
    const cache = contractCache(root, 'parser-1');
    cache?.write(other, digest, parseContractBytes(bytes, other));
    // An entry named by digest alone, as earlier versions of the plugin wrote them.
    writeFileSync(join(folder, `contract-${'0'.repeat(64)}.json`), '{}');
    const edits = [contractText, `${contractText}\n`, `${contractText}\n\n`].map((text) => Buffer.from(text));
    for (const edit of edits) cache?.write(path, contractDigest(edit), parseContractBytes(edit, path));
    expect(readdirSync(folder)).toHaveLength(2);
    const last = edits.at(-1) ?? bytes;
    expect(cache?.read(path, contractDigest(last))).toStrictEqual(parseContractBytes(last, path));
    expect(cache?.read(path, digest)).toBeNull();
    expect(cache?.read(other, digest)).toStrictEqual(parseContractBytes(bytes, other));
  });

  it('misses, without throwing, on an entry that is not one', () => {
    const { root, path } = repository();
    const cache = contractCache(root, 'parser-1');
    cache?.write(path, digest, parseContractBytes(bytes, path));
    const [entry] = readdirSync(join(root, 'node_modules/.cache/@bookiji/eslint-plugin'));
    for (const text of ['{"parser":"parser-1"', '[]', 'null', JSON.stringify({ parser: 'parser-1', path, digest, result: { contract: {} } })]) {
      writeFileSync(join(root, 'node_modules/.cache/@bookiji/eslint-plugin', entry ?? ''), text);
      expect(cache?.read(path, digest)).toBeNull();
    }
  });

  it('goes on without a cache where it cannot write one', () => {
    const { root, path } = repository();
    // A file where the cache folder would be: nothing can be written under it.
    writeFileSync(join(root, 'node_modules/.cache'), '');
    const cache = contractCache(root, 'parser-1');
    expect(() => cache?.write(path, digest, parseContractBytes(bytes, path))).not.toThrow();
    expect(cache?.read(path, digest)).toBeNull();
  });

  it('uses the nearest node_modules folder above the repository, and none when there is none', () => {
    const { root, path } = repository();
    const nested = join(root, 'packages/app');
    mkdirSync(nested, { recursive: true });
    contractCache(nested, 'parser-1')?.write(path, digest, parseContractBytes(bytes, path));
    expect(readdirSync(join(root, 'node_modules/.cache/@bookiji/eslint-plugin'))).toHaveLength(1);
    expect(contractCache(tempDir(), 'parser-1')).toBeNull();
  });

  it('is off when the parser has no identity', () => {
    expect(contractCache(repository().root, null)).toBeNull();
  });
});

describe('the identity of the parser', () => {
  it('is the built module file\'s size and time, and changes when the file is rebuilt', () => {
    const file = join(tempDir(), 'chunk.js');
    writeFileSync(file, 'export {};\n');
    utimesSync(file, 1_000, 1_000);
    const before = parserIdentity(pathToFileURL(file).href);
    expect(before).toBe('11-1000000');
    utimesSync(file, 2_000, 2_000);
    expect(parserIdentity(pathToFileURL(file).href)).not.toBe(before);
  });

  it('is none when running from source or when the file is gone', () => {
    expect(parserIdentity(import.meta.url)).toBeNull();
    expect(parserIdentity(pathToFileURL(join(tempDir(), 'missing.js')).href)).toBeNull();
  });
});
