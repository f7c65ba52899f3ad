import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cacheDir, writeCacheFile } from './cache.js';

/**
 * A configuration that type-checked is remembered by the digest of every file
 * the check read and the compiler's version; any change to them checks again.
 * One entry per configuration content, so switching between two versions
 * stays quick.
 *
 * Kept for a measured reason: in this repository `bookiji-proof --list` took
 * a median 0.43 s with a remembered pass against 1.63 s with the check (10
 * interleaved runs each on 2 cores; `npx pnpm proof --list`: 1.13 s against
 * 1.77 s). Loading the compiler and the standard library's declarations is
 * most of the difference, and it is paid by every run a person starts.
 */

interface CacheEntry {
  readonly files: readonly string[];
  readonly key: string;
}

function compilerVersion(): string {
  const require = createRequire(import.meta.url);
  return (JSON.parse(readFileSync(require.resolve('typescript/package.json'), 'utf8')) as { version: string }).version;
}

function keyOf(files: readonly string[]): string | null {
  // The runner's own location tells its sources from its build, which resolve `@bookiji/*` differently.
  const hash = createHash('sha256').update(compilerVersion()).update('\0').update(import.meta.url).update('\0');
  try {
    for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  } catch {
    return null;
  }
  return hash.digest('hex');
}

function entryPath(root: string, configPath: string): string | null {
  const dir = cacheDir(root);
  if (dir === null) return null;
  try {
    return join(dir, 'typecheck', `${createHash('sha256').update(configPath).update('\0').update(readFileSync(configPath)).digest('hex')}.json`);
  } catch {
    return null;
  }
}

/** True when this configuration, and every file its check read, passed before. */
export function passedBefore(root: string, configPath: string): boolean {
  const path = entryPath(root, configPath);
  if (path === null) return false;
  try {
    const entry = JSON.parse(readFileSync(path, 'utf8')) as CacheEntry;
    return Array.isArray(entry.files) && entry.files.includes(configPath) && keyOf(entry.files) === entry.key;
  } catch {
    return false;
  }
}

export function rememberPass(root: string, configPath: string, files: readonly string[]): void {
  const key = keyOf(files);
  const path = entryPath(root, configPath);
  if (key === null || path === null) return;
  writeCacheFile(path, `${JSON.stringify({ files, key } satisfies CacheEntry)}\n`);
}
