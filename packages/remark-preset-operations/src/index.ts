import { resolve } from 'node:path';
import type { Nodes, Root } from 'mdast';
import remarkParse from 'remark-parse';
import type { Processor } from 'unified';
import type { FileSet } from 'unified-engine';
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { forgetRunTrees, offerRunTree, parsedDocument } from './context.js';
import { gfmTables } from './gfm-tables.js';
import { holdError } from './held-errors.js';
import { ParseAhead } from './parse-ahead.js';
import { guardDocumentSize } from './size.js';
import { validateOptions, type Options } from './options.js';
import { ruleDocUrl, ruleSource, type SharedOptions } from './rule.js';
import { lintCommentReason } from './rules/lint-comment-reason.js';
import { linkPlugins, links } from './rules/links.js';
import { rules } from './rules/index.js';

declare module 'unified' {
  interface Data {
    bookijiOperations?: SharedOptions;
  }
}

/** Whether any comment of the tree (HTML, or an MDX expression) could be a `lint` marker. */
const COMMENT_TYPES = new Set(['html', 'comment', 'mdxFlowExpression', 'mdxTextExpression']);
function hasLintComment(node: Nodes): boolean {
  if (COMMENT_TYPES.has(node.type) && 'value' in node && typeof node.value === 'string' && node.value.includes('lint')) return true;
  return 'children' in node && node.children.some((child) => hasLintComment(child));
}

/**
 * Applies `<!-- lint ignore|disable|enable … -->` comments to the preset's messages.
 * A comment with another keyword is a mistake in the document, so it is a finding
 * at the comment (the other comments of that document are then not applied),
 * not a failure of the whole run.
 */
function lintComments(_options?: undefined, fileSet?: FileSet): (tree: Root, file: VFile) => Promise<undefined> | undefined {
  let control: ((tree: Root, file: VFile) => void) | undefined;
  return async (tree, file) => {
    // Message control changes nothing in a document without a `lint` comment and without a message of
    // this preset (it only filters those messages): skip its walks of the tree and of the text, and
    // load it only for a document that needs it.
    if (!file.messages.some((message) => message.source === ruleSource) && !hasLintComment(tree)) return undefined;
    control ??= (await import('remark-message-control')).default({ name: 'lint', source: ruleSource }) as (tree: Root, file: VFile) => void;
    try {
      control(tree, file);
    } catch (error) {
      if (!(error instanceof VFileMessage) || !file.messages.includes(error)) throw error;
      const keyword = /^Unknown keyword `([^`]*)`/u.exec(error.reason)?.[1];
      const reason = keyword === undefined ? error.reason : `Unexpected \`lint ${keyword}\`, expected \`lint ignore\`, \`lint disable\` or \`lint enable\``;
      Object.assign(error, { reason, message: reason, ruleId: 'lint-comment-reason', source: ruleSource, url: ruleDocUrl('lint-comment-reason') });
      holdError(error, file, fileSet);
    }
    return undefined;
  };
}

/**
 * Whether the processor parses exactly as `readDocument` does (remark-parse with
 * GitHub's tables alone) and runs nothing but this preset, which never changes
 * a tree: then the trees it parses can stand in for `readDocument`'s.
 */
function sharesTrees(processor: Processor): boolean {
  const own = new Set<unknown>([remarkParse, remarkPresetOperations, gfmTables, links, ...linkPlugins, lintComments, lintCommentReason, ...Object.values(rules)]);
  const data = processor.data();
  return (
    data.micromarkExtensions?.length === 1 &&
    data.fromMarkdownExtensions?.length === 1 &&
    // Known by name: remark-stringify only sets the compiler (and loading the preset does not load it), and
    // remark-parse may be the host's own copy (remark-cli's), not the one bundled with the preset.
    processor.attachers.every(([attacher]) => own.has(attacher) || attacher.name === 'remarkStringify' || attacher.name === 'remarkParse')
  );
}

