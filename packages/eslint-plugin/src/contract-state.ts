import { readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { contractDigest, contractRoot, findContractPath, parseContractBytes, readContract } from '@bookiji/contract';
import type { Contract, ContractResult, Diagnostic, Layer } from '@bookiji/contract';
import { contractCache, parserIdentity } from './contract-cache.js';
import type { FsView } from './fs-view.js';
import { getOrAdd } from './memo.js';

/** The contract as the rules use it: layers indexed by number, and the import pairs the contract allows. */
export interface ContractIndex {
  readonly path: string;
  /** The folder the contract's relative path starts from: the repository root. */
  readonly root: string;
  /** The contract's path relative to its root, with forward slashes, for messages. */
  readonly displayPath: string;
  readonly digest: string;
  readonly contract: Contract;
  readonly diagnostics: readonly Diagnostic[];
  readonly byNumber: ReadonlyMap<number, Layer>;
  /** Allowed (from, to) import pairs: a layer may use itself and the layers below it. */
  readonly allowedImports: ReadonlySet<number>;
}

export type ContractState =
  | { readonly ok: true; readonly index: ContractIndex }
  | { readonly ok: false; readonly path: string; readonly reason: string };

/** Key of a (from, to) pair in `allowedImports`. */
export function pairKey(from: number, to: number): number {
  return from * 65_536 + to;
}

/**
 * The last index of each contract path, with the digest of the bytes it was
 * built from. The editor's ESLint server lints every change with a new ESLint
 * instance: each reads and hashes the contract again (0.03 ms for this
 * repository's 7 KB; an edit that keeps the file's size and time is seen),
 * and unchanged bytes are neither parsed (13 ms) nor indexed again.
 */
const indexes = new Map<string, ContractIndex>();
const maxIndexes = 8;

/** The parser's identity for the on-disk cache, worked out once: the bundle does not change while it runs. */
const parser = parserIdentity(import.meta.url);

function parseOf(path: string, root: string, bytes: Uint8Array, digest: string, view: FsView): ContractResult {
  const cache = contractCache(root, parser, view);
  let result = cache?.read(path, digest) ?? null;
  if (result === null) {
    result = parseContractBytes(bytes, path);
    cache?.write(path, digest, result);
  }
  return result;
}

/** The index of the contract at `path` whose folder is `root`: the last one when the bytes are the same. */
function indexOf(path: string, root: string, view: FsView): ContractState {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return { ok: false, path, reason: readContract(path).diagnostics[0]?.message ?? `cannot read \`${path}\`` };
  }
  const digest = contractDigest(bytes);
  const known = indexes.get(path);
  const index = known !== undefined && known.root === root && known.digest === digest ? known : buildIndex(path, root, digest, parseOf(path, root, bytes, digest, view));
  indexes.delete(path);
  if (indexes.size >= maxIndexes) indexes.delete(indexes.keys().next().value as string);
  indexes.set(path, index);
  return { ok: true, index };
}

function buildIndex(path: string, root: string, digest: string, { contract, diagnostics }: ContractResult): ContractIndex {
  const byNumber = new Map<number, Layer>();
  for (const layer of contract.layers) byNumber.set(layer.number, layer);
  const allowedImports = new Set<number>();
  for (const from of contract.layers) {
    for (const to of contract.layers) if (to.number <= from.number) allowedImports.add(pairKey(from.number, to.number));
  }
  const shown = relative(root, path).split(sep).join('/');
  return Object.freeze({
    path,
    root,
    displayPath: shown === '' || shown.startsWith('..') ? path : shown,
    digest,
    contract,
    diagnostics,
    byNumber,
    allowedImports,
  });
}

/**
 * The path of the contract for files in `fileDir`: `setting` as is when it is
 * absolute, else looked for from `fileDir` upward. The folders of a run share
 * the answers for their ancestors: a new folder looks at its own path only.
 */
function locate(fileDir: string, setting: string, view: FsView): string | null {
  if (isAbsolute(setting)) return setting;
  return findContractPath(fileDir, setting, (path) => view.stat(path) !== undefined, view.table<string | null>(`contract-path\0${setting}`));
}

/**
 * The contract for files in `fileDir`, read once per view. Its root is the
 * folder `setting` names it from (`contractRoot`), or for an absolute
 * setting the repository that holds it.
 */
export function contractFor(fileDir: string, setting: string, view: FsView): ContractState {
  // Asked for every linted file: one lookup by folder, no key to build.
  const byFolder = getOrAdd(view.table<Map<string, ContractState>>('contract-state'), setting, () => new Map<string, ContractState>());
  const known = byFolder.get(fileDir);
  if (known !== undefined) return known;
  const path = locate(fileDir, setting, view);
  const state =
    path === null
      ? ({ ok: false, path: setting, reason: `no \`${setting}\` in \`${fileDir}\` or any folder above it` } as const)
      : view.once(`contract\0${path}\0${setting}`, (): ContractState => indexOf(path, isAbsolute(setting) ? contractRoot(path) : contractRoot(path, setting), view));
  byFolder.set(fileDir, state);
  return state;
}

/**
 * The content digest of the contract `setting` names from `dir` upward, or
 * null when there is none: the key the exported configs and `layerSettings()`
 * give `eslint --cache`. Only the bytes are hashed.
 */
export function digestFrom(dir: string, setting: string): string | null {
  const path = isAbsolute(setting) ? setting : findContractPath(dir, setting);
  if (path === null) return null;
  try {
    return contractDigest(readFileSync(path));
  } catch {
    return null;
  }
}

/** `Layer 4 — Policy Evolution & Guardrail Improvement`, as the contract's heading reads. */
export function layerTitle(layer: Layer): string {
  return `Layer ${layer.number} — ${layer.name}`;
}

/** Where a layer is defined: `docs/operations/OPERATIONAL_LAYERS.md:90 (Layer 4 — …)`. */
export function layerSection(index: ContractIndex, layer: Layer): string {
  const line = layer.locations.heading?.line ?? layer.locations.overviewRow?.line;
  return `${index.displayPath}${line === undefined ? '' : `:${line}`}, ${layerTitle(layer)}`;
}
