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
}

/** A Deno project's config file names, in the order Deno looks for them in a folder. */
export const denoConfigNames = ['deno.json', 'deno.jsonc'];

function readJsonc(path: string, view: FsView): Record<string, unknown> | null {
  const bytes = view.bytes(path);
  if (bytes === undefined) return null;
  try {
    const value = parseJsonc(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The import map of a Deno config (`deno.json` or `deno.jsonc`). A config
 * with no `imports`, or that does not parse, maps nothing.
 */
export function readImportMap(config: string, view: FsView): ImportMap {
  const json = readJsonc(config, view);
  if (json === null) return { config, entries: [], base: config };
  let imports = json.imports;
  let base = config;
  if (imports === undefined && typeof json.importMap === 'string') {
    base = resolve(dirname(config), json.importMap);
    imports = readJsonc(base, view)?.imports;
  }
  if (typeof imports !== 'object' || imports === null) return { config, entries: [], base };
  const entries = Object.entries(imports)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([key, target]) => ({ key, target }))
    .sort((a, b) => b.key.length - a.key.length);
  return { config, entries, base };
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
