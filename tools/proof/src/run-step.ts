import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ProofStep } from './config.js';

/** Why a step failed; a passing step has none. */
export type FailureReason = 'exit-code' | 'output' | 'timeout' | 'aborted' | 'spawn-error';

export interface StepOutput {
  /** Bytes written to the log, stdout and stderr interleaved as they arrived. */
  readonly bytes: number;
  readonly sha256: string;
}

export interface StepOutcome {
  readonly passed: boolean;
  readonly reason: FailureReason | null;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly durationMs: number;
  readonly output: StepOutput;
  /** The last part of the output, kept in memory for the screen. */
  readonly tail: string;
  /** Why the program could not start, for `spawn-error`. */
  readonly error: string | null;
}

export interface RunStepOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** The file the step's whole output is streamed to. */
  readonly logPath: string;
  readonly signal?: AbortSignal;
  /** How long a group has between SIGTERM and SIGKILL. */
  readonly killGraceMs?: number;
  /** How many bytes of output to keep in memory. */
  readonly tailBytes?: number;
}

/** Keeps the last `limit` bytes of a stream, whatever its size. */
class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.chunks.length > 1 && this.size - (this.chunks[0]?.length ?? 0) >= this.limit) {
      this.size -= this.chunks.shift()?.length ?? 0;
    }
  }
  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString('utf8');
  }
}

/** Signals every process of a group; a group that is gone already is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Runs one step in its own process group, so a timeout or an interrupt can
 * stop the step with every process it started, and streams its output to
 * disk while keeping only a bounded tail in memory.
 */
export function runStep(step: ProofStep, options: RunStepOptions): Promise<StepOutcome> {
  const grace = options.killGraceMs ?? 2000;
  const started = performance.now();
  const fd = openSync(options.logPath, 'w');
  const hash = createHash('sha256');
  const tail = new Tail(options.tailBytes ?? 64 * 1024);
  let bytes = 0;
  const [program, ...args] = step.command;

  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let spawnError: string | null = null;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const child = spawn(program, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

    const stop = (): void => {
      if (child.pid === undefined) return;
      const pid = child.pid;
      signalGroup(pid, 'SIGTERM');
      const kill = setTimeout(() => signalGroup(pid, 'SIGKILL'), grace);
      kill.unref();
      timers.push(kill);
    };

    const onData = (chunk: Buffer): void => {
      writeSync(fd, chunk);
      hash.update(chunk);
      bytes += chunk.length;
      tail.push(chunk);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);

    const timeout = setTimeout(() => {
      timedOut = true;
      stop();
    }, step.timeoutSeconds * 1000);
    timers.push(timeout);

    const onAbort = (): void => {
      aborted = true;
      stop();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      closeSync(fd);
      const output = { bytes, sha256: hash.digest('hex') };
      let reason: FailureReason | null = null;
      if (spawnError !== null) reason = 'spawn-error';
      else if (aborted) reason = 'aborted';
      else if (timedOut) reason = 'timeout';
      else if (exitCode !== 0) reason = 'exit-code';
      else if (step.pass.output === 'empty' && bytes > 0) reason = 'output';
      resolve({
        passed: reason === null,
        reason,
        exitCode,
        signal: exitSignal,
        durationMs: performance.now() - started,
        output,
        tail: tail.text(),
        error: spawnError,
      });
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code === 'ENOENT' ? `Unexpected missing program \`${program}\`, expected it on PATH` : error.message;
      finish();
    });
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      // Whatever the step left running in its group ends with it.
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      // A process that left the group may still hold the pipes open.
      const last = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, 2000);
      last.unref();
      timers.push(last);
    });
    child.on('close', finish);
  });
}
