import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join, relative, resolve } from 'node:path';
import type { ProofConfig, ProofStep } from './config.js';
import { FIXED_ENVIRONMENT, planBatches } from './config.js';
import { detectCi, refusalMessage } from './ci.js';
import { signEnvelope } from './dsse.js';
import { stepEnvironment } from './environment.js';
import { EXIT } from './exit-codes.js';
import { describeFailure, formatDuration, lastLines } from './format.js';
import { configValue, headState, isIgnored, repositoryRoot } from './git.js';
import { loadConfig } from './load-config.js';
import { lineRenderer } from './render.js';
import type { Renderer } from './render.js';
import type { DeterministicStep, ProofInputs, RunStep } from './report.js';
import { buildStatement, serializeStatement, sha256 } from './report.js';
import type { StepOutcome } from './run-step.js';
import { runStep } from './run-step.js';
import { versionOf } from './versions.js';

/** Reports go here, relative to the repository root; the folder must be git-ignored. */
export const REPORTS_DIR = 'reports';
export const LOCKFILE = 'pnpm-lock.yaml';
const RUNNER = '@bookiji/proof@0.1.0';
const TAIL_LINES = 40;

export interface ProofOptions {
  readonly cwd: string;
  /** Run only these steps: the report is INCOMPLETE and never proves a release. */
  readonly only?: readonly string[];
  /** Print the configured steps and run nothing. */
  readonly list?: boolean;
  /** Show listr2's live list (on a terminal) instead of one line per event. */
  readonly tty: boolean;
  readonly write: (text: string) => void;
  readonly writeError: (text: string) => void;
  /** Aborted by SIGINT or SIGTERM: running steps are stopped and the report says ABORTED. */
  readonly signal?: AbortSignal;
  readonly killGraceMs?: number;
}

/** Finds a program the way `spawn` will, so a missing one is a usage error before anything runs. */
export function findProgram(program: string, pathVariable: string, cwd: string): string | null {
  const candidates = program.includes('/') ? [resolve(cwd, program)] : pathVariable.split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, program));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next folder on PATH.
    }
  }
  return null;
}

