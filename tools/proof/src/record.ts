import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Execution } from './execute.js';
import { configValue } from './git.js';
import type { ProofPlan, Toolchain } from './plan.js';
import type { DeterministicStep, NotRunReason, ProofStatement, RunStep } from './report.js';
import { buildStatement, serializeStatement } from './report.js';
import { logName, REPORT_FILE } from './report-folder.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/** The runner as the report names it: this package's name and version. */
export const RUNNER = `${manifest.name}@${manifest.version}`;

/** The subject's name: the repository's package name, the same in every clone. */
function subjectName(root: string): string {
  try {
    const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof rootManifest.name === 'string' && rootManifest.name !== '') return rootManifest.name;
  } catch {
    // No manifest: fall back to a name every clone shares.
  }
  return 'repository';
}

/** The report of a run: what ran on what, each step's result, in declared order whatever order they ran in. */
export function recordStatement(plan: ProofPlan, execution: Execution, toolchain: Toolchain): ProofStatement {
  const { config, root } = plan;
  const steps: DeterministicStep[] = [];
  const runSteps: RunStep[] = [];
  const notRunReason = (step: (typeof config.steps)[number]): NotRunReason => {
    if (!plan.chosen.includes(step)) return 'not-selected';
    return execution.stoppedBy !== null ? 'precondition-failed' : 'interrupted';
  };
  for (const step of config.steps) {
    const outcome = execution.outcomes.get(step.id);
    const result = outcome === undefined ? 'NOT_RUN' : outcome.passed ? 'PASSED' : outcome.reason === 'aborted' ? 'ABORTED' : 'FAILED';
    steps.push({
      id: step.id,
      argv: step.command,
      precondition: step.precondition === true,
      result,
      exitCode: outcome?.exitCode ?? null,
      reason: outcome === undefined ? notRunReason(step) : outcome.reason,
    });
    runSteps.push({
      id: step.id,
      startedAt: execution.starts.get(step.id)?.toISOString() ?? null,
      durationMs: outcome ? Math.round(outcome.durationMs) : null,
      signal: outcome?.signal ?? null,
      output: outcome ? { path: logName(config, step), bytes: outcome.output.bytes, sha256: outcome.output.sha256 } : null,
    });
  }
  return buildStatement({
    subjectName: subjectName(root),
    inputs: {
      commit: plan.head.commit,
      tree: plan.head.tree,
      lockfile: plan.lockfile,
      config: plan.configFile,
      node: toolchain.node,
      packageManager: toolchain.packageManager,
    },
    steps,
    complete: plan.complete,
    interrupted: execution.interrupted,
    run: {
      runner: RUNNER,
      operator: { name: configValue(root, 'user.name'), email: configValue(root, 'user.email') },
      startedAt: execution.startedAt.toISOString(),
      finishedAt: execution.finishedAt.toISOString(),
      durationMs: execution.finishedAt.getTime() - execution.startedAt.getTime(),
      steps: runSteps,
    },
  });
}

/** Writes `report.json` into the run's folder and gives its path and bytes (what a signature covers). */
export function writeReport(folder: string, statement: ProofStatement): { readonly path: string; readonly bytes: Buffer } {
  const path = join(folder, REPORT_FILE);
  const bytes = Buffer.from(serializeStatement(statement), 'utf8');
  writeFileSync(path, bytes);
  return { path, bytes };
}
