import { dirname, resolve } from 'node:path';
import type { Layer } from '@bookiji/contract';
import { contractFor } from './contract-state.js';
import type { ContractIndex } from './contract-state.js';
import { describeReason, membershipOf } from './membership.js';
import type { Reason } from './membership.js';
import { compileSettings } from './settings.js';
import type { CompiledSettings } from './settings.js';
import { tagOfFile } from './tag.js';
import { viewFor } from './fs-view.js';
import type { FsView } from './fs-view.js';

export interface Explanation {
  readonly file: string;
  /** Null when the file belongs to no layer, or when the contract could not be read. */
  readonly layer: Pick<Layer, 'number' | 'name' | 'status' | 'humanOnly' | 'humanOnlyEvidence'> | null;
  readonly reason: Reason | null;
  /** `path segment \`policy-evolution\``: what decided, in words. */
  readonly decidedBy: string;
  /** Equally specific settings globs of different layers that all claim the file, the deciding one first; empty when none. */
  readonly conflict: readonly { readonly glob: string; readonly layer: number | null }[];
  /** Configuration problems that affect this file: an unknown tag, an unreadable contract, settings that fail their schema. */
  readonly problems: readonly string[];
}

/** An explanation with what it was worked out from, for the command line's project-wide views. */
export interface Classified extends Explanation {
  readonly path: string;
  readonly settings: CompiledSettings;
  readonly index: ContractIndex | null;
}

/**
 * Which layer a file belongs to and what decided it, with the same resolution
 * as the lint rules: `settings` is `settings.bookiji` from the ESLint config
 * that applies to the file, `cwd` ESLint's working directory.
 */
export function explainFile(file: string, cwd: string, settings: unknown): Explanation {
  const { layer, reason, decidedBy, conflict, problems } = classify(file, cwd, settings, viewFor(null));
  return { file, layer, reason, decidedBy, conflict, problems };
}

/** `explainFile` within one view of the file system, shared by the files of one command. */
export function classify(file: string, cwd: string, settings: unknown, view: FsView): Classified {
  const path = resolve(cwd, file);
  const compiled = compileSettings(settings, cwd);
  const settingsProblems = compiled.problems.map((problem) => `settings: ${problem}`);
  const state = contractFor(dirname(path), compiled.contract, view);
  if (!state.ok) {
    return { file, path, settings: compiled, index: null, layer: null, reason: null, decidedBy: describeReason(null), conflict: [], problems: [`cannot read the contract \`${state.path}\`: ${state.reason}`, ...settingsProblems] };
  }
  const { index } = state;
  const problems: string[] = index.diagnostics.map((d) => `${index.displayPath}:${d.line}:${d.column}: ${d.message}`);
  problems.push(...settingsProblems);
  const tag = tagOfFile(path, view) ?? null;
  if (tag && (tag.layer === null || !index.byNumber.has(tag.layer))) {
    problems.push(`${file}:${tag.line}: tag \`${tag.text}\` names no layer of the contract`);
  }
  const membership = membershipOf(path, tag, compiled, index);
  const layer = membership.layer;
  return {
    file,
    path,
    settings: compiled,
    index,
    layer: layer && { number: layer.number, name: layer.name, status: layer.status, humanOnly: layer.humanOnly, humanOnlyEvidence: layer.humanOnlyEvidence },
    reason: membership.reason,
    decidedBy: describeReason(membership.reason),
    conflict: membership.conflict.map((glob) => ({ glob: glob.glob, layer: glob.layer })),
    problems,
  };
}
