import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, parse as parsePath, resolve, sep } from 'node:path';
import { createPathsMatcher, getTsconfig } from 'get-tsconfig';
import type { FsView } from './fs-view.js';

const extensions = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];
const jsToTs: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

function isFile(path: string, view: FsView): boolean {
  return view.stat(path)?.isFile() ?? false;
}

/** The file a path names the way TypeScript and Node find it: as is, `.js` written for `.ts`, an added extension, or a folder's index. */
export function resolveFile(base: string, view: FsView): string | null {
  const ext = parsePath(base).ext;
  // TypeScript prefers the source a `.js` specifier stands for; an extensionless name is never a module file itself.
  for (const replacement of jsToTs[ext] ?? []) {
    const candidate = base.slice(0, -ext.length) + replacement;
    if (isFile(candidate, view)) return candidate;
  }
  if (ext !== '' && isFile(base, view)) return base;
  for (const extension of extensions) if (isFile(base + extension, view)) return base + extension;
  for (const extension of extensions) if (isFile(join(base, `index${extension}`), view)) return join(base, `index${extension}`);
  return null;
}

type PathsMatcher = (specifier: string) => string[];

/**
 * The `paths` aliases of the tsconfig found from each folder, kept while the
 * tsconfig's mtime stays the same. Finding and reading this repository's
 * tsconfig (with the one it extends) and building its matcher takes 0.32 ms,
 * a third of the time the plugin may add to a file in the editor, whose
 * ESLint server lints every change with a new ESLint instance.
 */
const tsconfigs = new Map<string, { readonly path: string; readonly mtimeMs: number; readonly matcher: PathsMatcher | null }>();
const maxTsconfigs = 256;

function pathsMatcherFor(dir: string, view: FsView): PathsMatcher | null {
  // Looked up once per view; a folder with no tsconfig is looked at again in the next view, since one may be created.
  return view.once(`tsconfig\0${dir}`, () => {
    const cached = tsconfigs.get(dir);
    if (cached !== undefined && view.stat(cached.path)?.mtimeMs === cached.mtimeMs) return cached.matcher;
    tsconfigs.delete(dir);
    let tsconfig;
    try {
      tsconfig = getTsconfig(dir);
    } catch {
      // A tsconfig that does not parse gives no aliases; TypeScript itself reports it.
      return null;
    }
    if (!tsconfig) return null;
    const mtimeMs = view.stat(tsconfig.path)?.mtimeMs;
    const matcher = createPathsMatcher(tsconfig);
    if (mtimeMs !== undefined) {
      if (tsconfigs.size >= maxTsconfigs) tsconfigs.delete(tsconfigs.keys().next().value as string);
      tsconfigs.set(dir, { path: tsconfig.path, mtimeMs, matcher });
    }
    return matcher;
  });
}

/** The real folder of a package as seen from `fromDir`, or null when it is not installed; once per view, so a package linked since is found. */
function packageFolder(fromDir: string, name: string, view: FsView): string | null {
  return view.once(`package\0${fromDir}\0${name}`, () => {
    const { root } = parsePath(fromDir);
    for (let dir = fromDir; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name);
      if (view.stat(candidate)?.isDirectory()) {
        try {
          return realpathSync(candidate);
        } catch {
          return null;
        }
      }
      if (dir === root) return null;
    }
  });
}

function firstTarget(entry: unknown): string | null {
  if (typeof entry === 'string') return entry;
  if (Array.isArray(entry)) {
    for (const item of entry) {
      const found = firstTarget(item);
      if (found) return found;
    }
    return null;
  }
  if (entry !== null && typeof entry === 'object') {
    // Conditions are listed in priority order; the first one names the file a source-aware tool should read.
    for (const value of Object.values(entry as Record<string, unknown>)) {
      const found = firstTarget(value);
      if (found) return found;
    }
  }
  return null;
}

function packageEntry(folder: string, subpath: string, view: FsView): string {
  let manifest: { exports?: unknown; main?: unknown } = {};
  try {
    manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as typeof manifest;
  } catch {
    manifest = {};
  }
  const exportsField = manifest.exports;
  const key = subpath === '' ? '.' : `./${subpath}`;
  if (exportsField !== undefined && exportsField !== null) {
    const isSubpathMap = typeof exportsField === 'object' && !Array.isArray(exportsField) && Object.keys(exportsField).some((k) => k.startsWith('.'));
    const entry = isSubpathMap ? (exportsField as Record<string, unknown>)[key] : key === '.' ? exportsField : undefined;
    const target = firstTarget(entry);
    if (target) return resolveFile(resolve(folder, target), view) ?? resolve(folder, target);
  }
  if (subpath === '' && typeof manifest.main === 'string') return resolveFile(resolve(folder, manifest.main), view) ?? resolve(folder, manifest.main);
  const base = resolve(folder, subpath === '' ? 'index' : subpath);
  return resolveFile(base, view) ?? base;
}

function splitPackage(specifier: string): { name: string; subpath: string } | null {
  const parts = specifier.split('/');
  const scoped = specifier.startsWith('@');
  if (scoped && parts.length < 2) return null;
  const name = scoped ? `${parts[0]}/${parts[1]}` : (parts[0] ?? '');
  if (name === '' || name.includes(':')) return null;
  return { name, subpath: parts.slice(scoped ? 2 : 1).join('/') };
}

const inNodeModules = `${sep}node_modules${sep}`;

/**
 * The file an import names, for the layer rules: relative paths, tsconfig
 * `paths` aliases and workspace packages. Installed third-party packages and
 * Node built-ins belong to no layer and give null. A path whose file does not
 * exist is still returned, since globs and path segments can place it.
 */
export function resolveImport(specifier: string, fromFile: string, view: FsView): string | null {
  const fromDir = dirname(fromFile);
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const base = resolve(fromDir, specifier);
    return resolveFile(base, view) ?? base;
  }
  if (specifier.startsWith('node:')) return null;
  const matcher = pathsMatcherFor(fromDir, view);
  if (matcher) {
    const candidates = matcher(specifier);
    for (const candidate of candidates) {
      const file = resolveFile(candidate, view);
      if (file) return file;
    }
  }
  const parts = splitPackage(specifier);
  if (parts) {
    const folder = packageFolder(fromDir, parts.name, view);
    if (folder !== null && !`${folder}${sep}`.includes(inNodeModules)) return packageEntry(folder, parts.subpath, view);
  }
  return null;
}
