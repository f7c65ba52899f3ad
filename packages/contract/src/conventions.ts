import type { List, Nodes, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { frontmatterFromMarkdown, frontmatterToMarkdown } from 'mdast-util-frontmatter';
import { gfmTableFromMarkdown, gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { toString } from 'mdast-util-to-string';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkParse from 'remark-parse';
import { unified, type Data, type Processor } from 'unified';
import type { SourcePoint } from './model.js';

/**
 * The Markdown conventions operations documents share with the contract. Every
 * tool that reads a `**Label**: value` field, a date or a position asks this
 * module, so the contract, the docs linter and the proof read them alike.
 */

/**
 * The syntax operations documents are written in: CommonMark with GitHub's
 * tables, which the contract's overview and document schemas use, and YAML
 * front matter (`---` … `---` at the very start), which documentation sites
 * put on their pages and GitHub shows as a table. The rest of GFM is left
 * out: autolinks, footnotes and strikethrough change nothing a reader of these
 * documents looks at, and GFM's autolink pass walks the tree recursively.
 */
export function remarkOperationsSyntax(this: Processor): undefined {
  // `toMarkdownExtensions` is remark-stringify's field: a processor that writes documents back out keeps their tables and front matter.
  const data = this.data() as Data & { toMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(gfmTable(), frontmatter('yaml'));
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), frontmatterFromMarkdown('yaml'));
  (data.toMarkdownExtensions ??= []).push(gfmTableToMarkdown(), frontmatterToMarkdown('yaml'));
  return undefined;
}

/** Parses Markdown as every reader of operations documents does (see `remarkOperationsSyntax`); `parseBounded` first checks that the parse stays bounded. */
export function parseMarkdown(text: string): Root {
  return markdown.parse(text);
}
const markdown = unified().use(remarkParse).use(remarkOperationsSyntax);

/** A `**Label**: value` field: one per line of a paragraph, so fields may sit on consecutive lines or in paragraphs of their own. */
export interface Field {
  /** The bold label, without its colon or a `(qualifier)`: `Scope` for `**Scope** (when active):`. */
  readonly label: string;
  /** The value's plain text, white space folded. */
  readonly value: string;
  /** The value's inline nodes, for readers that want links or code spans. */
  readonly valueNodes: readonly PhrasingContent[];
  /** The list right after the field, when the field is the paragraph's last line and has no value of its own. */
  readonly list: List | null;
  /** Where the label starts. */
  readonly position: SourcePoint;
  /** Where the value starts, past the colon and the spaces after it. */
  readonly valuePosition: SourcePoint;
}

const QUALIFIER = /^\s*\([^)]*\)\s*(?=:)/u;

/**
 * The fields of a run of block nodes (a section's children). A line is a field
 * when it starts with bold text followed by a colon, inside the bold text or
 * after it (`**Status**: Active`, `**Status:** Active`, `**Scope** (when
 * active):`); a bold phrase without a colon (`**Kill switches.** …`) is prose.
 */
export function fieldsOf(nodes: readonly RootContent[]): Field[] {
  const fields: Field[] = [];
  nodes.forEach((node, index) => {
    if (node.type !== 'paragraph') return;
    const lines = paragraphLines(node);
    lines.forEach((line, lineIndex) => {
      const field = lineField(line, lineIndex === lines.length - 1 ? nodes[index + 1] : undefined, point(node) ?? START);
      if (field) fields.push(field);
    });
  });
  return fields;
}

function lineField([first, ...rest]: readonly PhrasingContent[], next: RootContent | undefined, fallback: SourcePoint): Field | null {
  if (first?.type !== 'strong') return null;
  const bold = plainText(first);
  const afterText = rest[0]?.type === 'text' ? rest[0].value : '';
  const qualifier = QUALIFIER.exec(afterText)?.[0] ?? '';
  const colonInside = bold.endsWith(':');
  const colonAfter = afterText.slice(qualifier.length).startsWith(':');
  if (!colonInside && !colonAfter) return null;
  const label = bold.replace(/:$/u, '').replace(/\s*\([^)]*\)\s*$/u, '').trim();
  const valueNodes = stripLeading(rest, qualifier.length + (colonAfter ? 1 : 0));
  const value = plainText({ type: 'paragraph', children: [...valueNodes] });
  const position = point(first) ?? fallback;
  return { label, value, valueNodes, list: value === '' && next?.type === 'list' ? next : null, position, valuePosition: startOfValue(valueNodes) ?? position };
}

