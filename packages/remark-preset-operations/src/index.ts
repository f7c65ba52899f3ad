import { remarkOperationsSyntax } from '@bookiji/contract';
import type { Preset, Processor } from 'unified';
import { lintComments } from './lint-comments.js';
import { validateOptions, type Options } from './options.js';
import { lintCommentReason } from './rules/lint-comment-reason.js';
import { links } from './rules/links.js';
import { rules } from './rules/index.js';
import { boundedParse } from './bounds.js';

/**
 * The preset's options, for every rule: `[operationsOptions, { documents, traceability }]`
 * beside the preset, before or after it (the preset does not list it, so it never
 * resets it). Validated when the processor is set up; a mistake throws an
 * OperationsConfigurationError naming the option. Without it, every rule uses
 * the defaults.
 */
export function operationsOptions(this: Processor, options?: Options): undefined {
  this.data('operationsOptions', validateOptions(options));
  return undefined;
}

/**
 * The remark-lint preset for operations documents: checks `docs/operations/`
 * against the operational layers contract. As with any remark-lint preset, a
 * configuration sets single rules after it (`[rules['no-orphan-documents'], 'warn']`,
 * `[links, false]`).
 */
const remarkPresetOperations: Preset = {
  plugins: [
    remarkOperationsSyntax,
    boundedParse,
    ...Object.values(rules),
    links,
    // After the rules, so that `<!-- lint ignore rule-id reason="…" -->` silences their messages.
    lintComments,
    // After message control: a lint comment cannot silence the check of lint comments.
    lintCommentReason,
  ],
};

export default remarkPresetOperations;

export { rules } from './rules/index.js';
export { lintCommentReason } from './rules/lint-comment-reason.js';
export { links } from './rules/links.js';
export { MAX_DOCUMENT_BYTES } from './bounds.js';
export { defaultAllow, defaultAutomationPhrases, validateOptions, OperationsConfigurationError } from './options.js';
export { optionsSchema } from './options-schema.js';
export type { DocumentSchema, EntriesSchema, FieldSchema, HeadingSchema, IdListSchema, Options, TableSchema, Traceability } from './options.js';
export type { RuleSetting } from './rule.js';
