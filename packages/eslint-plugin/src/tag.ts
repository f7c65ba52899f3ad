import { closeSync, openSync, readSync } from 'node:fs';
import { componentScripts, isComponentFile } from './components.js';
import { positionOf } from './position.js';
import type { FsView } from './fs-view.js';

/** A `@layer N` tag found in a file's leading comments. */
export interface LayerTag {
  /** The whole tag as written, for messages: `@layer 4`. */
  readonly text: string;
  /** The layer number, or null when the tag does not name a number. */
  readonly layer: number | null;
  /** 1-based line and 0-based column of the comment that holds the tag. */
  readonly line: number;
  readonly column: number;
}

const tagPattern = /(?:^|[\s*/])(@layer\b[ \t]*([^\s*]*))/;

/** Reads a tag out of one comment's text; `offset` is where the comment's text starts in the file. */
function tagIn(comment: string, line: number, column: number): LayerTag | null {
  const match = tagPattern.exec(comment);
  if (!match) return null;
  const value = match[2] ?? '';
  return {
    text: (match[1] ?? '').trim(),
    layer: /^(0|[1-9]\d*)$/.test(value) ? Number(value) : null,
    line,
    column,
  };
}

interface CommentLike {
  readonly type: string;
  readonly value: string;
  readonly range?: readonly [number, number];
  readonly loc?: { readonly start: { readonly line: number; readonly column: number } } | null;
}

/**
 * The tag in the comments that come before the first token, from
 * `sourceCode.getAllComments()`: ESLint 10 starts `Program` at its first
 * token, so comments attached to `Program` no longer find it.
 */
export function tagFromComments(comments: readonly CommentLike[], firstTokenStart: number): LayerTag | null {
  for (const comment of comments) {
    if (comment.range && comment.range[0] >= firstTokenStart) break;
    if (comment.type === 'Shebang') continue;
    const tag = tagIn(comment.value, comment.loc?.start.line ?? 1, comment.loc?.start.column ?? 0);
    if (tag) return tag;
  }
  return null;
}

/**
 * The tag in a file's leading comments, read from its text without a parser:
 * the same comments `tagFromComments` sees, for files that are imported or
 * listed rather than linted.
 */
export function tagFromText(text: string): LayerTag | null {
  return scanHead(text).tag;
}

/**
 * The tag of a single-file component (Vue, Svelte, Astro): in the leading
 * comments of its first script block (Astro's frontmatter, else the first
 * `<script>`), with its line and column in the file.
 */
export function tagOfComponent(text: string, path: string): LayerTag | null {
  const first = componentScripts(text, path)[0];
  if (first === undefined) return null;
  const tag = scanHead(first.text).tag;
  if (tag === null) return null;
  const start = positionOf(text, first.offset);
  return { ...tag, line: start.line + tag.line - 1, column: tag.line === 1 ? start.column + tag.column : tag.column };
}

/** The tag, and whether the scan reached code (or a tag) before the end of `text`. */
function scanHead(text: string): { tag: LayerTag | null; complete: boolean } {
  let index = 0;
  let line = 1;
  let lineStart = 0;
  if (text.charCodeAt(0) === 0xfeff) index = 1;
  if (text.startsWith('#!', index)) index = skipToLineEnd(text, index);
  for (;;) {
    while (index < text.length) {
      const char = text[index];
      if (char === '\n') {
        line += 1;
        lineStart = index + 1;
      } else if (char !== ' ' && char !== '\t' && char !== '\r' && char !== '\f' && char !== '\v') break;
      index += 1;
    }
    if (text.startsWith('//', index)) {
      const end = skipToLineEnd(text, index);
      const tag = tagIn(text.slice(index + 2, end), line, index - lineStart);
      if (tag) return { tag, complete: true };
      index = end;
    } else if (text.startsWith('/*', index)) {
      const close = text.indexOf('*/', index + 2);
      if (close === -1) return { tag: null, complete: false };
      const tag = tagIn(text.slice(index + 2, close), line, index - lineStart);
      if (tag) return { tag, complete: true };
      for (let at = text.indexOf('\n', index); at !== -1 && at < close; at = text.indexOf('\n', at + 1)) {
        line += 1;
        lineStart = at + 1;
      }
      index = close + 2;
    } else return { tag: null, complete: index < text.length };
  }
}

function skipToLineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/** Most files' leading comments fit; a longer run of them is read to its end. */
const headBytes = 4_096;
/** One buffer for every head read: the reads are synchronous, one at a time. */
const head4k = Buffer.allocUnsafe(headBytes);

/** True when the first character after blanks (and a byte-order mark) is neither `/` nor `#`: the file has no leading comment. */
function startsWithCode(buffer: Buffer, length: number): boolean {
  let index = length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  while (index < length && (buffer[index] === 0x20 || buffer[index] === 0x09 || buffer[index] === 0x0a || buffer[index] === 0x0d || buffer[index] === 0x0b || buffer[index] === 0x0c)) index += 1;
  return index < length && buffer[index] !== 0x2f && buffer[index] !== 0x23;
}

/** The tags of the files this view has linted, from their comments: an imported file already linted is not read again. */
function lintedTags(view: FsView): Map<string, LayerTag | null> {
  return view.table<LayerTag | null>('linted-tags');
}

/** Records the tag `tagFromComments` found in a linted file, for `tagOfFile`. */
export function rememberTag(path: string, tag: LayerTag | null, view: FsView): void {
  lintedTags(view).set(path, tag);
}

/**
 * The tag of a file on disk. Undefined when the file does not exist. The
 * rules ask once per imported file and lint run; the bytes read are the
 * view's (see `FsView.bytes`), and a file too large for them has its head read.
 */
export function tagOfFile(path: string, view: FsView): LayerTag | null | undefined {
  const linted = lintedTags(view).get(path);
  if (linted !== undefined) return linted;
  const stat = view.stat(path);
  if (stat === undefined || !stat.isFile()) return undefined;
  const bytes = view.bytes(path);
  // A component's tag is in a script block, which need not come first: its text is read whole (components are small).
  if (isComponentFile(path)) return bytes === undefined ? null : tagOfComponent(bytes.toString('utf8'), path);
  if (bytes !== undefined) return tagOfBytes(bytes, bytes.length, true);
  try {
    const fd = openSync(path, 'r');
    try {
      const read = readSync(fd, head4k, 0, Math.min(headBytes, stat.size), 0);
      const tag = tagOfBytes(head4k, read, read === stat.size);
      if (tag !== undefined) return tag;
      // Leading comments longer than the head: the whole file.
      const buffer = Buffer.allocUnsafe(stat.size);
      return scanHead(buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0))).tag;
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/**
 * The tag in the first `length` bytes of a file, `whole` when they are all of
 * it; undefined when its leading comments go on past them.
 */
function tagOfBytes(bytes: Buffer, length: number, whole: boolean): LayerTag | null | undefined {
  // Most files start with code, not a comment: no tag, and no text to decode.
  if (startsWithCode(bytes, length)) return null;
  const head = scanHead(bytes.toString('utf8', 0, Math.min(length, headBytes)));
  if (head.complete) return head.tag;
  if (length > headBytes) return scanHead(bytes.toString('utf8', 0, length)).tag;
  return whole ? head.tag : undefined;
}
