import { Listr } from 'listr2';
import type { ListrTask } from 'listr2';
import type { ProofStep } from './config.js';
import { describeFailure, formatDuration } from './format.js';
import type { Renderer } from './render.js';
import { label } from './render.js';
import type { StepOutcome } from './run-step.js';

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * On a terminal: listr2's live list, with a spinner and the elapsed time for
 * each running step. Parallel sets show as one entry with their steps under it.
 */
export function listRenderer(steps: readonly ProofStep[], batches: readonly (readonly ProofStep[])[], concurrency: number): Renderer {
  const started = new Map(steps.map((step) => [step.id, deferred<boolean>()]));
  const finished = new Map(steps.map((step) => [step.id, deferred<StepOutcome | null>()]));
  const index = new Map(steps.map((step, position) => [step.id, position]));
  /** Why a step that never started did not run, when it is not the end of an interrupted run. */
  const notRunWhy = new Map<string, string>();

  const toTask = (step: ProofStep): ListrTask => {
    const name = `${label(step, index.get(step.id) ?? 0, steps.length)}  ${step.title}`;
    return {
      title: name,
      task: async (_context, task) => {
        const run = await started.get(step.id)?.promise;
        if (!run) {
          task.skip(`${name}  (not run${notRunWhy.has(step.id) ? `: ${notRunWhy.get(step.id)}` : ''})`);
          return;
        }
        const begin = Date.now();
        // A display-only redraw of the elapsed time while a step the person started runs; it stops with the step.
        // eslint-disable-next-line @bookiji/no-background-execution
        const tick = setInterval(() => {
          task.title = `${name}  ${formatDuration(Date.now() - begin)}`;
        }, 1000);
        const outcome = await finished.get(step.id)?.promise;
        clearInterval(tick);
        if (!outcome) {
          task.skip(`${name}  (not run)`);
          return;
        }
        task.title = `${name}  ${formatDuration(outcome.durationMs)}`;
        if (!outcome.passed) throw new Error(describeFailure(outcome, step.timeoutSeconds));
      },
    };
  };

  const tasks: ListrTask[] = batches.map((batch) => {
    const [only] = batch;
    if (batch.length === 1 && only) return toTask(only);
    return {
      title: `${batch.map((step) => step.id).join(', ')}  (in parallel, up to ${Math.min(concurrency, batch.length)} at a time)`,
      task: (_context, task) => task.newListr(batch.map(toTask), { concurrent: Math.min(concurrency, batch.length), exitOnError: false }),
    };
  });
  const list = new Listr(tasks, {
    concurrent: false,
    exitOnError: false,
    registerSignalListeners: false,
    rendererOptions: { collapseSubtasks: false, collapseErrors: false },
  });
  const running = list.run().catch(() => undefined);

  return {
    stepStarted(step) {
      started.get(step.id)?.resolve(true);
    },
    stepFinished(step, outcome) {
      finished.get(step.id)?.resolve(outcome);
    },
    stopped(precondition, notRun) {
      for (const step of notRun) notRunWhy.set(step.id, `precondition \`${precondition.id}\` failed`);
    },
    async end() {
      for (const step of steps) {
        started.get(step.id)?.resolve(false);
        finished.get(step.id)?.resolve(null);
      }
      await running;
    },
  };
}
