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

/** How long one view of the file system may serve one ESLint instance. */
const viewLifetimeMs = 2_000;
const views = new WeakMap<object, View>();

/**
 * The file system as the rules see it during one lint run: `stat` is the
 * costly call on every import and file, so the files of one run share a view.
 * The owner is an object ESLint creates once per ESLint instance (its merged
 * languageOptions): the editor's server creates an instance per validation,
 * so every validation looks again; one long-lived instance looks again every
 * two seconds.
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
