import { statSync } from 'node:fs';
import type { Stats } from 'node:fs';

/** A view of the file system's metadata, each path looked at once. */
export interface FsView {
  stat(path: string): Stats | undefined;
}

class View implements FsView {
  readonly createdAt = Date.now();
  readonly #stats = new Map<string, Stats | undefined>();

  stat(path: string): Stats | undefined {
    if (this.#stats.has(path)) return this.#stats.get(path);
    const stats = statSync(path, { throwIfNoEntry: false });
    this.#stats.set(path, stats);
    return stats;
  }
}

/** How long one view of the file system serves the same ESLint config. */
const viewLifetimeMs = 500;
const views = new WeakMap<object, View>();

/**
 * The file system as the rules see it while linting with one config: `stat`
 * is the costly call on every import and file, so a lint run shares one view
 * per settings object, renewed every half second. A new ESLint instance with
 * new settings (as after a config change) always looks again; a long-lived
 * editor process that keeps its config sees changes within half a second.
 */
export function viewFor(owner: object | null | undefined): FsView {
  if (owner === null || owner === undefined) return new View();
  let view = views.get(owner);
  if (view === undefined || Date.now() - view.createdAt > viewLifetimeMs) {
    view = new View();
    views.set(owner, view);
  }
  return view;
}
