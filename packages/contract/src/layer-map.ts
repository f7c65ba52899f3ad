import type { Contract } from './model.js';

/**
 * A plain-text map of the contract's layers: number, status, name, whether a
 * human is required, and the documents each layer names.
 */
export function layerMap(contract: Contract, documentState?: (path: string) => 'present' | 'missing'): string {
  const lines: string[] = [];
  const width = Math.max(0, ...contract.layers.map((layer) => layer.name.length));
  for (const layer of contract.layers) {
    const status = layer.status === 'active' ? 'active ' : 'dormant';
    const human = layer.humanOnly ? `human-only (${layer.humanOnlyEvidence})` : '';
    lines.push(`Layer ${layer.number}  ${status}  ${layer.name.padEnd(width)}  ${human}`.trimEnd());
    for (const path of layer.documentation) {
      const state = documentState ? `  [${documentState(path)}]` : '';
      lines.push(`  - ${path}${state}`);
    }
    if (layer.documentation.length === 0 && layer.documentationNote !== '') lines.push(`  - ${layer.documentationNote}`);
  }
  if (contract.lastUpdated) lines.push(`Last updated ${contract.lastUpdated}`);
  return lines.join('\n');
}
