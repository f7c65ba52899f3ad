// Measures the proof runner's wall time against a plain shell script running the same commands one after another,
// side by side in one run: the runner with every step serial, and with the independent steps in one parallel set.
// The commands are real but quick (git, the TypeScript compiler, node's test runner, ESLint, a digest) on a
// generated repository under bench/.work/proof.
// Run: npx tsx bench/proof.ts   (BENCH_ROUNDS=3 by default)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const repository = resolve(import.meta.dirname, '..');
const work = join(repository, 'bench/.work/proof');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const require = createRequire(join(repository, 'package.json'));
const tsc = require.resolve('typescript/bin/tsc');
const eslint = join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
const tsxLoader = import.meta.resolve('tsx');
const cli = join(repository, 'tools/proof/src/cli.ts');

// A person's shell: no CI variable (the runner refuses under CI), nothing else that changes what the steps do.
const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? work, LANG: 'C.UTF-8' };

const steps: { id: string; command: string[] }[] = [
  { id: 'clean-tree', command: ['git', 'status', '--porcelain=v1', '--untracked-files=all'] },
  { id: 'typecheck', command: [process.execPath, tsc, '--noEmit', '-p', 'tsconfig.json'] },
  { id: 'test', command: [process.execPath, '--test', 'tests/'] },
  { id: 'lint', command: [process.execPath, eslint, '--max-warnings', '0', 'lib/'] },
  { id: 'fsck', command: ['git', 'fsck', '--full', '--strict'] },
  { id: 'digest', command: [process.execPath, '-e', "const h=require('crypto').createHash('sha256');const b=Buffer.alloc(1<<20,7);for(let i=0;i<2048;i++)h.update(b);console.log(h.digest('hex'))"] },
];

function write(path: string, content: string): void {
  mkdirSync(dirname(join(work, path)), { recursive: true });
  writeFileSync(join(work, path), content);
}

function git(...args: string[]): void {
  const result = spawnSync('git', args, { cwd: work, env: { ...env, GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z' } });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.toString()}`);
}

function config(parallel: boolean): string {
  const body = {
    steps: steps.map((step) => ({ id: step.id, title: step.id, command: step.command, timeoutSeconds: 300, pass: step.id === 'clean-tree' ? { exitCode: 0, output: 'empty' } : { exitCode: 0 } })),
    ...(parallel ? { parallel: [steps.slice(1).map((step) => step.id)] } : {}),
    environment: { allow: ['PATH', 'HOME'] },
  };
  return `import type { ProofConfig } from ${JSON.stringify(join(repository, 'tools/proof/src/config.js'))};\n\nexport default ${JSON.stringify(body, null, 2)} satisfies ProofConfig;\n`;
}

/** A small but real project: typed modules, node:test tests, plain JavaScript for ESLint. */
function generate(): void {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  write('.gitignore', '/reports/\nnode_modules/\n');
  write('package.json', `${JSON.stringify({ name: 'proof-bench', private: true, type: 'module' }, null, 2)}\n`);
  write('tsconfig.json', `${JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'], types: [], noEmit: true }, include: ['src'] }, null, 2)}\n`);
  write('eslint.config.js', "export default [{ files: ['**/*.js'], rules: { 'no-unused-vars': 'error', 'no-undef': 'off', eqeqeq: 'error', 'prefer-const': 'error', 'no-var': 'error' } }];\n");
  for (let i = 0; i < 400; i += 1) {
    const previous = i === 0 ? '' : `import { value${i - 1}, type Shape${i - 1} } from './module${i - 1}.js';\n`;
    write(
      `src/module${i}.ts`,
      `${previous}export interface Shape${i} { readonly id: number; readonly name: string; readonly tags: readonly string[]${i === 0 ? '' : `; readonly parent: Shape${i - 1}`} }\n` +
        `export const value${i}: Shape${i} = { id: ${i}, name: 'n${i}', tags: ['a', 'b']${i === 0 ? '' : `, parent: value${i - 1}`} };\n` +
        `export function describe${i}(shape: Shape${i}): string { return [shape.name, ...shape.tags].map((part) => part.toUpperCase()).join('-'); }\n`,
    );
    write(`lib/file${i}.js`, `export function f${i}(items) {\n  const out = [];\n  for (const item of items) {\n    if (item === ${i}) out.push(item * 2);\n  }\n  return out;\n}\n`);
  }
  for (let i = 0; i < 10; i += 1) {
    write(
      `tests/t${i}.test.mjs`,
      "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n" +
        `test('sorts ${i}', () => { const values = Array.from({ length: 600000 }, (_, k) => (k * 7919 + ${i}) % 100003); values.sort((a, b) => a - b); assert.ok(values[0] <= values[1]); });\n`,
    );
  }
  write('proof.config.ts', config(false));
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench Operator');
  git('config', 'user.email', 'bench@example.com');
  git('add', '-A');
  git('commit', '-q', '-m', 'Benchmark repository');
}

function useConfig(parallel: boolean): void {
  write('proof.config.ts', config(parallel));
  git('commit', '-q', '-a', '-m', parallel ? 'Parallel configuration' : 'Serial configuration', '--allow-empty');
}

const quote = (part: string): string => `'${part.replace(/'/g, `'\\''`)}'`;
write('../proof-steps.sh', `#!/bin/sh\n# The same commands, one after another.\ncd ${quote(work)}\n${steps.map((step) => step.command.map(quote).join(' ')).join('\n')}\n`);

/** Wall time minus the time its steps ran, from the report the run wrote: what the runner itself costs. */
function ownMs(run: { ms: number; out: string }): number {
  const report = /^Report: (\S+)$/m.exec(run.out)?.[1];
  if (!report) throw new Error(`No report in the runner's output:\n${run.out}`);
  const statement = JSON.parse(readFileSync(join(work, report), 'utf8')) as { predicate: { bookijiRun: { steps: { durationMs: number | null }[] } } };
  return run.ms - statement.predicate.bookijiRun.steps.reduce((sum, step) => sum + (step.durationMs ?? 0), 0);
}

function timed(command: string, args: readonly string[]): Promise<{ ms: number; code: number | null; out: string }> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => done({ ms: performance.now() - started, code, out }));
  });
}

