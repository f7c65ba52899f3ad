/**
 * The docs linter against its peers, process start to exit, side by side in one run:
 *  1. docs/operations/ with the repository's configuration, against remark-cli
 *     with remark-preset-lint-recommended on the same files;
 *  2. a generated corpus of 1,000 operations-style documents, against
 *     remark-cli (recommended preset) and markdownlint-cli2.
 * The goal is remark-cli with the recommended preset alone; remark-cli with
 * remark-gfm as well (which parses tables, as the preset must) is printed for
 * context, and so is docs-lint on one thread (a run of many documents otherwise
 * parses on a second thread).
 * Runs alternate between tools and the median of each is compared.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'bench', '.work', 'docs-lint');
const bin = (path: string) => join(root, 'node_modules', path);
const docsLint = join(root, 'packages', 'remark-preset-operations', 'dist', 'cli.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
// A run on docs/operations takes under a second, and its time moves by a tenth from one run to the next
// on a shared machine: three times as many runs give a steadier median at little cost.
const smallRounds = rounds * 3;

function build(): void {
  const result = spawnSync(process.execPath, [bin('turbo/bin/turbo'), 'run', 'build', '--filter=@bookiji/remark-preset-operations...', '--output-logs=errors-only'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('build failed');
}

/** A seeded generator, so every run lints the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(): string {
  const dir = join(work, 'corpus');
  rmSync(dir, { recursive: true, force: true });
  const operations = join(dir, 'docs', 'operations');
  mkdirSync(join(operations, 'incidents', 'postmortems'), { recursive: true });
  // The real contract and documents, so every rule of the preset has work to do.
  for (const path of [
    'OPERATIONAL_LAYERS.md',
    'CHANGELOG.md',
    'ROLLBACKS.md',
    'RELEASE_CONFIDENCE.md',
    'PROOF_RUNBOOK.md',
    'incidents/SEVERITY_MODEL.md',
    'incidents/INCIDENT_COMMANDER.md',
    'incidents/POSTMORTEM_TEMPLATE.md',
  ]) {
    copyFileSync(join(root, 'docs', 'operations', path), join(operations, path));
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const next = random(20261125);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const areas = ['booking', 'payments', 'calendar-sync', 'notifications', 'accounts'];
  const words = ['provider', 'calendar', 'slot', 'refund', 'capture', 'retry', 'webhook', 'queue', 'customer', 'booking', 'sync', 'timeout'];
  const sentence = () => Array.from({ length: 8 + Math.floor(next() * 10) }, () => pick(words)).join(' ');
  for (let index = 0; index < 997; index++) {
    const day = String(1 + (index % 28)).padStart(2, '0');
    const rows = Array.from({ length: 4 + Math.floor(next() * 6) }, (_, row) => `| ${String(row).padStart(2, '0')}:${day} | ${sentence()}. |`).join('\n');
    const text = `# Postmortem: ${sentence()}

**Incident date**: 2026-10-${day}

**Authors**: Ana Silva

**Incident Commander**: Jonas Weber

**Status**: final

## Badges

**Severity**: SEV-${1 + Math.floor(next() * 4)}

**Affected area**: ${pick(areas)}

**Customer impact**: degraded

## Summary

${sentence()}. ${sentence()}. See the [severity model](../SEVERITY_MODEL.md#severity-levels).

## Impact

| Measure | Value |
| --- | --- |
| Duration | ${10 + index % 50} minutes |
| Bookings affected | ${index} |
| Customers affected | ${index * 2} |
| Providers affected | ${index % 7} |
| Money involved | EUR ${index * 3} |

## Detection

${sentence()}.

## Response

${sentence()}.

## Timeline

| Time (UTC) | Event |
| --- | --- |
${rows}

## Contributing factors

- ${sentence()}
- ${sentence()}

## What went well

- ${sentence()}

## What went poorly

- ${sentence()}

## Where we were lucky

- ${sentence()}

## Action items

| Action | Owner | Due | Changes production | Changelog entry | Proof | Status |
| --- | --- | --- | --- | --- | --- | --- |
| ${sentence()} | Ana Silva | 2026-11-01 | no | none | none | done |
`;
    writeFileSync(join(operations, 'incidents', 'postmortems', `2026-10-${day}-incident-${index}.md`), text);
  }
  return dir;
}

interface Tool {
  readonly name: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env?: Record<string, string>;
}

function time(tool: Tool): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, tool.argv, { cwd: tool.cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', ...tool.env } });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status === null || result.status > 1) {
    throw new Error(`${tool.name} failed (exit ${result.status}): ${result.stderr.toString().slice(0, 500)}`);
  }
  return elapsed;
}

function compare(title: string, tools: readonly Tool[], rounds: number): Map<string, number> {
  const samples = new Map(tools.map((tool) => [tool.name, [] as number[]]));
  for (const tool of tools) time(tool); // warm the file system cache
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? tools : [...tools].reverse();
    for (const tool of order) samples.get(tool.name)!.push(time(tool));
  }
  const medians = new Map([...samples].map(([name, values]) => [name, [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!]));
  console.log(`\n${title} (median of ${rounds} runs, process start to exit)`);
  for (const [name, ms] of medians) console.log(`  ${name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms`);
  return medians;
}

build();
const remark = bin('remark-cli/cli.js');
const markdownlint = bin('markdownlint-cli2/markdownlint-cli2-bin.mjs');

// For context, not a goal: remark-cli parsing GitHub's tables too, as the preset must for its schemas.
const withTables = ['--use', 'remark-gfm'];
const own = compare('docs/operations/ (this repository, its .remarkrc.js)', [
  { name: 'docs-lint', argv: [docsLint], cwd: root },
  // The preset alone: without the repository's schemas, traceability map and proof step ids.
  { name: 'docs-lint --no-config', argv: [docsLint, '--no-config'], cwd: root },
  { name: 'remark-cli + remark-preset-lint-recommended', argv: [remark, '--no-config', '--use', 'remark-preset-lint-recommended', '--no-stdout', '--quiet', 'docs/operations'], cwd: root },
  { name: 'remark-cli + recommended + remark-gfm', argv: [remark, '--no-config', '--use', 'remark-preset-lint-recommended', ...withTables, '--no-stdout', '--quiet', 'docs/operations'], cwd: root },
], smallRounds);
const dir = corpus();
const generated = compare('generated corpus: 1,005 operations documents', [
  // The corpus lies inside this repository, so docs-lint finds its .remarkrc.js: the postmortems are checked against its schemas.
  { name: 'docs-lint', argv: [docsLint, '--quiet'], cwd: dir },
  { name: 'docs-lint --no-config', argv: [docsLint, '--quiet', '--no-config'], cwd: dir },
  // Every document parsed on the main thread, as on a machine with one core.
  { name: 'docs-lint, one thread', argv: [docsLint, '--quiet'], cwd: dir, env: { BOOKIJI_OPERATIONS_PARSE_THREAD: '0' } },
  { name: 'remark-cli + remark-preset-lint-recommended', argv: [remark, '--no-config', '--use', 'remark-preset-lint-recommended', '--no-stdout', '--quiet', 'docs/operations'], cwd: dir },
  { name: 'remark-cli + recommended + remark-gfm', argv: [remark, '--no-config', '--use', 'remark-preset-lint-recommended', ...withTables, '--no-stdout', '--quiet', 'docs/operations'], cwd: dir },
  { name: 'markdownlint-cli2 0.22', argv: [markdownlint, 'docs/operations/**/*.md'], cwd: dir },
], rounds);

