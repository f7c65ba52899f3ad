import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { contractDigest, findContractPath, parseContractBytes, readContract } from '@bookiji/contract';
import type { Contract, Diagnostic, Layer } from '@bookiji/contract';
import { viewFor } from './fs-view.js';
import type { FsView } from './fs-view.js';

/** The contract as the rules use it: layers indexed by number and by the names path segments may use. */
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
  /** Kebab-case names and `&`-separated name parts, mapped to the layer they name. */
  readonly segmentNames: ReadonlyMap<string, number>;
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

export function kebabCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function buildIndex(path: string, root: string, bytes: Uint8Array): ContractIndex {
  const { contract, diagnostics } = parseContractBytes(bytes, path);
  const byNumber = new Map<number, Layer>();
  for (const layer of contract.layers) byNumber.set(layer.number, layer);
  const segmentNames = new Map<string, number>();
  const ambiguous = new Set<string>();
  for (const layer of contract.layers) {
    const names = new Set([kebabCase(layer.name), ...layer.name.split('&').map(kebabCase)]);
    for (const name of names) {
      if (name === '') continue;
      const known = segmentNames.get(name);
      // A name two layers share decides nothing, so it is left out.
      if (known !== undefined && known !== layer.number) ambiguous.add(name);
      else segmentNames.set(name, layer.number);
    }
  }
  for (const name of ambiguous) segmentNames.delete(name);
  const allowedImports = new Set<number>();
  for (const from of contract.layers) {
    for (const to of contract.layers) if (to.number <= from.number) allowedImports.add(pairKey(from.number, to.number));
  }
  const shown = relative(root, path).split(sep).join('/');
  return Object.freeze({
    path,
    root,
    displayPath: shown === '' || shown.startsWith('..') ? path : shown,
    digest: contractDigest(bytes),
    contract,
    diagnostics,
    byNumber,
    segmentNames,
    allowedImports,
  });
}

interface CachedRead {
  readonly mtimeMs: number;
  readonly size: number;
  readonly state: ContractState;
}

const reads = new Map<string, CachedRead>();
const found = new Map<string, string>();

/**
 * The contract for a file: looked for from the file's folder upward (or taken
 * as is when the setting is absolute), parsed once and parsed again only when
 * its mtime or size changes, since an editor's ESLint process lives for hours.
 */
export function contractFor(fileDir: string, setting: string, cwd: string, view: FsView = viewFor(null)): ContractState {
  let path: string | null;
  let root: string;
  if (isAbsolute(setting)) {
    path = setting;
    root = cwd;
  } else {
    path = locate(fileDir, setting, view);
    if (path === null) return { ok: false, path: setting, reason: `no \`${setting}\` in \`${fileDir}\` or any folder above it` };
    root = rootOf(path, setting);
  }
  return readCached(path, root, view);
}

/** The folder a contract found at `path` by the relative `setting` starts from: as many folders up as the setting is deep. */
function rootOf(path: string, setting: string): string {
  return resolve(path, ...setting.split('/').map(() => '..'));
}

/**
 * `findContractPath`, remembered per folder: every folder the search passed
 * through has the same answer, so a sibling folder needs one look of its own.
 */
function locate(dir: string, setting: string, view: FsView): string | null {
  const key = `${dir}\0${setting}`;
  const known = found.get(key);
  if (known !== undefined && view.stat(known) !== undefined) return known;
  const parent = dirname(dir);
  const parentKnown = parent === dir ? undefined : found.get(`${parent}\0${setting}`);
  let path: string | null;
  if (parentKnown !== undefined && view.stat(parentKnown) !== undefined) {
    const own = join(dir, setting);
    path = view.stat(own) === undefined ? parentKnown : own;
  } else {
    path = findContractPath(dir, setting);
  }
  if (path === null) return null;
  const top = rootOf(path, setting);
  for (let at = dir; ; at = dirname(at)) {
    found.set(`${at}\0${setting}`, path);
    if (at === top || dirname(at) === at) break;
  }
  return path;
}

function readCached(path: string, root: string, view: FsView): ContractState {
  const stat = view.stat(path);
  if (stat === undefined) {
    reads.delete(path);
    return { ok: false, path, reason: unreadableReason(path) };
  }
  const cached = reads.get(path);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.state;
  let state: ContractState;
  try {
    state = { ok: true, index: buildIndex(path, root, readFileSync(path)) };
  } catch {
    state = { ok: false, path, reason: unreadableReason(path) };
  }
  reads.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, state });
  return state;
}

function unreadableReason(path: string): string {
  return readContract(path).diagnostics[0]?.message ?? `cannot read \`${path}\``;
}

const digests = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly digest: string | null }>();

/**
 * The content digest of the contract found from `dir` upward, or null when
 * there is none. Only the bytes are hashed: the exported configs carry the
 * digest, and parsing is left to the rules, which may find another contract.
 */
export function digestFrom(dir: string, setting: string): string | null {
  const view = viewFor(null);
  const path = isAbsolute(setting) ? setting : locate(dir, setting, view);
  if (path === null) return null;
  const stat = view.stat(path);
  if (stat === undefined) return null;
  const parsed = reads.get(path);
  if (parsed && parsed.mtimeMs === stat.mtimeMs && parsed.size === stat.size) return parsed.state.ok ? parsed.state.index.digest : null;
  const known = digests.get(path);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.digest;
  let digest: string | null;
  try {
    digest = contractDigest(readFileSync(path));
  } catch {
    digest = null;
  }
  digests.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, digest });
  return digest;
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

