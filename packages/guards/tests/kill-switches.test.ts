import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KillSwitchSource, ViolationRecord } from '@bookiji/guards';
import { InvariantViolation, KillSwitchEngaged, createKillSwitches, formatKillSwitchReport, memorySource, onViolation } from '@bookiji/guards';
import { environmentSource, killSwitchVariable } from '@bookiji/guards/env';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function observe(): ViolationRecord[] {
  const seen: ViolationRecord[] = [];
  stops.push(onViolation((record) => seen.push(record)));
  return seen;
}

const capture = { id: 'payments-capture', description: 'Stops card captures', failMode: 'closed' } as const;
const search = { id: 'search-indexing', description: 'Stops re-indexing search', failMode: 'open' } as const;

describe('a kill switch registry over a memory source', () => {
  it('is released until an operator engages it, and follows each flip', () => {
    const source = memorySource();
    const switches = createKillSwitches({ source });
    switches.define(capture);
    expect(switches.isEngaged('payments-capture')).toBe(false);
    expect(() => switches.assertNotEngaged('payments-capture')).not.toThrow();

    source.set('payments-capture', true, { who: 'dana', when: '2025-12-27T09:14:00Z', why: 'INC-2041' });
    expect(switches.isEngaged('payments-capture')).toBe(true);
    source.set('payments-capture', false);
    expect(switches.isEngaged('payments-capture')).toBe(false);
    switches.close();
  });

  it('throws KillSwitchEngaged with who, when and why, and reports it', () => {
    const seen = observe();
    const source = memorySource();
    source.set('payments-capture', true, { who: 'dana@bookiji.example', when: '2025-12-27T09:14:00Z', why: 'Card processor double-charges' });
    const switches = createKillSwitches({ source });
    switches.define(capture);
    let thrown: unknown;
    try {
      switches.assertNotEngaged('payments-capture');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KillSwitchEngaged);
    const engaged = thrown as KillSwitchEngaged;
    expect(engaged.code).toBe('kill-switch-engaged');
    expect(engaged.layer).toBe(0);
    expect(engaged.switchId).toBe('payments-capture');
    expect(engaged.message).toBe('Kill switch `payments-capture` is engaged: Card processor double-charges (dana@bookiji.example, 2025-12-27T09:14:00Z)');
    expect(engaged.details).toMatchObject({ id: 'payments-capture', basis: 'flipped', flip: { who: 'dana@bookiji.example' } });
    expect(seen.map((record) => record.code)).toEqual(['kill-switch-engaged']);
    switches.close();
  });

  it('treats an unknown id as a programming error, not as released', () => {
    const switches = createKillSwitches({ source: memorySource() });
    switches.define(capture);
    for (const check of [() => switches.isEngaged('payment-capture'), () => switches.assertNotEngaged('payment-capture')]) {
      let thrown: unknown;
      try {
        check();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvariantViolation);
      expect((thrown as InvariantViolation).code).toBe('kill-switch-unknown');
      expect((thrown as InvariantViolation).message).toBe('Unexpected kill switch id `payment-capture`, expected one of `payments-capture`');
    }
    expect(switches.get('payment-capture')).toBeUndefined();
  });

  it('fails each switch in its declared direction when the source cannot be read, and reports why', () => {
    const seen = observe();
    const source = memorySource({ 'payments-capture': false, 'search-indexing': true });
    const switches = createKillSwitches({ source });
    switches.define(capture);
    switches.define(search);
    expect(switches.isEngaged('payments-capture')).toBe(false);
    expect(switches.isEngaged('search-indexing')).toBe(true);

    source.fail('switch service unreachable');
    expect(switches.isEngaged('payments-capture')).toBe(true);
    expect(switches.isEngaged('search-indexing')).toBe(false);
    expect(switches.get('payments-capture')).toMatchObject({ basis: 'fail-mode', problem: { message: 'switch service unreachable' } });
    expect(seen).toContainEqual(expect.objectContaining({ code: 'kill-switch-source', message: 'switch service unreachable' }));
    expect(() => switches.assertNotEngaged('payments-capture')).toThrow(
      'Kill switch `payments-capture` is engaged: it fails closed and its source cannot be trusted (switch service unreachable)',
    );

    source.recover();
    expect(switches.isEngaged('payments-capture')).toBe(false);
    expect(switches.isEngaged('search-indexing')).toBe(true);
    switches.close();
  });

  it('treats a source whose read throws as unreadable', () => {
    const switches = createKillSwitches({
      source: {
        name: 'broken',
        read() {
          throw new Error('disk on fire');
        },
      },
    });
    switches.define(capture);
    switches.define(search);
    expect(switches.isEngaged('payments-capture')).toBe(true);
    expect(switches.isEngaged('search-indexing')).toBe(false);
    expect(switches.list().problems[0]?.message).toBe('Unexpected error reading kill switches from broken: disk on fire');
  });

  it.each([
    ['an async read', async () => ({ entries: new Map(), failure: null, problems: [] }), 'Unexpected promise from kill switch source console, expected `read` to return { entries, failure, problems } synchronously'],
    ['a read returning null', () => null, 'Unexpected `null` from kill switch source console, expected `read` to return { entries, failure, problems } synchronously'],
    ['a read returning a plain object of values', () => ({ 'payments-capture': false }), 'Unexpected object from kill switch source console, expected `read` to return { entries, failure, problems } synchronously'],
  ])('treats a custom source with %s as unreadable, failing each switch in its direction', (_name, read, message) => {
    const seen = observe();
    const switches = createKillSwitches({ source: { name: 'console', read } as unknown as KillSwitchSource });
    switches.define(capture);
    switches.define(search);
    expect(switches.isEngaged('payments-capture')).toBe(true);
    expect(switches.isEngaged('search-indexing')).toBe(false);
    expect(switches.list().problems.map((problem) => problem.message)).toEqual([message]);
    expect(seen).toContainEqual(expect.objectContaining({ code: 'kill-switch-source', message }));
  });

  it('refuses malformed definitions and conflicting redefinitions, and allows an identical one', () => {
    const switches = createKillSwitches({ source: memorySource() });
    switches.define(capture);
    expect(switches.define({ ...capture })).toEqual(capture);
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as InvariantViolation).code;
      }
      return null;
    };
    expect(codeOf(() => switches.define({ ...capture, failMode: 'open' }))).toBe('kill-switch-definition');
    expect(codeOf(() => switches.define({ id: 'Payments_Capture', description: 'x', failMode: 'closed' }))).toBe('kill-switch-definition');
    expect(codeOf(() => switches.define({ id: 'refunds', description: ' ', failMode: 'closed' }))).toBe('kill-switch-definition');
    expect(codeOf(() => switches.define({ id: 'refunds', description: 'Stops refunds', failMode: 'sideways' as 'open' }))).toBe('kill-switch-definition');
  });

  it('lists every switch and every problem for an operator', () => {
    const source = memorySource({ 'payments-capture': true, 'paymnets-capture': true });
    const switches = createKillSwitches({ source });
    switches.define(search);
    switches.define(capture);
    const report = switches.list();
    expect(report.source).toBe('memory');
    expect(report.switches.map((state) => [state.id, state.engaged, state.basis])).toEqual([
      ['payments-capture', true, 'flipped'],
      ['search-indexing', false, 'not-set'],
    ]);
    expect(report.problems.map((problem) => problem.message)).toEqual([
      'Unexpected kill switch `paymnets-capture` in memory, expected one of `payments-capture`, `search-indexing`; it has no effect',
    ]);
    const text = formatKillSwitchReport(report);
    expect(text).toMatch(/^Kill switches from memory \(read \d{4}-.+\)\nENGAGED {3}payments-capture {2}fails closed {2}set by memory\nreleased {2}search-indexing {3}fails open {4}not set\nProblems:\n {2}- Unexpected kill switch `paymnets-capture`/);
  });

  it('precomputes each state on a read, so a check hands back the same frozen object', () => {
    const switches = createKillSwitches({ source: memorySource({ 'payments-capture': true }) });
    switches.define(capture);
    const state = switches.get('payments-capture');
    expect(switches.get('payments-capture')).toBe(state);
    expect(Object.isFrozen(state)).toBe(true);
  });
});

