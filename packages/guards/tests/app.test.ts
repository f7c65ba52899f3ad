import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ViolationRecord } from '@bookiji/guards';
import { InvariantViolation, KillSwitchEngaged, onViolation, refreshKillSwitches, useKillSwitchSource } from '@bookiji/guards';
import { environmentSource } from '@bookiji/guards/env';
import { fileSource } from '@bookiji/guards/file';
import { capturePayment, refund, reindexSearch } from './app/booking-app.js';

const request = { bookingId: 'bk-1', amountMinor: 4200, currency: 'EUR', idempotencyKey: 'capture-bk-1-attempt-0001' };
const fixture = (name: string) => fileURLToPath(new URL(`fixtures/switches/${name}`, import.meta.url));
const main = fileURLToPath(new URL('app/main.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

afterEach(() => {
  vi.unstubAllEnvs();
  useKillSwitchSource(environmentSource());
});

describe('the test app, with switches from environment variables', () => {
  it('captures while the switch is released', () => {
    expect(capturePayment(request)).toEqual(request);
    expect(reindexSearch()).toBe('reindexed');
  });

  it('refuses the capture with KillSwitchEngaged once the operator sets KILL_SWITCH_PAYMENTS_CAPTURE=1', () => {
    vi.stubEnv('KILL_SWITCH_PAYMENTS_CAPTURE', '1');
    refreshKillSwitches();
    let thrown: unknown;
    try {
      capturePayment({ ...request, idempotencyKey: 'capture-bk-1-attempt-0002' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KillSwitchEngaged);
    expect((thrown as KillSwitchEngaged).message).toBe('Kill switch `payments-capture` is engaged by environment variable `KILL_SWITCH_PAYMENTS_CAPTURE`');
  });

  it('keeps its booking invariants: an over-refund is refused', () => {
    const capture = capturePayment({ ...request, idempotencyKey: 'capture-bk-1-attempt-0003' });
    expect(refund(capture, 0, 4000)).toBe(4000);
    expect(() => refund(capture, 4000, 201)).toThrow(InvariantViolation);
  });
});

describe('the test app, with a corrupt switch file', () => {
  it('refuses the fail-closed capture, keeps fail-open work running, and reports the parse error with file, line and column', () => {
    const seen: ViolationRecord[] = [];
    const stop = onViolation((record) => seen.push(record));
    try {
      useKillSwitchSource(fileSource(fixture('corrupt.json'), { watch: false }));
      expect(() => capturePayment(request)).toThrow(KillSwitchEngaged);
      expect(reindexSearch()).toBe('reindexed');
    } finally {
      stop();
    }
    const problem = seen.find((record) => record.code === 'kill-switch-source');
    expect(problem?.details).toMatchObject({ file: fixture('corrupt.json'), line: 6, column: 7 });
    expect(problem?.message).toBe(`Unexpected \`"\`, expected \`,\` or \`}\` in kill switch file (${fixture('corrupt.json')}:6:7)`);
    expect(seen.at(-1)?.code).toBe('kill-switch-engaged');
  });
});

describe('the test app as a process', () => {
  const run = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, ['--conditions=@bookiji/source', '--import', 'tsx', main, 'capture', ...args], {
      cwd: packageDir,
      encoding: 'utf8',
      env: { ...process.env, KILL_SWITCH_PAYMENTS_CAPTURE: '', ...env },
      timeout: 20_000,
    });

  it('captures when the variable says 0, and refuses with exit code 3 when the operator sets it to 1', { timeout: 30_000 }, () => {
    const released = run({ KILL_SWITCH_PAYMENTS_CAPTURE: '0' });
    expect(released.stderr).toBe('');
    expect(released.status).toBe(0);
    expect(JSON.parse(released.stdout)).toMatchObject({ bookingId: 'bk-1042', amountMinor: 12_500 });

    const engaged = run({ KILL_SWITCH_PAYMENTS_CAPTURE: '1' });
    expect(engaged.status).toBe(3);
    expect(engaged.stdout).toBe('');
    expect(engaged.stderr).toBe('refused: Kill switch `payments-capture` is engaged by environment variable `KILL_SWITCH_PAYMENTS_CAPTURE`\n');
  });

  it('refuses with exit code 3 on a corrupt switch file and prints the parse error with its position', () => {
    const corrupt = run({ KILL_SWITCH_PAYMENTS_CAPTURE: '0' }, '--switch-file', fixture('corrupt.json'));
    expect(corrupt.status).toBe(3);
    expect(corrupt.stderr.split('\n')).toEqual([
      `kill switch source problem: Unexpected \`"\`, expected \`,\` or \`}\` in kill switch file (${fixture('corrupt.json')}:6:7)`,
      `refused: Kill switch \`payments-capture\` is engaged: it fails closed and its source cannot be trusted (Unexpected \`"\`, expected \`,\` or \`}\` in kill switch file (${fixture('corrupt.json')}:6:7))`,
      '',
    ]);
  }, 30_000);
});
