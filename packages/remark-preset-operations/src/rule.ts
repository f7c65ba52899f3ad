import type { Root } from 'mdast';
import { lintRule } from 'unified-lint-rule';
import type { VFile } from 'vfile';
import { lintContext, type LintContext } from './context.js';
import type { Point } from './markdown.js';
import type { Options } from './options.js';

/** Options shared by every rule of one processor; later `.use` calls of the preset update them. */
export interface SharedOptions {
  options: Options;
}

export const ruleSource = 'operations';

export function ruleDocUrl(name: string): string {
  return new URL(`../docs/rules/${name}.md`, import.meta.url).href;
}

export interface RuleReport {
  (reason: string, at?: Point): void;
}

export function defineRule(name: string, check: (tree: Root, context: LintContext, report: RuleReport, options: Options) => void) {
  return lintRule<Root, SharedOptions>({ origin: `${ruleSource}:${name}`, url: ruleDocUrl(name) }, (tree: Root, file: VFile, shared) => {
    const options = shared?.options ?? {};
    const context = lintContext(file, options);
    if (!context) return;
    check(tree, context, (reason, at) => {
      file.message(reason, { place: at ?? { line: 1, column: 1 } });
    }, options);
  });
}
