import remarkGfm from 'remark-gfm';
import remarkLint from 'remark-lint';
import remarkValidateLinks from 'remark-validate-links';
import type { Processor } from 'unified';
import { validateOptions, type Options } from './options.js';
import type { SharedOptions } from './rule.js';
import { rules } from './rules/index.js';

declare module 'unified' {
  interface Data {
    bookijiOperations?: SharedOptions;
  }
}

/**
 * The remark-lint preset for operations documents: checks `docs/operations/`
 * against the operational layers contract. Use it once or several times
 * (a CLI default and a `.remarkrc.js`): the rules are registered once and
 * the options of later uses win.
 */
export default function remarkPresetOperations(this: Processor, options?: Options): undefined {
  const validated = validateOptions(options);
  const existing = this.data('bookijiOperations');
  if (existing) {
    existing.options = { ...existing.options, ...validated };
    return undefined;
  }
  const shared: SharedOptions = { options: validated };
  this.data('bookijiOperations', shared);
  this.use(remarkGfm);
  this.use(remarkLint);
  // Links to hosted repositories are not checked: the docs are read offline.
  this.use(remarkValidateLinks, { repository: false });
  for (const rule of Object.values(rules)) this.use(rule, ['error', shared]);
  return undefined;
}

export { rules } from './rules/index.js';
export { defaultAllow, defaultAutomationPhrases, validateOptions, OperationsConfigurationError } from './options.js';
export type { DocumentSchema, EntriesSchema, FieldSchema, HeadingSchema, IdListSchema, Options, TableSchema, Traceability } from './options.js';
