import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_CONTRACT_PATH } from '@bookiji/contract';

/** The key under ESLint's `settings` that holds this plugin's settings. */
export const SETTINGS_KEY = 'bookiji';

/** `settings.bookiji` as users write it. */
export interface LayerSettings {
  /**
   * The folder the globs are relative to, absolute or relative to ESLint's
   * working directory (the default). A monorepo whose packages each run
   * `eslint .` against the root config sets it to the root.
   */
  readonly root?: string;
  /** Layer number to file globs, relative to `root`. */
  readonly layers?: Readonly<Record<string, readonly string[]>>;
  /** Globs of files that belong to no layer, relative to `root`. */
  readonly unlayered?: readonly string[];
  /** The contract's path, looked for from each linted file's folder upward; absolute paths are taken as is. */
  readonly contract?: string;
  /**
   * The content digest of each contract path (null when there is no such
   * contract), set by the exported configs and by `layerSettings()`: `eslint
   * --cache` keys its results on the config, so a changed contract changes them.
   */
  readonly contractDigests?: Readonly<Record<string, string | null>>;
}

export interface CompiledGlob {
  readonly glob: string;
  /** The layer number, or null for `unlayered`. */
  readonly layer: number | null;
  readonly matches: (relativePath: string) => boolean;
}

export interface CompiledSettings {
  /** The settings' content and working directory, which they were compiled from. */
  readonly key: string;
  /** The absolute folder the globs are relative to. */
  readonly base: string;
  readonly contract: string;
  /** The contract paths the config carries a digest of, or null when it carries none (no exported config, no `layerSettings()`). */
  readonly digested: readonly string[] | null;
  readonly globs: readonly CompiledGlob[];
  /** Globs that matched no file when last looked at, with the time of that look. */
  unmatched: { readonly globs: readonly CompiledGlob[]; readonly checkedAt: number } | null;
}

/** Raised for settings ESLint cannot use; ESLint shows the message and stops, as for a rule option that fails its schema. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

const allowedKeys = new Set(['root', 'layers', 'unlayered', 'contract', 'contractDigests']);

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');
}

/** Checks `settings.bookiji` against its schema; returns the problems, empty when it is valid. */
export function settingsProblems(value: unknown): string[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['`settings.bookiji` must be an object'];
  const problems: string[] = [];
  const settings = value as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    if (!allowedKeys.has(key)) problems.push(`\`settings.bookiji\` must NOT have additional property \`${key}\` (expected one of ${[...allowedKeys].join(', ')})`);
  }
  const { root, layers, unlayered, contract, contractDigests } = settings;
  if (root !== undefined && (typeof root !== 'string' || root === '')) problems.push('`settings.bookiji.root` must be a non-empty string');
  if (layers !== undefined) {
    if (layers === null || typeof layers !== 'object' || Array.isArray(layers)) problems.push('`settings.bookiji.layers` must be an object from layer number to an array of globs');
    else {
      for (const [key, globs] of Object.entries(layers)) {
        if (!/^(0|[1-9]\d*)$/.test(key)) problems.push(`\`settings.bookiji.layers\` key \`${key}\` must be a layer number such as \`2\``);
        if (!isStringArray(globs)) problems.push(`\`settings.bookiji.layers.${key}\` must be an array of non-empty glob strings`);
      }
    }
  }
  if (unlayered !== undefined && !isStringArray(unlayered)) problems.push('`settings.bookiji.unlayered` must be an array of non-empty glob strings');
  if (contract !== undefined && (typeof contract !== 'string' || contract === '')) problems.push('`settings.bookiji.contract` must be a non-empty string');
  if (contractDigests !== undefined && !isDigestMap(contractDigests)) problems.push('`settings.bookiji.contractDigests` must be an object from contract path to a digest string or null');
  return problems;
}

function isDigestMap(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((digest) => digest === null || typeof digest === 'string');
}

/**
 * Compiled settings by content and working directory. Compiling this
 * repository's settings takes 0.16 ms and the first look for files their globs
 * match (`unmatchedGlobs`, kept on the compiled settings) 1.1 ms; the editor's
 * ESLint server lints every change with a new ESLint instance and settings of
 * the same content, so without this each validation would pay both. Settings
 * change only with the config, so content is the whole key.
 */
const compiled = new Map<string, CompiledSettings>();
const maxCompiled = 32;

export function compileSettings(raw: unknown, cwd: string): CompiledSettings {
  const key = `${cwd}\0${JSON.stringify(raw ?? {}) ?? ''}`;
  const known = compiled.get(key);
  if (known) return known;
  const problems = settingsProblems(raw);
  if (problems.length > 0) throw new SettingsError(`Invalid settings for @bookiji/eslint-plugin: ${problems.join('; ')}.`);
  const settings = (raw ?? {}) as LayerSettings;
  const globs: CompiledGlob[] = [];
  const layerEntries = Object.entries(settings.layers ?? {}).sort(([a], [b]) => Number(a) - Number(b));
  for (const [layer, patterns] of layerEntries) {
    for (const glob of patterns) globs.push({ glob, layer: Number(layer), matches: picomatch(glob, { dot: true }) });
  }
  for (const glob of settings.unlayered ?? []) globs.push({ glob, layer: null, matches: picomatch(glob, { dot: true }) });
  const result: CompiledSettings = {
    key,
    base: resolve(cwd, settings.root ?? '.'),
    contract: settings.contract ?? DEFAULT_CONTRACT_PATH,
    digested: settings.contractDigests === undefined ? null : Object.keys(settings.contractDigests),
    globs,
    unmatched: null,
  };
  if (compiled.size >= maxCompiled) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, result);
  return result;
}

const skippedFolders = new Set(['node_modules', '.git']);
const recheckAfterMs = 5_000;

function* walk(root: string, prefix = ''): Generator<string> {
  let entries;
  try {
    entries = readdirSync(join(root, prefix), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name)) yield* walk(root, path);
    } else yield path;
  }
}

/**
 * The settings globs that match no file under their base folder. A glob
 * that matched once stays good; the others are looked at again after a few
 * seconds, so a long-lived editor process notices a file created since.
 */
export function unmatchedGlobs(settings: CompiledSettings, now: number = Date.now()): readonly CompiledGlob[] {
  if (settings.globs.length === 0) return [];
  const previous = settings.unmatched;
  if (previous !== null && (previous.globs.length === 0 || now - previous.checkedAt < recheckAfterMs)) return previous.globs;
  const pending = new Set(previous?.globs ?? settings.globs);
  for (const file of walk(settings.base)) {
    for (const glob of pending) if (glob.matches(file)) pending.delete(glob);
    if (pending.size === 0) break;
  }
  const globs = [...pending];
  settings.unmatched = { globs, checkedAt: now };
  return globs;
}
