import type { Nodes, Root } from 'mdast';
import { parseMarkdown, point, pointAt } from './conventions.js';
import type { SourcePoint } from './model.js';

/**
 * What keeps reading a Markdown document bounded in time and stack. Real
 * operations documents nest a handful of levels and carry a few dozen inline
 * marks per paragraph; a document far past that is a finding for whoever
 * reads it, found before the parser runs, not a parse that runs for minutes or
 * a reader that overflows the stack.
 */

/**
 * How deeply containers (block quotes, lists, emphasis, links) may nest. The
 * parser's time grows faster than the document with the nesting of one line
 * (`- - - - … x`), and readers of the tree (mdast-util-to-string among them)
 * recurse.
 */
export const MAX_NESTING = 100;

/**
 * The most inline work a document may ask of the parser. For each paragraph,
 * heading or table row it is the number of its emphasis, code and link
 * delimiters times the number of its inline tokens (those delimiters, line
 * endings, escapes, character references, `<`), plus, for each run of
 * backticks that closes no code span, the characters after it in the block:
 * the parser matches delimiters against everything before them, and looks
 * for a closing run to the end of the block. Measured, a unit costs the
 * parser well under a microsecond, so the limit keeps a document under two
 * seconds; ordinary documents stay below a hundredth of it.
 */
export const MAX_INLINE_WORK = 4_000_000;

/**
 * The most work a document's containers and setext headings may ask of the
 * parser. When a line closes nested list items or block quotes (a list item
 * after a nested list, a paragraph after a nested quote), or underlines a
 * setext heading (`===`, `---`), the parser (micromark 4.0.3) copies every
 * event of the document so far; a line that opens `m` containers costs about
 * `m²`. Each such line adds the inline tokens, markers and lines before it
 * (or `m²`), so a long document of nested lists or setext headings stays
 * under two seconds too.
 */
export const MAX_CONTAINER_WORK = 5_000_000;

/** Why a document is not parsed, and where. */
export type ParseRefusal =
  /** A line opens more containers than `MAX_NESTING`; `depth` is the estimate of the pre-scan, at the marker past the limit. */
  | { readonly kind: 'nesting'; readonly at: SourcePoint; readonly depth: number }
  /** The parsed tree nests deeper than `MAX_NESTING`, at its first node past the limit. */
  | { readonly kind: 'tree-depth'; readonly at: SourcePoint; readonly depth: number }
  /** The inline work up to this block exceeds `MAX_INLINE_WORK`; `at` is the start of the block that crossed it. */
  | { readonly kind: 'inline'; readonly at: SourcePoint; readonly work: number }
  /** The container work up to this line exceeds `MAX_CONTAINER_WORK`; `at` is the start of the line that crossed it. */
  | { readonly kind: 'containers'; readonly at: SourcePoint; readonly work: number };

