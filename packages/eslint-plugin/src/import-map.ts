import { dirname, isAbsolute, resolve } from 'node:path';
import type { FsView } from './fs-view.js';
import { parseJsonc } from './jsonc.js';

/**
 * The import map of a Deno project (Deno Deploy, Supabase Edge Functions):
 * the `imports` of its `deno.json` or `deno.jsonc`, or of the file its
 * `importMap` names. Keys are specifiers, or prefixes ending in `/`;
 * targets are paths relative to the file that holds them, or packages
 * (`npm:`, `jsr:`, a URL).
 */
export interface ImportMap {
  /** The deno.json or deno.jsonc the map was found through. */
  readonly config: string;
  /** The keys and their targets, longest key first: the longest prefix wins, as the import maps standard says. */
  readonly entries: readonly { readonly key: string; readonly target: string }[];
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
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { value: value as Record<string, unknown> } : { reason: 'it holds no JSON object' };
}

/**
 * The import map of a Deno config (`deno.json` or `deno.jsonc`). A config
 * with no `imports` maps nothing; one that does not parse, or whose
 * `importMap` names a file that cannot be read, maps nothing and says why.
 */
export function readImportMap(config: string, view: FsView): ImportMap {
  const json = readJsonc(config, view);
  if (!('value' in json)) return { config, entries: [], base: config, problem: { file: config, reason: json.reason } };
  let imports = json.value.imports;
  let base = config;
  if (imports === undefined && typeof json.value.importMap === 'string') {
    // Deno fetches a map named by URL; a lint reads no network.
    if (/^[a-z][a-z\d+.-]*:\/\//i.test(json.value.importMap)) return { config, entries: [], base, problem: { file: json.value.importMap, reason: 'a remote map, which the rules do not fetch' } };
    base = resolve(dirname(config), json.value.importMap);
    const named = readJsonc(base, view);
    if (!('value' in named)) return { config, entries: [], base, problem: { file: base, reason: named.reason } };
    imports = named.value.imports;
  }
  if (imports === undefined) return { config, entries: [], base, problem: null };
  if (typeof imports !== 'object' || imports === null || Array.isArray(imports)) return { config, entries: [], base, problem: { file: base, reason: '`imports` is not an object' } };
  const entries = Object.entries(imports)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([key, target]) => ({ key, target }))
    .sort((a, b) => b.key.length - a.key.length);
  return { config, entries, base, problem: null };
}

/**
 * What an import map makes of a specifier: a file path for a local target,
 * the target itself for a package (`npm:…`, `jsr:…`, a URL), or null when no
 * key matches. An exact key first, then the longest prefix key.
 */
export function mapImport(map: ImportMap, specifier: string): { readonly path: string } | { readonly external: string } | null {
  const entry = map.entries.find(({ key }) => key === specifier) ?? map.entries.find(({ key }) => key.endsWith('/') && specifier.startsWith(key));
  if (entry === undefined) return null;
  const target = entry.target + specifier.slice(entry.key.length);
  if (target.startsWith('./') || target.startsWith('../')) return { path: resolve(dirname(map.base), target) };
  if (isAbsolute(target)) return { path: target };
  return { external: target };
}
