import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { InvariantViolation, LAYER, SafetyViolation, invariant } from '@bookiji/guards';

describe('invariant', () => {
  it('returns on a truthy condition and narrows the type after it', () => {
    const value: string | undefined = ['a'][0];
    invariant(value !== undefined, 'value is set');
    expectTypeOf(value).toEqualTypeOf<string>();
    expect(value.toUpperCase()).toBe('A');
  });

  it.each([false, 0, '', null, undefined, Number.NaN])('throws an InvariantViolation for the falsy %s', (condition) => {
    expect(() => invariant(condition, 'it broke')).toThrow(InvariantViolation);
  });

  it('carries a stable code, the layer, the message and the details', () => {
    const error = catchError(() => invariant(false, 'Unexpected negative balance, expected zero or more', { balance: -5 }));
    expect(error).toBeInstanceOf(SafetyViolation);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvariantViolation');
    expect(error.code).toBe('invariant');
    expect(error.layer).toBe(0);
    expect(error.layer).toBe(LAYER);
    expect(error.message).toBe('Unexpected negative balance, expected zero or more');
    expect(error.details).toEqual({ balance: -5 });
    expect(Number.isNaN(Date.parse(error.time))).toBe(false);
  });

  it('builds a function message only when the invariant fails', () => {
    const build = vi.fn(() => 'built');
    invariant(true, build);
    expect(build).not.toHaveBeenCalled();
    expect(catchError(() => invariant(false, build)).message).toBe('built');
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('still throws the violation when the message builder itself throws', () => {
    const error = catchError(() =>
      invariant(false, () => {
        throw new Error('no name');
      }),
    );
    expect(error).toBeInstanceOf(InvariantViolation);
    expect(error.message).toBe('Invariant failed, and its message could not be built (no name)');
  });

  it('keeps the message when NODE_ENV is production, unlike tiny-invariant', () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      expect(catchError(() => invariant(false, 'refund exceeds capture')).message).toBe('refund exceeds capture');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('makes any details JSON-safe: bigint, Date, Error, Map, Set, NaN, undefined, functions and cycles', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle['self'] = cycle;
    const error = catchError(() =>
      invariant(false, 'x', {
        big: 12345678901234567890n,
        at: new Date('2025-12-27T09:00:00Z'),
        cause: new TypeError('bad'),
        map: new Map([['k', 1]]),
        set: new Set([1, 2]),
        nan: Number.NaN,
        infinity: Number.POSITIVE_INFINITY,
        missing: undefined,
        callback: () => 1,
        list: [undefined, 1],
        cycle,
      }),
    );
    expect(error.details).toEqual({
      big: '12345678901234567890',
      at: '2025-12-27T09:00:00.000Z',
      cause: { name: 'TypeError', message: 'bad' },
      map: [['k', 1]],
      set: [1, 2],
      nan: 'NaN',
      infinity: 'Infinity',
      list: [null, 1],
      cycle: { name: 'loop', self: '[Circular]' },
    });
    expect(JSON.parse(JSON.stringify(error.details))).toEqual(error.details);
  });

  it('serialises to its record, so loggers that stringify errors keep the facts', () => {
    const error = catchError(() => invariant(false, 'broken', { id: 'b1' }));
    expect(JSON.parse(JSON.stringify(error))).toEqual({ code: 'invariant', layer: 0, message: 'broken', details: { id: 'b1' }, time: error.time });
  });
});

function catchError(run: () => void): InvariantViolation {
  try {
    run();
  } catch (error) {
    if (error instanceof InvariantViolation) return error;
    throw error;
  }
  throw new Error('expected an InvariantViolation, nothing was thrown');
}

describe('details that fight back', () => {
  it('still throws the InvariantViolation when a getter or a proxy in the details throws', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('proxy trap');
        },
      },
    );
    const error = catchError(() =>
      invariant(false, 'slot taken', {
        booking: {
          id: 'bk-1',
          get price(): number {
            throw new Error('lazy field not loaded');
          },
        },
        hostile,
      }),
    );
    expect(error.message).toBe('slot taken');
    expect(error.details).toEqual({
      booking: { id: 'bk-1', price: '[Unreadable: lazy field not loaded]' },
      hostile: '[Unreadable: proxy trap]',
    });
  });

  it('uses toJSON where an object has one, and keeps regular expressions, typed arrays and error causes readable', () => {
    const error = catchError(() =>
      invariant(false, 'x', {
        url: new URL('https://bookiji.example/bookings/1'),
        money: { toJSON: () => ({ amountMinor: 100n, currency: 'EUR' }) },
        pattern: /^bk-\d+$/u,
        bytes: new Uint8Array([1, 2]),
        failure: new Error('capture failed', { cause: new Error('card declined') }),
        truncated: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } },
      }),
    );
    expect(error.details).toEqual({
      url: 'https://bookiji.example/bookings/1',
      money: { amountMinor: '100', currency: 'EUR' },
      pattern: '/^bk-\\d+$/u',
      bytes: [1, 2],
      failure: { name: 'Error', message: 'capture failed', cause: { name: 'Error', message: 'card declined' } },
      truncated: { a: { b: { c: { d: { e: { f: { g: '[Truncated]' } } } } } } },
    });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ details: error.details });
  });

  it('lists a shared object twice without calling it circular', () => {
    const room = { id: 'room-1' };
    expect(catchError(() => invariant(false, 'x', { first: room, second: room })).details).toEqual({ first: room, second: room });
  });
});
