import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';

/** Where each rule's documentation lives; the rule's name is the file name. */
export const docsBase = 'https://github.com/bookiji/bookiji-operations/blob/main/packages/eslint-plugin/docs/rules/';

export interface PluginDocs {
  readonly description: string;
  /** Whether `configs.recommended` turns the rule on; `configs.strict` turns on every rule. */
  readonly recommended: boolean;
}

/** Stamps each rule's docs URL from its name; a rule's options arrive merged with its `meta.defaultOptions`. */
export const createRule = RuleCreator<PluginDocs>((name) => `${docsBase}${name}.md`);