const ratio = (medians: Map<string, number>, peer: string, own = 'docs-lint') => (medians.get(own)! / medians.get(peer)!).toFixed(2);
console.log('\nratios (docs-lint / peer; below 1.00 is faster)');
console.log(`  docs/operations vs remark-cli recommended : ${ratio(own, 'remark-cli + remark-preset-lint-recommended')}x`);
console.log(`  same, preset only (--no-config)           : ${ratio(own, 'remark-cli + remark-preset-lint-recommended', 'docs-lint --no-config')}x`);
console.log(`  same, against remark-cli with remark-gfm  : ${ratio(own, 'remark-cli + recommended + remark-gfm')}x`);
console.log(`  corpus vs remark-cli recommended          : ${ratio(generated, 'remark-cli + remark-preset-lint-recommended')}x`);
console.log(`  same, preset only (--no-config)           : ${ratio(generated, 'remark-cli + remark-preset-lint-recommended', 'docs-lint --no-config')}x`);
console.log(`  same, on one thread                       : ${ratio(generated, 'remark-cli + remark-preset-lint-recommended', 'docs-lint, one thread')}x`);
console.log(`  same, against remark-cli with remark-gfm  : ${ratio(generated, 'remark-cli + recommended + remark-gfm')}x`);
console.log(`  corpus vs markdownlint-cli2               : ${ratio(generated, 'markdownlint-cli2 0.22')}x`);
console.log(`  same, preset only (--no-config)           : ${ratio(generated, 'markdownlint-cli2 0.22', 'docs-lint --no-config')}x`);
