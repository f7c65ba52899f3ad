// Measures what @bookiji/eslint-plugin adds to lint time, side by side in one run:
//  1. a seeded 2,000-file TypeScript tree linted with typescript-eslint's recommended config alone and with the plugin's recommended config added;
//  2. the same tree with eslint-plugin-boundaries configured for the same layers, on top of typescript-eslint;
//  3. one long-lived process, as the editor runs it: the plugin's added time per file after the first.
// Run: npx tsx bench/eslint-plugin.ts   (build the plugin first: it is loaded from dist, as the repository's config loads it)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateTree } from './eslint-plugin/generate.js';

type Variant = 'typescript-eslint' | 'with-bookiji' | 'with-boundaries';
const variants: readonly Variant[] = ['typescript-eslint', 'with-bookiji', 'with-boundaries'];

const repository = resolve(import.meta.dirname, '..');
const root = join(repository, 'bench/.work/eslint-plugin');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const editorFiles = Number(process.env.BENCH_EDITOR_FILES ?? 101);

if (!existsSync(join(repository, 'packages/eslint-plugin/dist/index.js'))) {
  process.stderr.write('bench/eslint-plugin.ts: build the plugin first: TURBO_TELEMETRY_DISABLED=1 npx turbo run build --filter=@bookiji/eslint-plugin\n');
  process.exit(2);
}

const tree = generateTree(root, join(repository, 'docs/operations/OPERATIONAL_LAYERS.md'));
process.stdout.write(`Generated ${tree.files.length} files under ${root} (seeded; ${tree.upwardImports} imports from a higher layer).\n`);

