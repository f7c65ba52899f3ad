import { resolve } from 'node:path';
import { pointsOf, type Layer, type SourcePoint } from '@bookiji/contract';
import type { Root, Text } from 'mdast';
import { globMatcher, regExp, type LintContext } from '../context.js';
import { AUTOMATION_PHRASE_FLAGS, defaultAllow, defaultAutomationPhrases } from '../options.js';
import { eachNode } from '../markdown.js';
import { defineRule } from '../rule.js';

// A phrase stated as a prohibition ("nothing automatically rolls back") prescribes nothing. The
// negation must sit in the same clause: in "If nobody answers, the bot will page the deputy" the
// "nobody" belongs to the condition, and the bot is still prescribed.
const NEGATION = /\b(?:never|not|no|nothing|nobody|no one|none|cannot|can['’]t|don['’]t|doesn['’]t|won['’]t|isn['’]t|aren['’]t|without)\b/giu;
const CLAUSE_BREAK = /[.;:!?,—–()]/gu;

interface Segment {
  readonly start: number;
  readonly node: Text;
}

/** The prose of one block (paragraph, heading, table cell) as one string, so that emphasis or a link inside a sentence does not cut it. */
interface Prose {
  readonly text: string;
  readonly segments: readonly Segment[];
}


/** The text of each block, in document order, walked without recursion: this runs on every node of every document. */
function proseBlocks(tree: Root): Prose[] {
  const blocks: Prose[] = [];
  eachNode(tree, (node) => {
    if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') return true;
    let text = '';
    const segments: Segment[] = [];
    eachNode(node, (inner) => {
      if (inner.type === 'text') {
        segments.push({ start: text.length, node: inner });
        text += inner.value;
        return false;
      }
      if (inner.type === 'inlineCode' || inner.type === 'break' || inner.type === 'image' || inner.type === 'html') {
        // Code and markup are not prose; a space keeps the words on either side apart.
        text += ' ';
        return false;
      }
      return true;
    });
    blocks.push({ text, segments });
    return false;
  });
  return blocks;
}

/**
 * Whether each match stands in a clause that a negation opened: a negation
 * word before it, with no clause break between the two. The matches come in
 * order, so one pass over the negations and breaks of the text serves them all.
 */
function negatedMatches(text: string, matches: readonly RegExpExecArray[]): boolean[] {
  const negations = [...text.matchAll(NEGATION)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
  const breaks = [...text.matchAll(CLAUSE_BREAK)].map((match) => match.index);
  let negation = -1;
  let clauseBreak = -1;
  return matches.map((match) => {
    while (negation + 1 < negations.length && negations[negation + 1]!.end <= match.index) negation++;
    while (clauseBreak + 1 < breaks.length && breaks[clauseBreak + 1]! < match.index) clauseBreak++;
    return negation !== -1 && negations[negation]!.start > (breaks[clauseBreak] ?? -1);
  });
}

/**
 * Where each index of a block's prose lies in the source. A text node's value
 * drops what the source has around it on continuation lines (list indentation,
 * `>` of quotes, backslash escapes), so the two are walked side by side; the
 * indexes come in order, so the walk goes on from where the last one stopped.
 */
function sourcePointer(source: string, pointOfOffset: (offset: number) => SourcePoint) {
  let block: Prose | undefined;
  let segmentIndex = -1;
  let node: Text | undefined;
  let k = 0;
  let offset = 0;
  return (prose: Prose, index: number): SourcePoint | null => {
    if (block !== prose) {
      block = prose;
      segmentIndex = -1;
    }
    while (segmentIndex + 1 < prose.segments.length && prose.segments[segmentIndex + 1]!.start <= index) segmentIndex++;
    const segment = prose.segments[segmentIndex];
    if (!segment) return null;
    const start = segment.node.position?.start;
    const end = segment.node.position?.end;
    if (!start) return null;
    if (start.offset === undefined || end?.offset === undefined || source.length < end.offset) return { line: start.line, column: start.column };
    const target = index - segment.start;
    if (node !== segment.node || k > target) {
      node = segment.node;
      k = 0;
      offset = start.offset;
    }
    for (; k <= target && offset < end.offset; k++) {
      // The parser reads a NUL as U+FFFD.
      while (offset < end.offset && source[offset] !== node.value[k] && !(node.value[k] === '\uFFFD' && source[offset] === '\u0000')) offset++;
      if (k < target) offset++;
      else break;
    }
    return pointOfOffset(Math.min(offset, end.offset));
  };
}

const folderOf = (path: string) => path.split('/').slice(0, -1).join('/');
const isInside = (folder: string, parent: string) => folder === parent || folder.startsWith(`${parent}/`);

/** The layer a document belongs to: the one that names it, or for an allowed document, the one whose documents share its folder most closely. */
function ownerOf(context: LintContext, allow: readonly string[]): Layer | undefined {
  const layers = context.contract.contract.layers;
  const named = layers.find((layer) => layer.documentation.some((path) => resolve(context.root, context.fileFor(path)) === context.filePath));
  if (named) return named;
  if (!globMatcher(context.run, allow)(context.operationsPath)) return undefined;
  const folder = folderOf(context.relativePath);
  let best: { layer: Layer; depth: number } | undefined;
  for (const layer of layers) {
    for (const path of layer.documentation) {
      const parent = folderOf(context.fileFor(path));
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
  let pointer: ReturnType<typeof sourcePointer> | undefined;
  for (const prose of proseBlocks(tree)) {
    const matches = matchesOf(pattern, prose.text);
    if (matches.length === 0) continue;
    pointer ??= sourcePointer(source, pointsOf(source));
    const negated = negatedMatches(prose.text, matches);
    matches.forEach((match, index) => {
      if (negated[index]) return;
      report(
        `Unexpected \`${match[0].replace(/\s+/gu, ' ')}\`: Layer ${owner.number} (${owner.name}) is human-only ("${owner.humanOnlyEvidence}"), so its documents never prescribe automation`,
        pointer!(prose, match.index),
      );
    });
  }
});
