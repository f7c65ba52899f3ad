import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyPlan, planInit, type Plan } from './plan.js';
import { InitError, readProject } from './project.js';

const usage = `Usage: create-operations [folder] [--dry-run] [--no-install]

Sets up the operational layers contract in a project (default: this folder):
the contract at docs/operations/OPERATIONAL_LAYERS.md, the seven Layer 1-3
documents it names, eslint.config.mjs (or the contract rules added to the
project's flat config), .remarkrc.mjs, proof.config.ts, the docs-lint and
proof scripts, and reports/ in .gitignore. Then it installs the tools with the
project's package manager.

It never overwrites a file, and running it again changes nothing.

  --dry-run     print the plan and change nothing
  --no-install  write the files and print the install command instead of running it

Exit codes: 0 done (or nothing to do); 1 the install failed; 2 usage error.`;

const ExitCode = { done: 0, installFailed: 1, usage: 2 } as const;

function describe(plan: Plan, dryRun: boolean): string {
  const width = Math.max(...plan.changes.map((change) => change.action.length));
  const lines = plan.changes.map((change) => `${change.action.padEnd(width)}  ${change.path}: ${change.detail}`);
  if (plan.install) lines.push(`${'run'.padEnd(width)}  ${plan.install.join(' ')}`);
  const pending = plan.changes.filter((change) => change.action === 'create' || change.action === 'update').length + (plan.install ? 1 : 0);
  const head = dryRun ? 'Plan (nothing is changed with --dry-run):' : pending === 0 ? 'Nothing to do: the project is set up.' : `Setting up ${plan.project.name}:`;
  return [head, ...lines].join('\n');
}

function nextSteps(plan: Plan): string {
  const exec = { npm: 'npx', pnpm: 'pnpm exec', yarn: 'yarn', bun: 'bunx' }[plan.project.packageManager];
  return [
    '',
    'Next:',
    `  ${exec} docs-lint             check docs/operations/ against the contract`,
    `  ${exec} eslint .              the contract rules on your code`,
    `  ${exec} bookiji-proof --list  the release proof's steps`,
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, 'no-install': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    process.stderr.write(`create-operations: ${(error as Error).message} (see --help)\n`);
    return ExitCode.usage;
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    return ExitCode.done;
  }
  if (parsed.positionals.length > 1) {
    process.stderr.write('create-operations: expected at most one folder (see --help)\n');
    return ExitCode.usage;
  }
  const dryRun = parsed.values['dry-run'] === true;
  let plan: Plan;
  try {
    plan = planInit(await readProject(resolve(parsed.positionals[0] ?? '.')));
  } catch (error) {
    if (!(error instanceof InitError)) throw error;
    process.stderr.write(`create-operations: ${error.message}\n`);
    return ExitCode.usage;
  }
  process.stdout.write(`${describe(plan, dryRun)}\n`);
  if (dryRun) return ExitCode.done;
  applyPlan(plan);
  if (plan.install) {
    if (parsed.values['no-install'] === true) {
      process.stdout.write(`\nInstall the tools with: ${plan.install.join(' ')}\n`);
      return ExitCode.done;
    }
    const [command, ...args] = plan.install as [string, ...string[]];
    const result = spawnSync(command, args, { cwd: plan.project.root, stdio: 'inherit' });
    if (result.status !== 0) {
      process.stderr.write(`create-operations: \`${plan.install.join(' ')}\` failed${result.error ? ` (${result.error.message})` : ''}; the files are written, run it again once it works\n`);
      return ExitCode.installFailed;
    }
  }
  if (plan.changes.some((change) => change.action === 'create' || change.action === 'update') || plan.install) process.stdout.write(`${nextSteps(plan)}\n`);
  return ExitCode.done;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`create-operations: internal failure: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = ExitCode.usage;
  },
);