/** The first node nested deeper than `limit` containers, in document order, or null. Walks without recursion. */
export function tooDeep(tree: Nodes, limit: number = MAX_NESTING): Nodes | null {
  const pending: { node: Nodes; depth: number }[] = [{ node: tree, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (depth > limit) return node;
    if ('children' in node) for (let index = node.children.length - 1; index >= 0; index--) pending.push({ node: node.children[index]!, depth: depth + 1 });
  }
  return null;
}

const SPACE = 32;
const TAB = 9;
const GT = 62;
const BACKSLASH = 92;
const BACKTICK = 96;
const PIPE = 124;

const isDigit = (code: number) => code >= 48 && code <= 57;
const isWordCharacter = (character: string | undefined) => character !== undefined && /[\p{L}\p{N}]/u.test(character);
const isBlankTail = (code: number | undefined) => code === undefined || code === SPACE || code === TAB || code === 10 || code === 13;

/** What the start of a line says: container markers, indentation, where its content starts. */
interface LinePrefix {
  /** An upper bound of the containers the line opens or continues: its markers, and one per two columns of indentation. */
  readonly depth: number;
  /** Where the depth first passes `MAX_NESTING`, or -1. */
  readonly pastLimit: number;
  /** Markers read, block quotes and list items. */
  readonly markers: number;
  readonly quotes: number;
  /** Whether a list item starts here with content after its marker. */
  readonly listMarker: boolean;
  /** Columns of white space in the prefix. */
  readonly indent: number;
  /** Columns of white space right before the content. */
  readonly lastRun: number;
  /** Where the content starts (after the markers the prefix reads as markers). */
  readonly content: number;
}

/**
 * Reads the container prefix of the line at `start`. A marker counts only
 * after fewer than four columns of white space (more is indented code, where
 * a `>` or `-` is text); a list marker counts as the start of an item only
 * when content follows it (an empty item cannot interrupt a paragraph), or,
 * for an ordered one, when it is `1.` or `1)`.
 */
function readPrefix(text: string, start: number, end: number): LinePrefix {
  let at = start;
  let markers = 0;
  let quotes = 0;
  let indent = 0;
  let listMarker = false;
  let pastLimit = -1;
  let lastRun = 0;
  const depthNow = () => markers + Math.floor(indent / 2);
  for (;;) {
    let run = 0;
    while (at < end && (text.charCodeAt(at) === SPACE || text.charCodeAt(at) === TAB)) {
      run += text.charCodeAt(at) === TAB ? 4 : 1;
      at++;
    }
    // The space right after a marker belongs to the marker.
    indent += markers > 0 && run > 0 ? run - 1 : run;
    lastRun = run;
    if (pastLimit === -1 && depthNow() > MAX_NESTING) pastLimit = at;
    if (at >= end || run >= 4) break;
    const code = text.charCodeAt(at);
    if (code === GT) {
      markers++;
      quotes++;
      at++;
    } else if ((code === 45 || code === 43 || code === 42) && isBlankTail(at + 1 < end ? text.charCodeAt(at + 1) : undefined)) {
      markers++;
      at++;
      if (!isBlankTailToEnd(text, at, end)) listMarker = true;
    } else if (isDigit(code)) {
      let digits = at;
      while (digits < end && isDigit(text.charCodeAt(digits)) && digits - at < 9) digits++;
      const delimiter = text.charCodeAt(digits);
      if (digits === at || (delimiter !== 46 && delimiter !== 41) || !isBlankTail(digits + 1 < end ? text.charCodeAt(digits + 1) : undefined)) break;
      markers++;
      if (text.slice(at, digits) === '1' && !isBlankTailToEnd(text, digits + 1, end)) listMarker = true;
      at = digits + 1;
    } else {
      break;
    }
    if (pastLimit === -1 && depthNow() > MAX_NESTING) pastLimit = at - 1;
  }
  return { depth: depthNow(), pastLimit, markers, quotes, listMarker, indent, lastRun, content: at };
}

function isBlankTailToEnd(text: string, from: number, end: number): boolean {
  for (let at = from; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code !== SPACE && code !== TAB) return false;
  }
  return true;
}

/**
 * Follows the list items open (their content columns) through a line outside
 * block quotes, and says whether it closes an item that holds another open
 * item: the parser pays for that with every event before the line, where
 * closing one item (a sibling after it) costs nothing.
 */
function closesListItems(text: string, start: number, end: number, items: number[]): boolean {
  let at = start;
  let column = 0;
  const skipSpace = () => {
    while (at < end && (text.charCodeAt(at) === SPACE || text.charCodeAt(at) === TAB)) {
      column += text.charCodeAt(at) === TAB ? 4 : 1;
      at++;
    }
  };
  skipSpace();
  let closed = 0;
  const before = items.length;
  while (items.length > 0 && column < items.at(-1)!) {
    items.pop();
    closed++;
  }
  let markers = 0;
  for (;;) {
    const base = items.at(-1) ?? 0;
    if (at >= end || column - base >= 4) break;
    const code = text.charCodeAt(at);
    let width = 0;
    if ((code === 45 || code === 43 || code === 42) && isBlankTail(at + 1 < end ? text.charCodeAt(at + 1) : undefined)) width = 1;
    else if (isDigit(code)) {
      let digits = at;
      while (digits < end && isDigit(text.charCodeAt(digits)) && digits - at < 9) digits++;
      const delimiter = text.charCodeAt(digits);
      if (digits > at && (delimiter === 46 || delimiter === 41) && isBlankTail(digits + 1 < end ? text.charCodeAt(digits + 1) : undefined)) width = digits - at + 1;
    }
    if (width === 0) break;
    const markerColumn = column;
    at += width;
    column += width;
    const spaceStart = column;
    skipSpace();
    const spaces = column - spaceStart;
    items.push(markerColumn + width + (spaces >= 1 && spaces <= 4 && at < end ? spaces : 1));
    markers++;
  }
  // Two or more items closed, or one that held an open item, is a close of nested containers.
  return closed >= 2 || (closed === 1 && before >= 2 && markers === 0);
}

