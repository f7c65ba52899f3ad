import { resolve } from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_CONTRACT_PATH } from '@bookiji/contract';
import { memoByContent } from './memo.js';

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
  /**
   * The declaration files of the names the project's build imports into its
   * files by itself (unplugin-auto-import's `dts`), relative to `root`. By
   * default the rules read Nuxt's and unplugin-auto-import's where they write
   * them by default.
   */
  readonly autoImports?: readonly string[];
}

/**
 * How specific a glob is, compared in this order: the number of literal path
 * segments before its first wildcard segment, then its number of characters
 * other than `*` and `?`. `apps/web/src/guards/**` (4 segments) is more
 * specific than `apps/**` (1), and `src/**\/*.ts` (1 segment, 8 characters)
 * than `src/**` (1, 4). A path with no wildcard counts every segment.
 */
export interface Specificity {
  readonly segments: number;
  readonly characters: number;
}

export interface CompiledGlob {
  readonly glob: string;
  /** The layer number, or null for `unlayered`. */
  readonly layer: number | null;
  readonly matches: (relativePath: string) => boolean;
  /** The literal folder (or file) the glob starts with, `''` when it starts with a wildcard: only paths under it can match. */
  readonly base: string;
  readonly specificity: Specificity;
}

export interface CompiledSettings {
  /** The settings' content and working directory, which they were compiled from. */
  readonly key: string;
  /** The absolute folder the globs are relative to. */
  readonly base: string;
  readonly contract: string;
  /** The contract paths the config carries a digest of, or null when it carries none (no exported config, no `layerSettings()`). */
  readonly digested: readonly string[] | null;
  /** `autoImports` as written; empty for the default places. */
  readonly autoImports: readonly string[];
  /** Most specific first; among equally specific globs, layers in ascending order, then `unlayered`. */
  readonly globs: readonly CompiledGlob[];
  /** What is wrong with the settings as written; the parts in error are left out of the rest. */
  readonly problems: readonly string[];
}

/** Raised by `layerSettings()` for settings it cannot use. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

const allowedKeys = new Set(['root', 'layers', 'unlayered', 'contract', 'contractDigests', 'autoImports']);

function isGlobList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');
}

function negated(globs: readonly string[]): string[] {
  return globs.filter((glob) => glob.startsWith('!'));
}

/**
 * The settings inside a config that `layerSettings()` returned, when that
 * config was given as `settings.bookiji` itself (`settings: { bookiji:
 * layerSettings(…) }`); null for anything else.
 */
function nestedConfigSettings(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const inner = (value as { settings?: unknown }).settings;
  if (inner === null || typeof inner !== 'object' || !('bookiji' in inner)) return null;
  return (inner as { bookiji: unknown }).bookiji;
}

/** Checks `settings.bookiji` against its schema; returns the problems, empty when it is valid. */
export function settingsProblems(value: unknown): string[] {
  if (value === undefined) return [];
  const nested = nestedConfigSettings(value);
  if (nested !== null) {
    return [
      "`settings.bookiji` is a whole config (what `layerSettings()` returns) rather than settings: put `layerSettings(…)` in the config array itself, beside the plugin's config; its own `settings.bookiji` apply meanwhile",
      ...settingsProblems(nested),
    ];
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['`settings.bookiji` must be an object'];
  const problems: string[] = [];
  const settings = value as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    if (!allowedKeys.has(key)) problems.push(`\`settings.bookiji\` must NOT have additional property \`${key}\` (expected one of ${[...allowedKeys].join(', ')})`);
  }
  const { root, layers, unlayered, contract, contractDigests, autoImports } = settings;
  if (root !== undefined && (typeof root !== 'string' || root === '')) problems.push('`settings.bookiji.root` must be a non-empty string');
  if (layers !== undefined) {
    if (layers === null || typeof layers !== 'object' || Array.isArray(layers)) problems.push('`settings.bookiji.layers` must be an object from layer number to an array of globs');
    else {
      for (const [key, globs] of Object.entries(layers)) {
        if (!/^(0|[1-9]\d*)$/.test(key)) problems.push(`\`settings.bookiji.layers\` key \`${key}\` must be a layer number such as \`2\``);
        if (!isGlobList(globs)) problems.push(`\`settings.bookiji.layers.${key}\` must be an array of non-empty glob strings`);
        else for (const glob of negated(globs)) problems.push(`\`settings.bookiji.layers.${key}\` glob \`${glob}\` must not be negated (the most specific glob decides: write the exception as a glob of its own)`);
      }
    }
  }
  if (unlayered !== undefined) {
    if (!isGlobList(unlayered)) problems.push('`settings.bookiji.unlayered` must be an array of non-empty glob strings');
    else for (const glob of negated(unlayered)) problems.push(`\`settings.bookiji.unlayered\` glob \`${glob}\` must not be negated (the most specific glob decides: write the exception as a glob of its own)`);
  }
  if (contract !== undefined && (typeof contract !== 'string' || contract === '')) problems.push('`settings.bookiji.contract` must be a non-empty string');
  if (contractDigests !== undefined && !isDigestMap(contractDigests)) problems.push('`settings.bookiji.contractDigests` must be an object from contract path to a digest string or null');
  if (autoImports !== undefined && !isGlobList(autoImports)) problems.push('`settings.bookiji.autoImports` must be an array of non-empty file paths');
  return problems;
}