const runner = () => timed(process.execPath, ['--conditions=@bookiji/source', '--import', tsxLoader, cli]);
const shell = () => timed('sh', [join(work, '..', 'proof-steps.sh')]);
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

generate();
process.stdout.write(`Generated ${work}: ${steps.length} steps (${steps.map((step) => step.id).join(', ')}), ${availableParallelism()} cores, ${rounds} rounds.\n`);

// Warm-up: file caches, tsx's compile cache and the runner's type-check cache, for every variant alike.
for (const parallel of [false, true]) {
  useConfig(parallel);
  const warm = await runner();
  if (warm.code !== 0) {
    process.stderr.write(`The runner did not pass on the benchmark repository:\n${warm.out}\n`);
    process.exit(1);
  }
}
const warmShell = await shell();
if (warmShell.code !== 0) throw new Error(`The shell script failed:\n${warmShell.out}`);

// Interleaved rounds, so drift on a shared machine hits every variant alike.
const times = { shell: [] as number[], serial: [] as number[], parallel: [] as number[], own: [] as number[] };
for (let round = 0; round < rounds; round += 1) {
  times.shell.push((await shell()).ms);
  useConfig(false);
  const serial = await runner();
  times.serial.push(serial.ms);
  times.own.push(ownMs(serial));
  useConfig(true);
  times.parallel.push((await runner()).ms);
  process.stdout.write(`round ${round + 1}/${rounds}: shell ${(times.shell.at(-1)! / 1000).toFixed(2)} s, proof serial ${(times.serial.at(-1)! / 1000).toFixed(2)} s, proof parallel ${(times.parallel.at(-1)! / 1000).toFixed(2)} s\n`);
}

const shellMs = median(times.shell);
const serialMs = median(times.serial);
const parallelMs = median(times.parallel);
const rows = [
  ['plain shell script, serial', shellMs, 1],
  ['proof runner, serial', serialMs, serialMs / shellMs],
  ['proof runner, parallel', parallelMs, parallelMs / shellMs],
] as const;
process.stdout.write('\nmedian wall time                   seconds   ratio to the shell script\n');
for (const [name, ms, ratio] of rows) process.stdout.write(`${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)}   ${ratio.toFixed(3)}x\n`);
const ownOverhead = median(times.own);
process.stdout.write(`\nRunner overhead when serial, wall against wall: ${(((serialMs - shellMs) / shellMs) * 100).toFixed(1)}% (${((serialMs - shellMs) / 1000).toFixed(2)} s; includes the steps' own run-to-run variation).\n`);
process.stdout.write(`Runner's own time (its wall time minus its steps' durations: node and tsx start-up, configuration, git inputs, scheduling, report): ${(ownOverhead / 1000).toFixed(2)} s, ${((ownOverhead / shellMs) * 100).toFixed(1)}% of the shell script; goal under 3%.\n`);
process.stdout.write(`Parallel against the shell script: ${(shellMs / parallelMs).toFixed(2)}x as fast; goal faster than 1.00x.\n`);
