import { resolve } from 'node:path';
import { pointAt, type Layer, type SourcePoint } from '@bookiji/contract';
import type { Root, Text } from 'mdast';
import { globMatcher, regExp, type LintContext } from '../context.js';
import { AUTOMATION_PHRASE_FLAGS, defaultAllow, defaultAutomationPhrases } from '../options.js';
import { defineRule } from '../rule.js';

// A phrase stated as a prohibition ("nothing automatically rolls back") prescribes nothing. The
// negation must sit in the same clause: in "If nobody answers, the bot will page the deputy" the
// "nobody" belongs to the condition, and the bot is still prescribed.
const NEGATION = /\b(?:never|not|no|nothing|nobody|no one|none|cannot|can['’]t|don['’]t|doesn['’]t|won['’]t|isn['’]t|aren['’]t|without)\b[^.;:!?,—–()]*$/iu;

interface Segment {
  readonly start: number;
  readonly node: Text;
}

/** The prose of one block (paragraph, heading, table cell) as one string, so that emphasis or a link inside a sentence does not cut it. */
interface Prose {
  readonly text: string;
  readonly segments: readonly Segment[];
}

type Node = Root | Root['children'][number];

/** The text of one block, in document order (a plain walk: this runs on every node of every document). */
function collectProse(node: Node, prose: { text: string; segments: Segment[] }): void {
  if (node.type === 'text') {
    prose.segments.push({ start: prose.text.length, node });
    prose.text += node.value;
    return;
  }
  if (node.type === 'inlineCode' || node.type === 'break' || node.type === 'image' || node.type === 'html') {
    // Code and markup are not prose; a space keeps the words on either side apart.
    prose.text += ' ';
    return;
  }
  if ('children' in node) for (const child of node.children) collectProse(child as Node, prose);
}

function proseBlocks(tree: Root): Prose[] {
  const blocks: Prose[] = [];
  const walk = (node: Node): void => {
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      const prose = { text: '', segments: [] as Segment[] };
      for (const child of node.children) collectProse(child as Node, prose);
      blocks.push(prose);
      return;
    }
    if ('children' in node) for (const child of node.children) walk(child as Node);
  };
  walk(tree);
  return blocks;
}

/**
 * Where `index` of a text node's value lies in the source. The value drops what the
 * source has around it on continuation lines (list indentation, `>` of quotes,
 * backslash escapes), so the two are walked side by side.
 */
function sourcePoint(source: string, node: Text, index: number): SourcePoint | null {
  const start = node.position?.start;
  const end = node.position?.end;
  if (!start) return null;
  if (start.offset === undefined || end?.offset === undefined || source.length < end.offset) return { line: start.line, column: start.column };
  let offset = start.offset;
  for (let k = 0; k <= index && offset < end.offset; k++) {
    while (offset < end.offset && source[offset] !== node.value[k]) offset++;
    if (k < index) offset++;
  }
  return pointAt(source, offset);
}

function pointOf(source: string, prose: Prose, index: number): SourcePoint | null {
  const segment = prose.segments.findLast((candidate) => candidate.start <= index);
  return segment ? sourcePoint(source, segment.node, index - segment.start) : null;
}

const folderOf = (path: string) => path.split('/').slice(0, -1).join('/');
const isInside = (folder: string, parent: string) => folder === parent || folder.startsWith(`${parent}/`);

/** The layer a document belongs to: the one that names it, or for an allowed document, the one whose documents share its folder most closely. */
function ownerOf(context: LintContext, allow: readonly string[]): Layer | undefined {
  const layers = context.contract.contract.layers;
  const named = layers.find((layer) => layer.documentation.some((path) => resolve(context.root, path) === context.filePath));
  if (named) return named;
  if (!globMatcher(context.run, allow)(context.operationsPath)) return undefined;
  const folder = folderOf(context.relativePath);
  let best: { layer: Layer; depth: number } | undefined;
  for (const layer of layers) {
    for (const path of layer.documentation) {
      const parent = folderOf(path);
      const depth = parent.split('/').length;
      if (isInside(folder, parent) && (!best || depth > best.depth)) best = { layer, depth };
    }
  }
  return best?.layer;
}

/**
 * What `text.matchAll(pattern)` gives, without the copy of the pattern that
 * matchAll makes on each call: there is one call per paragraph, heading and
 * table cell of every document. `pattern` is global; an empty match moves on
 * by one code point, as matchAll does.
 */
function matchesOf(pattern: RegExp, text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    found.push(match);
    if (match[0] === '') pattern.lastIndex += (text.codePointAt(pattern.lastIndex) ?? 0) > 0xffff ? 2 : 1;
  }
  return found;
}

/** In documents of human-only layers, no prose prescribes automation. */
export const noAutomationPhrases = defineRule('no-automation-phrases', (tree, context, report, options, file) => {
  if (!context.isOperationsDocument || context.isContract) return;
  const owner = ownerOf(context, options.allow ?? defaultAllow);
  if (!owner || !owner.humanOnly) return;
  const pattern = regExp(context.run, (options.automationPhrases ?? defaultAutomationPhrases).map((source) => `(?:${source})`).join('|'), AUTOMATION_PHRASE_FLAGS);
  // The parser's offsets start after a byte-order mark.
  const source = String(file.value ?? '').replace(/^\uFEFF/u, '');
  for (const prose of proseBlocks(tree)) {
    for (const match of matchesOf(pattern, prose.text)) {
      if (NEGATION.test(prose.text.slice(0, match.index))) continue;
      report(
        `Unexpected \`${match[0].replace(/\s+/gu, ' ')}\`: Layer ${owner.number} (${owner.name}) is human-only ("${owner.humanOnlyEvidence}"), so its documents never prescribe automation`,
        pointOf(source, prose, match.index),
      );
    }
  }
});
