import { relative, sep } from 'node:path';
import { layerOfPath } from '@bookiji/contract';
import type { Layer } from '@bookiji/contract';
import type { ContractIndex } from './contract-state.js';
import { compareSpecificity, underBase } from './settings.js';
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
  /**
   * Equally specific globs of different layers (or a layer and `unlayered`)
   * that all claim the file, the deciding one first; empty when there is no
   * conflict. The most specific glob decides without conflict.
   */
  readonly conflict: readonly CompiledGlob[];
}

/** Path relative to `from` with forward slashes, or null when the file is outside it. */
export function relativePosix(from: string, file: string): string | null {
  // The common case, a file below the folder, without path.relative's normalizing.
  // A `.` or `..` segment below the folder needs path.relative's normalizing (a hidden folder below it goes that way too); a dot above it (a checkout under `~/.cache`) does not.
  if (sep === '/' && file.length > from.length + 1 && file.startsWith(from) && (from.endsWith('/') ? true : file.charCodeAt(from.length) === 47) && !file.includes('/.', from.length - 1)) {
    return file.slice(from.endsWith('/') ? from.length : from.length + 1);
  }
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
  const byGlob = rel === null ? null : globMembership(rel, settings);
  if (byGlob) {
    const { glob, conflict } = byGlob;
    if (glob.layer === null) return { layer: null, reason: { kind: 'unlayered', glob: glob.glob }, conflict };
    return { layer: index.byNumber.get(glob.layer) ?? null, reason: { kind: 'glob', glob: glob.glob }, conflict };
  }
  // The deepest folder that names a layer, read as the contract reads names, from the contract's root.
  const bySegment = layerOfPath(index.contract, relativePosix(index.root, file) ?? file);
  if (bySegment) return { layer: bySegment.layer, reason: { kind: 'segment', segment: bySegment.segment }, conflict: [] };
  return { layer: null, reason: null, conflict: [] };
}

/**
 * The settings glob that decides a path relative to the settings' base: the
 * most specific one that matches (see `Specificity`). Equally specific globs
 * of another layer that match too are a conflict, returned with the decider
 * first; among them the lowest layer decides, and `unlayered` last.
 */
export function globMembership(relativePath: string, settings: CompiledSettings): { readonly glob: CompiledGlob; readonly conflict: readonly CompiledGlob[] } | null {
  let decided: CompiledGlob | null = null;
  let others: CompiledGlob[] | null = null;
  for (const glob of settings.globs) {
    // Sorted most specific first: once a glob decided, only the equally specific ones after it can conflict.
    if (decided !== null && compareSpecificity(glob.specificity, decided.specificity) < 0) break;
    if (!underBase(glob, relativePath) || !glob.matches(relativePath)) continue;
    if (decided === null) decided = glob;
    else if (glob.layer !== decided.layer && !(others ?? []).some((other) => other.layer === glob.layer)) (others ??= []).push(glob);
  }
  if (decided === null) return null;
  return { glob: decided, conflict: others === null ? [] : [decided, ...others] };
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
