import { relative, sep } from 'node:path';
import { layerOfPath } from '@bookiji/contract';
import type { Layer } from '@bookiji/contract';
import type { ContractIndex } from './contract-state.js';
import type { CompiledGlob, CompiledSettings } from './settings.js';
import type { LayerTag } from './tag.js';

/** What put a file in its layer (or in none), so a developer can ask why. */
export type Reason =
  | { readonly kind: 'tag'; readonly tag: LayerTag }
  | { readonly kind: 'glob'; readonly glob: string }
  | { readonly kind: 'unlayered'; readonly glob: string }
  | { readonly kind: 'segment'; readonly segment: string };

export interface Membership {
  /** The layer, or null when the file belongs to none. */
  readonly layer: Layer | null;
  /** Null when nothing declared anything about the file. */
  readonly reason: Reason | null;
  /** More than one glob claimed the file: the first (lowest layer) decided. */
  readonly conflict: readonly CompiledGlob[];
}

/** Path relative to `from` with forward slashes, or null when the file is outside it. */
export function relativePosix(from: string, file: string): string | null {
  const rel = relative(from, file);
  if (rel === '' || rel.startsWith('..') || rel.includes(':')) return null;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * Which layer a file belongs to: its own leading `@layer` tag wins, then the
 * settings' globs, then the folders named after a layer. A tag naming no layer of
 * the contract is left to the caller to report and decides nothing.
 */
export function membershipOf(file: string, tag: LayerTag | null, settings: CompiledSettings, index: ContractIndex): Membership {
  if (tag && tag.layer !== null) {
    const layer = index.byNumber.get(tag.layer);
    if (layer) return { layer, reason: { kind: 'tag', tag }, conflict: [] };
  }
  const rel = relativePosix(settings.base, file);
  if (rel !== null && settings.globs.length > 0) {
    const hits = settings.globs.filter((glob) => glob.matches(rel));
    const first = hits[0];
    if (first) {
      const conflict = hits.some((hit) => hit.layer !== first.layer) ? hits : [];
      if (first.layer === null) return { layer: null, reason: { kind: 'unlayered', glob: first.glob }, conflict };
      const layer = index.byNumber.get(first.layer) ?? null;
      return { layer, reason: { kind: 'glob', glob: first.glob }, conflict };
    }
  }
  // The deepest folder that names a layer, read as the contract reads names, from the contract's root.
  const bySegment = layerOfPath(index.contract, relativePosix(index.root, file) ?? file);
  if (bySegment) return { layer: bySegment.layer, reason: { kind: 'segment', segment: bySegment.segment }, conflict: [] };
  return { layer: null, reason: null, conflict: [] };
}

/** `tag \`@layer 4\` at line 1`, `glob \`src/**\` in settings.bookiji.layers`, … */
export function describeReason(reason: Reason | null): string {
  if (reason === null) return 'no tag, glob or path segment';
  switch (reason.kind) {
    case 'tag':
      return `tag \`${reason.tag.text}\` at line ${reason.tag.line}`;
    case 'glob':
      return `glob \`${reason.glob}\` in settings.bookiji.layers`;
    case 'unlayered':
      return `glob \`${reason.glob}\` in settings.bookiji.unlayered`;
    case 'segment':
      return `path segment \`${reason.segment}\``;
  }
}
