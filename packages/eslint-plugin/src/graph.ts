import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Layer } from '@bookiji/contract';
import type { ContractIndex } from './contract-state.js';
import { pairKey } from './contract-state.js';
import type { Classified } from './explain.js';
import type { FsView } from './fs-view.js';
import { membershipOf, relativePosix } from './membership.js';
import { resolveImport } from './resolve.js';
import type { Resolution } from './resolve.js';
import { autoImportedNames, importSpecifiers } from './scan-imports.js';
import { autoImportsFor, relativeSpecifier } from './auto-imports.js';
import { tagOfFile } from './tag.js';

/** An import read from a file's text, and what it resolves to. */
export interface ScannedImport {
  readonly from: Classified;
  readonly specifier: string;
  readonly resolution: Resolution;
}

/** Every import of the files, read from their text and resolved as the lint rules resolve them, with the uses of auto-imported names of the project's files. */
export function scanImports(files: readonly Classified[], view: FsView): ScannedImport[] {
  const found: ScannedImport[] = [];
  for (const from of files) {
    let text: string;
    try {
      text = readFileSync(from.path, 'utf8');
    } catch {
      continue;
    }
    for (const specifier of importSpecifiers(text, from.path)) found.push({ from, specifier, resolution: resolveImport(specifier, from.path, view) });
    const autoImports = autoImportsFor(dirname(from.path), from.settings, view);
    if (autoImports === null) continue;
    for (const name of autoImportedNames(text, from.path, (candidate) => autoImports.target(candidate) !== null)) {
      const target = autoImports.target(name);
      if (target === null) continue;
      const specifier = relativeSpecifier(dirname(from.path), target);
      found.push({ from, specifier, resolution: resolveImport(specifier, from.path, view) });
    }
  }
  return found;
}

export type NodeId = `L${number}` | 'none';

export interface GraphNode {
  readonly id: NodeId;
  /** Null for the files in no layer. */
  readonly layer: Pick<Layer, 'number' | 'name' | 'status' | 'humanOnly'> | null;
  readonly files: number;
}

export interface GraphEdge {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly imports: number;
  /** Why the contract forbids these imports, or null: `dormant` (into a dormant layer), `upward` (into an active layer above). */
  readonly forbidden: 'dormant' | 'upward' | null;
  /** One of the imports, for a reader to look at: `apps/web/src/a.ts` imports `@/guards/x`. */
  readonly example: { readonly file: string; readonly specifier: string };
}

export interface LayerGraph {
  readonly contract: string | null;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const idOf = (layer: Pick<Layer, 'number'> | null): NodeId => (layer === null ? 'none' : `L${layer.number}`);

/**
 * The layers and the imports between them: one node per layer of the
 * contract (and one for the files in no layer, when there are any), one edge
 * per pair of nodes with the number of imports, marked when the contract
 * forbids them. Imports within a node and imports of installed packages are
 * left out.
 */
export function buildGraph(files: readonly Classified[], imports: readonly ScannedImport[], view: FsView, cwd: string): LayerGraph {
  const index = files.find((file) => file.index !== null)?.index ?? null;
  const counts = new Map<NodeId, number>();
  for (const file of files) counts.set(idOf(file.layer), (counts.get(idOf(file.layer)) ?? 0) + 1);
  const targets = new Map<string, Layer | null>();
  const edges = new Map<string, { from: NodeId; to: NodeId; imports: number; forbidden: GraphEdge['forbidden']; example: GraphEdge['example'] }>();
  for (const { from, specifier, resolution } of imports) {
    if (resolution.path === null || from.index === null) continue;
    const key = `${from.settings.key}\0${resolution.path}`;
    let target = targets.get(key);
    if (target === undefined) {
      target = membershipOf(resolution.path, tagOfFile(resolution.path, view) ?? null, from.settings, from.index).layer;
      targets.set(key, target);
    }
    const fromId = idOf(from.layer);
    const toId = idOf(target);
    if (fromId === toId) continue;
    const edgeKey = `${fromId}>${toId}`;
    const edge = edges.get(edgeKey);
    if (edge) edge.imports += 1;
    else edges.set(edgeKey, { from: fromId, to: toId, imports: 1, forbidden: forbidden(from.index, from.layer, target), example: { file: relativePosix(cwd, from.path) ?? from.path, specifier } });
  }
  const nodes: GraphNode[] = (index?.contract.layers ?? []).map((layer) => ({ id: idOf(layer), layer: { number: layer.number, name: layer.name, status: layer.status, humanOnly: layer.humanOnly }, files: counts.get(idOf(layer)) ?? 0 }));
  const usedNone = (counts.get('none') ?? 0) > 0 || [...edges.values()].some((edge) => edge.from === 'none' || edge.to === 'none');
  if (usedNone) nodes.push({ id: 'none', layer: null, files: counts.get('none') ?? 0 });
  const order = (id: NodeId) => (id === 'none' ? Number.MAX_SAFE_INTEGER : Number(id.slice(1)));
  return {
    contract: index?.displayPath ?? null,
    nodes,
    edges: [...edges.values()].sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to)),
  };
}