function isDigestMap(value: unknown): value is Record<string, string | null> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((digest) => digest === null || typeof digest === 'string');
}

/** The specificity of a glob, as `Specificity` defines it. */
export function specificityOf(glob: string): Specificity {
  const { base } = picomatch.scan(glob);
  const segments = base.split('/').filter((segment) => segment !== '' && segment !== '.').length;
  const characters = [...glob.replace(/^\.\//, '')].filter((char) => char !== '*' && char !== '?').length;
  return { segments, characters };
}

/** Positive when `a` is more specific than `b`, 0 when they are as specific. */
export function compareSpecificity(a: Specificity, b: Specificity): number {
  return a.segments - b.segments || a.characters - b.characters;
}

const dotSegment = /(?:^|\/)\.\.?(?:\/|$)/;

function compileGlob(glob: string, layer: number | null): CompiledGlob {
  const base = picomatch.scan(glob).base.replace(/^\.\//, '').replace(/\/+$/, '');
  // What picomatch's matcher does for a forward-slash path, without the result object it builds for every call:
  // the settings' globs are tried against every linted and imported file.
  const regex = picomatch.makeRe(glob, { dot: true });
  const folder = /^([\w-]+(?:\/[\w-]+)*)\/\*\*$/.exec(glob)?.[1];
  const matches =
    folder === undefined
      ? (relativePath: string): boolean => relativePath !== '' && (relativePath === glob || regex.test(relativePath))
      : // `folder/**`, the most common glob, without its regular expression's look-ahead at every character:
        // the folder itself or a path below it, with no `.` or `..` segment.
        (relativePath: string): boolean => (relativePath === folder || (relativePath.startsWith(folder) && relativePath.charCodeAt(folder.length) === 47)) && !dotSegment.test(relativePath);
  return { glob, layer, matches, base, specificity: specificityOf(glob) };
}

/** True when the settings glob may match `relativePath`: the path is the glob's literal base or below it. */
export function underBase(glob: CompiledGlob, relativePath: string): boolean {
  return glob.base === '' || relativePath === glob.base || (relativePath.startsWith(glob.base) && relativePath.charCodeAt(glob.base.length) === 47);
}

/**
 * Compiles `settings.bookiji`. Parts that fail the schema are left out and
 * listed in `problems`, which `@bookiji/valid-settings` reports; the rest
 * applies, so one mistyped key does not switch every rule off. Compiled once
 * per content and working directory: the editor's ESLint server lints every
 * change with a new ESLint instance and settings of the same content.
 */
export const compileSettings: (raw: unknown, cwd: string) => CompiledSettings = memoByContent((raw: unknown, cwd: string, key: string): CompiledSettings => {
  const problems = settingsProblems(raw);
  const given = nestedConfigSettings(raw) ?? raw;
  const settings = (given !== null && typeof given === 'object' && !Array.isArray(given) ? given : {}) as Record<string, unknown>;
  const globs: CompiledGlob[] = [];
  const layers = settings.layers !== null && typeof settings.layers === 'object' && !Array.isArray(settings.layers) ? (settings.layers as Record<string, unknown>) : {};
  const layerEntries = Object.entries(layers)
    .filter(([layer, patterns]) => /^(0|[1-9]\d*)$/.test(layer) && isGlobList(patterns))
    .sort(([a], [b]) => Number(a) - Number(b));
  for (const [layer, patterns] of layerEntries) {
    for (const glob of patterns as string[]) if (!glob.startsWith('!')) globs.push(compileGlob(glob, Number(layer)));
  }
  if (isGlobList(settings.unlayered)) for (const glob of settings.unlayered) if (!glob.startsWith('!')) globs.push(compileGlob(glob, null));
  // A stable sort: equally specific globs keep the order above.
  globs.sort((a, b) => compareSpecificity(b.specificity, a.specificity));
  const root = typeof settings.root === 'string' && settings.root !== '' ? settings.root : '.';
  const contract = typeof settings.contract === 'string' && settings.contract !== '' ? settings.contract : DEFAULT_CONTRACT_PATH;
  return {
    key,
    base: resolve(cwd, root),
    contract,
    digested: isDigestMap(settings.contractDigests) ? Object.keys(settings.contractDigests) : null,
    autoImports: isGlobList(settings.autoImports) ? settings.autoImports : [],
    globs,
    problems,
  };
}, 32);
