import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { getOrAdd } from './memo.js';

/** The largest file `FsView.bytes` reads whole: source files are far smaller, and a generated bundle is not worth keeping. */
export const wholeFileBytes = 512 * 1024;
/** What one view keeps of the files it read, at most: a run over a large repository reads on past it, without keeping. */
const keptBytesPerView = 32 * 1024 * 1024;

/**
 * A folder's names and what each is; `folded` holds the names in lower case,
 * since a file system that folds case finds a name the listing spells otherwise.
 */
export interface Listing {
  readonly kinds: ReadonlyMap<string, 'file' | 'directory' | 'other'>;
  readonly folded: ReadonlySet<string>;
}

/**
 * One lint run's view of the file system: each path is looked at once, and
 * what the run works out from files (where the contract is and what it says,
 * each tsconfig's aliases, the layer of each imported file) is worked out once.
 */
export interface FsView {
  stat(path: string): Stats | undefined;
  /**
   * A file's bytes, read once per view while the view's budget lasts, so the
   * tag check and the automation rules' tracing share one read of an
   * imported file. Undefined when it is not a file or is larger than
   * `wholeFileBytes`.
   */
  bytes(path: string): Buffer | undefined;
  /**
   * A folder's listing, read once per view, or null when it cannot be read;
   * with `read` false, only a listing already read. Where a run looks for
   * several names in one folder (an import's candidates: `x.ts`, `x.tsx`, …),
   * one listing answers what would take a look at each.
   */
  listing(dir: string, read?: boolean): Listing | null;
  /** The value `make` gives for `key`, made once in this view; keys start with what they are of (`contract\0…`). */
  once<T>(key: string, make: () => T): T;
  /** A map of this view's own, by name, for the lookups made for every file or import: keyed by a path as it is, with no key to build. */
  table<T>(name: string): Map<string, T>;
}

class View implements FsView {
  lastUsed = Date.now();
  readonly #stats = new Map<string, Stats | undefined>();
  readonly #values = new Map<string, unknown>();

  stat(path: string): Stats | undefined {
    if (this.#stats.has(path)) return this.#stats.get(path);
    let stats: Stats | undefined;
    try {
      stats = statSync(path, { throwIfNoEntry: false });
    } catch {
      // Not only a missing file: a path through a file (`usage.md/docs/…`, from a code block's made-up name) is ENOTDIR, and a folder may not be readable.
      stats = undefined;
    }
    this.#stats.set(path, stats);
    return stats;
  }

  readonly #bytes = new Map<string, Buffer | null>();
  #keptBytes = 0;

  bytes(path: string): Buffer | undefined {
    const known = this.#bytes.get(path);
    if (known !== undefined) return known ?? undefined;
    const stats = this.stat(path);
    const bytes = stats !== undefined && stats.isFile() && stats.size <= wholeFileBytes ? readWhole(path, stats.size) : null;
    if (bytes === null || this.#keptBytes + bytes.length <= keptBytesPerView) {
      this.#bytes.set(path, bytes);
      this.#keptBytes += bytes?.length ?? 0;
    }
    return bytes ?? undefined;
  }

  readonly #listings = new Map<string, Listing | null>();

  listing(dir: string, read = true): Listing | null {
    const known = this.#listings.get(dir);
    if (known !== undefined || !read) return known ?? null;
    let listing: Listing | null = null;
    try {
      const kinds = new Map<string, 'file' | 'directory' | 'other'>();
      const folded = new Set<string>();
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        kinds.set(entry.name, entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other');
        folded.add(entry.name.toLowerCase());
      }
      listing = { kinds, folded };
    } catch {
      listing = null;
    }
    this.#listings.set(dir, listing);
    return listing;
  }

  once<T>(key: string, make: () => T): T {
    if (this.#values.has(key)) return this.#values.get(key) as T;
    const value = make();
    this.#values.set(key, value);
    return value;
  }

  readonly #tables = new Map<string, Map<string, unknown>>();

  table<T>(name: string): Map<string, T> {
    return getOrAdd(this.#tables, name, () => new Map<string, unknown>()) as Map<string, T>;
  }
}

/**
 * A file's bytes, in the size its stat gave: open, read and close, without
 * the stat `readFileSync` makes first. A file that grew since is read to that
 * size, one that shrank to its end; null when it cannot be read.
 */
function readWhole(path: string, size: number): Buffer | null {
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(size);
      let read = 0;
      while (read < size) {
        const count = readSync(fd, buffer, read, size - read, read);
        if (count === 0) break;
        read += count;
      }
      return read === size ? buffer : buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** How long one view of the file system may stay unused and still serve the next file. */
const idleLifetimeMs = 2_000;

/**
 * The view each ESLint instance's files share: each imported file's head is
 * read, each specifier resolved and each tsconfig read once per lint run. The
 * owner is an object ESLint creates once per instance and config (its merged
 * languageOptions): the editor's server creates an instance per validation,
 * so every validation looks again. One long-lived instance keeps its view
 * while files keep coming (a whole `eslint .` run is one view), and looks
 * again after two seconds without a lint, so it notices a changed contract.
 */
const views = new WeakMap<object, View>();

export function viewFor(owner: object | null | undefined): FsView {
  if (owner === null || owner === undefined) return new View();
  const now = Date.now();
  let view = views.get(owner);
  if (view === undefined || now - view.lastUsed > idleLifetimeMs) {
    view = new View();
    views.set(owner, view);
  }
  view.lastUsed = now;
  return view;
}
