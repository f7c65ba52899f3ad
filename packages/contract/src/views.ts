import { existsSync } from 'node:fs';
import { dirname, join, parse as parsePath, resolve, sep } from 'node:path';
import type { Contract, Layer } from './model.js';
import { DEFAULT_CONTRACT_PATH } from './model.js';

/**
 * Views derived from the contract model that every tool asks the same
 * question of: which layer a folder or file name points at, which layers are
 * human-only, and which folder a contract's document paths start from.
 */

/** The words of a name in lower case: `Policy Evolution & Guardrail Improvement` gives `policy evolution and guardrail improvement`. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/&/gu, ' and ')
    .split(/[^a-z0-9]+/u)
    .filter((word) => word !== '');
}

/** A folder or file name as words, without a file extension; `layer4` and `layer_4` read as `layer 4`. */
function nameWords(name: string): string[] {
  const base = name.replace(/\.[a-z0-9]+$/iu, '');
  return words(base.replace(/\blayer(?=\d)/giu, 'layer '));
}

interface NameIndex {
  /** Word sequences that name a layer wherever they stand in a name: `layer 4`, the full name, a two-word `&` part. */
  readonly phrases: readonly { readonly words: readonly string[]; readonly layer: number }[];
  /** One-word `&` parts (`rollbacks`), which name a layer only as a whole name: `machine-learning` is not Layer 1. */
  readonly wholeWords: ReadonlyMap<string, number>;
}

/** Derived once per (frozen) contract: the model never changes, so the index cannot go stale. */
const indexes = new WeakMap<Contract, NameIndex>();

function nameIndex(contract: Contract): NameIndex {
  const known = indexes.get(contract);
  if (known) return known;
  const phrases = new Map<string, number | null>();
  const wholeWords = new Map<string, number | null>();
  const add = (into: Map<string, number | null>, key: string, layer: number): void => {
    const taken = into.get(key);
    // A name two layers share points at neither.
    into.set(key, taken === undefined || taken === layer ? layer : null);
  };
  for (const layer of contract.layers) {
    add(phrases, `layer ${layer.number}`, layer.number);
    // A layer without a name is a contract diagnostic; it is found by number alone.
    const full = words(layer.name);
    if (full.length === 0) continue;
    add(full.length === 1 ? wholeWords : phrases, full.join(' '), layer.number);
    const withoutAnd = full.filter((word) => word !== 'and');
    if (withoutAnd.length > 1 && withoutAnd.length !== full.length) add(phrases, withoutAnd.join(' '), layer.number);
    if (layer.name.includes('&')) {
      for (const part of layer.name.split('&').map(words)) {
        if (part.length > 1) add(phrases, part.join(' '), layer.number);
        else if (part.length === 1) add(wholeWords, part[0]!, layer.number);
      }
    }
  }
  const index: NameIndex = {
    phrases: [...phrases].flatMap(([phrase, layer]) => (layer === null ? [] : [{ words: phrase.split(' '), layer }])),
    wholeWords: new Map([...wholeWords].flatMap(([word, layer]) => (layer === null ? [] : [[word, layer] as const]))),
  };
  indexes.set(contract, index);
  return index;
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let offset = 0; offset < needle.length; offset++) if (haystack[start + offset] !== needle[offset]) continue outer;
    return true;
  }
  return false;
}

/**
 * The layer a folder or file name points at, or null. A name points at a
 * layer when its words contain `layer N` (`layer-4`, `layer4`, `layer_4-notes`)
 * or the layer's name (`policy-evolution-and-guardrail-improvement`,
 * `policy-evolution-guardrail-improvement`), or a part of the name between
 * `&`s of two words or more (`old-policy-evolution-notes`); a one-word part
 * (`rollbacks`) only as the whole name. A name that points at two layers
 * points at none, since it decides nothing.
 */
export function layerOfName(contract: Contract, name: string): Layer | null {
  const found = new Set<number>();
  const nameAsWords = nameWords(name);
  if (nameAsWords.length === 0) return null;
  const index = nameIndex(contract);
  for (const phrase of index.phrases) if (containsRun(nameAsWords, phrase.words)) found.add(phrase.layer);
  const whole = index.wholeWords.get(nameAsWords.join(' '));
  if (whole !== undefined) found.add(whole);
  if (found.size !== 1) return null;
  const [number] = found;
  return contract.layers.find((layer) => layer.number === number) ?? null;
}

/**
 * The layer the folders of a relative path point at: the deepest folder that
 * names one. With `includeFile`, a file whose folders name no layer is placed
 * by its own name (`policy-evolution.md`), while a folder that names one
 * decides for every file in it (`layer-4/ROLLBACKS.md` is Layer 4). Nothing
 * under `node_modules` belongs to a layer.
 */
export function layerOfPath(contract: Contract, relativePath: string, options: { includeFile?: boolean } = {}): { layer: Layer; segment: string } | null {
  const segments = relativePath.split(/[\\/]/u).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('node_modules')) return null;
  const folders = segments.slice(0, -1);
  for (let at = folders.length - 1; at >= 0; at--) {
    const segment = folders[at]!;
    const layer = layerOfName(contract, segment);
    if (layer) return { layer, segment };
  }
  const file = segments.at(-1);
  const layer = options.includeFile && file !== undefined ? layerOfName(contract, file) : null;
  return layer && file !== undefined ? { layer, segment: file } : null;
}

/**
 * How the contract restricts work in a layer: `dormant` (no code, tooling or
 * automation at all), `human-only` (a person acts; nothing automated decides),
 * or null when it says neither.
 */
export function restrictionOf(layer: Layer | null | undefined): 'dormant' | 'human-only' | null {
  if (!layer) return null;
  if (layer.status === 'dormant') return 'dormant';
  return layer.humanOnly ? 'human-only' : null;
}

/**
 * The repository root a contract's document paths start from. A contract at
 * its conventional place (`docs/operations/OPERATIONAL_LAYERS.md`, or the
 * `relativePath` it was looked up by) is that many folders down from the root;
 * a contract elsewhere belongs to the nearest folder above it with `.git` or
 * `package.json`, else to its own folder.
 */
export function contractRoot(contractPath: string, relativePath: string = DEFAULT_CONTRACT_PATH): string {
  const path = resolve(contractPath);
  const suffix = join(...relativePath.split(/[\\/]/u));
  if (path.endsWith(sep + suffix)) return path.slice(0, -suffix.length - 1) || parsePath(path).root;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git')) || existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(path);
  }
}
