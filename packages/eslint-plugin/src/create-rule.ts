import type { NamedCreateRuleMeta, RuleListener, RuleModule } from '@typescript-eslint/utils/eslint-utils';
import type { RuleContext } from '@typescript-eslint/utils/ts-eslint';
import { isAbsolute } from 'node:path';
import { memoByContent } from './memo.js';
import { sourceFile } from './project-files.js';

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
    create: (context) => (checksCode(context) ? create(context, context.options.length > 0 ? context.options : ((meta.defaultOptions ?? []) as Options)) : {}),
  };
}

/**
 * Whether a file holds code for the rules: a JavaScript tree (`Program`) of a
 * source file as `bookiji-layers` counts them (`.ts`, `.vue`, a processor's
 * `docs/usage.md/0.ts`, …), or of text linted with no file (`<input>`). The
 * configs apply to every file ESLint lints, so the rules also meet JSON, CSS
 * and Markdown (ESLint's other languages, whose trees have no comments or
 * tokens to read) and YAML or TOML read by a parser of their own: none of
 * them is code the contract speaks of.
 */
function checksCode(context: Readonly<RuleContext<string, readonly unknown[]>>): boolean {
  if ((context.sourceCode.ast as { type?: unknown } | undefined)?.type !== 'Program') return false;
  return !isAbsolute(context.filename) || sourceFile.test(context.filename);
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
