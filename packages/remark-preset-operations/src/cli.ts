#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONTRACT_PATH, findContractPath } from '@bookiji/contract';
import markdownExtensions from 'markdown-extensions';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { args } from 'unified-args';
import { readArguments, UsageError, type Arguments } from './cli/arguments.js';
import { lastOutcome } from './cli/reporter.js';
import { packageFile } from './package-files.js';

/**
 * docs-lint: remark-cli's command line (unified-args) with the preset, and
 * with what unified-args does not do on its own: the contract's folder when no
 * path is given, `--report json|sarif`, GitHub annotations, one-line failures
 * and exit code 2 for anything that is not a finding. unified-args takes its
 * flags from `process.argv`, so docs-lint adds its own there: the preset
 * (`--use`, applied only when no configuration uses it), its reporter
 * (`--report`) and the default folder.
 */

const manifest = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };

const description = `Checks operations documents against the operational layers contract (default target: the folder that holds the contract, docs/operations/).

Reports:

  --report json and --report sarif (SARIF 2.1.0) print the report on stdout.
  With GITHUB_ACTIONS=true, findings are also printed as workflow-command annotations.

Exit codes:

  0  no errors
  1  errors reported (with --frail, warnings too)
  2  usage or configuration mistake, unreadable input, no documents to check, or internal failure`;

/**
 * A module of this package as unified-engine loads plugins and reporters: a
 * path relative to the working directory, which it resolves from there as is
 * (a bare name or a URL would get a `remark-` or `vfile-reporter-` prefix).
 */
function moduleSpecifier(specifier: string): string {
  const path = relative(process.cwd(), fileURLToPath(import.meta.resolve(specifier))).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** The arguments for unified-args: the ones given, then docs-lint's own. */
function argumentsForUnifiedArgs(argv: readonly string[], given: Arguments): string[] {
  if (given.informational) return [...argv];
  let paths: string[] = [];
  if (given.paths.length === 0 && !given.filePath) {
    const contract = findContractPath(process.cwd());
    if (!contract) throw new UsageError(`No ${dirname(DEFAULT_CONTRACT_PATH)}/ in this folder or above, and no paths given`);
    paths = [relative(process.cwd(), dirname(contract)) || '.'];
  }
  const reporterOptions = [`format:${JSON.stringify(given.report)}`, `targets:${JSON.stringify([...given.paths, ...paths])}`, `extensions:${JSON.stringify(given.extensions)}`, ...(given.reportOptions ? [given.reportOptions] : [])];
  const own = [
    '--use',
    moduleSpecifier('./cli/preset-by-default.js'),
    '--report',
    `${moduleSpecifier('./cli/reporter.js')}=${reporterOptions.join(',')}`,
    // With one file, unified-engine writes the document to stdout unless told not to: docs-lint only reports.
    ...(given.stdout === undefined && !given.printsTrees ? ['--no-stdout'] : []),
  ];
  // Before a `--` the arguments end with, so that docs-lint's flags are flags; the default folder after one.
  const end = given.endOfFlags ?? argv.length;
  return [...argv.slice(0, end), ...own, ...(given.endOfFlags === undefined ? ['--'] : []), ...argv.slice(end), ...paths];
}

try {
  const argv = process.argv.slice(2);
  const given = readArguments(argv);
  process.argv = [...process.argv.slice(0, 2), ...argumentsForUnifiedArgs(argv, given)];
  // `--stdout` writes documents back out; only then is a compiler loaded.
  const processor = given.stdout ? unified().use(remarkParse).use((await import('remark-stringify')).default) : unified().use(remarkParse);
  process.on('exit', () => {
    // unified-args sets exit code 1 for errors reported, and for a failure of its own before any report.
    const outcome = lastOutcome();
    if (outcome === 'failed' || (outcome === undefined && Number(process.exitCode ?? 0) !== 0)) process.exitCode = 2;
  });
  // unified-args prints a mistake it finds in the flags (a `--setting` that is not JSON5) as the error's stack, created
  // while it reads them: without frames, that is one line.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    args({
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
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`docs-lint: ${error.message}\n`);
  process.exitCode = 2;
}
