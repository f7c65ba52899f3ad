import { readFileSync, statSync } from 'node:fs';
import { extname, relative, resolve, sep } from 'node:path';
import markdownExtensions from 'markdown-extensions';
import picomatch from 'picomatch';
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { packageFile } from '../package-files.js';
import type { Report } from './arguments.js';
import { textReport } from './text-report.js';

/**
 * The reporter docs-lint gives unified-engine (through unified-args' `--report`):
 * the report the run asked for, and what unified-args cannot say on its own. A
 * file that could not be checked (unreadable, a configuration that failed) is
 * one line on stderr instead of a report, and a run with nothing to check says
 * so; both end the run with exit code 2 (see `lastOutcome`).
 */

export interface ReporterOptions {
  readonly format?: Report;
  /** The paths and globs of the run, each of which must name a Markdown document. */
  readonly targets?: readonly string[];
  /** Extensions given with `--ext`, which count as Markdown besides the usual ones. */
  readonly extensions?: readonly string[];
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly silent?: boolean;
  readonly verbose?: boolean;
  readonly [option: string]: unknown;
}

export type Outcome = 'reported' | 'failed';

/** What the last report of this process found: the CLI's exit code depends on it, and unified-args sets the code before the process ends. */
let outcome: Outcome | undefined;

export function lastOutcome(): Outcome | undefined {
  return outcome;
}

export function oneLine(message: string): string {
  return message.split('\n')[0]!.replace(/, expected:$/u, '').trim();
}

/**
 * A fatal message without a rule, or one made from a thrown error, is a file
 * that could not be read, a configuration that could not be loaded or a
 * plugin that failed: not a finding.
 */
function isFailure(message: VFileMessage): boolean {
  if (message.fatal !== true) return false;
  if (!message.ruleId) return true;
  return message.cause instanceof Error && !(message.cause instanceof VFileMessage);
}

/** The first line of each error in a chain of causes, so that a failure reads as one line. */
function reasons(message: VFileMessage): string {
  const lines = [oneLine(message.reason)];
  for (let current = message.cause; current instanceof Error && lines.length < 5; current = current.cause) {
    const line = oneLine(current.message);
    if (line !== lines.at(-1)) lines.push(line);
  }
  return lines.join(': ').replace(/^Cannot process file: /u, '');
}

/** A Markdown document by its name: a Markdown extension (or one given with `--ext`), or none (`README`). */
function isMarkdown(path: string, extensions: ReadonlySet<string>): boolean {
  const extension = extname(path).slice(1).toLowerCase();
  return extension === '' || extensions.has(extension);
}

/**
 * What each path or glob of the run names that is not a Markdown document: a
 * glob that matched nothing (unified-engine passes over it when other paths
 * found files), or only files of other kinds, and a file of another kind
 * named outright (unified-engine checks a named file whatever it is). A path
 * that does not exist is unified-engine's to report.
 */
function targetProblems(files: readonly VFile[], targets: readonly string[], extensions: ReadonlySet<string>, cwd: string): { lines: string[]; refused: Set<VFile> } {
  const lines: string[] = [];
  const refused = new Set<VFile>();
  // Each file's place, worked out once for all the targets: its absolute path, and its path from the working folder as globs match it.
  const located = files.flatMap((file) => {
    if (file.path === undefined) return [];
    const absolute = resolve(file.cwd, file.path);
    return [{ file, absolute, shown: relative(cwd, absolute).split(sep).join('/') }];
  });
  for (const target of targets) {
    let named: typeof located;
    if (picomatch.scan(target).isGlob) {
      const matches = picomatch(target.replace(/^\.\//u, ''), { dot: true });
      named = located.filter((entry) => matches(entry.shown));
    } else {
      const path = resolve(cwd, target);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats === undefined) continue;
      const inside = `${path}${sep}`;
      named = located.filter((entry) => (stats.isDirectory() ? entry.absolute.startsWith(inside) : entry.absolute === path));
    }
    const others = named.filter((entry) => !isMarkdown(entry.file.path, extensions));
    for (const entry of others) refused.add(entry.file);
    if (named.length === 0) lines.push(`No Markdown documents to check in \`${target}\``);
    else if (others.length === named.length) lines.push(`Unexpected \`${target}\`, which names no Markdown document (${others.map((entry) => `\`${entry.shown}\``).slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''}): name Markdown documents, or add an extension with \`--ext\``);
  }
  return { lines, refused };
}

