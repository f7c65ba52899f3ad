import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheDir, writeCacheFile } from './cache.js';
import type { ProofConfig } from './config.js';
import { CONFIG_FILE, validateConfig } from './config.js';
import { passedBefore } from './typecheck-cache.js';

export interface LoadedConfig {
  readonly config: ProofConfig;
  /** Absolute path of the configuration file. */
  readonly path: string;
  /** Path relative to the repository root, as the report names it. */
  readonly name: string;
  /** SHA-256 of the file's bytes. */
  readonly sha256: string;
}

export type LoadResult = { readonly ok: true; readonly loaded: LoadedConfig } | { readonly ok: false; readonly messages: readonly string[] };

export interface LoadOptions {
  /** Type-check the file with the TypeScript compiler before loading it (the runner does; id listings need not). */
  readonly typeCheck?: boolean;
}

/**
 * Loads `proof.config.ts` from a repository root: type-checks it, imports it
 * with tsx and validates its values. Every failure is a message, not a throw.
 */
export async function loadConfig(root: string, options: LoadOptions = {}): Promise<LoadResult> {
  const path = join(root, CONFIG_FILE);
  const name = relative(root, path);
  if (!existsSync(path)) {
    return { ok: false, messages: [`${name}: Unexpected missing configuration, expected ${CONFIG_FILE} at the repository root (${root})`] };
  }
  const bytes = readFileSync(path);
  if (options.typeCheck !== false && !passedBefore(root, path)) {
    const { typeCheckConfig } = await import('./typecheck.js');
    const problems = typeCheckConfig(path, root);
    if (problems.length > 0) {
      return { ok: false, messages: problems.map((p) => `${p.file}:${p.line}:${p.column}: TS${p.code} ${p.message}`) };
    }
  }
  let loadedModule: { default?: unknown };
  try {
    // tsx (esbuild and a module loader) is loaded only when a configuration is.
    const { tsImport } = await import('tsx/esm/api');
    loadedModule = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, messages: [`${name}: Unexpected error while loading the configuration, expected it to load: ${message}`] };
  }
  const result = validateConfig(loadedModule.default);
  if (!result.ok) return { ok: false, messages: result.problems.map((p) => `${name}: ${p.path}: ${p.message}`) };
  return { ok: true, loaded: { config: result.config, path, name, sha256: createHash('sha256').update(bytes).digest('hex') } };
}

/** The nearest folder, from `from` upward, that holds a proof configuration. */
export function findConfigRoot(from: string): string | null {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The ids of the proof's steps, in declared order, for tools that must agree
 * with the configuration (the docs linter compares the runbook's list to it).
 * Throws with the configuration's problems, since a caller cannot go on without ids.
 * Loading the configuration through tsx costs a few hundred milliseconds, so
 * the ids are kept in the runner's cache folder (see `cacheDir` and `stepIdsKey`) and read
 * back while nothing they came from has changed.
 */
export async function loadProofStepIds(from: string = process.cwd()): Promise<string[]> {
  const root = findConfigRoot(from);
  if (root === null) throw new Error(`No ${CONFIG_FILE} in ${from} or any folder above it`);
  const key = stepIdsKey(join(root, CONFIG_FILE));
  const cacheFile = key === null ? null : stepIdsCacheFile(root);
  if (key !== null && cacheFile !== null) {
    const cached = readCachedIds(cacheFile, key);
    if (cached) return cached;
  }
  const result = await loadConfig(root, { typeCheck: false });
  if (!result.ok) throw new Error(result.messages.join('\n'));
  const ids = result.loaded.config.steps.map((step) => step.id);
  if (key !== null && cacheFile !== null) writeCacheFile(cacheFile, `${JSON.stringify({ key, ids })}\n`);
  return ids;
}

const STEP_IDS_CACHE_FORMAT = 'bookiji-proof step ids 1';

function stepIdsCacheFile(root: string): string | null {
  const dir = cacheDir(root);
  return dir === null ? null : join(dir, 'step-ids.json');
}

function readCachedIds(file: string, key: string): string[] | null {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; ids?: unknown };
    if (entry.key !== key || !Array.isArray(entry.ids) || !entry.ids.every((id) => typeof id === 'string')) return null;
    return entry.ids as string[];
  } catch {
    return null;
  }
}

