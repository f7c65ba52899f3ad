import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import type { ContractResult } from '@bookiji/contract';
import { viewFor } from './fs-view.js';
import type { FsView } from './fs-view.js';
import { nodeModulesOf } from './resolve.js';

/**
 * The parsed contract kept on disk between lint runs, in the
 * `.cache/@bookiji/eslint-plugin` folder of the nearest `node_modules`, as
 * Babel and other tools keep theirs. Parsing this repository's contract costs
 * a fresh `eslint` process about 60 ms on the main thread and about 100 ms
 * more of optimizing compilation of the Markdown parser on V8's background
 * threads (measured with `--trace-opt`), for a parse that runs once: 3% of a
 * lint of 900 small files. Reading the result back costs under a millisecond.
 *
 * An entry is named by the contract's path and the digest of its bytes, and
 * holds the path it was read from and the identity of the parser that made
 * it, so a changed contract or a rebuilt plugin parses again. Each contract
 * keeps one entry: writing one removes the entries of the contract's earlier
 * contents, so the folder does not grow with every edit. Nothing is written
 * where no `node_modules` folder is found, and any failure to read or write
 * falls back to parsing.
 */
export interface ContractCache {
  read(path: string, digest: string): ContractResult | null;
  write(path: string, digest: string, result: ContractResult): void;
}

/**
 * The cache for the contract of the repository at `root`, in the nearest
 * `node_modules` folder as the view finds it for imports, or null when there
 * is none or the parser has no identity.
 */
export function contractCache(root: string, parser: string | null, view: FsView = viewFor(null)): ContractCache | null {
  if (parser === null) return null;
  const modules = nodeModulesOf(root, view)[0];
  if (modules === undefined) return null;
  const folder = join(modules, '.cache', '@bookiji', 'eslint-plugin');
  // The path's own digest, shortened: a name that is the same for every content of one contract, and safe on every file system.
  const prefix = (path: string) => `contract-${createHash('sha256').update(path).digest('hex').slice(0, 16)}-`;
  const file = (own: string, digest: string) => join(folder, `${own}${digest.replace(/[^\w-]/g, '_')}.json`);
  return {
    read(path, digest) {
      try {
        const entry = JSON.parse(readFileSync(file(prefix(path), digest), 'utf8')) as { parser?: unknown; path?: unknown; digest?: unknown; result?: ContractResult };
        // The result names the file it was read from: the same bytes at another path are parsed again.
        if (entry.parser !== parser || entry.path !== path || entry.digest !== digest || !Array.isArray(entry.result?.contract?.layers) || !Array.isArray(entry.result?.diagnostics)) return null;
        return entry.result;
      } catch {
        return null;
      }
    },
    write(path, digest, result) {
      try {
        mkdirSync(folder, { recursive: true });
        // Written whole, then renamed: a lint run beside this one (the editor, or `--concurrency`, whose workers are threads of one process) reads the old entry or the new one, never half of one.
        const own = prefix(path);
        const target = file(own, digest);
        const temporary = `${target}.${process.pid}-${threadId}.tmp`;
        try {
          writeFileSync(temporary, JSON.stringify({ parser, path, digest, result }));
          renameSync(temporary, target);
        } finally {
          rmSync(temporary, { force: true });
        }
        // The same contract's earlier contents, and entries named by digest alone, as earlier versions of the plugin named them.
        for (const name of readdirSync(folder)) {
          if (join(folder, name) !== target && ((name.startsWith(own) && name.endsWith('.json')) || /^contract-[0-9a-f]{64}\.json$/.test(name))) rmSync(join(folder, name), { force: true });
        }
      } catch {
        // A read-only checkout, a full disk: the next run parses again.
      }
    },
  };
}

/**
 * What identifies the contract parser this module runs: its built bundle's
 * size and modification time. Run from source (the tests), the parser is
 * spread over files this cannot see change, so there is no identity and no
 * cache.
 */
export function parserIdentity(moduleUrl: string): string | null {
  if (!moduleUrl.endsWith('.js')) return null;
  try {
    const stats = statSync(fileURLToPath(moduleUrl));
    return `${stats.size}-${stats.mtimeMs}`;
  } catch {
    return null;
  }
}
