/**
 * docs-lint against a fair peer, process start to exit, side by side in one run:
 * remark-cli with remark-gfm (GitHub's tables, which the preset parses too) and
 * remark-preset-lint-recommended, on the same files, for three workloads:
 *  1. docs/operations/, docs-lint with the repository's .remarkrc.js;
 *  2. a generated corpus of 1,000 operations-style documents;
 *  3. an outside team's handbook adopted as it is (the Acme fixture, with its own .remarkrc.mjs).
 * Runs alternate between the two tools round by round and the median of each is
 * compared; the goal is a ratio of at most 1.00 on both.
 * Run: npx pnpm bench docs-lint   (BENCH_ROUNDS=5 by default; docs/operations gets three times as many)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'bench', '.work', 'docs-lint');
const bin = (path: string) => join(root, 'node_modules', path);
const docsLint = join(root, 'packages', 'remark-preset-operations', 'bin', 'docs-lint.js');
const remark = bin('remark-cli/cli.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
// A run on docs/operations takes under a second, and its time moves by a tenth from one run to the next
// on a shared machine: three times as many runs give a steadier median at little cost.
const smallRounds = rounds * 3;

/** The built CLI, and what the repository's .remarkrc.js imports (the proof's step ids): a fresh clone has no dist/. */
function build(): void {
  const filters = ['@bookiji/remark-preset-operations...', '@bookiji/proof...'].map((name) => `--filter=${name}`);
  const result = spawnSync(process.execPath, [bin('turbo/bin/turbo'), 'run', 'build', ...filters, '--output-logs=errors-only'], {
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
}

function time(tool: Tool): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, tool.argv, { cwd: tool.cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status === null || result.status > 1) {
    throw new Error(`${tool.name} failed (exit ${result.status}): ${result.stderr.toString().slice(0, 500)}`);
  }
  return elapsed;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The two tools' medians over `rounds` interleaved rounds, and their ratio. */
function compare(title: string, own: Tool, peer: Tool, rounds: number): number {
  const samples = new Map([own, peer].map((tool) => [tool, [] as number[]]));
  for (const tool of samples.keys()) time(tool); // warm the file system cache
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [own, peer] : [peer, own];
    for (const tool of order) samples.get(tool)!.push(time(tool));
  }
  console.log(`\n${title} (median of ${rounds} runs, process start to exit)`);
  for (const [tool, values] of samples) console.log(`  ${tool.name.padEnd(60)} ${median(values).toFixed(0).padStart(6)} ms`);
  return median(samples.get(own)!) / median(samples.get(peer)!);
}

build();
const peer = (cwd: string): Tool => ({
  name: 'remark-cli + remark-gfm + remark-preset-lint-recommended',
  argv: [remark, '--no-config', '--use', 'remark-gfm', '--use', 'remark-preset-lint-recommended', '--no-stdout', '--quiet', 'docs/operations'],
  cwd,
});
const operations = compare('docs/operations/ (this repository; docs-lint with its .remarkrc.js)', { name: 'docs-lint', argv: [docsLint, '--quiet'], cwd: root }, peer(root), smallRounds);
const dir = corpus();
// The corpus lies inside this repository, so docs-lint finds its .remarkrc.js: the postmortems are checked against its schemas.
const generated = compare('generated corpus: 1,005 operations documents', { name: 'docs-lint', argv: [docsLint, '--quiet'], cwd: dir }, peer(dir), rounds);

const acme = join(root, 'packages', 'remark-preset-operations', 'fixtures', 'acme-handbook');
const handbook = compare(
  'Acme handbook: 40 pages of an outside team, docs-lint with its .remarkrc.mjs',
  { name: 'docs-lint', argv: [docsLint, '--quiet', 'docs'], cwd: acme },
  { ...peer(acme), argv: [...peer(acme).argv.slice(0, -1), 'docs'] },
  smallRounds,
);

console.log('\nratios (docs-lint / remark-cli + remark-gfm + remark-preset-lint-recommended; the goal is at most 1.00)');
console.log(`  docs/operations  ${operations.toFixed(2)}x`);
console.log(`  corpus           ${generated.toFixed(2)}x`);
console.log(`  Acme handbook    ${handbook.toFixed(2)}x`);
