import { dirname, resolve } from 'node:path';
import type { Layer } from '@bookiji/contract';
import { contractFor } from './contract-state.js';
import { describeReason, membershipOf } from './membership.js';
import type { Reason } from './membership.js';
import { compileSettings } from './settings.js';
import { tagOfFile } from './tag.js';
import { viewFor } from './fs-view.js';

export interface Explanation {
  readonly file: string;
  /** Null when the file belongs to no layer, or when the contract could not be read. */
  readonly layer: Pick<Layer, 'number' | 'name' | 'status' | 'humanOnly' | 'humanOnlyEvidence'> | null;
  readonly reason: Reason | null;
  /** `path segment \`policy-evolution\``: what decided, in words. */
  readonly decidedBy: string;
  /** Configuration problems that affect this file: an unknown tag, an unreadable contract. */
  readonly problems: readonly string[];
}

/**
 * Which layer a file belongs to and what decided it, with the same resolution
 * as the lint rules: `settings` is `settings.bookiji` from the ESLint config
 * that applies to the file, `cwd` ESLint's working directory.
 */
export function explainFile(file: string, cwd: string, settings: unknown): Explanation {
  const path = resolve(cwd, file);
  const compiled = compileSettings(settings, cwd);
  const view = viewFor(null);
  const state = contractFor(dirname(path), compiled.contract, view);
  if (!state.ok) {
    return { file, layer: null, reason: null, decidedBy: describeReason(null), problems: [`cannot read the contract \`${state.path}\`: ${state.reason}`] };
  }
  const { index } = state;
  const problems: string[] = index.diagnostics.map((d) => `${index.displayPath}:${d.line}:${d.column}: ${d.message}`);
  const tag = tagOfFile(path, view) ?? null;
  if (tag && (tag.layer === null || !index.byNumber.has(tag.layer))) {
    problems.push(`${file}:${tag.line}: tag \`${tag.text}\` names no layer of the contract`);
  }
  const membership = membershipOf(path, tag, compiled, index);
  const layer = membership.layer;
  return {
    file,
    layer: layer && { number: layer.number, name: layer.name, status: layer.status, humanOnly: layer.humanOnly, humanOnlyEvidence: layer.humanOnlyEvidence },
    reason: membership.reason,
    decidedBy: describeReason(membership.reason),
    problems,
  };
}
