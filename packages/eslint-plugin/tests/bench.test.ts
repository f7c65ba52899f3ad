// `npx pnpm bench` (bench/run-all.ts) and the plugin's benchmark stop with
// everything they started when they are told to: nothing is left running
// after Ctrl-C or SIGTERM.
import { execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from './helpers.js';

const repository = resolve(packageRoot, '../..');

interface Process {
  readonly pid: number;
  readonly ppid: number;
  readonly args: string;
}

/** The running processes; a zombie (ended, not yet reaped by whoever adopted it) runs nothing and is left out. */
function processes(): Process[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && !(match[3] ?? '').startsWith('Z'))
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[4] ?? '' }));
}

/** `pid` and every process below it. */
function tree(pid: number): Process[] {
  const all = processes();
  const found: Process[] = [];
  const visit = (parent: number) => {
    for (const entry of all) {
      if (entry.ppid === parent) {
        found.push(entry);
        visit(entry.pid);
      }
    }
  };
  visit(pid);
  return found;
}

async function stopsEverything(signal: 'SIGTERM' | 'SIGINT'): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run-all.ts', 'eslint-plugin'], { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BENCH_ROUNDS: '1' } });
  let output = '';
  // A lint of the first round is in flight once a round has started: wait for the trees to be written.
  await new Promise<void>((started, failed) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Generated ')) setTimeout(started, 1_500);
    });
    child.on('exit', () => failed(new Error(`the benchmark ended before it started linting:\n${output}`)));
  });
  const started = tree(child.pid as number);
  expect(started.some((entry) => entry.args.includes('lint-run.mjs'))).toBe(true);
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  child.kill(signal);
  expect(await exited).toBe(signal === 'SIGTERM' ? 143 : 130);
  // The group is killed at once; give the kernel a moment to reap it.
  await new Promise((wait) => setTimeout(wait, 1_000));
  const alive = new Set(processes().map((entry) => entry.pid));
  expect(started.filter((entry) => alive.has(entry.pid)).map((entry) => entry.args)).toEqual([]);
}

describe('npx pnpm bench', () => {
  it('leaves no process behind on SIGTERM', () => stopsEverything('SIGTERM'), 240_000);
  it('leaves no process behind on SIGINT (Ctrl-C)', () => stopsEverything('SIGINT'), 240_000);
});