/** The cells of a table row, `|`s escaped with a backslash left in, or 0 for a line without an unescaped `|`. */
function cellCount(text: string, from: number, end: number): number {
  let first = from;
  let last = end;
  while (first < last && (text.charCodeAt(first) === SPACE || text.charCodeAt(first) === TAB)) first++;
  while (last > first && (text.charCodeAt(last - 1) === SPACE || text.charCodeAt(last - 1) === TAB)) last--;
  const pipes: number[] = [];
  for (let at = first; at < last; at++) {
    const code = text.charCodeAt(at);
    if (code === BACKSLASH) at++;
    else if (code === PIPE) pipes.push(at);
  }
  if (pipes.length === 0) return 0;
  let cells = pipes.length + 1;
  if (pipes[0] === first) cells--;
  if (pipes.at(-1) === last - 1 && last - 1 !== first) cells--;
  return Math.max(cells, 1);
}

// `[label]: destination "title"` on one line; a destination with parentheses is left to the parser (it may not be one).
const DEFINITION = /^\[((?:[^[\]\\]|\\.)+)\]:[ \t]*(?:<[^<>\r\n]*>|[^\s<()]+)(?:[ \t]+(?:"[^"]*"|'[^']*'))?[ \t]*$/u;
// `===` or `---` under a line of text, inside block quotes too.
const SETEXT_UNDERLINE = /^[ \t>]*(?:=+|-+)[ \t]*$/u;
const DELIMITER_CELL = /^[ \t]*:?-+:?[ \t]*$/u;
// What a table row may not start with: the start of a heading, code, HTML, a thematic break, a block quote or a list item.
const ROW_ENDS = /[#`~<*\-_+>0-9=]/u;

function isDelimiterRow(text: string, from: number, end: number): boolean {
  const line = text.slice(from, end).trim();
  if (!line.includes('|')) return false;
  const cells = line.replace(/^\|/u, '').replace(/\|$/u, '').split('|');
  return cells.length > 0 && cells.every((cell) => DELIMITER_CELL.test(cell));
}

/** Runs of backticks (after an escaping backslash) in a block, for the code spans that close and those that do not. */
interface BacktickRun {
  readonly length: number;
  readonly offset: number;
}

/** The characters the parser reads again looking for the closing run of each backtick run that closes no code span. */
function unclosedCodeWork(runs: readonly BacktickRun[], blockEnd: number): number {
  const next = new Array<number>(runs.length).fill(-1);
  const seen = new Map<number, number>();
  for (let index = runs.length - 1; index >= 0; index--) {
    next[index] = seen.get(runs[index]!.length) ?? -1;
    seen.set(runs[index]!.length, index);
  }
  let work = 0;
  for (let index = 0; index < runs.length; ) {
    if (next[index] !== -1) {
      index = next[index]! + 1;
    } else {
      work += blockEnd - runs[index]!.offset;
      index++;
    }
  }
  return work;
}

/**
 * Whether parsing `text` stays within `MAX_NESTING` and `MAX_INLINE_WORK`,
 * judged by one pass over the text, before any parsing. The estimates err
 * high, never low: a block is cut only where the parser surely ends one (a
 * blank line, a heading, a list item, a table row), and every delimiter
 * counts even where it turns out to be text.
 */
export function parseHazard(text: string): ParseRefusal | null {
  return scan(text).refusal;
}

/** The pre-scan of `parseHazard`, with the work it counted (up to the refusal, if any). */
export function scan(
  text: string,
  limits: { readonly inline: number; readonly containers: number } = { inline: MAX_INLINE_WORK, containers: MAX_CONTAINER_WORK },
): { readonly work: number; readonly containerWork: number; readonly refusal: ParseRefusal | null } {
  const limit = limits.inline;
  let work = 0;
  let containerWork = 0;
  // Lines, container markers and inline tokens so far: what the parser copies when a line closes nested containers.
  let tokens = 0;
  // The containers the last non-blank line had (an estimate), which a line with fewer closes.
  let openDepth = 0;
  // The content columns of the list items open, for lines outside block quotes.
  const items: number[] = [];
  let block = { start: -1, delimiters: 0, tokens: 0, backticks: [] as BacktickRun[] };
  let table: { quotes: number; indent: number } | null = null;
  // The line before, when it started a block, for a table's header row.
  let header: { content: number; end: number; quotes: number; indent: number } | null = null;
  const closeBlock = (end: number): ParseRefusal | null => {
    if (block.start !== -1) {
      work += block.delimiters * block.tokens + unclosedCodeWork(block.backticks, end);
      tokens += block.tokens;
      if (work > limit) return { kind: 'inline', at: pointAt(text, block.start), work };
    }
    block = { start: -1, delimiters: 0, tokens: 0, backticks: [] };
    return null;
  };
  for (let start = 0; start <= text.length; ) {
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const next = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    const prefix = readPrefix(text, start, end);
    if (prefix.pastLimit !== -1) return { work, containerWork, refusal: { kind: 'nesting', at: pointAt(text, prefix.pastLimit), depth: prefix.depth } };
    const onlyQuotes = prefix.markers === prefix.quotes;
    // Blank: white space after block quote markers alone (after a list marker it may be paragraph text).
    const blank = onlyQuotes && isBlankTailToEnd(text, prefix.content, end);
    if (!blank) {
      tokens += 1 + prefix.markers;
      let closes: boolean;
      if (prefix.quotes > 0 || openDepth > items.length) {
        // Block quotes: an estimate that errs high.
        closes = prefix.depth < openDepth || (prefix.markers > prefix.quotes && openDepth >= 2);
        items.length = 0;
      } else {
        closes = closesListItems(text, start, end, items);
      }
      // A setext heading's underline costs the same: the parser copies every event so far to make the heading.
      const underline = block.start !== -1 && SETEXT_UNDERLINE.test(text.slice(start, end));
      containerWork += prefix.markers * prefix.markers + (closes || underline ? tokens : 0);
      openDepth = prefix.quotes > 0 ? prefix.depth : items.length;
      if (containerWork > limits.containers) return { work, containerWork, refusal: { kind: 'containers', at: pointAt(text, start), work: containerWork } };
    }
    const heading = !blank && prefix.lastRun < 4 && /^#{1,6}(?:[ \t]|$)/u.test(text.slice(prefix.content, Math.min(end, prefix.content + 7)));
    // A row of a table: its container prefix, and nothing that starts another block.
    const row = table !== null && !blank && onlyQuotes && prefix.quotes === table.quotes && prefix.indent === table.indent && !ROW_ENDS.test(text[prefix.content] ?? '');
    if (!row) table = null;
    // A link reference definition that starts a block is one on its own: it has no inline content.
    const definition = !blank && !heading && !row && block.start === -1 && prefix.lastRun < 4 && (DEFINITION.exec(text.slice(prefix.content, end))?.[1] ?? '').trim() !== '';
    // A block ends at a blank line; a heading, a list item and a table row start one of their own.
    if (blank || heading || prefix.listMarker || row) {
      const refused = closeBlock(start);
      if (refused) return { work, containerWork, refusal: refused };
    }
    const startsBlock = !blank && block.start === -1;
    if (!blank) {
      if (startsBlock) block.start = prefix.content;
      else block.tokens++; // The line ending before this line.
      countInline(text, prefix.content, end, block);
    }
    if (heading || row || definition) {
      const refused = closeBlock(end);
      if (refused) return { work, containerWork, refusal: refused };
    }
    // A delimiter row right under a row that started a block, with as many cells and the same prefix: a table, whose rows are blocks of their own.
    if (!blank && !row && header !== null && onlyQuotes && prefix.quotes === header.quotes && prefix.indent === header.indent && isDelimiterRow(text, prefix.content, end)) {
      const cells = cellCount(text, prefix.content, end);
      if (cells > 0 && cells === cellCount(text, header.content, header.end)) {
        const refused = closeBlock(end);
        if (refused) return { work, containerWork, refusal: refused };
        table = { quotes: prefix.quotes, indent: prefix.indent };
      }
    }
    header = startsBlock && onlyQuotes && !heading ? { content: prefix.content, end, quotes: prefix.quotes, indent: prefix.indent } : null;
    start = next;
  }
  const refusal = closeBlock(text.length);
  return { work, containerWork, refusal };
}

/** Adds the delimiters and inline tokens of `text[from, end)` to the block. */
function countInline(text: string, from: number, end: number, block: { delimiters: number; tokens: number; backticks: BacktickRun[] }): void {
  for (let at = from; at < end; ) {
    const code = text.charCodeAt(at);
    if (code === 42 || code === 95 || code === BACKTICK) {
      let runEnd = at + 1;
      while (runEnd < end && text.charCodeAt(runEnd) === code) runEnd++;
      // `_` inside a word can neither open nor close emphasis.
      const intraword = code === 95 && isWordCharacter(text[at - 1]) && isWordCharacter(text[runEnd]);
      if (!intraword) {
        block.delimiters++;
        block.tokens++;
      }
      if (code === BACKTICK) {
        let escapes = 0;
        while (at - escapes - 1 >= from && text.charCodeAt(at - escapes - 1) === BACKSLASH) escapes++;
        const escaped = escapes % 2 === 1 ? 1 : 0;
        if (runEnd - at - escaped > 0) block.backticks.push({ length: runEnd - at - escaped, offset: at + escaped });
      }
      at = runEnd;
      continue;
    }
    if (code === 91 || code === 93) {
      block.delimiters++;
      block.tokens++;
    } else if (code === BACKSLASH || code === 38 || code === 60) {
      block.tokens++;
    }
    at++;
  }
}

/** A Markdown tree, or why the document was not parsed. */
export type BoundedParse = { readonly tree: Root; readonly refusal: null } | { readonly tree: null; readonly refusal: ParseRefusal };

/**
 * Parses `text` as `parseMarkdown` does, unless the pre-scan finds it past
 * the limits (then it is not parsed at all) or the tree nests deeper than
 * `MAX_NESTING` (then the tree is dropped, so that no reader recurses into it).
 */
export function parseBounded(text: string): BoundedParse {
  const hazard = parseHazard(text);
  if (hazard) return { tree: null, refusal: hazard };
  const tree = parseMarkdown(text);
  const deep = tooDeep(tree);
  if (deep) return { tree: null, refusal: { kind: 'tree-depth', at: point(deep) ?? { line: 1, column: 1 }, depth: MAX_NESTING + 1 } };
  return { tree, refusal: null };
}

/** What a refusal found, as remark-lint words it after `Unexpected `: `line nested 150 containers deep (…), expected at most 100`. */
export function describeRefusal(refusal: ParseRefusal): string {
  switch (refusal.kind) {
    case 'nesting':
      return `line nested ${refusal.depth} containers deep (block quotes, list items and their indentation), expected at most ${MAX_NESTING}`;
    case 'tree-depth':
      return `content nested more than ${MAX_NESTING} levels deep (block quotes, lists, emphasis, links), expected at most ${MAX_NESTING}`;
    case 'containers':
      return `nested list items, block quotes and setext headings that would take the Markdown parser too long (${refusal.work} units of work up to this line: each line that closes nested containers or underlines a heading costs what comes before it), expected at most ${MAX_CONTAINER_WORK}`;
    case 'inline':
      return `inline markup that would take the Markdown parser too long (${refusal.work} units of work up to this block: its emphasis, code and link delimiters times its inline tokens, added over the blocks), expected at most ${MAX_INLINE_WORK}`;
  }
}