/** One line per failure; a failure every file shares (a configuration mistake) is said once. */
function failureLines(failed: ReadonlyMap<VFile, readonly string[]>, cwd: string): string[] {
  const byReason = new Map<string, Set<string>>();
  for (const [file, reasonsOfFile] of failed) {
    const path = file.path ? relative(cwd, resolve(file.cwd, file.path)) || file.path : 'stdin';
    for (const reason of reasonsOfFile) byReason.set(reason, (byReason.get(reason) ?? new Set()).add(path));
  }
  return [...byReason].flatMap(([reason, paths]) => (failed.size > 1 && paths.size === failed.size ? [reason] : [...paths].map((path) => `${path}: ${reason}`)));
}

/**
 * The files unified-engine checked: a file named twice (`a.md ./a.md`, or a
 * path and a glob that matches it) is checked once, by its first copy, but
 * the reporter gets both, and the unchecked copy would say "no issues found"
 * beside the first copy's findings. The engine tells copies apart by the path
 * a file was found at, as this does.
 */
function checkedOnce(files: readonly VFile[]): VFile[] {
  const seen = new Set<string>();
  return files.filter((file) => {
    const found = file.history[0];
    if (found === undefined) return true;
    if (seen.has(found)) return false;
    seen.add(found);
    return true;
  });
}

export default async function docsLintReporter(given: VFile[], options: ReporterOptions = {}): Promise<string> {
  const files = checkedOnce(given);
  const { format = 'default', targets = [], extensions = [], quiet = false, silent = false, verbose = false, ...rest } = options;
  const cwd = process.cwd();
  const failed = new Map<VFile, string[]>();
  for (const file of files) {
    const found = file.messages.filter(isFailure).map(reasons);
    if (found.length > 0) failed.set(file, found);
  }
  const lines = failureLines(failed, cwd).map((line) => `docs-lint: ${line}`);
  // A pass over no documents would look like a clean run: a mistyped glob, a folder without documents or a file of another kind is a usage mistake.
  const targeted = files.length === 0 ? { lines: [`No Markdown documents to check in ${targets.map((target) => `\`${target}\``).join(', ')}`], refused: new Set<VFile>() } : targetProblems(files, targets, new Set([...markdownExtensions, ...extensions.map((extension) => extension.replace(/^\./u, '').toLowerCase())]), cwd);
  lines.push(...targeted.lines.map((line) => `docs-lint: ${line}`));
  outcome = lines.length > 0 ? 'failed' : 'reported';
  // A file that could not be checked, or is no Markdown document, has no report: "no issues found" would be untrue.
  const checked = files.filter((file) => !failed.has(file) && !targeted.refused.has(file));
  const stderr = lines.join('\n');
  if (format === 'json') {
    const { default: json } = await import('vfile-reporter-json');
    process.stdout.write(`${json(checked, { ...rest, quiet, silent })}\n`);
    return stderr;
  }
  if (format === 'sarif') {
    const { sarifReport } = await import('../reporters/sarif.js');
    const manifest = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { name: string; version: string };
    process.stdout.write(`${sarifReport(checked, { cwd, toolName: manifest.name, toolVersion: manifest.version, silent })}\n`);
    return stderr;
  }
  // ci-info's test for GitHub Actions is this variable; the module is loaded only to read it the same way.
  if (process.env.GITHUB_ACTIONS && (await import('ci-info')).default.GITHUB_ACTIONS) {
    // Workflow commands are read from stdout.
    const { githubAnnotations } = await import('../reporters/github.js');
    const annotations = githubAnnotations(checked, cwd);
    if (annotations) process.stdout.write(`${annotations}\n`);
  }
  return [textReport(checked, { quiet, silent, verbose }), stderr].filter(Boolean).join('\n');
}
