import { relative, sep } from 'node:path';
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

const numberedSegment = /^layer[-_]?(0|[1-9]\d*)$/;

/** The deepest folder of `file` that names a layer by number or by its contract name in kebab case. */
export function layerFromSegments(file: string, index: ContractIndex): { layer: Layer; segment: string } | null {
  const rel = relativePosix(index.root, file);
  const path = rel ?? file.split(sep).join('/');
  const folders = path.split('/').slice(0, -1);
  for (let at = folders.length - 1; at >= 0; at -= 1) {
    const segment = folders[at] ?? '';
    const lower = segment.toLowerCase();
    if (lower === 'node_modules') return null;
    const numbered = numberedSegment.exec(lower);
    const number = numbered ? Number(numbered[1]) : index.segmentNames.get(lower);
    const layer = number === undefined ? undefined : index.byNumber.get(number);
    if (layer) return { layer, segment };
  }
  return null;
}

/**
 * Which layer a file belongs to: its own leading `@layer` tag wins, then the
 * settings' globs, then the path-segment conventions. A tag naming no layer of
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
  const bySegment = layerFromSegments(file, index);
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
