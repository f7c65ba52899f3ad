import { existsSync, readFileSync, watch } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { findContractPath } from '@bookiji/contract';
import markdownExtensions from 'markdown-extensions';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { engine, type Context, type Options as EngineOptions } from 'unified-engine';
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { reporter as defaultReporter } from 'vfile-reporter';
import type JsonReporter from 'vfile-reporter-json';
import type { githubAnnotations as GithubAnnotations } from './reporters/github.js';
import type { sarifReport as SarifReport } from './reporters/sarif.js';
import { loadParseArgv, type ParsedArgv } from './parse-argv.js';
import remarkPresetOperations from './index.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

const ExitCode = { clean: 0, findings: 1, failure: 2 } as const;

const description = 'Checks operations documents against the operational layers contract (default target: the folder that holds the contract, docs/operations/)';

const exitCodes = `Reports:

  --report json and --report sarif (SARIF 2.1.0) print the report on stdout.
  With GITHUB_ACTIONS=true, findings are also printed as workflow-command annotations.

Exit codes:

  0  no errors
  1  errors reported (with --frail, warnings too)
  2  usage or configuration mistake, unreadable input, or internal failure`;

class UsageError extends Error {}

type Report = 'default' | 'json' | 'sarif';

interface Invocation {
  readonly engine: EngineOptions;
  readonly report: Report;
  readonly watch: boolean;
  readonly files: string[];
}

function oneLine(message: string): string {
  return message.split('\n')[0]!.replace(/, expected:$/u, '').trim();
}

