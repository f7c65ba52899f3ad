import type { NamedCreateRuleMeta, RuleListener, RuleModule } from '@typescript-eslint/utils/eslint-utils';
import type { RuleContext } from '@typescript-eslint/utils/ts-eslint';
import { memoByContent } from './memo.js';

/** Where each rule's documentation lives; the rule's name is the file name. */
export const docsBase = 'https://github.com/bookiji/bookiji-operations/blob/main/packages/eslint-plugin/docs/rules/';

export interface PluginDocs {
  readonly description: string;
  /** Whether `configs.recommended` turns the rule on; `configs.strict` turns on every rule. */
  readonly recommended: boolean;
}

export interface RuleDefinition<Options extends readonly unknown[], MessageIds extends string> {
  readonly name: string;
  readonly meta: NamedCreateRuleMeta<MessageIds, PluginDocs, Options>;
  readonly create: (context: Readonly<RuleContext<MessageIds, Options>>, options: Readonly<Options>) => RuleListener;
}

/**
 * A rule with its docs URL stamped from its name. ESLint (9.15 and later)
 * merges the options with `meta.defaultOptions` itself, so they are passed on
 * as they come. typescript-eslint's `RuleCreator` merges them again for every
 * file with `structuredClone` and a deep merge: on the 904-file application
 * tree of `bench/eslint-plugin` that was 80–100 ms of CPU, more than all the
 * rules' own work there, for the two rules with module catalogs.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({ name, meta, create }: RuleDefinition<Options, MessageIds>): RuleModule<MessageIds, Options, PluginDocs> & { readonly name: string } {
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: `${docsBase}${name}.md` } },
    // An ESLint older than 9.15 (outside the peer range) hands `[]` for a rule set to `'error'`: the defaults stand in.
    create: (context) => create(context, context.options.length > 0 ? context.options : ((meta.defaultOptions ?? []) as Options)),
  };
}

/**
 * What a rule makes of its options (compiled patterns, module catalogs),
 * made once per configuration rather than per file (see `memoByContent`):
 * serializing no-automated-decision's defaults takes 13–17 µs, compiling
 * them 26–52 µs. On the 1,500-file layered tree of `bench/eslint-plugin`,
 * compiling per file cost the two automation rules 45–60 ms of CPU, for the
 * files in human-only and dormant layers alone.
 */
export function compiledPerConfig<Options extends object, Compiled>(compile: (options: Options) => Compiled): (options: Options) => Compiled {
  return memoByContent((options: Options) => compile(options), 16);
}
