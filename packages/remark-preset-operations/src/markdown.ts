import { plainText, point, type SourcePoint } from '@bookiji/contract';
import GithubSlugger from 'github-slugger';
import type { Heading, List, Nodes, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';

/**
 * Calls `each` on every node of the tree, in document order (preorder), and
 * goes into a node's children unless `each` returns false. A plain walk
 * without recursion: the rules run on every node of every document, and
 * unist-util-visit's bookkeeping of ancestors, which they do not need, costs
 * more than the walk.
 */
export function eachNode(tree: Nodes, each: (node: Nodes) => boolean | void): void {
  const pending: Nodes[] = [tree];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (each(node) === false || !('children' in node)) continue;
    for (let index = node.children.length - 1; index >= 0; index--) pending.push(node.children[index]!);
  }
}

export function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The nodes after `heading` up to the next heading of the same or a higher level. */
export function sectionOf(tree: Root, heading: Heading): RootContent[] {
  const index = tree.children.indexOf(heading);
  const nodes: RootContent[] = [];
  for (const node of tree.children.slice(index + 1)) {
    if (node.type === 'heading' && node.depth <= heading.depth) break;
    nodes.push(node);
  }
  return nodes;
}

export function headings(tree: Root): Heading[] {
  return tree.children.filter((node): node is Heading => node.type === 'heading');
}

export function findHeading(tree: Root, text: string): Heading | undefined {
  return headings(tree).find((heading) => same(plainText(heading), text));
}

export function firstTable(nodes: readonly RootContent[]): Table | undefined {
  return nodes.find((node): node is Table => node.type === 'table');
}

export function firstOrderedList(nodes: readonly RootContent[]): List | undefined {
  return nodes.find((node): node is List => node.type === 'list' && node.ordered === true);
}

export function tableHeader(table: Table): string[] {
  return (table.children[0]?.children ?? []).map((cell) => plainText(cell));
}

export function columnCells(table: Table, column: string): { text: string; point: SourcePoint | null }[] {
  const index = tableHeader(table).findIndex((header) => same(header, column));
  if (index === -1) return [];
  return table.children.slice(1).map((row) => {
    const cell = row.children[index];
    return { text: cell ? plainText(cell) : '', point: point(cell ?? row) };
  });
}

/** GitHub's anchor slugs of every heading, in document order. */
export function anchors(tree: Root): Set<string> {
  const slugger = new GithubSlugger();
  return new Set(headings(tree).map((heading) => slugger.slug(toString(heading))));
}