interface Run {
  /** What holds only while the run lasts (see `operationsRun`). */
  readonly token: object;
  /** The worker that parses the run's documents ahead of it, once the run has started parsing; null for none. */
  ahead?: ParseAhead | null;
}

const runs = new WeakMap<FileSet, Run>();

function runOf(fileSet: FileSet): Run {
  let run = runs.get(fileSet);
  if (!run) {
    run = { token: {} };
    runs.set(fileSet, run);
  }
  return run;
}

/**
 * Shares parsed trees within a run of unified-engine: the parser takes a tree
 * that a worker or `readDocument` already parsed from the same text, and offers
 * what it parses to `readDocument` until every file of the run is done.
 */
function shareRunTrees(processor: Processor, fileSet: FileSet): void {
  const parse = processor.parser;
  if (!parse) return;
  let shares: boolean | undefined;
  const run = runOf(fileSet);
  processor.parser = (document, file) => {
    file.data.operationsRun = run.token;
    shares ??= sharesTrees(processor);
    if (!shares) {
      // The worker parses as `readDocument` does, not as this processor does: its trees would be wrong here.
      if (run.ahead === undefined) {
        ParseAhead.discardEarly();
        run.ahead = null;
      }
      return parse(document, file);
    }
    if (!file.path) return parse(document, file);
    const path = resolve(file.cwd, file.path);
    if (run.ahead === undefined) run.ahead = ParseAhead.forRun(fileSet.valueOf().flatMap((each) => (each.path ? [resolve(each.cwd, each.path)] : [])));
    const tree = run.ahead?.take(path, document) ?? parsedDocument(path, document) ?? (parse(document, file) as Root);
    if (file.data.operationsOversize === undefined) offerRunTree(path, run.token, document, tree);
    return tree;
  };
  const completer = (set: FileSet) => {
    const done = runs.get(set);
    if (!done) return;
    forgetRunTrees(done.token);
    done.ahead?.stop();
  };
  completer.pluginId = 'bookiji-operations-run-trees';
  fileSet.use(completer);
}

/**
 * The remark-lint preset for operations documents: checks `docs/operations/`
 * against the operational layers contract. Options are validated when the
 * preset loads; a mistake throws an OperationsConfigurationError naming the
 * option. Using the preset again on the same processor (a CLI default and a
 * `.remarkrc.js`) updates the options of the rules already registered.
 */
export default function remarkPresetOperations(this: Processor, options?: Options, fileSet?: FileSet): undefined {
  const validated = validateOptions(options);
  const existing = this.data('bookijiOperations');
  if (existing) {
    existing.options = { ...existing.options, ...validated };
    return undefined;
  }
  const shared: SharedOptions = { options: validated };
  this.data('bookijiOperations', shared);
  guardDocumentSize(this);
  if (fileSet) shareRunTrees(this, fileSet);
  // A rule the configuration sets itself (`[rule, 'warn']`, `[rule, false]`) keeps that setting.
  const configured = (plugin: unknown) => this.attachers.some(([attacher]) => attacher === plugin);
  this.use(gfmTables);
  if (!configured(links)) this.use(links, undefined, fileSet);
  for (const rule of Object.values(rules)) if (!configured(rule)) this.use(rule, 'error', fileSet);
  // After the rules, so that `<!-- lint ignore rule-id reason="…" -->` silences their messages.
  this.use(lintComments, undefined, fileSet);
  // After message control: a lint comment cannot silence the check of lint comments.
  if (!configured(lintCommentReason)) this.use(lintCommentReason, 'error', fileSet);
  return undefined;
}

export { rules } from './rules/index.js';
export { lintCommentReason } from './rules/lint-comment-reason.js';
export { links } from './rules/links.js';
export { MAX_DOCUMENT_BYTES } from './size.js';
export { defaultAllow, defaultAutomationPhrases, validateOptions, OperationsConfigurationError, optionsSchema } from './options.js';
export type { DocumentSchema, EntriesSchema, FieldSchema, HeadingSchema, IdListSchema, Options, TableSchema, Traceability } from './options.js';
