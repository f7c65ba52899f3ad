import type { StepOutcome } from './run-step.js';

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

/** One phrase saying why a step failed, for the list and the summary. */
export function describeFailure(outcome: StepOutcome, timeoutSeconds: number): string {
  switch (outcome.reason) {
    case 'timeout':
      return `timeout after ${timeoutSeconds}s (process group killed)`;
    case 'aborted':
      return 'interrupted (process group stopped)';
    case 'spawn-error':
      return outcome.error ?? 'could not start';
    case 'output':
      return 'unexpected output, expected none';
    case 'exit-code':
      return outcome.exitCode === null ? `killed by ${outcome.signal ?? 'a signal'}` : `exit code ${outcome.exitCode}`;
    default:
      return 'passed';
  }
}

/** The last `lines` lines of a text, without a trailing empty line. */
export function lastLines(text: string, lines: number): string {
  const all = text.replace(/\n$/, '').split('\n');
  return all.slice(Math.max(0, all.length - lines)).join('\n');
}

/** `1 step`, `2 steps`. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
