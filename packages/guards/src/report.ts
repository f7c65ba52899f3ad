import type { KillSwitchReport, KillSwitchState } from './kill-switches.js';

/**
 * Renders a kill switch report as plain text for an operator: one line per
 * switch, then every problem with the source.
 */
export function formatKillSwitchReport(report: KillSwitchReport): string {
  const lines = [`Kill switches from ${report.source}${report.readAt === null ? '' : ` (read ${report.readAt})`}`];
  const width = Math.max(0, ...report.switches.map((state) => state.id.length));
  for (const state of report.switches) {
    lines.push(`${state.engaged ? 'ENGAGED ' : 'released'}  ${state.id.padEnd(width)}  fails ${state.failMode.padEnd(6)}  ${basis(state)}`);
  }
  if (report.switches.length === 0) lines.push('(no switches defined)');
  if (report.problems.length > 0) {
    lines.push('Problems:');
    for (const problem of report.problems) lines.push(`  - ${problem.message}`);
  }
  return lines.join('\n');
}

function basis(state: KillSwitchState): string {
  if (state.basis === 'not-set') return 'not set';
  if (state.basis === 'fail-mode') return `source problem: ${state.problem?.message ?? 'unknown'}`;
  if (state.flip !== null) return `flipped by ${state.flip.who} at ${state.flip.when}: ${state.flip.why}`;
  return `set by ${state.origin ?? 'its source'}`;
}
