// Measures what @bookiji/eslint-plugin adds to lint time, side by side in one run, on two seeded trees:
//  1. "packages": 1,500 TypeScript files (BENCH_FILES) in four layered packages, linted with typescript-eslint's recommended config alone,
//     with the plugin's recommended config added, and with eslint-plugin-boundaries configured for the same layers;
//  2. "application": about 900 files shaped like a real scheduling application (a pnpm workspace with a Next.js-style app:
//     App Router routes, "use server" actions, `@/` and `~/` path aliases, a tsconfig that extends a shared config package,
//     workspace packages linked into node_modules), alone and with the plugin;
//  3. one long-lived process, as the editor runs it: the plugin's added time per file after the first.
// Each lint runs in a fresh process, as `eslint .` does. A run with a plugin and a run of typescript-eslint alone start together,
// one on each of the two cores, so both see the same machine: identical runs one after the other on a shared two-core machine
// differ by up to 15% in CPU time; two identical runs at once differed by 4% at most over five pairs. The run that ends first is followed by a filler run of its own
// variant until the other ends, so neither finishes alone on a quieter machine. Each pair gives the ratio of the two runs'
// CPU times, and the verdict is on the median of those ratios. The application tree is a quarter of the work of the layered
// one, so it gets more rounds. The timed runs go without ESLint's per-rule timing, which would cost the plugin's many listener
// calls most; one more run per tree with it gives the rules' own times.
// Run: npx pnpm bench eslint-plugin   (BENCH_ROUNDS=3 for the layered tree, BENCH_APP_ROUNDS=2×BENCH_ROUNDS+1, BENCH_FILES=1500,
// BENCH_EDITOR_FILES=31 by default; the plugin is built first, as a fresh clone has no dist/)
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { delimiter, join, resolve } from 'node:path';
import { generateTree } from './eslint-plugin/generate.js';
import { generateAppTree } from './eslint-plugin/generate-app.js';

type Variant = 'typescript-eslint' | 'with-bookiji' | 'with-boundaries';
type TreeName = 'packages' | 'app';

const repository = resolve(import.meta.dirname, '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const appRounds = Number(process.env.BENCH_APP_ROUNDS ?? rounds * 2 + 1);
const editorFiles = Number(process.env.BENCH_EDITOR_FILES ?? 31);
/** Sized so `npx pnpm bench` (every benchmark) ends within ten minutes on two cores with the default rounds. */
const packageFiles = Number(process.env.BENCH_FILES ?? 1500);
/** The plugin may add at most this much to typescript-eslint's recommended config alone. */
const limit = 0.05;

// Children are killed with this process: on Ctrl-C or SIGTERM, the lints in flight stop too, and nothing is left behind.
const children = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGTERM');
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const)[signal]);
  });
}

/** Starts a command, its output captured (or shown, with `inherit`); `done` rejects on a non-zero exit. */
function start(command: string, args: readonly string[], options: { inherit?: boolean } = {}): { readonly child: ChildProcess; readonly done: Promise<string> } {
  // turbo finds pnpm on the PATH, which a run outside `pnpm bench` may not have.
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', PATH: `${join(repository, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(command, args, { cwd: repository, stdio: ['ignore', options.inherit ? 'inherit' : 'pipe', 'inherit'], env });
  children.add(child);
  const done = new Promise<string>((resolveOutput, fail) => {
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (code === 0) resolveOutput(output);
      else fail(new Error(`${[command, ...args].join(' ')} ${signal === null ? `exited ${code}` : `was killed by ${signal}`}`));
    });
  });
  return { child, done };
}

/** Runs a command to its end; rejects on a non-zero exit. */
function run(command: string, args: readonly string[], options: { inherit?: boolean } = {}): Promise<string> {
  return start(command, args, options).done;
}

// The plugin runs from dist, as `eslint` runs it: build it (and what it needs) first; turbo's cache makes a second build free.
await run(process.execPath, [join(repository, 'node_modules/turbo/bin/turbo'), 'run', 'build', '--filter=@bookiji/eslint-plugin...', '--output-logs=errors-only'], { inherit: true });

