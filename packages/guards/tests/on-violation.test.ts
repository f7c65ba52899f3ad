import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ViolationRecord } from '@bookiji/guards';
import { GuardViolation, InvariantViolation, invariant, nonEmptyString, onViolation } from '@bookiji/guards';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.restoreAllMocks();
});

function subscribe(subscriber: (record: ViolationRecord) => void): void {
  stops.push(onViolation(subscriber));
}

describe('onViolation', () => {
  it('delivers a structured record before the violation is thrown', () => {
    const seen: ViolationRecord[] = [];
    subscribe((record) => seen.push(record));
    expect(() => invariant(false, 'slot taken', { slot: 3 })).toThrow(InvariantViolation);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ code: 'invariant', layer: 0, message: 'slot taken', details: { slot: 3 } });
    expect(typeof seen[0]?.time).toBe('string');
  });

  it('sees guard violations too, with their code', () => {
    const codes: string[] = [];
    subscribe((record) => codes.push(record.code));
    expect(() => nonEmptyString('  ', 'name')).toThrow(GuardViolation);
    expect(codes).toEqual(['guard']);
  });

  it('does not hear passing checks', () => {
    const subscriber = vi.fn();
    subscribe(subscriber);
    invariant(true, 'fine');
    expect(subscriber).not.toHaveBeenCalled();
  });

  it('stops delivering after unsubscribing', () => {
    const subscriber = vi.fn();
    const stop = onViolation(subscriber);
    stop();
    expect(() => invariant(false, 'x')).toThrow();
    expect(subscriber).not.toHaveBeenCalled();
  });

  it('cannot mask the violation: a throwing subscriber is reported and the others still run', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const after = vi.fn();
    subscribe(() => {
      throw new Error('logger down');
    });
    subscribe(after);
    expect(() => invariant(false, 'refund exceeds capture')).toThrow(expect.objectContaining({ constructor: InvariantViolation, message: 'refund exceeds capture' }));
    expect(after).toHaveBeenCalledTimes(1);
    // Other tests' sources may report on console.error meanwhile; count only this subscriber's failure.
    const reports = consoleError.mock.calls.filter((call) => call.some((arg) => String(arg instanceof Error ? arg.message : arg).includes('logger down')));
    expect(reports).toHaveLength(1);
  });

  it('does not recurse when a subscriber trips a guard itself', () => {
    let calls = 0;
    subscribe(() => {
      calls++;
      invariant(false, 'inside the subscriber');
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => invariant(false, 'outside')).toThrow('outside');
    expect(calls).toBe(1);
  });

  it('hands every subscriber the same frozen record, so one cannot change what the next sees', () => {
    const seen: ViolationRecord[] = [];
    subscribe((record) => {
      expect(() => {
        (record as { message: string }).message = 'rewritten';
      }).toThrow(TypeError);
    });
    subscribe((record) => seen.push(record));
    expect(() => invariant(false, 'original', { nested: { value: 1 } })).toThrow('original');
    expect(seen[0]?.message).toBe('original');
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(Object.isFrozen(seen[0]?.details['nested'])).toBe(true);
  });

  it('still throws the violation when the console that reports a failed subscriber throws too', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {
      throw new Error('console closed');
    });
    subscribe(() => {
      throw new Error('logger down');
    });
    expect(() => invariant(false, 'refund exceeds capture')).toThrow(expect.objectContaining({ constructor: InvariantViolation, message: 'refund exceeds capture' }));
  });
});