describe('the environment source', () => {
  const env = (variables: Record<string, string>) => createKillSwitches({ source: environmentSource({ env: variables }) });

  it('names variables KILL_SWITCH_<ID> with hyphens as underscores', () => {
    expect(killSwitchVariable('payments-capture')).toBe('KILL_SWITCH_PAYMENTS_CAPTURE');
    expect(killSwitchVariable('refunds', 'BOOKIJI_')).toBe('BOOKIJI_REFUNDS');
  });

  it.each([
    ['1', true],
    ['true', true],
    [' ON ', true],
    ['TRUE', true],
    ['0', false],
    ['false', false],
    ['Off', false],
  ])('reads %j as engaged=%s', (value, engaged) => {
    const switches = env({ KILL_SWITCH_PAYMENTS_CAPTURE: value });
    switches.define(capture);
    expect(switches.isEngaged('payments-capture')).toBe(engaged);
    expect(switches.get('payments-capture')?.origin).toBe('environment variable `KILL_SWITCH_PAYMENTS_CAPTURE`');
  });

  it.each(['', 'yes', '2', 'engaged'])('treats the malformed value %j as a source problem: closed switches engage, open ones do not', (value) => {
    const switches = env({ KILL_SWITCH_PAYMENTS_CAPTURE: value, KILL_SWITCH_SEARCH_INDEXING: value });
    switches.define(capture);
    switches.define(search);
    expect(switches.isEngaged('payments-capture')).toBe(true);
    expect(switches.isEngaged('search-indexing')).toBe(false);
    expect(switches.get('payments-capture')?.problem).toEqual({
      source: 'environment',
      switchId: 'payments-capture',
      variable: 'KILL_SWITCH_PAYMENTS_CAPTURE',
      message: `Unexpected value ${JSON.stringify(value)} in \`KILL_SWITCH_PAYMENTS_CAPTURE\`, expected \`1\` to engage or \`0\` to release the switch`,
    });
  });

  it('leaves switches released when their variable is unset, and reports variables for switches nobody defined', () => {
    const switches = env({ KILL_SWITCH_PAYMENT_CAPTURE: '1', PATH: '/usr/bin' });
    switches.define(capture);
    expect(switches.isEngaged('payments-capture')).toBe(false);
    expect(switches.list().problems.map((problem) => problem.message)).toEqual([
      'Unexpected kill switch `payment-capture` in environment variable `KILL_SWITCH_PAYMENT_CAPTURE`, expected one of `payments-capture`; it has no effect',
    ]);
  });

  it('maps ids with digits and several hyphens both ways, and refuses ids a variable cannot name, such as dotted ones', () => {
    expect(killSwitchVariable('v2-api-bookings')).toBe('KILL_SWITCH_V2_API_BOOKINGS');
    const switches = env({ KILL_SWITCH_V2_API_BOOKINGS: '1' });
    switches.define({ id: 'v2-api-bookings', description: 'Stops the v2 bookings API', failMode: 'closed' });
    expect(switches.get('v2-api-bookings')).toMatchObject({ engaged: true, basis: 'flipped' });
    for (const id of ['payments.capture', 'payments_capture', 'Payments-Capture', 'payments--capture', '-payments', '2fa']) {
      expect(() => switches.define({ id, description: 'x', failMode: 'closed' })).toThrow(/^Unexpected kill switch id .+, expected lower-case words joined by hyphens/);
    }
  });

  it.each([
    [{ KILL_SWITCH_payments_capture: '0' }, 'Unexpected variable name `KILL_SWITCH_payments_capture`, expected `KILL_SWITCH_PAYMENTS_CAPTURE` (upper case, hyphens as underscores)'],
    [{ 'KILL_SWITCH_PAYMENTS-CAPTURE': '0' }, 'Unexpected variable name `KILL_SWITCH_PAYMENTS-CAPTURE`, expected `KILL_SWITCH_PAYMENTS_CAPTURE` (upper case, hyphens as underscores)'],
    [
      { KILL_SWITCH_PAYMENTS_CAPTURE: '0', KILL_SWITCH_Payments_Capture: '0' },
      'Unexpected variables `KILL_SWITCH_PAYMENTS_CAPTURE` and `KILL_SWITCH_Payments_Capture` for one switch, expected only `KILL_SWITCH_PAYMENTS_CAPTURE`',
    ],
  ])('fails the switch in its direction when its variable is misspelled or doubled: %j', (variables, message) => {
    const switches = env(variables);
    switches.define(capture);
    switches.define(search);
    expect(switches.get('payments-capture')).toMatchObject({ engaged: true, basis: 'fail-mode', problem: { message } });
    expect(switches.list().problems.map((problem) => problem.message)).toEqual([message]);
  });

  it('leaves a fail-open switch released when its variable is misspelled, even if the value says engage', () => {
    const switches = env({ KILL_SWITCH_search_indexing: '1' });
    switches.define(search);
    expect(switches.get('search-indexing')).toMatchObject({ engaged: false, basis: 'fail-mode' });
  });

  it('reads process.env by default', () => {
    vi.stubEnv('KILL_SWITCH_PAYMENTS_CAPTURE', '1');
    try {
      const switches = createKillSwitches();
      switches.define(capture);
      expect(switches.isEngaged('payments-capture')).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('fails in each direction where the runtime has no process.env', () => {
    const original = globalThis.process;
    const switches = createKillSwitches({ source: environmentSource() });
    switches.define(capture);
    switches.define(search);
    vi.stubGlobal('process', undefined);
    try {
      switches.refresh();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(globalThis.process).toBe(original);
    expect(switches.isEngaged('payments-capture')).toBe(true);
    expect(switches.isEngaged('search-indexing')).toBe(false);
    expect(switches.get('payments-capture')?.problem?.message).toContain('Unexpected runtime without `process.env`');
  });
});
