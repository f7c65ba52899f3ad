import { describeRefusal, parseHazard, tooDeep, type SourcePoint } from '@bookiji/contract';
import type { Root } from 'mdast';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';

/**
 * Operations documents are a few kilobytes. A document past the size limit,
 * or one that `@bookiji/contract`'s pre-scan finds would take the Markdown
 * parser too long or nest too deep to read, is reported (by the
 * `text-document` rule) instead of parsed: the linter answers instead of
 * hanging or overflowing the stack.
 */
export const MAX_DOCUMENT_BYTES = 512 * 1024;

/** Why a document was not checked, and where: the `text-document` rule reports it, the other rules skip the document. */
export interface NotParsed {
  /** What was found, as the object of `Unexpected …`. */
  readonly found: string;
  readonly at: SourcePoint;
}

declare module 'vfile' {
  interface DataMap {
    operationsNotParsed: NotParsed;
  }
}

export function byteLength(value: unknown): number {
  if (value instanceof Uint8Array) return value.byteLength;
  return Buffer.byteLength(String(value ?? ''));
}

const EMPTY: Root = { type: 'root', children: [] };

/**
 * Wraps the processor's parser: a document past the size limit or the
 * contract's bounds yields an empty tree, and so does one whose tree nests
 * past them, so that no rule (nor remark-validate-links or
 * remark-message-control, which recurse) walks it.
 */
export function boundedParse(this: Processor): undefined {
  const parse = this.parser;
  if (!parse) return undefined;
  this.parser = (document, file) => {
    const size = byteLength(file.value);
    if (size > MAX_DOCUMENT_BYTES) {
      file.data.operationsNotParsed = { found: `document of ${size} bytes, expected at most ${MAX_DOCUMENT_BYTES} bytes`, at: { line: 1, column: 1 } };
      return { ...EMPTY, children: [] };
    }
    // The parser's offsets start after a byte-order mark.
    const refusal = parseHazard(document.replace(/^\uFEFF/u, ''));
    if (refusal) {
      file.data.operationsNotParsed = { found: describeRefusal(refusal), at: refusal.at };
      return { ...EMPTY, children: [] };
    }
    const tree = parse(document, file) as Root;
    return withinBounds(tree, file) ? tree : { ...EMPTY, children: [] };
  };
  return undefined;
}

const checked = new WeakSet<Root>();

/**
 * Whether the rules may walk `tree`: false for a document the parser wrapper
 * did not parse, or whose tree nests past the contract's limit (a tree from a
 * processor without the preset's parser wrapper is checked here, once).
 */
export function withinBounds(tree: Root, file: VFile): boolean {
  if (file.data.operationsNotParsed) return false;
  if (checked.has(tree)) return true;
  const deep = tooDeep(tree);
  if (deep) {
    const start = deep.position?.start;
    const at = start ? { line: start.line, column: start.column } : { line: 1, column: 1 };
    file.data.operationsNotParsed = { found: describeRefusal({ kind: 'tree-depth', at, depth: 0 }), at };
    return false;
  }
  checked.add(tree);
  return true;
}
