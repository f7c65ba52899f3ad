import type { ProofStep } from './config.js';
import { countOf, describeFailure, formatDuration } from './format.js';
import type { StepOutcome } from './run-step.js';

/** What the screen shows while the steps run; the scheduler drives it, it runs nothing. */
export interface Renderer {
  stepStarted(step: ProofStep): void;
  stepFinished(step: ProofStep, outcome: StepOutcome): void;
  /** A precondition failed: the steps after it will not run. */
  stopped(precondition: ProofStep, notRun: readonly ProofStep[]): void;
  /** Steps that will not run (interrupt): the list stops waiting for them. */
  end(): Promise<void>;
}

/** What the screen says of the steps a failed precondition kept from running. */
export function notRunBecause(precondition: ProofStep, notRun: readonly ProofStep[]): string {
  return `precondition \`${precondition.id}\` failed: ${countOf(notRun.length, 'step')} not run (${notRun.map((step) => step.id).join(', ')})`;
}

export function label(step: ProofStep, index: number, total: number): string {
  const width = String(total).length;
  return `[${String(index + 1).padStart(width)}/${total}] ${step.id}`;
}

/** Without a terminal: one line when each step starts and one when it finishes. */
export function lineRenderer(steps: readonly ProofStep[], write: (line: string) => void): Renderer {
  const index = new Map(steps.map((step, position) => [step.id, position]));
  const width = Math.max(...steps.map((step) => step.id.length));
  const at = (step: ProofStep): string => label(step, index.get(step.id) ?? 0, steps.length).padEnd(width + label(step, 0, steps.length).length - step.id.length);
  return {
    stepStarted(step) {
      write(`${at(step)} start  ${step.title}`);
    },
    stepFinished(step, outcome) {
      const verdict = outcome.passed ? 'PASS' : 'FAIL';
      const why = outcome.passed ? '' : `: ${describeFailure(outcome, step.timeoutSeconds)}`;
      write(`${at(step)} ${verdict}   ${formatDuration(outcome.durationMs)}${why}`);
    },
    stopped(precondition, notRun) {
      write(`${at(precondition)} stop   ${notRunBecause(precondition, notRun)}`);
    },
    async end() {},
  };
}
