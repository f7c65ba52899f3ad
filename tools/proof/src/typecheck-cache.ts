import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Loading the TypeScript compiler costs seconds, so a configuration that
 * type-checked is remembered by the digest of every file the check read and
 * the compiler's version; any change to them checks again.
 */
const CACHE_FILE = join('node_modules', '.cache', 'bookiji-proof', 'typecheck.json');

interface CacheEntry {
  readonly files: readonly string[];
  readonly key: string;
}

function compilerVersion(): string {
  const require = createRequire(import.meta.url);
  return (JSON.parse(readFileSync(require.resolve('typescript/package.json'), 'utf8')) as { version: string }).version;
}

function keyOf(files: readonly string[]): string | null {
  const hash = createHash('sha256').update(compilerVersion()).update('\0');
  try {
    for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  } catch {
    return null;
  }
  return hash.digest('hex');
}

/** True when these exact files passed the type-check before. */
export function passedBefore(root: string): boolean {
  try {
    const entry = JSON.parse(readFileSync(join(root, CACHE_FILE), 'utf8')) as CacheEntry;
    return Array.isArray(entry.files) && entry.files.length > 0 && keyOf(entry.files) === entry.key;
  } catch {
    return false;
  }
}

export function rememberPass(root: string, files: readonly string[]): void {
  const key = keyOf(files);
  if (key === null) return;
  try {
    const path = join(root, CACHE_FILE);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify({ files, key } satisfies CacheEntry)}\n`);
  } catch {
    // A cache that cannot be written only costs the next run the full check.
  }
}
