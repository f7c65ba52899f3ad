import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ProofStatement } from '../src/index.js';
import { configSource, makeRepo, node, printed, runCli, SLOW_TEST_TIMEOUT } from './helpers.js';

/** A step that starts a child, which starts a grandchild; each writes its pid and then waits forever. */
function treeStep(pidDir: string): string[] {
  const grandchild = `require('fs').writeFileSync(${JSON.stringify(join(pidDir, 'grandchild.pid'))}, String(process.pid)); setInterval(() => {}, 1000);`;
  const child = `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'ignore' }); require('fs').writeFileSync(${JSON.stringify(join(pidDir, 'child.pid'))}, String(process.pid)); setInterval(() => {}, 1000);`;
  return node(`require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(child)}], { stdio: 'inherit' }); console.log('tree started'); setInterval(() => {}, 1000);`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed process may linger as a zombie until its new parent reaps it; it runs no code.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Polls until `condition` holds; the limit only stops a test that would hang, so it is far above any wait that ends. */
async function waitFor(condition: () => boolean, ms = 120_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('Timed out waiting');
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * The pid a member of the tree wrote, or null when there is none yet. A step
 * killed between creating the file and writing to it leaves it empty, and an
 * empty file must not read as pid 0: `process.kill(0, …)` signals the
 * caller's own process group, this test runner's.
 */
function pidIn(pidDir: string, name: string): number | null {
  const path = join(pidDir, name);
  if (!existsSync(path)) return null;
  const pid = Number(readFileSync(path, 'utf8'));
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** The pids the step's tree wrote: on a busy machine a timed-out step may be killed before its grandchild starts. */
function treePids(pidDir: string): number[] {
  return ['child.pid', 'grandchild.pid'].map((name) => pidIn(pidDir, name)).filter((pid) => pid !== null);
}

/** Leaves no process behind even when an assertion above failed. */
function reap(pidDir: string): void {
  for (const pid of treePids(pidDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
}

function report(root: string, stdout: string): ProofStatement {
  return JSON.parse(readFileSync(join(root, printed(stdout).report), 'utf8')) as ProofStatement;
}

describe('faults', { timeout: SLOW_TEST_TIMEOUT }, () => {
  it('kills a step that exceeds its timeout with its whole process tree, and fails it with reason timeout', async () => {
    const pidDir = mkdtempSync(join(tmpdir(), 'bookiji-proof-pids-'));
    const repo = makeRepo(configSource([{ id: 'hang', command: treeStep(pidDir), timeoutSeconds: 2 }, { id: 'after', command: node('console.log("still runs")') }]));
    onTestFinished(() => reap(pidDir));
    const run = await runCli(repo, []);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\[1\/2\] hang +FAIL .*timeout after 2s \(process group killed\)/);
    const statement = report(repo.root, run.stdout);
    expect(statement.predicate.bookijiProof.steps.map((step) => [step.id, step.result, step.reason, step.exitCode])).toEqual([
      ['hang', 'FAILED', 'timeout', null],
      ['after', 'PASSED', null, 0],
    ]);
    // Whatever of the tree had started is gone. The interrupt tests below wait for the whole tree before stopping it.
    const pids = treePids(pidDir);
    await waitFor(() => pids.every((pid) => !isAlive(pid)));
  });

  // One repository for both signals: the configuration is type-checked once.
  const hangDir = mkdtempSync(join(tmpdir(), 'bookiji-proof-pids-'));
  const hanging = makeRepo(configSource([{ id: 'hang', command: treeStep(hangDir), timeoutSeconds: 600 }, { id: 'never', command: node('0') }]));

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`on ${signal} stops the running step and its children, writes an ABORTED report and exits 130`, async () => {
      const pidDir = hangDir;
      const repo = hanging;
      for (const name of ['child.pid', 'grandchild.pid']) rmSync(join(pidDir, name), { force: true });
      onTestFinished(() => reap(pidDir));
      const run = await runCli(repo, [], {
        onOutput: {
          text: '[1/2] hang ',
          action: (pid) => {
            void waitFor(() => pidIn(pidDir, 'grandchild.pid') !== null).then(() => process.kill(pid, signal));
          },
        },
      });
      expect(run.code).toBe(130);
      expect(run.stdout).toMatch(/^ABORTED {2}interrupted after 1 of 2 steps/m);
      const statement = report(repo.root, run.stdout);
      expect(statement.predicate.result).toBe('FAILED');
      expect(statement.predicate.bookijiProof.verdict).toBe('ABORTED');
      expect(statement.predicate.bookijiProof.steps.map((step) => [step.id, step.result, step.reason])).toEqual([
        ['hang', 'ABORTED', 'aborted'],
        ['never', 'NOT_RUN', 'interrupted'],
      ]);
      const pids = treePids(pidDir);
      expect(pids).toHaveLength(2);
      await waitFor(() => pids.every((pid) => !isAlive(pid)));
      // An interrupted report is still intact: it says truthfully that nothing was proven.
      const verified = await runCli(repo, ['verify', printed(run.stdout).report]);
      expect(verified.stdout).toContain('verdict: ABORTED');
      expect(verified.code).toBe(0);
    });
  }

  it('streams output of any size to disk and keeps only a tail in memory', async () => {
    const megabytes = 32;
    const repo = makeRepo(
      configSource([{ id: 'flood', command: node(`const line = 'x'.repeat(1023) + '\\n'; const block = line.repeat(1024); for (let i = 0; i < ${megabytes}; i++) process.stdout.write(block); process.exitCode = 1;`) }]),
    );
    const run = await runCli(repo, []);
    expect(run.code).toBe(1);
    const statement = report(repo.root, run.stdout);
    const output = statement.predicate.bookijiRun.steps[0]?.output;
    const log = join(repo.root, printed(run.stdout).report, '..', output?.path ?? '');
    expect(statSync(log).size).toBe(megabytes * 1024 * 1024);
    expect(output?.bytes).toBe(megabytes * 1024 * 1024);
    expect(output?.sha256).toBe(createHash('sha256').update(readFileSync(log)).digest('hex'));
    const tail = run.stdout.slice(run.stdout.indexOf('--- flood'));
    expect(tail.split('\n').filter((line) => line.startsWith('xxxx')).length).toBe(40);
  });
});