const contract = join(repository, 'docs/operations/OPERATIONAL_LAYERS.md');
const packagesTree = generateTree(join(repository, 'bench/.work/eslint-plugin'), contract, packageFiles);
const appTree = generateAppTree(join(repository, 'bench/.work/eslint-plugin-app'), contract);
process.stdout.write(`Generated ${packagesTree.files.length} files under bench/.work/eslint-plugin (seeded; ${packagesTree.upwardImports} imports from a higher layer) and ${appTree.files.length} under bench/.work/eslint-plugin-app.\n`);

const trees: readonly { readonly name: TreeName; readonly title: string; readonly root: string; readonly rounds: number; readonly variants: readonly Variant[] }[] = [
  { name: 'packages', title: `Layered packages, ${packagesTree.files.length} files`, root: packagesTree.root, rounds, variants: ['typescript-eslint', 'with-bookiji', 'with-boundaries'] },
  { name: 'app', title: `Application, ${appTree.files.length} files`, root: appTree.root, rounds: appRounds, variants: ['typescript-eslint', 'with-bookiji'] },
];

interface Run {
  readonly ms: number;
  readonly cpuMs: number;
  readonly parseMs: number;
  readonly ruleMs: Record<string, number>;
  readonly problems: Record<string, number>;
}

const lintArgs = (tree: TreeName, variant: Variant, root: string, stats = false) => [join(repository, 'bench/eslint-plugin/lint-run.mjs'), variant, root, tree, ...(stats ? ['stats'] : [])];

/** One lint in a fresh process with plain node, no TypeScript loader: the plugin runs from dist. */
async function lint(tree: TreeName, variant: Variant, root: string, stats = false): Promise<Run> {
  return JSON.parse(await run(process.execPath, lintArgs(tree, variant, root, stats))) as Run;
}

/**
 * Two lints at once, `first` started first. Whichever ends first is followed
 * by a filler lint of its own variant, stopped when the other ends, so both
 * measured runs have the other core busy to their end.
 */
