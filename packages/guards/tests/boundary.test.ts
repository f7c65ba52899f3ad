import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { StandardSchemaV1 } from '@bookiji/guards';
import { GuardViolation, InvariantViolation, guard, guardAsync } from '@bookiji/guards';

const zodBooking = z.object({
  resourceId: z.string().min(1),
  guests: z.number().int().min(1).max(8),
  items: z.array(z.object({ priceMinor: z.number().int().positive() })),
  start: z.string().transform((text) => new Date(text)),
});

const valibotBooking = v.object({
  resourceId: v.pipe(v.string(), v.minLength(1)),
  guests: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8)),
  items: v.array(v.object({ priceMinor: v.pipe(v.number(), v.integer(), v.minValue(1)) })),
});

function caught(run: () => unknown): GuardViolation {
  try {
    run();
  } catch (error) {
    if (error instanceof GuardViolation) return error;
    throw error;
  }
  throw new Error('expected a GuardViolation');
}

describe('guard with zod', () => {
  it("returns the validator's typed output, transforms applied", () => {
    const booking = guard(zodBooking, { resourceId: 'room-1', guests: 2, items: [], start: '2025-12-27T09:00:00Z' }, 'booking request');
    expectTypeOf(booking.start).toEqualTypeOf<Date>();
    expect(booking.start.toISOString()).toBe('2025-12-27T09:00:00.000Z');
  });

  it('lists every issue with its path', () => {
    const error = caught(() => guard(zodBooking, { resourceId: '', guests: 9.5, items: [{ priceMinor: 0 }], start: 1 }, 'booking request'));
    expect(error.code).toBe('guard');
    expect(error.layer).toBe(0);
    expect(error.issues.map((issue) => issue.path)).toEqual([['resourceId'], ['guests'], ['items', 0, 'priceMinor'], ['start']]);
    expect(error.message).toMatch(/^booking request: 4 issues: `resourceId`: .+; `guests`: .+; `items\[0\]\.priceMinor`: .+; `start`: .+$/);
    expect(error.details).toMatchObject({ label: 'booking request', issues: error.issues.map((issue) => ({ ...issue })) });
  });

  it('reports a root-level issue with an empty path', () => {
    const error = caught(() => guard(z.string(), 42));
    expect(error.issues).toEqual([{ path: [], message: expect.any(String) }]);
    expect(error.message.startsWith('input: ')).toBe(true);
  });

  it('refuses an asynchronous schema in guard, and accepts it in guardAsync', async () => {
    const slow = z.string().refine(async (text) => text === 'ok');
    expect(() => guard(slow, 'ok', 'coupon')).toThrow(InvariantViolation);
    await expect(guardAsync(slow, 'ok', 'coupon')).resolves.toBe('ok');
    await expect(guardAsync(slow, 'nope', 'coupon')).rejects.toThrow(GuardViolation);
  });
});

describe('guard with valibot', () => {
  it('returns the typed value', () => {
    const booking = guard(valibotBooking, { resourceId: 'desk-4', guests: 1, items: [{ priceMinor: 1500 }] });
    expectTypeOf(booking.guests).toEqualTypeOf<number>();
    expect(booking.items[0]?.priceMinor).toBe(1500);
  });

  it('lists every issue with its path, from path segments of the form { key }', () => {
    const error = caught(() => guard(valibotBooking, { resourceId: 3, guests: 0, items: [{ priceMinor: 10 }, { priceMinor: -1 }] }, 'booking'));
    expect(error.issues.map((issue) => issue.path)).toEqual([['resourceId'], ['guests'], ['items', 1, 'priceMinor']]);
  });
});

describe('guard with a hand-written Standard Schema', () => {
  it('turns symbol keys into their descriptions and fills in a missing message list', () => {
    const key = Symbol('secret');
    const schema: StandardSchemaV1<unknown, never> = {
      '~standard': { version: 1, vendor: 'test', validate: () => ({ issues: [{ message: 'hidden', path: [{ key }, 'x'] }] }) },
    };
    expect(caught(() => guard(schema, 1)).issues).toEqual([{ path: ['secret', 'x'], message: 'hidden' }]);
    const silent: StandardSchemaV1<unknown, never> = { '~standard': { version: 1, vendor: 'test', validate: () => ({ issues: [] }) } };
    expect(caught(() => guard(silent, 1)).issues).toEqual([{ path: [], message: 'Unexpected input, the validator refused it without saying why' }]);
  });

  it('treats something that is not a Standard Schema as a programming error', () => {
    expect(() => guard({} as StandardSchemaV1, 1, 'payload')).toThrow(
      'Unexpected schema for payload, expected a Standard Schema v1 validator (zod, valibot, arktype, ...)',
    );
  });
});