function runChild(script: string, args: readonly string[]): string {
  // Plain node, no TypeScript loader: the plugin runs from dist, as `eslint` runs it.
  return execFileSync(process.execPath, [join(repository, 'bench/eslint-plugin', script), ...args], { cwd: repository, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

// Interleaved rounds, each lint in a fresh process, so drift on a shared machine hits every variant alike.
interface Run {
  readonly ms: number;
  readonly cpuMs: number;
  readonly parseMs: number;
  readonly ruleMs: Record<string, number>;
  readonly problems: Record<string, number>;
}
const runs: Record<Variant, Run[]> = { 'typescript-eslint': [], 'with-bookiji': [], 'with-boundaries': [] };
for (let round = 0; round < rounds; round += 1) {
  for (const variant of variants) runs[variant].push(JSON.parse(runChild('lint-run.mjs', [variant, root])) as Run);
  process.stdout.write(`round ${round + 1}/${rounds}: ${variants.map((variant) => `${variant} ${((runs[variant].at(-1) as Run).ms / 1000).toFixed(2)} s wall, ${((runs[variant].at(-1) as Run).cpuMs / 1000).toFixed(2)} s CPU`).join('; ')}\n`);
}

const best = (variant: Variant, key: 'ms' | 'cpuMs') => Math.min(...runs[variant].map((run) => run[key]));
const mid = (variant: Variant, key: 'ms' | 'cpuMs') => median(runs[variant].map((run) => run[key]));
const count = (variant: Variant, prefix: string) => Object.entries(runs[variant][0]?.problems ?? {}).filter(([rule]) => rule.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);
const s = (value: number) => `${(value / 1000).toFixed(2)} s`;
const pct = (value: number, of: number) => `${value >= 0 ? '+' : ''}${((value / of) * 100).toFixed(1)}%`;

function table(label: string, pick: (variant: Variant, key: 'ms' | 'cpuMs') => number): string[] {
  const lines = [label];
  for (const key of ['ms', 'cpuMs'] as const) {
    const base = pick('typescript-eslint', key);
    const plugin = pick('with-bookiji', key) - base;
    const boundaries = pick('with-boundaries', key) - base;
    lines.push(
      `  ${key === 'ms' ? 'wall' : 'CPU '}  typescript-eslint ${s(base)} | + @bookiji/eslint-plugin ${s(base + plugin)} (${pct(plugin, base)}) | + eslint-plugin-boundaries ${s(base + boundaries)} (${pct(boundaries, base)}) | added, plugin vs boundaries: ${s(plugin)} vs ${s(boundaries)}`,
    );
  }
  return lines;
}

/**
 * The rules' own time from ESLint's stats (create and listeners, what TIMING=all
 * measures), as a share of the time ESLint spent parsing and running rules in
 * the same process: a ratio taken within one run, so load from other work on
 * the machine inflates both sides alike. Median over the runs.
 */
function ruleShare(): string[] {
  const share = (variant: Variant, prefix: string) =>
    median(
      runs[variant].map((run) => {
        const all = Object.values(run.ruleMs).reduce((sum, ms) => sum + ms, run.parseMs);
        const own = Object.entries(run.ruleMs).filter(([rule]) => rule.startsWith(prefix)).reduce((sum, [, ms]) => sum + ms, 0);
        return { own, all, ratio: own / all };
      }).map((entry) => entry.ratio),
    );
  const seconds = (variant: Variant, prefix: string) =>
    median(runs[variant].map((run) => Object.entries(run.ruleMs).filter(([rule]) => rule.startsWith(prefix)).reduce((sum, [, ms]) => sum + ms, 0)));
  return [
    ` time in the plugins' rules (ESLint stats; share of parse + all rules in the same run, median):`,
    `  @bookiji/eslint-plugin rules     ${s(seconds('with-bookiji', '@bookiji/'))}  ${(share('with-bookiji', '@bookiji/') * 100).toFixed(1)}%`,
    `  eslint-plugin-boundaries rules   ${s(seconds('with-boundaries', 'boundaries/'))}  ${(share('with-boundaries', 'boundaries/') * 100).toFixed(1)}%`,
  ];
}

// The editor's path: per-file time with and without the plugin, after the first file.
const sample = tree.files.filter((_, index) => index % Math.floor(tree.files.length / editorFiles) === 0).slice(0, editorFiles);
interface Lint {
  readonly wall: number;
  readonly cpu: number;
}
const editorRun = JSON.parse(runChild('editor-run.mjs', [root, ...sample])) as { cold: { without: Lint; with: Lint }; times: { without: Lint; with: Lint }[] };
const afterFirst = editorRun.times.slice(1);
const added = (key: 'wall' | 'cpu') => afterFirst.map((time) => time.with[key] - time.without[key]);
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

process.stdout.write(
  [
    '',
    `Lint of ${tree.files.length} files, ${rounds} fresh-process runs of each config (limit: the plugin adds at most 5%, and less than boundaries):`,
    ...table(' best run', best),
    ...table(' median run', mid),
    ...ruleShare(),
    `  reports of upward imports: @bookiji/layer-boundaries ${count('with-bookiji', '@bookiji/layer-boundaries')}, boundaries/dependencies ${count('with-boundaries', 'boundaries/')}`,
    '',
    `Editor path, one long-lived process, a new ESLint instance per lintText, ${afterFirst.length} files after the first (fastest of 5 lints each; limit 1 ms):`,
    `  typescript-eslint alone, median per file  ${median(afterFirst.map((time) => time.without.wall)).toFixed(2)} ms wall, ${median(afterFirst.map((time) => time.without.cpu)).toFixed(2)} ms CPU`,
    `  with the plugin, median per file          ${median(afterFirst.map((time) => time.with.wall)).toFixed(2)} ms wall, ${median(afterFirst.map((time) => time.with.cpu)).toFixed(2)} ms CPU`,
    `  plugin's added time per file              median ${median(added('wall')).toFixed(3)} ms wall (mean ${mean(added('wall')).toFixed(3)}), median ${median(added('cpu')).toFixed(3)} ms CPU (mean ${mean(added('cpu')).toFixed(3)})`,
    `  first lint (cold: contract parse, settings compile, glob check)  ${editorRun.cold.without.wall.toFixed(2)} ms alone, ${editorRun.cold.with.wall.toFixed(2)} ms with the plugin`,
    '',
  ].join('\n'),
);