/** The value's nodes without the first `skip` characters of its leading text (the qualifier and the colon) and the spaces after them. */
function stripLeading(nodes: readonly PhrasingContent[], skip: number): PhrasingContent[] {
  const [head, ...tail] = nodes;
  if (head?.type !== 'text') return [...nodes];
  const cut = skip + (/^\s*/u.exec(head.value.slice(skip))?.[0].length ?? 0);
  const rest = head.value.slice(cut);
  if (rest === '') return tail;
  const start = head.position?.start;
  // A text node within one line: its value starts `cut` columns later.
  const moved = start && !/[\r\n]/u.test(head.value.slice(0, cut)) ? { start: { ...start, column: start.column + cut, offset: (start.offset ?? 0) + cut }, end: head.position!.end } : undefined;
  return [{ type: 'text', value: rest, ...(moved ? { position: moved } : {}) }, ...tail];
}

function startOfValue(nodes: readonly PhrasingContent[]): SourcePoint | null {
  return point(nodes[0]);
}

/** A paragraph's content cut at its line endings and hard breaks. */
function paragraphLines(paragraph: Paragraph): PhrasingContent[][] {
  const lines: PhrasingContent[][] = [[]];
  for (const node of paragraph.children) {
    if (node.type === 'break') {
      lines.push([]);
    } else if (node.type === 'text' && /[\r\n]/u.test(node.value)) {
      const start = node.position?.start;
      node.value.split(/\r\n|\r|\n/u).forEach((part, index) => {
        if (index > 0) lines.push([]);
        if (part === '') return;
        // The first part starts where the node starts; a later part starts a line, at the paragraph's indent.
        const position = start && index === 0 ? node.position : undefined;
        lines.at(-1)?.push(position ? { type: 'text', value: part, position } : { type: 'text', value: part });
      });
    } else {
      lines.at(-1)?.push(node);
    }
  }
  return lines.filter((line) => line.length > 0);
}

/** A node's text with white space folded: what a reader sees. */
export function plainText(node: Nodes): string {
  return toString(node).replace(/\s+/gu, ' ').trim();
}

const START: SourcePoint = Object.freeze({ line: 1, column: 1 });

/** The start of a node, 1-based, or null for a node without a position. */
export function point(node: { position?: { start: { line: number; column: number } } } | undefined | null): SourcePoint | null {
  const start = node?.position?.start;
  return start ? { line: start.line, column: start.column } : null;
}

/**
 * The line and column of a UTF-16 offset in a text. Lines end at CRLF, LF or a
 * lone CR, as CommonMark reads them; columns count UTF-16 units from 1, as
 * remark's positions do.
 */
export function pointAt(text: string, offset: number): SourcePoint {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 10 || (code === 13 && text.charCodeAt(index + 1) !== 10)) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * `pointAt` for many offsets of one text: the lines are found once, and each
 * offset is placed by a binary search, so a reader that places every match of
 * a long text stays linear.
 */
export function pointsOf(text: string): (offset: number) => SourcePoint {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10 || (code === 13 && text.charCodeAt(index + 1) !== 10)) starts.push(index + 1);
  }
  return (offset) => {
    const at = Math.min(Math.max(offset, 0), text.length);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The byte offset of the first byte that is not valid UTF-8, or -1 when the
 * bytes are valid. A legitimate U+FFFD in the text is not a mistake.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  try {
    strictUtf8.decode(bytes);
    return -1;
  } catch {
    // The decoder says that, not where: find the sequence by the rules of RFC 3629.
  }
  for (let at = 0; at < bytes.length; ) {
    const lead = bytes[at]!;
    if (lead < 0x80) {
      at++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return at;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let next = 1; next < length; next++) {
      const byte = bytes[at + next];
      if (byte === undefined || byte < (next === 1 ? low : 0x80) || byte > (next === 1 ? high : 0xbf)) return at;
    }
    at += length;
  }
  return -1;
}

/** The line and column of a byte offset in bytes that are UTF-8 up to there. */
export function pointAtByte(bytes: Uint8Array, byteOffset: number): SourcePoint {
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, byteOffset));
  return pointAt(before, before.length);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Freezes a value and everything it holds, so a parsed model cannot be changed by one of its readers. */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current !== null && typeof current === 'object' && !Object.isFrozen(current)) {
      Object.freeze(current);
      for (const child of Object.values(current)) pending.push(child);
    }
  }
  return value;
}
