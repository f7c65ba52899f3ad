import type { Root } from 'mdast';
import type { Processor, Transformer } from 'unified';
import type { FileSet } from 'unified-engine';
import { lintRule, type Label, type Plugin, type Severity } from 'unified-lint-rule';
import type { VFile } from 'vfile';
import { lintContext, type LintContext } from './context.js';
import { holdError } from './held-errors.js';
import type { Point } from './markdown.js';
import type { Options } from './options.js';

/** Options shared by every rule of one processor; later `.use` calls of the preset update them. */
export interface SharedOptions {
  options: Options;
}

/** The `source` of every message of this preset; `<!-- lint ignore … -->` comments apply to it. */
export const ruleSource = 'operations';

/** The rule's documentation, shipped with the package, so the link works offline and matches the installed version. */
export function ruleDocUrl(name: string): string {
  return new URL(`../docs/rules/${name}.md`, import.meta.url).href;
}

export interface RuleReport {
  (reason: string, at?: Point): void;
}

function reporter(file: VFile): RuleReport {
  return (reason, at) => {
    file.message(reason, { place: at ?? { line: 1, column: 1 } });
  };
}

/** How a configuration sets a rule: `'warn'`, `2`, `false`, `['error']`. */
export type RuleSetting = Label | Severity | boolean | [Label | Severity | boolean, ...unknown[]];

/**
 * The rule as a unified plugin whose setting is its severity alone. The preset
 * turns every rule on as an error; a configuration may set one rule itself
 * (`[rules['no-orphan-documents'], 'warn']`, `[lintCommentReason, false]`), and
 * the rule still reads the options the preset was given, from the processor,
 * when it runs (whichever of the two the configuration lists first).
 */
function configurable(plugin: Plugin<Root, SharedOptions>): (this: Processor, setting?: RuleSetting, fileSet?: FileSet) => Transformer<Root> | undefined {
  function attacher(this: Processor, setting?: RuleSetting, fileSet?: FileSet): Transformer<Root> | undefined {
    const severity = Array.isArray(setting) ? setting[0] : (setting ?? 'on');
    const data = (): SharedOptions | undefined => this.data('bookijiOperations');
    const shared: SharedOptions = {
      get options() {
        return data()?.options ?? {};
      },
    };
    const error = severity === 'error' || severity === 2;
    const transformer = plugin.call(this, [error && fileSet ? 'warn' : severity, shared]) as ((tree: Root, file: VFile, next: (error?: Error) => void) => void) | undefined;
    if (!transformer || !error || !fileSet) return transformer as Transformer<Root> | undefined;
    return (tree: Root, file: VFile, next: (error?: Error) => void) => {
      const from = file.messages.length;
      transformer(tree, file, (failure) => {
        for (const message of file.messages.slice(from)) holdError(message, file, fileSet);
        next(failure);
      });
    };
  }
  Object.defineProperty(attacher, 'name', { value: plugin.name });
  return attacher;
}

/** A rule about one file on its own, whatever repository it lies in. */
export function defineFileRule(name: string, check: (tree: Root, file: VFile, report: RuleReport) => void) {
  return configurable(
    lintRule<Root, SharedOptions>({ origin: `${ruleSource}:${name}`, url: ruleDocUrl(name) }, (tree: Root, file: VFile) => {
      check(tree, file, reporter(file));
    }),
  );
}

/** A rule that reads the contract: it runs on files that have a path, and skips documents too large to parse. */
export function defineRule(name: string, check: (tree: Root, context: LintContext, report: RuleReport, options: Options, file: VFile) => void) {
  return configurable(
    lintRule<Root, SharedOptions>({ origin: `${ruleSource}:${name}`, url: ruleDocUrl(name) }, (tree: Root, file: VFile, shared) => {
      if (file.data.operationsOversize !== undefined) return;
      const options = shared?.options ?? {};
      const context = lintContext(file, options);
      if (!context) return;
      check(tree, context, reporter(file), options, file);
    }),
  );
}
