import { join, relative } from 'node:path';
import type { Execution } from './execute.js';
import { countOf, describeFailure, formatDuration, lastLines } from './format.js';
import type { ProofPlan } from './plan.js';
import type { ProofStatement, Verdict } from './report.js';
import { logName } from './report-folder.js';

/** How many lines of a failing step's output the end of a run shows. */
const TAIL_LINES = 40;

export interface SummaryInput {
  readonly plan: ProofPlan;
  readonly execution: Execution;
  readonly statement: ProofStatement;
  readonly reportPath: string;
  /** What signing said. */
  readonly signature: string;
  /** Paths are shown relative to this folder. */
  readonly cwd: string;
}

/** The end of a run on the screen: each failing step's output tail, the verdict, the digest, the report and its signature. */
export function printSummary(input: SummaryInput, write: (text: string) => void): void {
  const { plan, execution, statement } = input;
  const shownFolder = relative(input.cwd, execution.folder) || execution.folder;
  for (const step of plan.config.steps) {
    const outcome = execution.outcomes.get(step.id);
    if (outcome === undefined || outcome.passed) continue;
    const log = join(shownFolder, logName(plan.config, step));
    write(`\n--- ${step.id}: ${describeFailure(outcome, step.timeoutSeconds)} (last ${TAIL_LINES} lines of ${log}) ---\n`);
    const tail = lastLines(outcome.tail, TAIL_LINES);
    write(tail === '' ? '(no output)\n' : `${tail}\n`);
  }

  const { verdict, steps } = statement.predicate.bookijiProof;
  const ran = steps.filter((step) => step.result !== 'NOT_RUN').length;
  const failedIds = steps.filter((step) => step.result === 'FAILED').map((step) => step.id);
  const notRun = steps.filter((step) => step.reason === 'precondition-failed').map((step) => step.id);
  const stopped = notRun.length === 0 ? '' : `; precondition ${execution.stoppedBy ?? ''} stopped the run: ${countOf(notRun.length, 'step')} not run (${notRun.join(', ')})`;
  const summary: Record<Verdict, string> = {
    PASS: steps.length === 1 ? 'PASS  the 1 step passed' : `PASS  all ${steps.length} steps passed`,
    FAIL: `FAIL  ${failedIds.length} of ${countOf(ran, 'step')} failed: ${failedIds.join(', ')}${stopped}`,
    ABORTED: `ABORTED  interrupted after ${ran} of ${countOf(plan.chosen.length, 'step')}; running steps were stopped`,
    INCOMPLETE: `INCOMPLETE  ${ran} of ${countOf(steps.length, 'step')} ran (--only): a partial run never proves a release`,
  };
  write(`\n${summary[verdict]}  (${formatDuration(execution.finishedAt.getTime() - execution.startedAt.getTime())})\n`);
  write(`Deterministic digest: ${statement.predicate.bookijiDigests.deterministic}\n`);
  write(`Report: ${relative(input.cwd, input.reportPath) || input.reportPath}\n`);
  write(`Signature: ${input.signature}\n`);
}
