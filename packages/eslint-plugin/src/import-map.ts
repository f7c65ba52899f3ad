import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { FsView } from './fs-view.js';
import { parseJsonc } from './jsonc.js';

/**
 * The import map of a Deno project (Deno Deploy, Supabase Edge Functions):
 * the `imports` of its `deno.json` or `deno.jsonc`, or of the file its
 * `importMap` names, with their `scopes`. Keys are specifiers, or prefixes
 * ending in `/`; targets are paths relative to the file that holds them, or
 * packages (`npm:`, `jsr:`, a URL).
 */
export interface ImportMap {
  /** The deno.json or deno.jsonc the map was found through. */
  readonly config: string;
  /** The keys and their targets, longest key first: the longest prefix wins, as the import maps standard says. */
  readonly entries: readonly ImportMapEntry[];
  /**
   * The `scopes` for files of the repository, most specific first: what a
   * file whose path starts with `prefix` (a folder's ends with the path
   * separator; any other names one file) imports is looked up in `entries`
   * before the map's own. Scopes of remote modules are left out.
   */
  readonly scopes: readonly { readonly prefix: string; readonly entries: readonly ImportMapEntry[] }[];
  /** The file that holds `imports`, where its relative targets start from. */
  readonly base: string;
  /**
   * Why the map could not be read, when it could not: Deno refuses to run
   * then, and the specifiers it would map cannot be followed.
   */
  readonly problem: { readonly file: string; readonly reason: string } | null;
}

/** A Deno project's config file names, in the order Deno looks for them in a folder. */
export const denoConfigNames = ['deno.json', 'deno.jsonc'];

export interface ImportMapEntry {
  readonly key: string;
  readonly target: string;
}

/** A specifier map's entries, longest key first; entries whose target is not a string are left out, as Deno does. */
function entriesOf(imports: object): ImportMapEntry[] {
  return Object.entries(imports)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([key, target]) => ({ key, target }))
    .sort((a, b) => b.key.length - a.key.length);
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);
const remote = /^[a-z][a-z\d+.-]*:\/\//i;

/** A JSON object with comments, or why it is not one: the file is missing or unreadable, does not parse, or holds no object. */
function readJsonc(path: string, view: FsView): { readonly value: Record<string, unknown> } | { readonly reason: string } {
  const bytes = view.bytes(path);
  if (bytes === undefined) return { reason: view.stat(path)?.isFile() === true ? 'it cannot be read' : 'no such file' };
  let value: unknown;
  try {
    value = parseJsonc(bytes.toString('utf8'));
  } catch (error) {
    return { reason: (error as Error).message.split('\n')[0] ?? 'it does not parse' };
  }
  return isObject(value) ? { value: value as Record<string, unknown> } : { reason: 'it holds no JSON object' };
}

/**
 * The import map of a Deno config (`deno.json` or `deno.jsonc`). A config
 * with no `imports` maps nothing; one that does not parse, or whose
 * `importMap` names a file that cannot be read, maps nothing and says why.
 */
export function readImportMap(config: string, view: FsView): ImportMap {
  const empty = { config, entries: [], scopes: [] };
  const json = readJsonc(config, view);
  if (!('value' in json)) return { ...empty, base: config, problem: { file: config, reason: json.reason } };
  let map = json.value;
  let base = config;
  if (map.imports === undefined && map.scopes === undefined && typeof map.importMap === 'string') {
    // Deno fetches a map named by URL; a lint reads no network.
    if (remote.test(map.importMap)) return { ...empty, base, problem: { file: map.importMap, reason: 'a remote map, which the rules do not fetch' } };
    base = resolve(dirname(config), map.importMap);
    const named = readJsonc(base, view);
    if (!('value' in named)) return { ...empty, base, problem: { file: base, reason: named.reason } };
    map = named.value;
  }
  const { imports = {}, scopes = {} } = map;
  if (!isObject(imports)) return { ...empty, base, problem: { file: base, reason: '`imports` is not an object' } };
  if (!isObject(scopes)) return { ...empty, base, problem: { file: base, reason: '`scopes` is not an object' } };
  const folder = dirname(base);
  return {
    config,
    entries: entriesOf(imports),
    scopes: Object.entries(scopes)
      .filter((entry): entry is [string, object] => !remote.test(entry[0]) && isObject(entry[1]))
      .map(([key, scoped]) => ({ prefix: resolve(folder, key) + (key.endsWith('/') ? sep : ''), entries: entriesOf(scoped) }))
      // The standard's order: by key, code unit by code unit, descending, so a scope comes before any that contains it.
      .sort((a, b) => (a.prefix < b.prefix ? 1 : a.prefix > b.prefix ? -1 : 0)),
    base,
    problem: null,
  };
}

/**
 * What an import map's own `imports` make of a specifier: a file path for a
 * local target, the target itself for a package (`npm:…`, `jsr:…`, a URL),
 * or null when no key matches. An exact key first, then the longest prefix
 * key. The map's `scopes` come before it, for the files they take in: see
 * `mapInScopes`.
 */
export function mapImport(map: ImportMap, specifier: string): MappedImport | null {
  return lookUp(map.entries, specifier, map.base);
}

/** What the scopes that take `file` in make of a specifier, most specific scope first; null when none maps it. */
export function mapInScopes(map: ImportMap, specifier: string, file: string): MappedImport | null {
  for (const scope of map.scopes) {
    if (file !== scope.prefix && !(scope.prefix.endsWith(sep) && file.startsWith(scope.prefix))) continue;
    const found = lookUp(scope.entries, specifier, map.base);
    if (found !== null) return found;
  }
  return null;
}

export type MappedImport = { readonly path: string } | { readonly external: string };

function lookUp(entries: readonly ImportMapEntry[], specifier: string, base: string): MappedImport | null {
  const entry = entries.find(({ key }) => key === specifier) ?? entries.find(({ key }) => key.endsWith('/') && specifier.startsWith(key));
  if (entry === undefined) return null;
  const target = entry.target + specifier.slice(entry.key.length);
  if (target.startsWith('./') || target.startsWith('../')) return { path: resolve(dirname(base), target) };
  if (isAbsolute(target)) return { path: target };
  return { external: target };
}
