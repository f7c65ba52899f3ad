import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The runner's cache folder, under the repository's own `node_modules/.cache`,
 * or null when the repository has no `node_modules`: creating one would leave
 * untracked files that fail the clean-tree step of the next run.
 */
export function cacheDir(root: string): string | null {
  const modules = join(root, 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'bookiji-proof') : null;
}
