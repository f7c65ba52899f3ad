import remarkGfm from 'remark-gfm';
import remarkMessageControl from 'remark-message-control';
import type { Processor } from 'unified';
import type { FileSet } from 'unified-engine';
import { guardDocumentSize } from './size.js';
import { validateOptions, type Options } from './options.js';
import { ruleSource, type SharedOptions } from './rule.js';
import { lintCommentReason } from './rules/lint-comment-reason.js';
import { links } from './rules/links.js';
import { rules } from './rules/index.js';

declare module 'unified' {
  interface Data {
    bookijiOperations?: SharedOptions;
  }
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
  this.use(remarkGfm);
  this.use(links, undefined, fileSet);
  for (const rule of Object.values(rules)) this.use(rule, ['error', shared]);
  // After the rules, so that `<!-- lint ignore rule-id reason="…" -->` silences their messages.
  this.use(remarkMessageControl, { name: 'lint', source: ruleSource });
  // After message control: a lint comment cannot silence the check of lint comments.
  this.use(lintCommentReason, ['error', shared]);
  return undefined;
}

export { rules } from './rules/index.js';
export { lintCommentReason } from './rules/lint-comment-reason.js';
export { links } from './rules/links.js';
export { MAX_DOCUMENT_BYTES } from './size.js';
export { defaultAllow, defaultAutomationPhrases, validateOptions, OperationsConfigurationError, optionsSchema } from './options.js';
export type { DocumentSchema, EntriesSchema, FieldSchema, HeadingSchema, IdListSchema, Options, TableSchema, Traceability } from './options.js';
