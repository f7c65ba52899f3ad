import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
  const result = validateConfig(defaultExport(loadedModule));
  if (!result.ok) return { ok: false, messages: result.problems.map((p) => `${name}: ${p.path}: ${p.message}`) };
  return { ok: true, loaded: { config: result.config, path, name, sha256: createHash('sha256').update(bytes).digest('hex') } };
}

/**
 * The configuration's `export default`. In a CommonJS project (no `"type":
 * "module"`) tsx compiles the file to CommonJS, and importing it gives
 * `module.exports`, which holds the default export under `default` and is
 * marked `__esModule`; this is the same value the type check reads.
 */
function defaultExport(loaded: { default?: unknown }): unknown {
  const value = loaded.default;
  if (typeof value === 'object' && value !== null && (value as { __esModule?: unknown }).__esModule === true && 'default' in value) {
    return (value as { default: unknown }).default;
  }
  return value;
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
 * Loaded without the type check, and every time: under tsx it costs next to
 * nothing (see the README). Throws with the configuration's problems, since a
 * caller cannot go on without ids.
 */
export async function loadProofStepIds(from: string = process.cwd()): Promise<string[]> {
  const root = findConfigRoot(from);
  if (root === null) throw new Error(`No ${CONFIG_FILE} in ${from} or any folder above it`);
  const result = await loadConfig(root, { typeCheck: false });
  if (!result.ok) throw new Error(result.messages.join('\n'));
  return result.loaded.config.steps.map((step) => step.id);
}
