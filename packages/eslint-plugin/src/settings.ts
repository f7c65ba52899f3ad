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
  /** The contract's content digest, set by the exported configs so `eslint --cache` notices contract changes. */
  readonly contractDigest?: string | null;
}

export interface CompiledGlob {
  readonly glob: string;
  /** The layer number, or null for `unlayered`. */
  readonly layer: number | null;
  readonly matches: (relativePath: string) => boolean;
}

export interface CompiledSettings {
  readonly key: string;
  /** ESLint's working directory the settings were compiled for. */
  readonly cwd: string;
  /** The absolute folder the globs are relative to. */
  readonly base: string;
  readonly contract: string;
  readonly globs: readonly CompiledGlob[];
  /** Globs that matched no file when last looked at, with the time of that look. */
  unmatched: { readonly globs: readonly CompiledGlob[]; readonly checkedAt: number } | null;
}

/** Raised for settings ESLint cannot use; ESLint shows the message and stops, as for a rule option that fails its schema. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

const allowedKeys = new Set(['root', 'layers', 'unlayered', 'contract', 'contractDigest']);

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
  const { root, layers, unlayered, contract, contractDigest } = settings;
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
  if (contractDigest !== undefined && contractDigest !== null && typeof contractDigest !== 'string') problems.push('`settings.bookiji.contractDigest` must be a string or null');
  return problems;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const compiled = new Map<string, CompiledSettings>();
const maxCompiled = 32;

/**
 * Compiles the settings once per distinct content and working directory. The
 * editor's ESLint server builds a fresh settings object for every validation,
 * so the key is the content, never the object.
 */
const byObject = new WeakMap<object, CompiledSettings>();

export function compileSettings(raw: unknown, cwd: string): CompiledSettings {
  // One lint run passes the same settings object for every file: skip rebuilding its key then.
  const known = raw !== null && typeof raw === 'object' ? byObject.get(raw) : undefined;
  if (known !== undefined && known.cwd === cwd) return known;
  const result = compileByContent(raw, cwd);
  if (raw !== null && typeof raw === 'object') byObject.set(raw, result);
  return result;
}

/** Settings as written (key order kept) to their compiled form: the editor's server builds equal settings in the same order each time. */
const byText = new Map<string, CompiledSettings>();

function compileByContent(raw: unknown, cwd: string): CompiledSettings {
  const text = `${cwd}\0${JSON.stringify(raw ?? {}) ?? ''}`;
  const known = byText.get(text);
  if (known) return known;
  const key = `${cwd}\0${stableStringify(raw ?? {})}`;
  const cached = compiled.get(key);
  if (cached) {
    remember(text, cached);
    return cached;
  }
  const problems = settingsProblems(raw);
  if (problems.length > 0) throw new SettingsError(`Invalid settings for @bookiji/eslint-plugin: ${problems.join('; ')}.`);
  const settings = (raw ?? {}) as LayerSettings;
  const globs: CompiledGlob[] = [];
  const layerEntries = Object.entries(settings.layers ?? {}).sort(([a], [b]) => Number(a) - Number(b));
  for (const [layer, patterns] of layerEntries) {
    for (const glob of patterns) globs.push({ glob, layer: Number(layer), matches: picomatch(glob, { dot: true }) });
  }
  for (const glob of settings.unlayered ?? []) globs.push({ glob, layer: null, matches: picomatch(glob, { dot: true }) });
  const result: CompiledSettings = { key, cwd, base: resolve(cwd, settings.root ?? '.'), contract: settings.contract ?? DEFAULT_CONTRACT_PATH, globs, unmatched: null };
  if (compiled.size >= maxCompiled) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, result);
  remember(text, result);
  return result;
}

function remember(text: string, settings: CompiledSettings): void {
  if (byText.size >= maxCompiled) byText.delete(byText.keys().next().value as string);
  byText.set(text, settings);
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
