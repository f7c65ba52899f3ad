import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

/**
 * The runner's cache folder: under the repository's own `node_modules/.cache`
 * when it has one, else in the user's cache folder (`$XDG_CACHE_HOME`, or
 * `~/.cache`), one folder per repository. Never a new folder inside the
 * repository: it would leave untracked files that fail the clean-tree step of
 * the next run. Null when there is nowhere to keep it.
 */
export function cacheDir(root: string): string | null {
  const modules = join(root, 'node_modules');
  if (existsSync(modules)) return join(modules, '.cache', 'bookiji-proof');
  const userCache = userCacheDir();
  if (userCache === null) return null;
  return join(userCache, 'bookiji-proof', createHash('sha256').update(root).digest('hex').slice(0, 16));
}

function userCacheDir(): string | null {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return xdg;
  const home = process.env.HOME || homedir();
  return home && isAbsolute(home) ? join(home, '.cache') : null;
}

/**
 * Writes a cache file whole, then renames it into place, so a concurrent run
 * never reads half of it. A cache that cannot be written only costs the next
 * run the work it would have saved.
 */
export function writeCacheFile(path: string, content: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch {
    // The next run does the work again.
  }
}
