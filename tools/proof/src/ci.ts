import { relative } from 'node:path';
import ci from 'ci-info';

/** The runbook the contract names for the layer the proof belongs to. */
export const PROOF_RUNBOOK = 'docs/operations/PROOF_RUNBOOK.md';

export interface CiDetection {
  readonly isCI: boolean;
  readonly name: string | null;
}

export function detectCi(): CiDetection {
  return { isCI: ci.isCI, name: ci.name };
}

/**
 * Why the proof will not run under CI, in the contract's own words: the layer
 * whose documentation names the proof runbook, and its human-only evidence.
 */
export async function refusalMessage(detection: CiDetection, cwd: string): Promise<string> {
  // The contract's parser is only needed to refuse, so it is loaded only then.
  const { findContractPath, readContract } = await import('@bookiji/contract');
  const where = detection.name ? ` (${detection.name})` : '';
  const path = findContractPath(cwd);
  const layer = path === null ? undefined : readContract(path).contract.layers.find((candidate) => candidate.documentation.includes(PROOF_RUNBOOK));
  const evidence = layer?.locations.humanOnlyEvidence ?? null;
  if (path === null || layer === undefined || layer.humanOnlyEvidence === null || evidence === null) {
    return `bookiji-proof: Unexpected CI environment${where}, expected a person at a terminal: the release proof is run by a human, never by automation.`;
  }
  return (
    `bookiji-proof: Unexpected CI environment${where}, expected a person at a terminal: ` +
    `the contract says of Layer ${layer.number} (${layer.name}) "${layer.humanOnlyEvidence}" (${relative(cwd, path) || path}:${evidence.line}:${evidence.column}). ` +
    'No flag changes this: run the proof yourself.'
  );
}
