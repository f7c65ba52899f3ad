import GithubSlugger from 'github-slugger';
import type { Heading, List, Nodes, Paragraph, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';

export interface Point {
  readonly line: number;
  readonly column: number;
}

/**
 * Calls `each` on every node of the tree, in document order (preorder). A plain
 * walk: the rules run on every node of every document, and unist-util-visit's
 * bookkeeping of ancestors, which they do not need, costs more than the walk.
 */
export function eachNode(tree: Nodes, each: (node: Nodes) => void): void {
  each(tree);
  if ('children' in tree) for (const child of tree.children) eachNode(child, each);
}

export function startOf(node: Nodes | undefined): Point | undefined {
  const start = node?.position?.start;
  return start ? { line: start.line, column: start.column } : undefined;
}

export function plain(node: Nodes): string {
  return toString(node).replace(/\s+/gu, ' ').trim();
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
  return headings(tree).find((heading) => same(plain(heading), text));
}

export function firstTable(nodes: readonly RootContent[]): Table | undefined {
  return nodes.find((node): node is Table => node.type === 'table');
}

export function firstOrderedList(nodes: readonly RootContent[]): List | undefined {
  return nodes.find((node): node is List => node.type === 'list' && node.ordered === true);
}

export function tableHeader(table: Table): string[] {
  return (table.children[0]?.children ?? []).map((cell) => plain(cell));
}

export function columnCells(table: Table, column: string): { text: string; point: Point | undefined }[] {
  const index = tableHeader(table).findIndex((header) => same(header, column));
  if (index === -1) return [];
  return table.children.slice(1).map((row) => {
    const cell = row.children[index];
    return { text: cell ? plain(cell) : '', point: startOf(cell ?? row) };
  });
}

export interface Field {
  readonly name: string;
  readonly value: string;
  readonly point: Point;
  readonly valuePoint: Point;
}

/**
 * Bold fields written `**Name**: value` or `**Name:** value`. A bold phrase
 * that is not followed by a colon (`**Kill switches.** …`) is prose, not a field.
 */
export function fieldsIn(nodes: readonly RootContent[]): Field[] {
  const fields: Field[] = [];
  for (const node of nodes) {
    if (node.type !== 'paragraph') continue;
    const field = asField(node);
    if (field) fields.push(field);
  }
  return fields;
}

function asField(paragraph: Paragraph): Field | undefined {
  const [first, ...rest] = paragraph.children;
  if (first?.type !== 'strong') return undefined;
  const label = plain(first);
  const next = rest[0];
  const colonInside = label.endsWith(':');
  const colonAfter = next?.type === 'text' && next.value.startsWith(':');
  if (!colonInside && !colonAfter) return undefined;
  const value = plain({ type: 'paragraph', children: rest }).replace(/^:\s*/u, '');
  const start = startOf(paragraph)!;
  let valuePoint = startOf(next) ?? start;
  if (next?.type === 'text') {
    const skipped = /^[:\s]*/u.exec(next.value)?.[0].length ?? 0;
    valuePoint = { line: valuePoint.line, column: valuePoint.column + skipped };
  }
  return { name: label.replace(/:$/u, '').trim(), value, point: start, valuePoint };
}

/** GitHub's anchor slugs of every heading, in document order. */
export function anchors(tree: Root): Set<string> {
  const slugger = new GithubSlugger();
  return new Set(headings(tree).map((heading) => slugger.slug(toString(heading))));
}
