import { applyDefault, RuleCreator } from '@typescript-eslint/utils/eslint-utils';
import type { RuleWithMetaAndName } from '@typescript-eslint/utils/eslint-utils';
import type { TSESLint } from '@typescript-eslint/utils';

/** Where each rule's documentation lives; the rule's name is the file name. */
export const docsBase = 'https://github.com/bookiji/bookiji-operations/blob/main/packages/eslint-plugin/docs/rules/';

export interface PluginDocs {
  readonly description: string;
  /** Whether `configs.recommended` turns the rule on; `configs.strict` turns on every rule. */
  readonly recommended: boolean;
}

const ruleCreator = RuleCreator<PluginDocs>((name) => `${docsBase}${name}.md`);

/** How many distinct option sets a rule keeps merged with its defaults. */
const maxOptionSets = 16;

/**
 * `RuleCreator`, with the options merged with their defaults once per distinct
 * option content rather than once per file: `RuleCreator` deep-clones the
 * defaults on every `create()`, which ESLint calls for every file and rule.
 * The rules read their options and never change them, so the merged options
 * are shared.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<RuleWithMetaAndName<Options, MessageIds, PluginDocs>>,
): TSESLint.RuleModule<MessageIds, Options, PluginDocs> {
  const created = ruleCreator(rule);
  const defaults = (rule.meta.defaultOptions ?? rule.defaultOptions) as Options;
  const merged = new Map<string, Options>();
  // ESLint passes the same options array for every file when a config gives only a severity.
  const byArray = new WeakMap<object, Options>();
  const none = applyDefault(defaults, [] as unknown as Options) as Options;
  return {
    ...created,
    create(context) {
      const given = context.options as Options;
      let options: Options;
      if (given.length === 0) options = none;
      else if (byArray.has(given)) options = byArray.get(given) as Options;
      else {
        const key = JSON.stringify(given);
        const known = merged.get(key);
        if (known === undefined) {
          options = applyDefault(defaults, given) as Options;
          if (merged.size >= maxOptionSets) merged.delete(merged.keys().next().value as string);
          merged.set(key, options);
        } else options = known;
        byArray.set(given, options);
      }
      return rule.create(context, options);
    },
  };
}