async function parseInvocation(argv: readonly string[]): Promise<Invocation | { print: string }> {
  const parseArgv = await loadParseArgv();
  const processor = unified().use(remarkParse);
  let state: ParsedArgv;
  try {
    state = parseArgv([...argv], {
      name: 'docs-lint',
      description,
      version: manifest.version,
      extensions: markdownExtensions,
      ignoreName: '.remarkignore',
      packageField: 'remarkConfig',
      pluginPrefix: 'remark',
      rcName: '.remarkrc',
      processor,
    });
  } catch (error) {
    throw new UsageError(`${oneLine((error as Error).message)} (see \`docs-lint --help\`)`);
  }
  if (state.args.help) {
    return { print: `Usage: docs-lint [options] [path | glob ...]\n\n  ${description}.\n\nOptions:\n\n${state.args.helpMessage}\n\n${exitCodes}\n` };
  }
  if (state.args.version) return { print: `${manifest.version}\n` };
  const options = state.engine;
  const report = options.reporter ?? 'default';
  if (report !== 'default' && report !== 'json' && report !== 'sarif') {
    throw new UsageError(`Unexpected report \`${String(report)}\`, expected \`json\` or \`sarif\``);
  }
  if (options.output) throw new UsageError('Unexpected `--output`: docs-lint reports on documents and never rewrites them');
  // Only `--stdout` prints documents, so only then is a compiler loaded.
  if (options.out === true && !options.inspect && !options.treeOut) processor.use((await import('remark-stringify')).default);
  for (const [flag, path] of [['--rc-path', options.rcPath], ['--ignore-path', options.ignorePath]] as const) {
    if (typeof path === 'string' && !existsSync(path)) throw new UsageError(`No such file \`${path}\` for \`${flag}\``);
  }
  let files = (options.files ?? []).map(String);
  if (files.length === 0) {
    const contract = findContractPath(process.cwd());
    const folder = contract ? relative(process.cwd(), dirname(contract)) || '.' : 'docs/operations';
    if (!existsSync(folder)) throw new UsageError(`No ${folder}/ in this folder or above, and no paths given`);
    files = [folder];
  }
  // The preset comes after the configuration's plugins, as unified-engine adds given plugins, so that it is
  // used with the file set (cross-file links) and a configuration that uses it too sets its options.
  const given = Array.isArray(options.plugins) ? options.plugins : Object.entries(options.plugins ?? {});
  const plugins = [...given, [remarkPresetOperations, {}]] as EngineOptions['plugins'];
  return { engine: { ...options, plugins }, report, watch: state.args.watch, files };
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
function reasons(message: VFileMessage): string[] {
  const lines = [oneLine(message.reason)];
  for (let current = message.cause; current instanceof Error && lines.length < 5; current = current.cause) {
    const line = oneLine(current.message);
    if (line !== lines.at(-1)) lines.push(line);
  }
  return lines;
}

interface Failure {
  readonly file: string;
  readonly reason: string;
}

/** One line per failure; a failure shared by every file (a configuration mistake) is said once. */
function failureLines(failures: readonly Failure[]): string[] {
  const files = new Set(failures.map((failure) => failure.file));
  const byReason = new Map<string, Set<string>>();
  for (const failure of failures) {
    const reason = failure.reason.replace(/^Cannot process file: /u, '');
    byReason.set(reason, (byReason.get(reason) ?? new Set()).add(failure.file));
  }
  return [...byReason].flatMap(([reason, where]) =>
    files.size > 1 && where.size === files.size ? [reason] : [...where].map((file) => `${file}: ${reason}`),
  );
}

function outcome(files: readonly VFile[], frail: boolean): number {
  const messages = files.flatMap((file) => file.messages);
  if (messages.some((message) => message.fatal === true || (frail && message.fatal === false))) return ExitCode.findings;
  return ExitCode.clean;
}

/** The reporters a run needs beyond the default one, loaded only when it needs them. */
interface Reporters {
  readonly githubAnnotations?: typeof GithubAnnotations;
  readonly json?: typeof JsonReporter;
  readonly sarif?: typeof SarifReport;
}

async function loadReporters(report: Report): Promise<Reporters> {
  // ci-info's test for GitHub Actions is this variable; the module is loaded only to read it the same way.
  const github = process.env.GITHUB_ACTIONS && report === 'default' && (await import('ci-info')).default.GITHUB_ACTIONS;
  return {
    githubAnnotations: github ? (await import('./reporters/github.js')).githubAnnotations : undefined,
    json: report === 'json' ? (await import('vfile-reporter-json')).default : undefined,
    sarif: report === 'sarif' ? (await import('./reporters/sarif.js')).sarifReport : undefined,
  };
}

async function run(invocation: Invocation): Promise<number> {
  const reporters = await loadReporters(invocation.report);
  const cwd = process.cwd();
  const failures: Failure[] = [];
  const options = invocation.engine;
  const color = options.color === true && process.stderr.isTTY === true && !process.env.NO_COLOR;
  return new Promise((resolvePromise) => {
    engine(
      {
        ...options,
        files: invocation.files,
        cwd,
        out: options.out ?? false,
        color,
        reporter(files) {
          const failed = new Set<VFile>();
          for (const file of files) {
            for (const message of file.messages.filter(isFailure)) {
              failed.add(file);
              failures.push({ file: file.path ? relative(cwd, resolve(cwd, file.path)) || file.path : 'stdin', reason: reasons(message).join(': ') });
            }
          }
          // A file that could not be checked has no report: "no issues found" would be untrue.
          files = files.filter((file) => !failed.has(file));
          // Workflow commands are read from stdout, where JSON and SARIF reports go too; keep those parseable.
          if (reporters.githubAnnotations) {
            const annotations = reporters.githubAnnotations(files, cwd);
            if (annotations) process.stdout.write(`${annotations}\n`);
          }
          const quiet = options.quiet ?? false;
          const silent = options.silent ?? false;
          if (reporters.json) {
            process.stdout.write(`${reporters.json(files, { quiet, silent })}\n`);
            return '';
          }
          if (reporters.sarif) {
            process.stdout.write(`${reporters.sarif(files, { cwd, toolName: manifest.name, toolVersion: manifest.version, silent })}\n`);
            return '';
          }
          return defaultReporter(files, { quiet, silent, color, verbose: options.verbose ?? false });
        },
      },
      (error: Error | undefined, _code: number | undefined, context: Context | undefined) => {
        if (error) {
          // "No input": every given path was ignored or matched nothing.
          process.stderr.write(`docs-lint: ${oneLine(error.message)}\n`);
          resolvePromise(ExitCode.failure);
          return;
        }
        for (const line of failureLines(failures)) process.stderr.write(`docs-lint: ${line}\n`);
        if (failures.length === 0 && (context?.files.length ?? 0) === 0) {
          // A pass over no documents would look like a clean run: a mistyped glob or a folder without documents is a usage mistake.
          process.stderr.write(`docs-lint: No Markdown documents to check in ${invocation.files.map((file) => `\`${file}\``).join(', ')}\n`);
          resolvePromise(ExitCode.failure);
          return;
        }
        resolvePromise(failures.length > 0 ? ExitCode.failure : outcome(context?.files ?? [], options.frail ?? false));
      },
    );
  });
}

function watchAndRun(invocation: Invocation): void {
  let timer: NodeJS.Timeout | undefined;
  const again = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(invocation), 100);
  };
  process.stderr.write('Watching... (press CTRL+C to exit)\n');
  void run(invocation);
  for (const path of invocation.files) {
    if (existsSync(path)) watch(path, { recursive: true }, again);
  }
  if (existsSync('.remarkrc.js')) watch('.remarkrc.js', again);
}

async function main(argv: readonly string[]): Promise<number> {
  let invocation: Awaited<ReturnType<typeof parseInvocation>>;
  try {
    invocation = await parseInvocation(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`docs-lint: ${error.message}\n`);
    return ExitCode.failure;
  }
  if ('print' in invocation) {
    process.stdout.write(invocation.print);
    return ExitCode.clean;
  }
  if (invocation.watch) {
    watchAndRun(invocation);
    return ExitCode.clean;
  }
  return run(invocation);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`docs-lint: internal failure: ${oneLine(String((error as Error)?.message ?? error))}\n`);
    process.exitCode = ExitCode.failure;
  },
);
