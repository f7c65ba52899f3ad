#!/usr/bin/env node
import { existsSync, readFileSync, watch } from 'node:fs';
import { dirname, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { findContractPath } from '@bookiji/contract';
import ciInfo from 'ci-info';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { engine, type Context } from 'unified-engine';
import type { VFile } from 'vfile';
import { reporter as defaultReporter } from 'vfile-reporter';
import jsonReporter from 'vfile-reporter-json';
import remarkPresetOperations from './index.js';
import { githubAnnotations } from './reporters/github.js';
import { sarifReport } from './reporters/sarif.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export const ExitCode = { clean: 0, findings: 1, failure: 2 } as const;

const usage = `Usage: docs-lint [options] [path | glob ...]

  Checks operations documents against the operational layers contract.
  Without paths, checks the folder that holds the contract (docs/operations/).

Options:

  -f  --frail                 exit with 1 on warnings too
  -q  --quiet                 output only files with messages
  -S  --silent                output only errors
      --report <format>       default, json or sarif (json and sarif go to stdout)
  -w  --watch                 check again when a file changes
      --rc-path <path>        use this configuration file
  -i  --ignore-path <path>    use this ignore file
      --ignore-pattern <glob> ignore these files (repeatable)
      --no-ignore             do not read ignore files
      --no-config             do not read configuration files
      --color / --no-color    force colour on or off
  -h  --help                  output usage information
  -v  --version               output version number

Exit codes: 0 no errors; 1 errors reported; 2 usage, configuration or internal failure.`;

interface Invocation {
  readonly paths: string[];
  readonly frail: boolean;
  readonly quiet: boolean;
  readonly silent: boolean;
  readonly report: 'default' | 'json' | 'sarif';
  readonly watch: boolean;
  readonly rcPath: string | undefined;
  readonly ignorePath: string | undefined;
  readonly ignorePatterns: string[];
  readonly detectIgnore: boolean;
  readonly detectConfig: boolean;
  readonly color: boolean;
}

class UsageError extends Error {}

function parseInvocation(argv: readonly string[]): Invocation | 'help' | 'version' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      frail: { type: 'boolean', short: 'f' },
      quiet: { type: 'boolean', short: 'q' },
      silent: { type: 'boolean', short: 'S' },
      report: { type: 'string' },
      watch: { type: 'boolean', short: 'w' },
      'rc-path': { type: 'string' },
      'ignore-path': { type: 'string', short: 'i' },
      'ignore-pattern': { type: 'string', multiple: true },
      'no-ignore': { type: 'boolean' },
      'no-config': { type: 'boolean' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  const report = values.report ?? 'default';
  if (report !== 'default' && report !== 'json' && report !== 'sarif') {
    throw new UsageError(`unknown report format \`${report}\`, expected default, json or sarif`);
  }
  for (const path of [values['rc-path'], values['ignore-path']]) {
    if (path !== undefined && !existsSync(path)) throw new UsageError(`no such file \`${path}\``);
  }
  let paths = positionals;
  if (paths.length === 0) {
    const contract = findContractPath(process.cwd());
    const folder = contract ? relative(process.cwd(), dirname(contract)) || '.' : 'docs/operations';
    if (!existsSync(folder)) throw new UsageError(`no ${folder}/ here and no paths given`);
    paths = [folder];
  }
  return {
    paths,
    frail: values.frail ?? false,
    quiet: values.quiet ?? false,
    silent: values.silent ?? false,
    report,
    watch: values.watch ?? false,
    rcPath: values['rc-path'],
    ignorePath: values['ignore-path'],
    ignorePatterns: values['ignore-pattern'] ?? [],
    detectIgnore: !values['no-ignore'],
    detectConfig: !values['no-config'],
    color: values['no-color'] ? false : (values.color ?? (process.stderr.isTTY === true && !process.env.NO_COLOR)),
  };
}

/** A message with no rule behind it is a file that could not be read or a plugin that failed, not a finding. */
const isFailure = (message: VFile['messages'][number]) => message.fatal === true && !message.ruleId;

/** The first line of each cause in a chain of errors, so a failure reads as one line. */
function causes(cause: unknown): string[] {
  const reasons: string[] = [];
  for (let current = cause; current instanceof Error && reasons.length < 5; current = current.cause) {
    reasons.push(current.message.split('\n')[0]!);
  }
  return reasons;
}

/** Link problems are real findings in operations documents, so they count as errors. */
function promoteLinkMessages(files: readonly VFile[]): void {
  for (const file of files) {
    for (const message of file.messages) {
      if (message.source?.startsWith('remark-validate-links') && message.fatal === false) message.fatal = true;
    }
  }
}

function outcome(files: readonly VFile[], frail: boolean): number {
  const messages = files.flatMap((file) => file.messages);
  if (messages.some(isFailure)) return ExitCode.failure;
  if (messages.some((message) => message.fatal === true || (frail && message.fatal === false))) return ExitCode.findings;
  return ExitCode.clean;
}

function run(invocation: Invocation): Promise<number> {
  const cwd = process.cwd();
  const failures: string[] = [];
  return new Promise((resolvePromise) => {
    engine(
      {
        processor: unified().use(remarkParse).use(remarkStringify).use(remarkPresetOperations),
        files: invocation.paths,
        extensions: ['md', 'markdown'],
        cwd,
        rcName: '.remarkrc',
        packageField: 'remarkConfig',
        ignoreName: '.remarkignore',
        pluginPrefix: 'remark',
        rcPath: invocation.rcPath,
        ignorePath: invocation.ignorePath,
        ignorePatterns: invocation.ignorePatterns,
        detectConfig: invocation.detectConfig,
        detectIgnore: invocation.detectIgnore,
        frail: invocation.frail,
        quiet: invocation.quiet,
        silent: invocation.silent,
        color: invocation.color,
        out: false,
        output: false,
        streamError: invocation.report === 'default' ? process.stderr : process.stdout,
        reporter(files) {
          promoteLinkMessages(files);
          for (const file of files) {
            for (const message of file.messages.filter(isFailure)) {
              const where = file.path ? `${relative(cwd, file.path) || file.path}: ` : '';
              failures.push(`${where}${[message.reason, ...causes(message.cause)].join(': ')}`);
            }
            // Failures are printed on one line each below, without their stacks.
            file.messages = file.messages.filter((message) => !isFailure(message));
          }
          if (ciInfo.GITHUB_ACTIONS) {
            const annotations = githubAnnotations(files, cwd);
            if (annotations) process.stdout.write(`${annotations}\n`);
          }
          if (invocation.report === 'json') return jsonReporter(files, { quiet: invocation.quiet, silent: invocation.silent });
          if (invocation.report === 'sarif') return sarifReport(files, { cwd, toolName: manifest.name, toolVersion: manifest.version });
          return defaultReporter(files, { quiet: invocation.quiet, silent: invocation.silent, color: invocation.color });
        },
      },
      (error: Error | undefined, _code: number | undefined, context: Context | undefined) => {
        if (error) {
          process.stderr.write(`docs-lint: ${error.message.split('\n')[0]}\n`);
          resolvePromise(ExitCode.failure);
          return;
        }
        for (const failure of [...new Set(failures)]) process.stderr.write(`docs-lint: ${failure}\n`);
        const files = context?.files ?? [];
        resolvePromise(failures.length > 0 ? ExitCode.failure : outcome(files, invocation.frail));
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
  for (const path of invocation.paths) {
    if (existsSync(path)) watch(path, { recursive: true }, again);
  }
  if (existsSync('.remarkrc.js')) watch('.remarkrc.js', again);
}

async function main(argv: readonly string[]): Promise<number> {
  let invocation: ReturnType<typeof parseInvocation>;
  try {
    invocation = parseInvocation(argv);
  } catch (error) {
    process.stderr.write(`docs-lint: ${(error as Error).message}\n`);
    return ExitCode.failure;
  }
  if (invocation === 'help') {
    process.stdout.write(`${usage}\n`);
    return ExitCode.clean;
  }
  if (invocation === 'version') {
    process.stdout.write(`${manifest.version}\n`);
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
    process.stderr.write(`docs-lint: internal failure: ${(error as Error).message}\n`);
    process.exitCode = ExitCode.failure;
  },
);
