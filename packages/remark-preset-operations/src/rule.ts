import type { SourcePoint } from '@bookiji/contract';
import type { Root } from 'mdast';
import type { Processor, Transformer } from 'unified';
import type { FileSet } from 'unified-engine';
import { lintRule, type Label, type Severity } from 'unified-lint-rule';
import type { VFile } from 'vfile';
import { lintContext, runOf, type LintContext } from './context.js';
import { withinBounds } from './bounds.js';
import { holdError } from './held-errors.js';
import { validateOptions, type Options } from './options.js';
import { packageFile } from './package-files.js';

declare module 'unified' {
  interface Data {
    /** The preset's options, set by `operationsOptions`; every rule of the processor reads them. */
    operationsOptions?: Options;
  }
}

/** The `source` of every message of this preset; `<!-- lint ignore … -->` comments apply to it. */
export const ruleSource = 'operations';

/** The rule's documentation, shipped with the package, so the link works offline and matches the installed version. */
export function ruleDocUrl(name: string): string {
  return packageFile(`docs/rules/${name}.md`).href;
}

export interface RuleReport {
  (reason: string, at?: SourcePoint | null): void;
  /**
   * Checks once every file of the run has been checked, with the files of the
   * run (in unified-engine; outside it, at once, with the file alone), for a
   * check across documents that looks at what the run read of each. A `lint
   * ignore` comment does not apply to what it reports, as to links across files.
   */
  afterRun(check: (report: RuleReport, files: readonly VFile[]) => void): void;
}

/** Reports on `file`; `decorate` gives a message the rule's metadata when unified-lint-rule does not (after the run). */
function reporter(file: VFile, state: RuleState, name: string, decorate = false): RuleReport {
  const report = (reason: string, at?: SourcePoint | null) => {
    const message = file.message(reason, { place: at ?? { line: 1, column: 1 } });
    if (decorate) Object.assign(message, { ruleId: name, source: ruleSource, url: ruleDocUrl(name), fatal: state.severity === 2 });
  };
  report.afterRun = (check: (report: RuleReport, files: readonly VFile[]) => void) => {
    const { fileSet } = state;
    if (!fileSet) return check(report, [file]);
    runOf(fileSet).afterRun.push(() => check(reporter(file, state, name, true), fileSet.valueOf()));
    fileSet.use(checkAfterRun);
  };
  return report;
}

function checkAfterRun(fileSet: FileSet): undefined {
  for (const check of runOf(fileSet).afterRun.splice(0)) check();
  return undefined;
}
checkAfterRun.pluginId = 'bookiji-operations-after-run';

/** How a configuration sets a rule, as with any remark-lint rule: `'warn'`, `2`, `false`, `['error', options]`. */
export type RuleSetting = Label | Severity | boolean | readonly [Label | Severity | boolean, Options?];

/** What a rule's check is given besides the tree. */
interface RuleState {
  readonly processor: Processor;
  readonly fileSet: FileSet | undefined;
  readonly severity: 1 | 2;
  /** The rule's own options, over the preset's. */
  readonly options: Options | undefined;
}

/**
 * The severity a configuration gives a rule of the preset: 0 (off), 1 (a
 * warning) or 2 (an error). The preset's rules are errors unless set
 * otherwise; `on` and `true` keep them errors.
 */
export function severityOf(name: string, setting: RuleSetting | undefined): { severity: 0 | 1 | 2; options: Options | undefined } {
  const [given, options] = Array.isArray(setting) ? setting : [setting];
  if (given === false || given === 0 || given === 'off') return { severity: 0, options };
  if (given === 1 || given === 'warn') return { severity: 1, options };
  if (given === undefined || given === true || given === 'on' || given === 2 || given === 'error') return { severity: 2, options };
  throw new Error(`Incorrect severity \`${String(given)}\` for \`${name}\`, expected \`off\`, \`warn\`, \`error\`, 0, 1 or 2`);
}

/**
 * The rule as a unified plugin set as remark-lint rules are: a severity, or a
 * severity and options, which it reads over the ones given to `operationsOptions`.
 */
function configurable(name: string, check: (tree: Root, file: VFile, state: RuleState) => void) {
  const plugin = lintRule<Root, RuleState>({ origin: `${ruleSource}:${name}`, url: ruleDocUrl(name) }, (tree, file, state) => check(tree, file, state!));
  function attacher(this: Processor, setting?: RuleSetting, fileSet?: FileSet): Transformer<Root> | undefined {
    const { severity, options } = severityOf(name, setting);
    if (severity === 0) return undefined;
    const state: RuleState = { processor: this, fileSet, severity, options: options === undefined ? undefined : validateOptions(options) };
    const transformer = plugin.call(this, [severity === 2 && fileSet ? 1 : severity, state]) as ((tree: Root, file: VFile, next: (error?: Error) => void) => void) | undefined;
    if (!transformer || severity !== 2 || !fileSet) return transformer as Transformer<Root> | undefined;
    return (tree: Root, file: VFile, next: (error?: Error) => void) => {
      const from = file.messages.length;
      transformer(tree, file, (failure) => {
        for (const message of file.messages.slice(from)) holdError(message, file, fileSet);
        next(failure);
      });
    };
  }
  Object.defineProperty(attacher, 'name', { value: `${ruleSource}:${name}` });
  return attacher;
}

const optionsOf = (state: RuleState): Options => ({ ...state.processor.data('operationsOptions'), ...state.options });

/**
 * A rule about one file on its own, whatever repository it lies in. It is
 * given the tree only when it is within the bounds documents are read with
 * (else an empty root): `text-document` reports why.
 */
export function defineFileRule(name: string, check: (tree: Root, file: VFile, report: RuleReport) => void) {
  return configurable(name, (tree, file, state) => check(withinBounds(tree, file) ? tree : { type: 'root', children: [] }, file, reporter(file, state, name)));
}

/** A rule that reads the contract: it runs on files that have a path, and skips documents past the bounds documents are read with. */
export function defineRule(name: string, check: (tree: Root, context: LintContext, report: RuleReport, options: Options, file: VFile) => void) {
  return configurable(name, (tree, file, state) => {
    if (!withinBounds(tree, file)) return;
    const options = optionsOf(state);
    const context = lintContext(file, options, runOf(state.fileSet ?? file));
    if (context) check(tree, context, reporter(file, state, name), options, file);
  });
}
