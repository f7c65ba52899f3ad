import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse as parsePath } from 'node:path';
import picomatch from 'picomatch';
import type * as Yaml from 'yaml';
import type { FsView } from './fs-view.js';

/** The packages of a workspace by name, and where the workspace starts. */
export interface Workspace {
  readonly root: string;
  readonly packages: ReadonlyMap<string, string>;
}

const require = createRequire(import.meta.url);

/** A JSON object read from `path`, or null when the file is missing, does not parse or holds no object. */
export function readJson(path: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

/** The package globs of the workspace rooted at `dir`, or null when `dir` holds no workspace. */
function workspaceGlobs(dir: string, view: FsView): string[] | null {
  const pnpm = join(dir, 'pnpm-workspace.yaml');
  if (view.stat(pnpm)?.isFile()) {
    try {
      // Loaded only here: most lint runs never look for a workspace's packages.
      const { parse } = require('yaml') as typeof Yaml;
      return stringList((parse(readFileSync(pnpm, 'utf8')) as { packages?: unknown } | null)?.packages);
    } catch {
      return [];
    }
  }
  if (!view.stat(join(dir, 'package.json'))?.isFile()) return null;
  const workspaces = readJson(join(dir, 'package.json'))?.workspaces;
  if (workspaces === undefined) return null;
  // npm, yarn and bun: an array, or yarn's `{ packages: [...] }`.
  return Array.isArray(workspaces) ? stringList(workspaces) : stringList((workspaces as { packages?: unknown } | null)?.packages);
}

const skipped = new Set(['node_modules', '.git']);

/** Folders under `root` whose relative path matches the workspace globs and that hold a package.json. */
function packageFolders(root: string, globs: readonly string[]): string[] {
  const include = globs.filter((glob) => !glob.startsWith('!')).map((glob) => glob.replace(/^\.\//, '').replace(/\/+$/, ''));
  const exclude = globs.filter((glob) => glob.startsWith('!')).map((glob) => glob.slice(1).replace(/^\.\//, '').replace(/\/+$/, ''));
  if (include.length === 0) return [];
  const included = picomatch(include, { dot: false });
  const excluded = exclude.length === 0 ? () => false : picomatch(exclude);
  const deep = include.some((glob) => glob.includes('**'));
  const depth = deep ? Number.POSITIVE_INFINITY : Math.max(...include.map((glob) => glob.split('/').length));
  const found: string[] = [];
  const visit = (rel: string, level: number): void => {
    let entries;
    try {
      entries = readdirSync(rel === '' ? root : join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || skipped.has(entry.name)) continue;
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (included(path) && !excluded(path)) found.push(path);
      if (level + 1 < depth) visit(path, level + 1);
    }
  };
  visit('', 0);
  return found.filter((path) => readJson(join(root, path, 'package.json')) !== null);
}

/**
 * The workspace that holds `fromDir` (pnpm-workspace.yaml, or a package.json
 * with `workspaces`), with its packages by name; null outside a workspace.
 * Read once per lint run, and only when an import names a package that is
 * not installed.
 */
export function workspaceOf(fromDir: string, view: FsView): Workspace | null {
  const { root: top } = parsePath(fromDir);
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const found = view.once(`workspace\0${dir}`, (): Workspace | null | undefined => {
      const globs = workspaceGlobs(dir, view);
      if (globs === null) return undefined;
      const packages = new Map<string, string>();
      for (const folder of packageFolders(dir, globs)) {
        const name = readJson(join(dir, folder, 'package.json'))?.name;
        if (typeof name === 'string' && name !== '' && !packages.has(name)) packages.set(name, join(dir, folder));
      }
      return { root: dir, packages };
    });
    if (found !== undefined) return found;
    if (dir === top) return null;
  }
}
