import { readFileSync, realpathSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { basename, dirname, isAbsolute, join, parse as parsePath, relative, resolve, sep } from 'node:path';
import { createFilesMatcher, createPathsMatcher, parseTsconfig } from 'get-tsconfig';
import type { TsConfigJsonResolved } from 'get-tsconfig';
import type { FsView, Listing } from './fs-view.js';
import { parseJsonc } from './jsonc.js';
import { denoConfigNames, mapImport, mapInScopes, readImportMap } from './import-map.js';
import type { ImportMap, MappedImport } from './import-map.js';
import { readJson, workspaceOf } from './workspace.js';
import { getOrAdd } from './memo.js';

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

/** Names a listing settles: printable ASCII, which no file system normalizes. */
const plainName = /^[\x20-\x7e]+$/;

/**
 * Whether `path` is a file, from its folder's listing (see `FsView.listing`)
 * when there is one, else from its stat. A name the listing lacks is settled
 * only when the file system could not find it either: not in another case
 * (a file system that folds case would), and plain ASCII (one that
 * normalizes Unicode might). A link, and anything else the listing cannot
 * tell, is looked at.
 */
function isFileIn(listing: Listing | null, path: string, view: FsView): boolean {
  if (listing !== null) {
    const name = path.slice(path.lastIndexOf(sep) + 1);
    const kind = listing.kinds.get(name);
    if (kind === 'file') return true;
    if (kind === 'directory') return false;
    if (kind === undefined && plainName.test(name) && !listing.folded.has(name.toLowerCase())) return false;
  }
  return isFile(path, view);
}

function isDirectory(path: string, view: FsView): boolean {
  return view.stat(path)?.isDirectory() ?? false;
}

/**
 * The file a path names the way TypeScript and Node find it: as is, `.js`
 * written for `.ts`, an added extension, or a folder's index. `firstLook` is
 * what is looked at first: the folder, where it is often missing (a
 * `baseUrl` or alias candidate for a package name), or the likeliest file,
 * where it is usually there (a relative import).
 */
export function resolveFile(base: string, view: FsView, firstLook: 'folder' | 'file' = 'folder'): string | null {
  const ext = parsePath(base).ext;
  const folder = dirname(base);
  // TypeScript prefers the source a `.js` specifier stands for; an extensionless name is never a module file itself.
  const replacements = jsToTs[ext] ?? [];
  const candidates = (): string[] => [...replacements.map((replacement) => base.slice(0, -ext.length) + replacement), ...(ext === '' ? [] : [base]), ...extensions.map((extension) => base + extension)];
  if (firstLook === 'file') {
    const listed = view.listing(folder, false);
    if (listed !== null) return candidates().find((candidate) => isFileIn(listed, candidate, view)) ?? resolveIndex(base, view);
    // The first of the candidates, without making the rest: most relative imports name it.
    const likeliest = replacements[0] !== undefined ? base.slice(0, -ext.length) + replacements[0] : ext !== '' ? base : `${base}${extensions[0]}`;
    if (isFile(likeliest, view)) return likeliest;
  }
  // A file in a folder that does not exist is none of the candidates: one look instead of twenty.
  if (!isDirectory(folder, view)) return null;
  // The folder holds none of the names looked at so far, or was not looked at: its listing answers for the rest.
  const listing = view.listing(folder);
  return candidates().find((candidate) => isFileIn(listing, candidate, view)) ?? resolveIndex(base, view);
}

/** A folder's index file, for a path that names the folder. */
function resolveIndex(base: string, view: FsView): string | null {
  if (!isDirectory(base, view)) return null;
  const listing = view.listing(base);
  for (const extension of extensions) {
    const candidate = join(base, `index${extension}`);
    if (isFileIn(listing, candidate, view)) return candidate;
  }
  return null;
}

/** Why imports could not be followed to a file, so the layer rules could not check them. */
export type ResolutionProblem =
  | { readonly kind: 'tsconfig'; readonly key: string; readonly tsconfig: string; readonly extends: string | null; readonly reason: string }
  | { readonly kind: 'alias'; readonly key: string; readonly tsconfig: string; readonly alias: string; readonly targets: readonly string[] }
  | { readonly kind: 'workspace'; readonly key: string; readonly name: string; readonly folder: string; readonly from: string }
  /** An alias no tsconfig the rules read maps (`~/`, `@/`, `#lib/`): it cannot name a package, so it is no third-party import either. */
  | { readonly kind: 'unmapped'; readonly key: string; readonly specifier: string; readonly prefix: string; readonly tsconfig: string | null; readonly from: string; readonly denoConfig: string | null }
  /** A Deno project's import map that cannot be read: the specifiers it would map (any bare one not installed) cannot be followed. */
  | { readonly kind: 'import-map'; readonly key: string; readonly file: string; readonly config: string; readonly reason: string }
  /** A package in the repository (a workspace package, or its own `#` imports) that names a file not built yet, with no source file mapped to it. */
  | { readonly kind: 'unbuilt'; readonly key: string; readonly specifier: string; readonly name: string; readonly folder: string; readonly entry: string };

export interface Resolution {
  /** The file the import names, or null for a Node built-in, an installed package or a name nothing resolves. */
  readonly path: string | null;
  /** Set when the import could not be followed as written; `path` is then what could still be worked out. */
  readonly problem: ResolutionProblem | null;
  /**
   * The package a Deno import map names for the specifier (`npm:node-cron@3`
   * for `cron`): the module the automation rules match, rather than the
   * name as written.
   */
  readonly package?: string;
}

const none: Resolution = Object.freeze({ path: null, problem: null });

interface Alias {
  /** The `paths` key as written: `@/*`. */
  readonly pattern: string;
  readonly prefix: string;
  /** Null when the key has no `*` and matches only itself. */
  readonly suffix: string | null;
  readonly targets: readonly string[];
  /** The folders the targets start from; the alias resolves nowhere when none exists. */
  readonly bases: readonly string[];
}

type PathsMatcher = (specifier: string) => string[];

/** A tsconfig as the resolver uses it: its `paths` matcher, its aliases, and why it could not be read whole. */
export interface TsconfigInfo {
  readonly path: string;
  readonly matcher: PathsMatcher | null;
  readonly aliases: readonly Alias[];
  readonly problem: { readonly extends: string | null; readonly reason: string } | null;
  /** The tsconfig files of the projects it `references`, for a file it does not include itself (a solution-style tsconfig.json). */
  readonly references: readonly string[];
  /** Whether its `files`, `include` and `exclude` take in a file; null when it could not be read whole. */
  readonly includes: ((file: string) => boolean) | null;
  /** Where its build writes, and where the sources it builds from are: see `buildOf`. */
  readonly build: Build;
}

/**
 * The folders a project's build writes to (`outDir`, `declarationDir`) and
 * the folders its output paths start from in the sources: `rootDir`, else
 * the folders `include` names (TypeScript takes the sources' common folder),
 * else the project's own folder.
 */
interface Build {
  readonly outputs: readonly string[];
  readonly sources: readonly string[];
}

/** The folder a pattern of `include` starts from: `src` for `src/**\/*`, `lib` for `lib/index.ts`. */
function includeBase(pattern: string): string {
  const segments = pattern.split('/');
  const glob = segments.findIndex((segment) => /[*?{[]/.test(segment));
  if (glob !== -1) return segments.slice(0, glob).join('/');
  return /\.[^/]+$/.test(pattern) ? segments.slice(0, -1).join('/') : pattern;
}

function buildOf(path: string, compilerOptions: TsConfigJsonResolved['compilerOptions'], include: unknown): Build {
  const dir = dirname(path);
  const outputs = [compilerOptions?.outDir, compilerOptions?.declarationDir].filter((value): value is string => typeof value === 'string').map((value) => resolve(dir, value));
  if (outputs.length === 0) return { outputs, sources: [] };
  const bases = Array.isArray(include) ? include.filter((value): value is string => typeof value === 'string').map((pattern) => resolve(dir, includeBase(pattern))) : [];
  const sources = typeof compilerOptions?.rootDir === 'string' ? [resolve(dir, compilerOptions.rootDir)] : bases.length > 0 ? [...new Set(bases)] : [dir];
  return { outputs, sources };
}

/** The tsconfig files that `references` names: a file as written, or a folder's tsconfig.json. */
function referencedTsconfigs(path: string, references: unknown): string[] {
  if (!Array.isArray(references)) return [];
  return references.flatMap((reference: unknown) => {
    const written = (reference as { path?: unknown } | null)?.path;
    if (typeof written !== 'string') return [];
    const target = resolve(dirname(path), written);
    return [target.endsWith('.json') ? target : join(target, 'tsconfig.json')];
  });
}

function aliasesOf(path: string, compilerOptions: TsConfigJsonResolved['compilerOptions']): Alias[] {
  const paths = compilerOptions?.paths ?? {};
  const pathsBase = resolve(dirname(path), compilerOptions?.baseUrl ?? '.');
  return Object.entries(paths).map(([pattern, targets]) => {
    const star = pattern.indexOf('*');
    const list = Array.isArray(targets) ? targets.filter((target): target is string => typeof target === 'string') : [];
    return {
      pattern,
      prefix: star === -1 ? pattern : pattern.slice(0, star),
      suffix: star === -1 ? null : pattern.slice(star + 1),
      targets: list,
      bases: list.map((target) => {
        const literal = target.includes('*') ? target.slice(0, target.indexOf('*')) : target;
        const full = resolve(pathsBase, literal);
        return literal.endsWith('/') ? full : dirname(full);
      }),
    };
  });
}

/**
 * Reads a tsconfig with the configs it extends. When one of those cannot be
 * found (a shared config package that is not installed) or the file does not
 * parse, its own `compilerOptions` still apply, and the problem is kept for
 * `@bookiji/valid-settings` to report.
 */
function readTsconfig(path: string, cache: Map<string, unknown>): TsconfigInfo {
  try {
    const config = parseTsconfig(path, cache as Map<string, string>);
    const files = createFilesMatcher({ path, config });
    return {
      path,
      matcher: createPathsMatcher({ path, config }),
      aliases: aliasesOf(path, config.compilerOptions),
      problem: null,
      references: referencedTsconfigs(path, config.references),
      includes: (file) => files(file) !== undefined,
      build: buildOf(path, config.compilerOptions, config.include),
    };
  } catch (error) {
    const reason = ((error as Error).message.split('\n')[0] ?? '').trim();
    let own: { extends?: unknown; compilerOptions?: TsConfigJsonResolved['compilerOptions']; references?: unknown; include?: unknown };
    try {
      own = (parseJsonc(readFileSync(path, 'utf8')) ?? {}) as typeof own;
    } catch (parseError) {
      return { path, matcher: null, aliases: [], problem: { extends: null, reason: ((parseError as Error).message.split('\n')[0] ?? '').trim() }, references: [], includes: null, build: { outputs: [], sources: [] } };
    }
    const extended = typeof own.extends === 'string' ? own.extends : Array.isArray(own.extends) ? own.extends.filter((item) => typeof item === 'string').join('`, `') : null;
    const config = { compilerOptions: own.compilerOptions ?? {} } as TsConfigJsonResolved;
    return {
      path,
      matcher: createPathsMatcher({ path, config }),
      aliases: aliasesOf(path, config.compilerOptions),
      problem: { extends: extended, reason },
      references: referencedTsconfigs(path, own.references),
      includes: null,
      build: buildOf(path, config.compilerOptions, own.include),
    };
  }
}

/**
 * Parsed tsconfigs by path, kept while the file's mtime stays the same: the
 * editor's ESLint server lints every change with a new ESLint instance.
 */
const tsconfigs = new Map<string, { readonly mtimeMs: number; readonly info: TsconfigInfo }>();
const maxTsconfigs = 256;

/**
 * What TypeScript's language service looks for in each folder, in its order:
 * a JavaScript project's `jsconfig.json` (Next.js's JavaScript template
 * keeps its `@/*` alias there) is a tsconfig with `allowJs`.
 */
const projectConfigNames = ['tsconfig.json', 'jsconfig.json'] as const;

/** The tsconfig.json (or jsconfig.json) that governs files in `dir`: the nearest one upward, looked up once per folder and lint run. */
export function tsconfigFor(dir: string, view: FsView): TsconfigInfo | null {
  const path = nearestFile(dir, projectConfigNames, view);
  return path === null ? null : tsconfigAt(path, view);
}

/**
 * A tsconfig and the projects it references, nested ones included, each
 * once and in the order TypeScript looks through them; worked out once per
 * tsconfig and lint run.
 */
function projectsFrom(tsconfig: TsconfigInfo, view: FsView): readonly TsconfigInfo[] {
  return getOrAdd(view.table<readonly TsconfigInfo[]>('projects'), tsconfig.path, () => {
    const projects: TsconfigInfo[] = [];
    const seen = new Set<string>();
    const visit = (project: TsconfigInfo): void => {
      seen.add(project.path);
      projects.push(project);
      for (const reference of project.references) if (!seen.has(reference) && isFile(reference, view)) visit(tsconfigAt(reference, view));
    };
    visit(tsconfig);
    return projects;
  });
}

/**
 * The project a file is in, as TypeScript finds it from the nearest
 * tsconfig.json: that one when it takes the file in, else the first project
 * it references (and those reference, in turn) that does. A solution-style
 * tsconfig.json (`"files": []` and `references`, as Vite's templates write
 * it) keeps its `paths` in the projects it references.
 */
function projectOf(tsconfig: TsconfigInfo, file: string, view: FsView): TsconfigInfo | null {
  return projectsFrom(tsconfig, view).find((project) => project.includes?.(file) !== false) ?? null;
}

/** A tsconfig file read once per lint run, and kept between runs while its modification time is the same. */
function tsconfigAt(path: string, view: FsView): TsconfigInfo {
  const infos = view.table<TsconfigInfo>('tsconfig');
  const known = infos.get(path);
  if (known !== undefined) return known;
  const mtimeMs = view.stat(path)?.mtimeMs ?? -1;
  const cached = tsconfigs.get(path);
  let info: TsconfigInfo;
  if (cached !== undefined && cached.mtimeMs === mtimeMs) info = cached.info;
  else {
    info = readTsconfig(path, view.once('tsconfig-files', () => new Map<string, unknown>()));
    tsconfigs.delete(path);
    if (tsconfigs.size >= maxTsconfigs) tsconfigs.delete(tsconfigs.keys().next().value as string);
    tsconfigs.set(path, { mtimeMs, info });
  }
  infos.set(path, info);
  return info;
}

/** The nearest file with one of `names` (the first of them in a folder that has several) in `dir` or a folder above it, looked up once per folder and lint run. */
function nearestFile(dir: string, names: readonly string[], view: FsView): string | null {
  const paths = view.table<string | null>(`nearest\0${names.join('\0')}`);
  const known = paths.get(dir);
  if (known !== undefined) return known;
  const parent = dirname(dir);
  const path = names.map((name) => join(dir, name)).find((candidate) => isFile(candidate, view)) ?? (parent === dir ? null : nearestFile(parent, names, view));
  paths.set(dir, path);
  return path;
}

/**
 * The import map of the nearest `deno.json` or `deno.jsonc` from `dir` upward,
 * read once per lint run; null outside a Deno project. Under a Supabase
 * project's `supabase/functions`, a function with no Deno config of its own
 * there gets `supabase/functions/import_map.json`, the map the Supabase CLI
 * falls back to.
 */
export function importMapFor(dir: string, view: FsView): ImportMap | null {
  const config = nearestFile(dir, denoConfigNames, view);
  const functions = supabaseFunctionsOf(dir);
  const fallback = functions === null || (config !== null && config.startsWith(`${functions}${sep}`)) ? null : join(functions, 'import_map.json');
  const source = fallback !== null && isFile(fallback, view) ? fallback : config;
  return source === null ? null : view.once(`import-map\0${source}`, () => readImportMap(source, view));
}

const supabaseFunctionsFolder = `${sep}supabase${sep}functions`;

/** The `supabase/functions` folder `dir` is in (or is), or null. */
function supabaseFunctionsOf(dir: string): string | null {
  const at = `${dir}${sep}`.lastIndexOf(`${supabaseFunctionsFolder}${sep}`);
  return at === -1 ? null : dir.slice(0, at + supabaseFunctionsFolder.length);
}

/** The `node_modules` folders a file in `dir` finds packages in, nearest first; once per folder and lint run. */
export function nodeModulesOf(dir: string, view: FsView): readonly string[] {
  const lists = view.table<readonly string[]>('node-modules');
  const known = lists.get(dir);
  if (known !== undefined) return known;
  const parent = dirname(dir);
  const above = parent === dir ? [] : nodeModulesOf(parent, view);
  const own = join(dir, 'node_modules');
  const list = isDirectory(own, view) ? [own, ...above] : above;
  lists.set(dir, list);
  return list;
}

/** What bare specifiers resolve to from the folders that share a tsconfig, an import map and `node_modules` folders. */
interface Scope {
  readonly tsconfig: TsconfigInfo | null;
  /** A Deno project's import map, which Deno reads before anything else. */
  readonly importMap: ImportMap | null;
  readonly modules: readonly string[];
  readonly resolved: Map<string, Resolution>;
}

function sharedScope(tsconfig: TsconfigInfo | null, importMap: ImportMap | null, modules: readonly string[], view: FsView): Scope {
  return view.once(`scope\0${tsconfig?.path ?? ''}\0${importMap?.config ?? ''}\0${modules.join('\0')}`, (): Scope => ({ tsconfig, importMap, modules, resolved: new Map() }));
}

/** The scope of a file: its folder's, or, under a tsconfig.json with `references`, that of the project the file is in. */
function scopeOf(file: string, dir: string, view: FsView): Scope {
  const scopes = view.table<Scope>('scope');
  let scope = scopes.get(dir);
  if (scope === undefined) {
    scope = sharedScope(tsconfigFor(dir, view), importMapFor(dir, view), nodeModulesOf(dir, view), view);
    scopes.set(dir, scope);
  }
  const { tsconfig } = scope;
  if (tsconfig === null || tsconfig.references.length === 0) return scope;
  const folderScope = scope;
  return getOrAdd(view.table<Scope>('scope-by-file'), file, () => {
    const project = projectOf(tsconfig, file, view) ?? tsconfig;
    return project === tsconfig ? folderScope : sharedScope(project, folderScope.importMap, folderScope.modules, view);
  });
}

/** The real folder of an installed package, or null when none of the `node_modules` folders has it. */
function packageFolder(name: string, modules: readonly string[], view: FsView): string | null {
  for (const folder of modules) {
    const found = view.once(`package\0${folder}\0${name}`, (): string | null => {
      const candidate = join(folder, name);
      if (!isDirectory(candidate, view)) return null;
      try {
        return realpathSync(candidate);
      } catch {
        return null;
      }
    });
    if (found !== null) return found;
  }
  return null;
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

interface Manifest {
  readonly name?: unknown;
  readonly exports?: unknown;
  readonly imports?: unknown;
  readonly main?: unknown;
  readonly types?: unknown;
  readonly typings?: unknown;
}

/** A package's `package.json`, read once per lint run; empty when it cannot be read. */
function manifestOf(folder: string, view: FsView): Manifest {
  return view.once(`manifest\0${folder}`, (): Manifest => readJson(join(folder, 'package.json')) ?? {});
}

/** What a package names for an import, as the layer rules follow it. */
interface PackageFile {
  readonly path: string;
  /** True when the file is a build output (not a TypeScript source) that is not there, and no source file maps to it: a package not built yet. */
  readonly unbuilt: boolean;
}

/** A TypeScript source file, not a declaration file: `.ts`, `.tsx`, `.mts`, `.cts`. */
const typescriptSource = /(?<!\.d)\.[mc]?tsx?$/;
/** The extension a build writes: declarations and compiled JavaScript. */
const outputExtension = /(?:\.d\.[mc]?ts|\.[mc]?jsx?)$/;
/** Where bundlers such as tsup write a package's build when no tsconfig says, and the module-format folders some write inside. */
const conventionalOutputs = new Set(['dist', 'build', 'lib', 'out']);
const formatFolders = new Set(['esm', 'cjs', 'es', 'mjs', 'types']);


/**
 * The source file a package's build output is made from, as TypeScript maps
 * a referenced project's output back to its sources: through the `outDir`
 * (or `declarationDir`) and `rootDir` of the package's tsconfig.json and the
 * projects it references, else by the convention bundlers follow
 * (`dist/index.js` from `src/index.ts`). Null when no source file is there.
 * Layers are given to sources: a workspace package's `exports` usually name
 * its `dist/`, which no glob maps and which is not there before a build.
 */
function sourceOf(folder: string, output: string, view: FsView): string | null {
  const stem = output.replace(outputExtension, '');
  const tsconfig = tsconfigFor(folder, view);
  for (const project of tsconfig === null ? [] : projectsFrom(tsconfig, view)) {
    for (const out of project.build.outputs) {
      if (!stem.startsWith(`${out}${sep}`)) continue;
      for (const root of project.build.sources) {
        const found = resolveFile(join(root, relative(out, stem)), view);
        if (found !== null && found !== output) return found;
      }
    }
  }
  const [top, ...rest] = relative(folder, stem).split(sep);
  if (top === undefined || !conventionalOutputs.has(top) || rest.length === 0) return null;
  const tries = formatFolders.has(rest[0] ?? '') && rest.length > 1 ? [rest, rest.slice(1)] : [rest];
  for (const parts of tries) {
    const found = resolveFile(join(folder, 'src', ...parts), view);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The source file a build output that a command runs is made from
 * (`node dist/jobs/sweep.js` runs `src/jobs/sweep.ts`), in the package the
 * output is in, as `sourceOf` finds it; null when the path is no build
 * output or no source is there.
 */
export function sourceOfOutput(output: string, view: FsView): string | null {
  if (!outputExtension.test(output) || typescriptSource.test(output)) return null;
  const folder = packageScopeOf(dirname(output), view);
  return folder === null ? null : sourceOf(folder, output, view);
}

/** A file a package names (`exports`, `imports`, `main`), followed from a build output to its source. */
function packageFile(folder: string, path: string, view: FsView): PackageFile {
  const found = resolveFile(path, view);
  if (found !== null && typescriptSource.test(found)) return { path: found, unbuilt: false };
  const source = sourceOf(folder, found ?? path, view);
  if (source !== null) return { path: source, unbuilt: false };
  // A missing source file is a missing file, as with a relative import; a missing build output is a build not made yet.
  return { path: found ?? path, unbuilt: found === null && !typescriptSource.test(path) };
}

function packageEntry(folder: string, subpath: string, view: FsView): PackageFile {
  return view.once(`entry\0${folder}\0${subpath}`, (): PackageFile => {
    const manifest = manifestOf(folder, view);
    const exportsField = manifest.exports;
    const key = subpath === '' ? '.' : `./${subpath}`;
    if (exportsField !== undefined && exportsField !== null) {
      const isSubpathMap = typeof exportsField === 'object' && !Array.isArray(exportsField) && Object.keys(exportsField).some((k) => k.startsWith('.'));
      const entry = isSubpathMap ? subpathEntry(exportsField as Record<string, unknown>, key) : key === '.' ? { entry: exportsField, star: null } : null;
      const target = entry === null ? null : firstTarget(entry.entry);
      if (target) return packageFile(folder, resolve(folder, entry?.star === null || entry === null ? target : target.replaceAll('*', entry.star)), view);
    }
    const main = [manifest.main, manifest.types, manifest.typings].find((value): value is string => typeof value === 'string');
    if (subpath === '' && main !== undefined) return packageFile(folder, resolve(folder, main), view);
    return packageFile(folder, resolve(folder, subpath === '' ? 'index' : subpath), view);
  });
}

/** The problem of an import whose package names a file that is not there and that no source maps to. */
function unbuiltProblem(specifier: string, folder: string, entry: string, view: FsView): ResolutionProblem {
  const name = manifestOf(folder, view).name;
  return { kind: 'unbuilt', key: `unbuilt\0${folder}`, specifier, name: typeof name === 'string' ? name : basename(folder), folder, entry };
}

/** The `exports` entry for a subpath: an exact key, else the `*` pattern with the longest prefix, and what its `*` stands for. */
function subpathEntry(exportsMap: Record<string, unknown>, key: string): { readonly entry: unknown; readonly star: string | null } | null {
  if (key in exportsMap) return { entry: exportsMap[key], star: null };
  let best: { entry: unknown; star: string; prefix: number } | null = null;
  for (const [pattern, entry] of Object.entries(exportsMap)) {
    const star = pattern.indexOf('*');
    if (star === -1) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (key.length >= pattern.length - 1 && key.startsWith(prefix) && key.endsWith(suffix) && (best === null || prefix.length > best.prefix)) {
      best = { entry, star: key.slice(prefix.length, key.length - suffix.length), prefix: prefix.length };
    }
  }
  return best;
}

/** The folder of the nearest `package.json` at or above `dir`: the package a file belongs to, as Node finds it for `#` imports. */
function packageScopeOf(dir: string, view: FsView): string | null {
  const manifest = nearestFile(dir, ['package.json'], view);
  return manifest === null ? null : dirname(manifest);
}

/**
 * A `#` specifier through the `imports` of the package the importing folder
 * belongs to (Node's subpath imports), or null when that package maps it to
 * nothing. A target that is itself a package name resolves as an import
 * from the package's folder.
 */
function subpathImport(specifier: string, fromDir: string, view: FsView): Resolution | null {
  const folder = packageScopeOf(fromDir, view);
  if (folder === null) return null;
  const imports = manifestOf(folder, view).imports;
  if (imports === null || typeof imports !== 'object' || Array.isArray(imports)) return null;
  const entry = subpathEntry(imports as Record<string, unknown>, specifier);
  if (entry === null) return null;
  const target = firstTarget(entry.entry);
  if (target === null || target.startsWith('#')) return null;
  const written = entry.star === null ? target : target.replaceAll('*', entry.star);
  if (!written.startsWith('./')) return resolveImport(written, join(folder, 'package.json'), view);
  const file = packageFile(folder, resolve(folder, written), view);
  return { path: file.path, problem: file.unbuilt ? unbuiltProblem(specifier, folder, file.path, view) : null };
}

/**
 * The head of a specifier that can name no package, and so is an alias:
 * `~/`, `@/`, `#lib/`; null for any other. `$` is not one: SvelteKit's
 * `$app/…` and `$env/…` are modules the framework provides, as a package would.
 */
function aliasHead(specifier: string): string | null {
  if (!/^(?:[~#]|@\/)/.test(specifier)) return null;
  const slash = specifier.indexOf('/');
  return slash === -1 ? specifier : specifier.slice(0, slash + 1);
}

function splitPackage(specifier: string): { name: string; subpath: string } | null {
  const parts = specifier.split('/');
  const scoped = specifier.startsWith('@');
  if (scoped && parts.length < 2) return null;
  const name = scoped ? `${parts[0]}/${parts[1]}` : (parts[0] ?? '');
  if (name === '' || name.includes(':')) return null;
  return { name, subpath: parts.slice(scoped ? 2 : 1).join('/') };
}

/** The `paths` key TypeScript would use for a specifier: an exact key, else the matching pattern with the longest prefix. */
function aliasOf(aliases: readonly Alias[], specifier: string): Alias | null {
  let best: Alias | null = null;
  for (const alias of aliases) {
    if (alias.suffix === null) {
      if (alias.pattern === specifier) return alias;
    } else if (
      specifier.length >= alias.prefix.length + alias.suffix.length &&
      specifier.startsWith(alias.prefix) &&
      specifier.endsWith(alias.suffix) &&
      (best === null || alias.prefix.length > best.prefix.length)
    ) {
      best = alias;
    }
  }
  return best;
}

const inNodeModules = `${sep}node_modules${sep}`;

/** Whether Yarn installs the workspace at `root` with Plug'n'Play, which writes `.pnp.cjs` (`.pnp.js` before Yarn 3) there. */
function usesPlugNPlay(root: string, view: FsView): boolean {
  return isFile(join(root, '.pnp.cjs'), view) || isFile(join(root, '.pnp.js'), view);
}

function resolveBare(specifier: string, fromDir: string, scope: Scope, view: FsView): Resolution {
  const { tsconfig, importMap, modules } = scope;
  const mapped = importMap === null ? null : mapImport(importMap, specifier);
  if (mapped !== null) return mappedResolution(mapped, view);
  let missing: string | null = null;
  let deadAlias: ResolutionProblem | null = null;
  if (tsconfig?.matcher) {
    const candidates = tsconfig.matcher(specifier);
    for (const candidate of candidates) {
      const file = resolveFile(candidate, view);
      if (file) return { path: file, problem: null };
    }
    const alias = aliasOf(tsconfig.aliases, specifier);
    if (alias !== null) {
      // An alias whose folder exists names a file that is missing, as a relative import can; one whose folders are all missing resolves nowhere.
      if (alias.bases.some((base) => isDirectory(base, view))) missing = candidates[0] ?? null;
      else deadAlias = { kind: 'alias', key: `alias\0${tsconfig.path}\0${alias.pattern}`, tsconfig: tsconfig.path, alias: alias.pattern, targets: alias.targets };
    }
  }
  const parts = splitPackage(specifier);
  if (parts) {
    const folder = packageFolder(parts.name, modules, view);
    if (folder !== null) {
      if (`${folder}${sep}`.includes(inNodeModules)) return none;
      const entry = packageEntry(folder, parts.subpath, view);
      return { path: entry.path, problem: entry.unbuilt ? unbuiltProblem(specifier, folder, entry.path, view) : null };
    }
  }
  if (missing !== null) return { path: missing, problem: null };
  if (parts) {
    const workspace = workspaceOf(fromDir, view);
    const workspaceFolder = workspace?.packages.get(parts.name);
    if (workspace && workspaceFolder !== undefined) {
      const path = packageEntry(workspaceFolder, parts.subpath, view).path;
      // Yarn's Plug'n'Play links nothing into node_modules by design: the workspace's manifest is how its packages are found.
      if (usesPlugNPlay(workspace.root, view)) return { path, problem: null };
      return { path, problem: { kind: 'workspace', key: `workspace\0${parts.name}`, name: parts.name, folder: workspaceFolder, from: fromDir } };
    }
  }
  if (deadAlias !== null) return { path: null, problem: deadAlias };
  // Deno maps a bare specifier before anything else; with its map unreadable, one that is not installed may be any file or package.
  if (importMap?.problem && !specifier.includes(':')) return { path: null, problem: importMapProblem(importMap) };
  if (tsconfig?.problem) return { path: null, problem: tsconfigProblem(tsconfig) };
  const head = aliasHead(specifier);
  if (head !== null) {
    const denoConfig = importMap?.config ?? null;
    return { path: null, problem: { kind: 'unmapped', key: `unmapped\0${tsconfig?.path ?? ''}\0${denoConfig ?? ''}\0${head}`, specifier, prefix: head, tsconfig: tsconfig?.path ?? null, from: fromDir, denoConfig } };
  }
  return none;
}

/** Where an import map's target leads: a file of the repository, or a package. */
function mappedResolution(mapped: MappedImport, view: FsView): Resolution {
  return 'path' in mapped ? { path: resolveFile(mapped.path, view) ?? mapped.path, problem: null } : { path: null, problem: null, package: mapped.external };
}

/** The problem of a Deno import map that could not be read, or null. */
export function importMapProblem(map: ImportMap | null): ResolutionProblem | null {
  if (!map?.problem) return null;
  return { kind: 'import-map', key: `import-map\0${map.problem.file}`, file: map.problem.file, config: map.config, reason: map.problem.reason };
}

/** The problem of a tsconfig that could not be read whole, or null. */
export function tsconfigProblem(tsconfig: TsconfigInfo | null): ResolutionProblem | null {
  if (!tsconfig?.problem) return null;
  return { kind: 'tsconfig', key: `tsconfig\0${tsconfig.path}`, tsconfig: tsconfig.path, extends: tsconfig.problem.extends, reason: tsconfig.problem.reason };
}

/**
 * The file an import names, for the layer rules: relative paths, tsconfig
 * `paths` aliases and workspace packages (installed, or found through the
 * workspace's manifest when they are not linked). Installed third-party
 * packages and Node built-ins belong to no layer and give no path. A path
 * whose file does not exist is still returned, since globs and path segments
 * can place it. Each specifier is resolved once per lint run for all the
 * files that share a tsconfig and `node_modules` folders.
 */
export function resolveImport(specifier: string, fromFile: string, view: FsView): Resolution {
  const fromDir = dirname(fromFile);
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    // By folder and specifier first: the files of a folder import the same paths, and path.resolve is not free.
    const bySpecifier = getOrAdd(view.table<Map<string, Resolution>>('relative-by-folder'), fromDir, () => new Map<string, Resolution>());
    let resolution = bySpecifier.get(specifier);
    if (resolution === undefined) {
      const base = resolve(fromDir, specifier);
      const files = view.table<Resolution>('relative');
      resolution = files.get(base);
      if (resolution === undefined) {
        // A relative import names a file that is there far more often than a folder that is not.
        resolution = { path: resolveFile(base, view, 'file') ?? base, problem: null };
        files.set(base, resolution);
      }
      bySpecifier.set(specifier, resolution);
    }
    return resolution;
  }
  if (specifier.startsWith('node:')) return none;
  const scope = scopeOf(fromFile, fromDir, view);
  // An import map's scopes depend on the importing file, not on the scope the resolutions below are kept for.
  if (scope.importMap !== null && scope.importMap.scopes.length > 0) {
    const scoped = mapInScopes(scope.importMap, specifier, fromFile);
    if (scoped !== null) return mappedResolution(scoped, view);
  }
  let resolution = scope.resolved.get(specifier);
  if (resolution === undefined) {
    // A built-in is asked about once per scope, not per import: isBuiltin is not a plain lookup.
    resolution = isBuiltin(specifier) ? none : resolveBare(specifier, fromDir, scope, view);
    scope.resolved.set(specifier, resolution);
  }
  // Subpath imports belong to the importing file's package, not to the scope: two packages may share a tsconfig and `node_modules`.
  if (resolution.path === null && specifier.startsWith('#')) {
    const bySpecifier = getOrAdd(view.table<Map<string, Resolution | null>>('subpath-imports'), fromDir, () => new Map<string, Resolution | null>());
    let imported = bySpecifier.get(specifier);
    if (imported === undefined) {
      imported = subpathImport(specifier, fromDir, view);
      bySpecifier.set(specifier, imported);
    }
    if (imported !== null) return imported;
  }
  // A package that imports itself by name needs no link: Node resolves a package's own name through its exports.
  const problem = resolution.problem;
  if (problem?.kind === 'workspace' && (fromDir === problem.folder || fromDir.startsWith(`${problem.folder}${sep}`))) return { path: resolution.path, problem: null };
  return resolution;
}
