import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProofStatement } from '../src/index.js';
import { configSource, makeRepo, node, printed, runCli, SLOW_TEST_TIMEOUT } from './helpers.js';

const quick = configSource(
  [
    { id: 'clean-tree', command: ['git', 'status', '--porcelain=v1', '--untracked-files=all'], output: 'empty', precondition: true },
    { id: 'greet', command: node('console.log("hello from", process.env.TZ, process.env.LC_ALL, process.env.SOURCE_DATE_EPOCH, process.env.NO_COLOR, process.env.SECRET ?? "no-secret")') },
    { id: 'count', command: node('for (let i = 0; i < 3; i++) console.log(i)') },
  ],
  [['greet', 'count']],
);

function readReport(repo: { root: string }, report: string): ProofStatement {
  return JSON.parse(readFileSync(join(repo.root, report), 'utf8')) as ProofStatement;
}

describe('a proof run, as a person runs it', { timeout: SLOW_TEST_TIMEOUT }, () => {
  const repo = makeRepo(quick);

  it('passes with exit code 0, writes a report verify accepts, and gives the same digest twice', async () => {
    const first = await runCli(repo, [], { env: { SECRET: 'leak' } });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^PASS {2}all 3 steps passed/m);
    const one = printed(first.stdout);

    const statement = readReport(repo, one.report);
    expect(statement.subject[0]?.digest.gitCommit).toBe(repo.git('rev-parse', 'HEAD'));
    expect(statement.predicate.bookijiProof.steps.map((step) => [step.id, step.result, step.exitCode])).toEqual([
      ['clean-tree', 'PASSED', 0],
      ['greet', 'PASSED', 0],
      ['count', 'PASSED', 0],
    ]);
    expect(statement.predicate.bookijiRun.operator).toEqual({ name: 'Ada Operator', email: 'ada@example.com' });

    // The step saw the controlled environment, not the operator's.
    const log = readFileSync(join(repo.root, one.report, '..', '02-greet.log'), 'utf8');
    expect(log).toBe(`hello from UTC C ${Date.parse('2025-01-02T03:04:05Z') / 1000} 1 no-secret\n`);

    const second = await runCli(repo, []);
    expect(second.code).toBe(0);
    const two = printed(second.stdout);
    expect(two.report).not.toBe(one.report);
    expect(two.digest).toBe(one.digest);
    expect(readReport(repo, two.report).predicate.bookijiDigests.deterministic).toBe(one.digest);

    const verified = await runCli(repo, ['verify', two.report]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain("integrity: OK — the report is intact, and its commit, tree, lockfile and configuration are HEAD's\nverdict: PASS\n");
    expect(verified.stdout).toContain('signature: none (the report is unsigned');
  });

  it('fails verify, naming the field, once HEAD moves on', async () => {
    const run = await runCli(repo, ['--only', 'greet']);
    const { report } = printed(run.stdout);
    repo.write('notes.txt', 'later\n');
    repo.commit('A later commit');
    const verified = await runCli(repo, ['verify', report]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('Unexpected `subject[0].digest.gitCommit`');
    expect(verified.stdout).toContain('Unexpected `predicate.bookijiProof.inputs.tree`');
  });

  it('stops at once when the clean-tree precondition finds a dirty tree: exit code 1, the files named, the other steps not run', async () => {
    repo.write('notes.md', 'as committed\n');
    repo.commit('Notes');
    repo.write('notes.md', 'edited\n');
    repo.write('scratch/untracked.txt', 'x\n');
    try {
      const run = await runCli(repo, []);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/\[1\/3\] clean-tree +FAIL .*unexpected output, expected none\n\[1\/3\] clean-tree +stop {3}precondition `clean-tree` failed: 2 steps not run \(greet, count\)\n/);
      expect(run.stdout).not.toContain('greet start');
      expect(run.stdout).toContain(' M notes.md');
      expect(run.stdout).toContain('?? scratch/untracked.txt');
      expect(run.stdout).toMatch(/^FAIL {2}1 of 1 step failed: clean-tree; precondition clean-tree stopped the run: 2 steps not run \(greet, count\)/m);
      const { report } = printed(run.stdout);
      const statement = readReport(repo, report);
      expect(statement.predicate.bookijiProof.verdict).toBe('FAIL');
      expect(statement.predicate.bookijiProof.steps.map((step) => [step.id, step.precondition, step.result, step.reason])).toEqual([
        ['clean-tree', true, 'FAILED', 'output'],
        ['greet', false, 'NOT_RUN', 'precondition-failed'],
        ['count', false, 'NOT_RUN', 'precondition-failed'],
      ]);
      expect(readdirSync(join(repo.root, report, '..')).sort()).toEqual(['01-clean-tree.log', 'report.json']);
      // The report of a stopped run verifies: it says truthfully that the proof failed.
      const verified = await runCli(repo, ['verify', report]);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toContain('integrity: OK — ');
      expect(verified.stdout).toContain('\nverdict: FAIL\n');
    } finally {
      repo.git('checkout', '--', 'notes.md');
      repo.git('clean', '-fdq', 'scratch');
    }
  });

  it('runs one step with --only and never calls that a pass', async () => {
    const run = await runCli(repo, ['--only', 'count']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^INCOMPLETE {2}1 of 3 steps ran \(--only\): a partial run never proves a release/m);
    const statement = readReport(repo, printed(run.stdout).report);
    expect(statement.predicate.result).toBe('FAILED');
    expect(statement.predicate.bookijiProof.complete).toBe(false);
    expect(statement.predicate.bookijiProof.steps.map((step) => [step.result, step.reason])).toEqual([
      ['NOT_RUN', 'not-selected'],
      ['NOT_RUN', 'not-selected'],
      ['PASSED', null],
    ]);
  });

  it('rejects an unknown step id with exit code 2', async () => {
    const run = await runCli(repo, ['--only', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('bookiji-proof: Unexpected unknown step `nope`, expected one of clean-tree, greet, count\n');
  });

  it('lists the steps with --list and runs nothing', async () => {
    const before = readdirSync(join(repo.root, 'reports')).length;
    const run = await runCli(repo, ['--list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1. clean-tree: Step clean-tree\n');
    expect(run.stdout).toContain('may run alongside count');
    expect(run.stdout).toContain('   passes on: exit code 0 and no output; timeout 600s; a precondition: its failure stops the run\n');
    expect(readdirSync(join(repo.root, 'reports')).length).toBe(before);
  });

  it('checks the configuration again once it changes after passing', async () => {
    const source = readFileSync(join(repo.root, 'proof.config.ts'), 'utf8');
    repo.write('proof.config.ts', source.replace('"timeoutSeconds": 600', '"timeoutSeconds": true'));
    try {
      const run = await runCli(repo, ['--list']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("Type 'boolean' is not assignable to type 'number'");
    } finally {
      repo.write('proof.config.ts', source);
    }
    expect((await runCli(repo, ['--list'])).code).toBe(0);
  });

  it('rejects an unknown option with exit code 2', async () => {
    const run = await runCli(repo, ['--fast']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("bookiji-proof: Unknown option '--fast'");
  });
});

describe('a failing step', { timeout: SLOW_TEST_TIMEOUT }, () => {
  // One run serves each test below: a new repository costs a cold type check of its configuration.
  // `slow` finishes only once `fast` is gone, reaped by the runner, however long each takes to start on a busy machine.
  const fastPid = join(realpathSync(mkdtempSync(join(tmpdir(), 'bookiji-proof-fast-'))), 'pid');
  const waitForFast = [
    'const fs = require("fs");',
    `const pid = () => { try { return Number(fs.readFileSync(${JSON.stringify(fastPid)}, "utf8")) || null; } catch { return null; } };`,
    'const gone = (id) => { try { process.kill(id, 0); return false; } catch (error) { return error.code === "ESRCH"; } };',
    'const wait = () => (pid() !== null && gone(pid()) ? console.log("slow") : setTimeout(wait, 20));',
    'wait();',
  ].join(' ');
  const repo = makeRepo(
    configSource(
      [
        { id: 'noisy', command: node('for (let i = 1; i <= 100; i++) console.log("line " + i); console.error("the cause"); process.exit(4)') },
        { id: 'slow', command: node(waitForFast) },
        { id: 'fast', command: node(`require("fs").writeFileSync(${JSON.stringify(fastPid)}, String(process.pid)); console.log("fast")`) },
      ],
      [['slow', 'fast']],
    ),
  );
  let run: Awaited<ReturnType<typeof runCli>>;
  let statement: ProofStatement;
  beforeAll(async () => {
    run = await runCli(repo, []);
    statement = readReport(repo, printed(run.stdout).report);
  }, SLOW_TEST_TIMEOUT);

  it("fails with exit code 1 and shows the failing step's output tail at the end, running the steps after it", () => {
    expect(run.code).toBe(1);
    const tail = run.stdout.slice(run.stdout.indexOf('--- noisy: exit code 4'));
    expect(tail).toContain('line 100\nthe cause\n');
    expect(tail).not.toContain('line 60\n');
    expect(run.stdout).toMatch(/^FAIL {2}1 of 3 steps failed: noisy {2}\(/m);
    expect(statement.predicate.failedTests).toEqual(['noisy']);
    expect(statement.predicate.passedTests).toEqual(['slow', 'fast']);
    expect(statement.predicate.bookijiProof.steps[0]).toMatchObject({ result: 'FAILED', exitCode: 4, reason: 'exit-code' });
  });

  it('keeps the declared order in the report when parallel steps finish out of order', () => {
    const fast = run.stdout.search(/\] fast +PASS/);
    expect(fast).toBeGreaterThan(0);
    expect(fast).toBeLessThan(run.stdout.search(/\] slow +PASS/));
    expect(statement.predicate.bookijiProof.steps.map((step) => step.id)).toEqual(['noisy', 'slow', 'fast']);
  });
});

describe('refusals before anything runs', { timeout: SLOW_TEST_TIMEOUT }, () => {
  it('refuses a configuration that does not type-check with exit code 2, naming the line', async () => {
    const source = configSource([{ id: 'one', command: node('0') }]).replace('"timeoutSeconds": 600', '"timeoutSeconds": "600"');
    const repo = makeRepo(source);
    const run = await runCli(repo, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^proof\.config\.ts:\d+:\d+: TS\d+ .*Type 'string' is not assignable to type 'number'/m);
    expect(run.stderr).toMatch(/bookiji-proof: the configuration has 1 problem; nothing ran\n$/);
    expect(run.stdout).toBe('');
  });

  // One repository, put right between the two: the configuration is type-checked once.
  const repo = makeRepo(configSource([{ id: 'first', command: node('0') }, { id: 'ghost', command: ['bookiji-no-such-program', '--x'] }]), { '.gitignore': 'node_modules/\n' });

  it('refuses a repository whose reports folder git does not ignore', async () => {
    const run = await runCli(repo, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unexpected reports/ folder that git does not ignore');
  });

  it('refuses a missing program with exit code 2 before running anything', async () => {
    repo.write('.gitignore', '/reports/\nnode_modules/\n');
    repo.commit('Ignore the reports');
    const run = await runCli(repo, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("bookiji-proof: step `ghost`: Unexpected missing program `bookiji-no-such-program`, expected it on the steps' PATH");
    expect(run.stdout).toBe('');
  });
});

describe('a repository without node_modules', { timeout: SLOW_TEST_TIMEOUT }, () => {
  it('leaves the tree clean for its own first step', async () => {
    const repo = makeRepo(configSource([{ id: 'clean-tree', command: ['git', 'status', '--porcelain=v1', '--untracked-files=all'], output: 'empty' }]), { '.gitignore': '/reports/\n' });
    for (const attempt of [1, 2]) {
      const run = await runCli(repo, []);
      expect([attempt, run.code, run.stdout]).toEqual([attempt, 0, expect.stringMatching(/^PASS {2}the 1 step passed/m)]);
    }
    expect(existsSync(join(repo.root, 'node_modules'))).toBe(false);
  });
});
