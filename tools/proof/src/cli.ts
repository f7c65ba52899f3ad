#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT } from './exit-codes.js';
import { repositoryRoot } from './git.js';

const usage = `Usage:
  bookiji-proof [--only <step-id>]...   run the release proof (all steps, or some)
  bookiji-proof --list                  print the configured steps and run nothing
  bookiji-proof verify <report>         check a report is intact and made on HEAD
  bookiji-proof check <name>            run one of the proof's built-in checks:
                                        changesets, operations-changelog, reproducible-build

Runs the steps of proof.config.ts at the repository root, each in a controlled
environment, and writes an in-toto report under reports/. Human-run only: it
refuses to run under CI.

Exit codes: 0 PASS (verify: intact and matches HEAD); 1 FAIL, INCOMPLETE
(--only) or a report that does not verify; 2 usage or configuration error;
130 interrupted (the report says ABORTED).`;

// A reader that goes away (`| head`) must not crash a run that is stopping its steps and writing its report.
let stdoutOpen = true;
let stderrOpen = true;
process.stdout.on('error', () => {
  stdoutOpen = false;
});
process.stderr.on('error', () => {
  stderrOpen = false;
});
const write = (text: string): void => {
  if (stdoutOpen) process.stdout.write(text);
};
const writeError = (text: string): void => {
  if (stderrOpen) process.stderr.write(text);
};

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        only: { type: 'string', multiple: true },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    writeError(`bookiji-proof: ${(error as Error).message}\n${usage}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    write(`${usage}\n`);
    return EXIT.pass;
  }
  const [command, ...rest] = positionals;

  if (command === 'verify') {
    if (rest.length !== 1 || values.only || values.list) {
      writeError('bookiji-proof: Unexpected arguments, expected `verify <report>`\n');
      return EXIT.usage;
    }
    const path = resolve(rest[0] ?? '');
    if (!existsSync(path)) {
      writeError(`bookiji-proof: Unexpected missing report ${rest[0]}, expected a report.json or report.dsse.json\n`);
      return EXIT.usage;
    }
    const { verificationText, verifyReport } = await import('./verify.js');
    const verification = verifyReport(path, process.cwd());
    write(verificationText(verification));
    return verification.problems.length === 0 ? EXIT.pass : EXIT.fail;
  }

  if (command === 'check') {
    const root = repositoryRoot(process.cwd());
    if (root === null) {
      writeError('bookiji-proof: Unexpected folder outside a git repository, expected a repository\n');
      return EXIT.usage;
    }
    const checks: Record<string, () => Promise<number>> = {
      changesets: async () => (await import('./checks/changesets.js')).changesets(root, write),
      'operations-changelog': async () => (await import('./checks/operations-changelog.js')).operationsChangelog(root, write),
      'reproducible-build': async () => (await import('./checks/reproducible-build.js')).reproducibleBuild(root, write),
    };
    const check = rest.length === 1 && rest[0] !== undefined ? checks[rest[0]] : undefined;
    if (!check || values.only || values.list) {
      writeError(`bookiji-proof: Unexpected \`check ${rest.join(' ')}\`, expected \`check\` and one of ${Object.keys(checks).join(', ')}\n`);
      return EXIT.usage;
    }
    return check();
  }

  if (command !== undefined) {
    writeError(`bookiji-proof: Unexpected command \`${command}\`, expected none, \`verify\` or \`check\`\n${usage}\n`);
    return EXIT.usage;
  }
  if (values.list && values.only) {
    writeError('bookiji-proof: Unexpected `--only` with `--list`, expected one of them\n');
    return EXIT.usage;
  }

  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const { runProof } = await import('./run.js');
  try {
    return await runProof({
      cwd: process.cwd(),
      ...(values.only ? { only: values.only } : {}),
      list: values.list === true,
      tty: process.stdout.isTTY === true && process.env.TERM !== 'dumb',
      write,
      writeError,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

process.exitCode = await main(process.argv.slice(2));