/** A module specifier where an import or re-export names one: `from './x'`, `import './x'`, `import('./x')`. */
const SPECIFIER = /(?<![\w$.'"`-])(?:from|import)\s*\(?\s*(['"])([^'"\n]*)\1/gu;
/** A type-only import or re-export, which TypeScript erases: its module never runs. */
const TYPE_ONLY = /\b(?:import|export)\s+type\b[^;'"]*?\bfrom\s*(['"])[^'"\n]*\1/gu;

/**
 * Anything through which a module's value could depend on more than its own
 * source and the local modules it imports: the environment, the clock, the
 * file system, the network, code built at run time or a computed import. A
 * configuration (or local module it runs) that names one of them, even in a
 * comment, is loaded every time.
 */
const DYNAMIC = /\b(?:process|require|globalThis|global|Deno|Bun|Date|Math|crypto|fetch|eval|Function|Reflect|Proxy|WebAssembly|Worker|module|exports|__dirname|__filename)\b|\bimport\s*\.\s*meta\b|\bimport\s*\(\s*[^'"\s]/u;

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The local file a relative specifier names, as tsx resolves it (`./config.js` may be `./config.ts`); null when there is none. */
function resolveLocal(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base];
  const extension = /\.[cm]?jsx?$/u.exec(base)?.[0];
  if (extension) {
    const stem = base.slice(0, -extension.length);
    const typed = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] }[extension] ?? [];
    candidates.push(...typed.map((ext) => stem + ext));
  }
  candidates.push(...SOURCE_EXTENSIONS.map((ext) => base + ext), ...SOURCE_EXTENSIONS.map((ext) => join(base, `index${ext}`)));
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // The next candidate.
    }
  }
  return null;
}

/**
 * What the step ids are a function of: the bytes of the configuration and of
 * every local module it imports (transitively), the bytes of this module and
 * of the validator, and tsx's version. Null (no caching) when the
 * configuration could depend on anything else: an import of a package or of a
 * file that cannot be found, an import that is not a plain string, or any use
 * of the environment, the clock, the file system or code built at run time
 * (see DYNAMIC). Type-only imports are erased before the module runs: their
 * files are part of the key, but what they say does not matter.
 */
export function stepIdsKey(configPath: string): string | null {
  const hash = createHash('sha256').update(STEP_IDS_CACHE_FORMAT).update('\0');
  try {
    const source = /\.ts$/u.test(import.meta.url) ? '.ts' : '.js';
    for (const own of [fileURLToPath(import.meta.url), fileURLToPath(new URL(`./config${source}`, import.meta.url))]) {
      hash.update(readFileSync(own)).update('\0');
    }
    const require = createRequire(import.meta.url);
    hash.update((JSON.parse(readFileSync(require.resolve('tsx/package.json'), 'utf8')) as { version: string }).version).update('\0');
    // How tsx compiles and which module format it gives the configuration.
    for (const name of ['package.json', 'tsconfig.json']) {
      const path = join(dirname(configPath), name);
      hash.update(name).update('\0').update(existsSync(path) ? readFileSync(path) : '(none)').update('\0');
    }
  } catch {
    return null;
  }
  const seen = new Set<string>();
  const visit = (path: string, runs: boolean): boolean => {
    const key = `${runs ? 'runs' : 'types'}:${path}`;
    if (seen.has(key)) return true;
    seen.add(key);
    let source: string;
    try {
      source = readFileSync(path, 'utf8');
    } catch {
      return false;
    }
    hash.update(key).update('\0').update(source).update('\0');
    if (!runs) return true;
    if (DYNAMIC.test(source)) return false;
    const typeOnly = new Set<number>();
    for (const match of source.matchAll(TYPE_ONLY)) typeOnly.add(match.index + match[0].length);
    for (const match of source.matchAll(SPECIFIER)) {
      const specifier = match[2]!;
      const erased = typeOnly.has(match.index + match[0].length);
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) {
        // A package or a built-in module could read anything: only a type-only import of one is harmless.
        if (erased) continue;
        return false;
      }
      const target = resolveLocal(path, specifier);
      if (target === null) {
        // A type-only import of a missing file is erased all the same; its absence is part of the key.
        if (!erased) return false;
        hash.update(`missing:${specifier}`).update('\0');
        continue;
      }
      if (!visit(target, !erased)) return false;
    }
    return true;
  };
  if (!visit(configPath, true)) return null;
  return hash.digest('hex');
}