function subjectName(root: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof manifest.name === 'string' && manifest.name !== '') return manifest.name;
  } catch {
    // No manifest: fall back to a name every clone shares.
  }
  return 'repository';
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** A new folder for this run's report and logs; never reuses one. */
function reportFolder(root: string, started: Date, commit: string): string {
  const base = join(root, REPORTS_DIR, `proof-${timestamp(started)}-${commit.slice(0, 12)}`);
  mkdirSync(join(root, REPORTS_DIR), { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const candidate = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      mkdirSync(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function listSteps(config: ProofConfig, write: (text: string) => void): void {
  const batches = planBatches(config);
  const parallelWith = new Map<string, string[]>();
  for (const batch of batches) if (batch.length > 1) for (const step of batch) parallelWith.set(step.id, batch.map((other) => other.id));
  config.steps.forEach((step, index) => {
    write(`${index + 1}. ${step.id}: ${step.title}\n`);
    write(`   command: ${JSON.stringify(step.command)}\n`);
    const rule = step.pass.output === 'empty' ? 'exit code 0 and no output' : 'exit code 0';
    const parallel = parallelWith.has(step.id) ? `; may run alongside ${parallelWith.get(step.id)?.filter((id) => id !== step.id).join(', ')}` : '';
    write(`   passes on: ${rule}; timeout ${step.timeoutSeconds}s${parallel}\n`);
  });
}

/** Runs the proof as a person invokes it and returns the exit code. */
export async function runProof(options: ProofOptions): Promise<number> {
  const { write, writeError } = options;
  const root = repositoryRoot(options.cwd);
  if (root === null) {
    writeError(`bookiji-proof: Unexpected folder outside a git repository (${options.cwd}), expected to run inside the repository to prove\n`);
    return EXIT.usage;
  }

  if (!options.list) {
    const detection = detectCi();
    if (detection.isCI) {
      writeError(`${await refusalMessage(detection, root)}\n`);
      return EXIT.usage;
    }
  }

  // Probing the toolchain takes a while (pnpm starts slowly), so it runs while the configuration is checked.
  const bin = join(root, 'node_modules', '.bin');
  const probeEnv = { ...(process.env.HOME ? { HOME: process.env.HOME } : {}), PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, ...FIXED_ENVIRONMENT };
  const versions = options.list ? Promise.resolve([null, null] as const) : Promise.all(['node', 'pnpm'].map((program) => versionOf(findProgram(program, probeEnv.PATH, root), probeEnv, root)));

  const loaded = await loadConfig(root);
  if (!loaded.ok) {
    for (const message of loaded.messages) writeError(`${message}\n`);
    writeError(`bookiji-proof: the configuration has ${loaded.messages.length} problem${loaded.messages.length === 1 ? '' : 's'}; nothing ran\n`);
    return EXIT.usage;
  }
  const { config } = loaded.loaded;

  const known = config.steps.map((step) => step.id);
  const unknown = (options.only ?? []).filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    writeError(`bookiji-proof: Unexpected unknown step ${unknown.map((id) => `\`${id}\``).join(', ')}, expected one of ${known.join(', ')}\n`);
    return EXIT.usage;
  }
  if (options.list) {
    listSteps(config, write);
    return EXIT.pass;
  }

  const head = headState(root);
  if (head === null) {
    writeError('bookiji-proof: Unexpected HEAD that is not a commit, expected a commit to prove: commit your work, then run the proof\n');
    return EXIT.fail;
  }
  if (!isIgnored(root, `${REPORTS_DIR}/report.json`)) {
    writeError(`bookiji-proof: Unexpected ${REPORTS_DIR}/ folder that git does not ignore, expected \`/${REPORTS_DIR}/\` in .gitignore (reports must never make the tree dirty)\n`);
    return EXIT.usage;
  }

  const env = stepEnvironment(process.env, config.environment, root, head.commitTime);
  const missing = config.steps.filter((step) => findProgram(step.command[0], env.PATH ?? '', root) === null);
  if (missing.length > 0) {
    for (const step of missing) {
      writeError(`bookiji-proof: step \`${step.id}\`: Unexpected missing program \`${step.command[0]}\`, expected it on the steps' PATH (node_modules/.bin first)\n`);
    }
    return EXIT.usage;
  }

  const selected = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  const complete = selected === undefined;
  const batches = planBatches(config, selected);
  const chosen = batches.flat();
  const concurrency = Math.max(1, availableParallelism());

  const lockPath = join(root, LOCKFILE);
  const lockfileSha256 = existsSync(lockPath) ? sha256(readFileSync(lockPath)) : null;

  const startedAt = new Date();
  const folder = reportFolder(root, startedAt, head.commit);
  const shownFolder = relative(options.cwd, folder) || folder;
  write(`Proving ${head.commit} (${complete ? countOf(config.steps.length, 'step') : `only ${chosen.map((step) => step.id).join(', ')}: not a release proof`})\n`);

  const renderer: Renderer = options.tty
    ? (await import('./render-list.js')).listRenderer(chosen, batches, concurrency)
    : lineRenderer(chosen, (line) => write(`${line}\n`));
  const outcomes = new Map<string, StepOutcome>();
  const stepStarts = new Map<string, Date>();
  const logName = (step: ProofStep): string => `${String(config.steps.indexOf(step) + 1).padStart(2, '0')}-${step.id}.log`;

  const execute = async (step: ProofStep): Promise<void> => {
    stepStarts.set(step.id, new Date());
    renderer.stepStarted(step);
    const outcome = await runStep(step, {
      cwd: root,
      env,
      logPath: join(folder, logName(step)),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
    });
    outcomes.set(step.id, outcome);
    renderer.stepFinished(step, outcome);
  };

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
  }
  await renderer.end();
  const interrupted = options.signal?.aborted ?? false;
  const finishedAt = new Date();

  const [node, pnpm] = await versions;
  const inputs: ProofInputs = {
    commit: head.commit,
    tree: head.tree,
    lockfile: { name: LOCKFILE, sha256: lockfileSha256 },
    config: { name: loaded.loaded.name, sha256: loaded.loaded.sha256 },
    node: node ?? null,
    pnpm: pnpm ?? null,
  };

  const steps: DeterministicStep[] = [];
  const runSteps: RunStep[] = [];
  for (const step of config.steps) {
    const outcome = outcomes.get(step.id);
    const result = outcome === undefined ? 'NOT_RUN' : outcome.passed ? 'PASSED' : outcome.reason === 'aborted' ? 'ABORTED' : 'FAILED';
    steps.push({ id: step.id, argv: step.command, result, exitCode: outcome?.exitCode ?? null, reason: outcome?.reason ?? null });
    runSteps.push({
      id: step.id,
      startedAt: stepStarts.get(step.id)?.toISOString() ?? null,
      durationMs: outcome ? Math.round(outcome.durationMs) : null,
      signal: outcome?.signal ?? null,
      output: outcome ? { path: logName(step), bytes: outcome.output.bytes, sha256: outcome.output.sha256 } : null,
    });
  }

  const statement = buildStatement({
    subjectName: subjectName(root),
    inputs,
    steps,
    complete,
    interrupted,
    run: {
      runner: RUNNER,
      operator: { name: configValue(root, 'user.name'), email: configValue(root, 'user.email') },
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      steps: runSteps,
    },
  });
  const reportPath = join(folder, 'report.json');
  const bytes = Buffer.from(serializeStatement(statement), 'utf8');
  writeFileSync(reportPath, bytes);

  let signature = 'none (git has no SSH signing key; set gpg.format ssh and user.signingkey to sign)';
  const signingKey = configValue(root, 'gpg.format') === 'ssh' ? configValue(root, 'user.signingkey') : null;
  if (signingKey !== null) {
    const signed = signEnvelope(bytes, signingKey);
    if (signed.ok) {
      writeFileSync(join(folder, 'report.dsse.json'), `${JSON.stringify(signed.envelope, null, 2)}\n`);
      signature = `${signed.envelope.signatures[0]?.keyid || signingKey}, in report.dsse.json beside the report`;
    } else {
      signature = `none (${signed.message})`;
    }
  }

  const failed = config.steps.filter((step) => {
    const outcome = outcomes.get(step.id);
    return outcome !== undefined && !outcome.passed;
  });
  for (const step of failed) {
    const outcome = outcomes.get(step.id);
    if (!outcome) continue;
    const log = join(shownFolder, logName(step));
    write(`\n--- ${step.id}: ${describeFailure(outcome, step.timeoutSeconds)} (last ${TAIL_LINES} lines of ${log}) ---\n`);
    const tail = lastLines(outcome.tail, TAIL_LINES);
    write(tail === '' ? '(no output)\n' : `${tail}\n`);
  }

  const { verdict } = statement.predicate.bookijiProof;
  const ran = steps.filter((step) => step.result !== 'NOT_RUN').length;
  const failedIds = steps.filter((step) => step.result === 'FAILED').map((step) => step.id);
  const summary: Record<typeof verdict, string> = {
    PASS: steps.length === 1 ? 'PASS  the 1 step passed' : `PASS  all ${steps.length} steps passed`,
    FAIL: `FAIL  ${failedIds.length} of ${countOf(ran, 'step')} failed: ${failedIds.join(', ')}`,
    ABORTED: `ABORTED  interrupted after ${ran} of ${countOf(chosen.length, 'step')}; running steps were stopped`,
    INCOMPLETE: `INCOMPLETE  ${ran} of ${countOf(steps.length, 'step')} ran (--only): a partial run never proves a release`,
  };
  write(`\n${summary[verdict]}  (${formatDuration(finishedAt.getTime() - startedAt.getTime())})\n`);
  write(`Deterministic digest: ${statement.predicate.bookijiDigests.deterministic}\n`);
  write(`Report: ${relative(options.cwd, reportPath) || reportPath}\n`);
  write(`Signature: ${signature}\n`);

  if (interrupted) return EXIT.interrupted;
  return verdict === 'PASS' ? EXIT.pass : EXIT.fail;
}

/** `1 step`, `2 steps`. */
function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
