import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ContractResult } from '@bookiji/contract';

/**
 * The parsed contract, kept between runs under the repository's
 * `node_modules/.cache`: parsing it is a good part of a run on a few documents.
 * An entry is used only for the same key: the contract's bytes, every source
 * and built file of the contract package, and the state of the installed
 * dependencies (the package manager's record in node_modules), so a changed
 * contract, parser or parser dependency is parsed again. Without a
 * `node_modules` (or without a package manager's record in it) nothing is kept.
 */

const FORMAT = 'bookiji-operations contract 1';

/** Records that a package manager rewrites on every install. */
const INSTALL_RECORDS = ['.modules.yaml', join('.pnpm', 'lock.yaml'), '.package-lock.json', '.yarn-state.yml', '.yarn-integrity'];

let parserDigest: string | null | undefined;

function hashTree(hash: ReturnType<typeof createHash>, dir: string, prefix: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, path, `${prefix}${entry.name}/`);
    else if (entry.isFile()) hash.update(`${prefix}${entry.name}`).update('\0').update(readFileSync(path)).update('\0');
  }
}

/** Every file of the contract package's src/ and dist/, and its manifest. */
function contractParserDigest(): string | null {
  if (parserDigest !== undefined) return parserDigest;
  try {
    const manifest = createRequire(import.meta.url).resolve('@bookiji/contract/package.json');
    const root = dirname(manifest);
    const hash = createHash('sha256').update(readFileSync(manifest)).update('\0');
    hashTree(hash, join(root, 'src'), 'src/');
    hashTree(hash, join(root, 'dist'), 'dist/');
    parserDigest = hash.digest('hex');
  } catch {
    parserDigest = null;
  }
  return parserDigest;
}

function installDigest(modules: string): string | null {
  const hash = createHash('sha256');
  let found = false;
  for (const record of INSTALL_RECORDS) {
    try {
      hash.update(record).update('\0').update(readFileSync(join(modules, record))).update('\0');
      found = true;
    } catch {
      // Not this package manager.
    }
  }
  return found ? hash.digest('hex') : null;
}

export interface ContractCacheEntry {
  readonly file: string;
  readonly key: string;
}

/** Where and under which key the contract at `path` with these bytes is kept; null when it cannot be. */
export function contractCacheEntry(root: string, path: string, bytes: Uint8Array): ContractCacheEntry | null {
  const modules = join(root, 'node_modules');
  try {
    if (!statSync(modules).isDirectory()) return null;
  } catch {
    return null;
  }
  const parser = contractParserDigest();
  const install = installDigest(modules);
  if (parser === null || install === null) return null;
  const key = createHash('sha256').update(FORMAT).update('\0').update(parser).update('\0').update(install).update('\0').update(path).update('\0').update(bytes).digest('hex');
  const name = createHash('sha256').update(path).digest('hex').slice(0, 16);
  return { file: join(modules, '.cache', 'bookiji-remark-preset-operations', `contract-${name}.json`), key };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export function readCachedContract(entry: ContractCacheEntry): ContractResult | null {
  try {
    const stored = JSON.parse(readFileSync(entry.file, 'utf8')) as { key?: unknown; result?: ContractResult };
    if (stored.key !== entry.key || !stored.result || typeof stored.result !== 'object') return null;
    return deepFreeze(stored.result);
  } catch {
    return null;
  }
}

export function writeCachedContract(entry: ContractCacheEntry, result: ContractResult): void {
  try {
    mkdirSync(dirname(entry.file), { recursive: true });
    // Written whole then renamed, so a concurrent run never reads half an entry.
    const temporary = `${entry.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ key: entry.key, result }));
    renameSync(temporary, entry.file);
  } catch {
    // A cache that cannot be written only costs the next run a parse.
  }
}