async function pair(tree: TreeName, first: Variant, second: Variant, root: string): Promise<[Run, Run]> {
  const runs = [start(process.execPath, lintArgs(tree, first, root)), start(process.execPath, lintArgs(tree, second, root))];
  let filler: ReturnType<typeof start> | null = null;
  const ended = runs.map((entry, at) =>
    entry.done.then((output) => {
      const other = runs[1 - at];
      if (filler === null && other !== undefined && other.child.exitCode === null) {
        filler = start(process.execPath, lintArgs(tree, at === 0 ? first : second, root));
        filler.done.catch(() => undefined);
      }
      return JSON.parse(output) as Run;
    }),
  );
  try {
    const [a, b] = await Promise.all(ended);
    return [a as Run, b as Run];
  } finally {
    (filler as ReturnType<typeof start> | null)?.child.kill('SIGTERM');
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pct = (ratio: number) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`;

/** The plugin runs, and the typescript-eslint run beside each of them, by tree and variant. */
const runs = new Map<string, Run[]>();
const baselines = new Map<string, Run[]>();
const key = (tree: TreeName, variant: Variant) => `${tree}\0${variant}`;
const allRounds = Math.max(...trees.map((tree) => tree.rounds));
for (let round = 0; round < allRounds; round += 1) {
  const line: string[] = [];
  for (const tree of trees) {
    if (round >= tree.rounds) continue;
    for (const variant of tree.variants) {
      if (variant === 'typescript-eslint') continue;
      // Which of the two starts first alternates from round to round.
      const [base, other] = round % 2 === 0 ? await pair(tree.name, 'typescript-eslint', variant, tree.root) : (await pair(tree.name, variant, 'typescript-eslint', tree.root)).reverse() as [Run, Run];
      runs.set(key(tree.name, variant), [...(runs.get(key(tree.name, variant)) ?? []), other]);
      baselines.set(key(tree.name, variant), [...(baselines.get(key(tree.name, variant)) ?? []), base]);
      line.push(`${tree.name}: typescript-eslint ${s(base.cpuMs)} CPU beside ${variant} ${s(other.cpuMs)} (${(other.cpuMs / base.cpuMs).toFixed(3)})`);
    }
  }
  process.stdout.write(`round ${round + 1}/${allRounds}: ${line.join('; ')}\n`);
}

// The rules' own times, from one more run of each plugin with ESLint's per-rule timing.
const ruleRuns = new Map<string, Run>();
for (const tree of trees) {
  for (const variant of tree.variants) if (variant !== 'typescript-eslint') ruleRuns.set(key(tree.name, variant), await lint(tree.name, variant, tree.root, true));
}

const all = (tree: TreeName, variant: Variant): Run[] =>
  variant === 'typescript-eslint' ? trees.find((entry) => entry.name === tree)?.variants.flatMap((other) => baselines.get(key(tree, other)) ?? []) ?? [] : (runs.get(key(tree, variant)) ?? []);
const mid = (tree: TreeName, variant: Variant, pick: 'ms' | 'cpuMs') => median(all(tree, variant).map((entry) => entry[pick]));
const ruleSeconds = (tree: TreeName, variant: Variant, prefix: string) =>
  Object.entries(ruleRuns.get(key(tree, variant))?.ruleMs ?? {}).filter(([rule]) => rule.startsWith(prefix)).reduce((sum, [, ms]) => sum + ms, 0);
const problems = (tree: TreeName, variant: Variant, prefix: string) =>
  Object.entries(ruleRuns.get(key(tree, variant))?.problems ?? {}).filter(([rule]) => rule.startsWith(prefix)).reduce((sum, [, count]) => sum + count, 0);

/** The median over pairs of a variant's time over the typescript-eslint run beside it. */
const pairedRatio = (tree: TreeName, variant: Variant, pick: 'ms' | 'cpuMs') => {
  const base = baselines.get(key(tree, variant)) ?? [];
  return median((runs.get(key(tree, variant)) ?? []).map((entry, round) => entry[pick] / (base[round]?.[pick] ?? Number.NaN)));
};
const ratios = (tree: TreeName, variant: Variant) => {
  const base = baselines.get(key(tree, variant)) ?? [];
  return (runs.get(key(tree, variant)) ?? []).map((entry, round) => (entry.cpuMs / (base[round]?.cpuMs ?? Number.NaN)).toFixed(3)).join(', ');
};
const spread = (tree: TreeName, pick: 'ms' | 'cpuMs') => {
  const values = all(tree, 'typescript-eslint').map((entry) => entry[pick]);
  return `${s(Math.min(...values))}–${s(Math.max(...values))}`;
};

const verdicts: boolean[] = [];
const report: string[] = ['', `Lint time, fresh-process runs in pairs started together (limit: the plugin adds at most ${limit * 100}% to typescript-eslint alone, judged on the median of the pairs' CPU ratios):`];
for (const tree of trees) {
  report.push(` ${tree.title}, ${tree.rounds} pairs per plugin (typescript-eslint alone ranged ${spread(tree.name, 'cpuMs')} CPU):`);
  for (const pick of ['ms', 'cpuMs'] as const) {
    const parts = tree.variants.filter((variant) => variant !== 'typescript-eslint').map((variant) => `${variant === 'with-bookiji' ? '+ @bookiji/eslint-plugin' : '+ eslint-plugin-boundaries'} ${s(mid(tree.name, variant, pick))}`);
    report.push(`  ${pick === 'ms' ? 'wall' : 'CPU '}  medians: typescript-eslint ${s(mid(tree.name, 'typescript-eslint', pick))} | ${parts.join(' | ')}`);
  }
  const cpuRatio = pairedRatio(tree.name, 'with-bookiji', 'cpuMs') - 1;
  const wallRatio = pairedRatio(tree.name, 'with-bookiji', 'ms') - 1;
  verdicts.push(cpuRatio <= limit);
  report.push(`  per pair, the plugin adds a median ${pct(cpuRatio)} CPU, ${pct(wallRatio)} wall (CPU ratios ${ratios(tree.name, 'with-bookiji')}): ${cpuRatio <= limit ? 'within' : 'OVER'} the ${limit * 100}% limit`);
  const ruleRun = ruleRuns.get(key(tree.name, 'with-bookiji'));
  const ruleNames = Object.keys(ruleRun?.ruleMs ?? {}).filter((rule) => rule.startsWith('@bookiji/'));
  const ruleShare = ruleSeconds(tree.name, 'with-bookiji', '@bookiji/') / (ruleRun?.cpuMs ?? Number.NaN);
  report.push(`  the plugin's rules (ESLint stats, one more run; ${(ruleShare * 100).toFixed(1)}% of that run's CPU): ${s(ruleSeconds(tree.name, 'with-bookiji', '@bookiji/'))} (${ruleNames.map((rule) => `${rule.slice('@bookiji/'.length)} ${s(ruleSeconds(tree.name, 'with-bookiji', rule))}`).join(', ')})`);
  report.push(`  reports: ${Object.entries(ruleRun?.problems ?? {}).filter(([rule]) => rule.startsWith('@bookiji/')).map(([rule, count]) => `${rule} ${count}`).join(', ') || 'none'}`);
  if (tree.variants.includes('with-boundaries')) {
    report.push(`  eslint-plugin-boundaries adds a median ${pct(pairedRatio(tree.name, 'with-boundaries', 'cpuMs') - 1)} CPU per pair; its rules: ${s(ruleSeconds(tree.name, 'with-boundaries', 'boundaries/'))}; upward imports reported: @bookiji/layer-boundaries ${problems(tree.name, 'with-bookiji', '@bookiji/layer-boundaries')}, boundaries ${problems(tree.name, 'with-boundaries', 'boundaries/')}`);
  }
}
process.stdout.write(`${report.join('\n')}\n`);

// The editor's path: per-file time with and without the plugin, after the first file.
const sample = packagesTree.files.filter((_, index) => index % Math.floor(packagesTree.files.length / editorFiles) === 0).slice(0, editorFiles);
interface Lint {
  readonly wall: number;
  readonly cpu: number;
}
const editorRun = JSON.parse(await run(process.execPath, [join(repository, 'bench/eslint-plugin/editor-run.mjs'), packagesTree.root, ...sample])) as { cold: { without: Lint; with: Lint }; times: { without: Lint; with: Lint }[] };
const afterFirst = editorRun.times.slice(1);
const added = (pick: 'wall' | 'cpu') => afterFirst.map((time) => time.with[pick] - time.without[pick]);
process.stdout.write(
  [
    '',
    `Editor path (layered packages), one long-lived process, a new ESLint instance per lintText, ${afterFirst.length} files after the first (fastest of 5 lints each):`,
    `  typescript-eslint alone, median per file  ${median(afterFirst.map((time) => time.without.wall)).toFixed(2)} ms wall, ${median(afterFirst.map((time) => time.without.cpu)).toFixed(2)} ms CPU`,
    `  with the plugin, median per file          ${median(afterFirst.map((time) => time.with.wall)).toFixed(2)} ms wall, ${median(afterFirst.map((time) => time.with.cpu)).toFixed(2)} ms CPU`,
    `  plugin's added time per file              median ${median(added('wall')).toFixed(3)} ms wall, median ${median(added('cpu')).toFixed(3)} ms CPU`,
    `  first lint (cold: contract parse, settings compile, glob check)  ${editorRun.cold.without.wall.toFixed(2)} ms alone, ${editorRun.cold.with.wall.toFixed(2)} ms with the plugin`,
    '',
  ].join('\n'),
);
process.exitCode = verdicts.every(Boolean) ? 0 : 1;