function forbidden(index: ContractIndex, from: Pick<Layer, 'number'> | null, to: Layer | null): GraphEdge['forbidden'] {
  if (to === null) return null;
  if (to.status === 'dormant') return 'dormant';
  if (from !== null && !index.allowedImports.has(pairKey(from.number, to.number))) return 'upward';
  return null;
}

function traits(layer: NonNullable<GraphNode['layer']>): string {
  return [layer.status, ...(layer.humanOnly ? ['human-only'] : [])].join(', ');
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function nodeTitle(node: GraphNode): string {
  return node.layer === null ? 'No layer' : `Layer ${node.layer.number} · ${node.layer.name}`;
}

function nodeDetail(node: GraphNode): string {
  return node.layer === null ? plural(node.files, 'file') : `${traits(node.layer)} · ${plural(node.files, 'file')}`;
}

function edgeLabel(edge: GraphEdge): string {
  return `${plural(edge.imports, 'import')}${edge.forbidden === null ? '' : edge.forbidden === 'dormant' ? ', forbidden: dormant layer' : ', forbidden: upward'}`;
}

/** Mermaid's entity codes for the characters its labels cannot hold as they are. */
function mermaidText(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/**
 * The graph as a Mermaid flowchart in a fenced block, which GitHub renders in
 * any Markdown file, issue or pull request: lower layers at the bottom,
 * dormant layers dashed, forbidden imports red and dotted.
 */
export function toMermaid(graph: LayerGraph): string {
  const lines = ['```mermaid', 'flowchart BT'];
  for (const node of graph.nodes) lines.push(`  ${node.id}["${mermaidText(nodeTitle(node))}<br/>${mermaidText(nodeDetail(node))}"]`);
  graph.edges.forEach((edge) => lines.push(`  ${edge.from} ${edge.forbidden === null ? '-->' : '-.->'}|"${mermaidText(edgeLabel(edge))}"| ${edge.to}`));
  const dormant = graph.nodes.filter((node) => node.layer?.status === 'dormant').map((node) => node.id);
  if (dormant.length > 0) lines.push('  classDef dormant stroke-dasharray: 5 5,fill:#f4f4f4,color:#555', `  class ${dormant.join(',')} dormant`);
  const red = graph.edges.flatMap((edge, at) => (edge.forbidden === null ? [] : [at]));
  if (red.length > 0) lines.push(`  linkStyle ${red.join(',')} stroke:#d1242f,stroke-width:2px,color:#d1242f`);
  lines.push('```');
  return lines.join('\n');
}

function dotText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** The graph in Graphviz's DOT language, with the same marks as the Mermaid one. */
export function toDot(graph: LayerGraph): string {
  const lines = ['digraph layers {', '  rankdir=BT;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const node of graph.nodes) {
    const dormant = node.layer?.status === 'dormant';
    lines.push(`  ${node.id} [label="${dotText(nodeTitle(node))}\\n${dotText(nodeDetail(node))}"${dormant ? ', style="rounded,dashed", color=gray45, fontcolor=gray35' : ''}];`);
  }
  for (const edge of graph.edges) {
    lines.push(`  ${edge.from} -> ${edge.to} [label="${dotText(edgeLabel(edge))}"${edge.forbidden === null ? '' : ', color="#d1242f", fontcolor="#d1242f", style=dashed, penwidth=2'}];`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** The DOT graph rendered to SVG by Graphviz compiled to WebAssembly (`@viz-js/viz`, an optional peer dependency). */
export async function toSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg' });
}
