import type { Root } from 'mdast';
import remarkMessageControl from 'remark-message-control';
import type { Processor } from 'unified';
import type { FileSet } from 'unified-engine';
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { gfmTables } from './gfm-tables.js';
import { holdError } from './held-errors.js';
import { guardDocumentSize } from './size.js';
import { validateOptions, type Options } from './options.js';
import { ruleDocUrl, ruleSource, type SharedOptions } from './rule.js';
import { lintCommentReason } from './rules/lint-comment-reason.js';
import { links } from './rules/links.js';
import { rules } from './rules/index.js';

declare module 'unified' {
  interface Data {
    bookijiOperations?: SharedOptions;
  }
}

/**
 * Applies `<!-- lint ignore|disable|enable … -->` comments to the preset's messages.
 * A comment with another keyword is a mistake in the document, so it is a finding
 * at the comment (the other comments of that document are then not applied),
 * not a failure of the whole run.
 */
function lintComments(_options?: undefined, fileSet?: FileSet): (tree: Root, file: VFile) => undefined {
  const control = remarkMessageControl({ name: 'lint', source: ruleSource });
  return (tree, file) => {
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
