import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ProofStep } from './config.js';
import { countOf } from './format.js';
import type { ProofPlan } from './plan.js';
import { lineRenderer } from './render.js';
import type { Renderer } from './render.js';
import { logName, reportFolder } from './report-folder.js';
import type { StepOutcome } from './run-step.js';
import { runStep } from './run-step.js';

/** What running the plan's steps gave. */
export interface Execution {
  /** The folder of this run's logs and report. */
  readonly folder: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** SIGINT or SIGTERM stopped the run. */
  readonly interrupted: boolean;
  /** The precondition whose failure stopped the run, or null. */
  readonly stoppedBy: string | null;
  /** The outcome of each step that ran, by id. */
  readonly outcomes: ReadonlyMap<string, StepOutcome>;
  /** When each step that ran started, by id. */
  readonly starts: ReadonlyMap<string, Date>;
}

export interface ExecuteOptions {
  readonly cwd: string;
  readonly tty: boolean;
  readonly write: (text: string) => void;
  readonly signal?: AbortSignal;
  readonly killGraceMs?: number;
}

/**
 * Runs the plan's batches one after another, the steps of a batch up to the
 * number of cores at a time, each streaming its output to its log in a new
 * report folder. An abort stops the running steps and starts no new one; a
 * failed precondition (always a batch of its own) starts no new one either.
 */
export async function executePlan(plan: ProofPlan, options: ExecuteOptions): Promise<Execution> {
  const { config, batches, chosen } = plan;
  const concurrency = Math.max(1, availableParallelism());
  const startedAt = new Date();
  const folder = reportFolder(plan.root, startedAt, plan.head.commit);
  options.write(`Proving ${plan.head.commit} (${plan.complete ? countOf(config.steps.length, 'step') : `only ${chosen.map((step) => step.id).join(', ')}: not a release proof`})\n`);

  const renderer: Renderer = options.tty
    ? (await import('./render-list.js')).listRenderer(chosen, batches, concurrency)
    : lineRenderer(chosen, (line) => options.write(`${line}\n`));
  const outcomes = new Map<string, StepOutcome>();
  const starts = new Map<string, Date>();

  const execute = async (step: ProofStep): Promise<void> => {
    starts.set(step.id, new Date());
    renderer.stepStarted(step);
    const outcome = await runStep(step, {
      cwd: plan.root,
      env: plan.env,
      logPath: join(folder, logName(config, step)),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
    });
    outcomes.set(step.id, outcome);
    renderer.stepFinished(step, outcome);
  };

  let stoppedBy: string | null = null;
  for (const batch of batches) {
    if (options.signal?.aborted) break;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batch.length && !options.signal?.aborted) {
        const step = batch[next];
        next += 1;
        if (step) await execute(step);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    const failed = batch.find((step) => step.precondition === true && outcomes.get(step.id)?.passed === false);
    if (failed !== undefined && !options.signal?.aborted) {
      stoppedBy = failed.id;
      const rest = chosen.slice(chosen.indexOf(failed) + 1);
      if (rest.length > 0) renderer.stopped(failed, rest);
      break;
    }
  }
  await renderer.end();
  return { folder, startedAt, finishedAt: new Date(), interrupted: options.signal?.aborted ?? false, stoppedBy, outcomes, starts };
}
