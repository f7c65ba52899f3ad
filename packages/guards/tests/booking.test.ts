import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResourceBooking } from '@bookiji/guards';
import {
  InvariantViolation,
  assertDurationFitsSlotRules,
  assertIdempotencyKey,
  assertNoDoubleBooking,
  assertRefundWithinCapture,
  findFirstDoubleBooking,
} from '@bookiji/guards';

function violation(run: () => void): InvariantViolation {
  try {
    run();
  } catch (error) {
    if (error instanceof InvariantViolation) return error;
    throw error;
  }
  throw new Error('expected an InvariantViolation');
}

const HOUR = 3_600_000;
const at = (hour: number) => Date.parse('2025-12-27T00:00:00Z') + hour * HOUR;
const booking = (id: string, resourceId: string, from: number, to: number): ResourceBooking => ({ id, resourceId, start: at(from), end: at(to) });

describe('findFirstDoubleBooking and assertNoDoubleBooking', () => {
  it('finds nothing when bookings of one resource follow each other back to back (intervals are half-open)', () => {
    const bookings = [booking('b', 'room-1', 10, 11), booking('a', 'room-1', 9, 10), booking('c', 'room-1', 11, 12)];
    expect(findFirstDoubleBooking(bookings)).toBeNull();
    expect(() => assertNoDoubleBooking(bookings)).not.toThrow();
    expect(findFirstDoubleBooking([])).toBeNull();
  });

  it('lets different resources share a time', () => {
    expect(findFirstDoubleBooking([booking('a', 'room-1', 9, 11), booking('b', 'room-2', 9, 11)])).toBeNull();
  });

  it('returns the overlap whose later booking starts first, paired with the booking that ends last', () => {
    const long = booking('long', 'room-1', 8, 12);
    const short = booking('short', 'room-1', 8, 9);
    const clash = booking('clash', 'room-1', 10, 11);
    const laterClash = booking('later', 'room-2', 11, 13);
    const room2 = booking('room2', 'room-2', 10, 12);
    expect(findFirstDoubleBooking([laterClash, clash, room2, short, long])).toEqual({ first: short, second: long });
    expect(findFirstDoubleBooking([laterClash, clash, room2, long])).toEqual({ first: long, second: clash });
  });

  it('throws a booking-overlap violation naming both bookings and the resource', () => {
    const error = violation(() => assertNoDoubleBooking([booking('a', 'room-1', 9, 11), booking('b', 'room-1', 10, 12)]));
    expect(error.code).toBe('booking-overlap');
    expect(error.message).toBe(
      'Unexpected overlap of bookings `a` (2025-12-27T09:00:00.000Z to 2025-12-27T11:00:00.000Z) and `b` (2025-12-27T10:00:00.000Z to 2025-12-27T12:00:00.000Z) on resource `room-1`, expected confirmed bookings of one resource not to overlap',
    );
    expect(error.details).toMatchObject({ resourceId: 'room-1', first: { id: 'a' }, second: { id: 'b' } });
  });

  it.each([
    [10, 10],
    [11, 10],
    [Number.NaN, 10],
    [0, Number.POSITIVE_INFINITY],
  ])('refuses a malformed interval (%s, %s) instead of answering', (start, end) => {
    const error = violation(() => findFirstDoubleBooking([{ id: 'x', resourceId: 'r', start, end }]));
    expect(error.code).toBe('booking-interval-invalid');
  });

  it('skips bookings that are not confirmed: a cancelled or pending booking holds no slot', () => {
    const confirmed = { ...booking('a', 'room-1', 9, 11), status: 'confirmed' };
    const cancelled = { ...booking('b', 'room-1', 10, 12), status: 'cancelled' };
    const pending = { ...booking('c', 'room-1', 9, 10), status: 'pending' };
    const unmarked = booking('d', 'room-1', 10, 11);
    expect(findFirstDoubleBooking([confirmed, cancelled, pending])).toBeNull();
    expect(findFirstDoubleBooking([cancelled, pending, unmarked, confirmed])).toEqual({ first: confirmed, second: unmarked });
    // Not being confirmed, a cancelled booking's malformed interval is no reason to refuse the check.
    expect(findFirstDoubleBooking([{ ...cancelled, end: cancelled.start }, confirmed])).toBeNull();
  });

  it('does not reorder the caller\'s array', () => {
    const bookings = [booking('b', 'room-1', 10, 11), booking('a', 'room-1', 9, 10)];
    findFirstDoubleBooking(bookings);
    expect(bookings.map((item) => item.id)).toEqual(['b', 'a']);
  });

  it('agrees with a brute-force check on every generated set of bookings', () => {
    // Few resources and a narrow range of small starts and lengths, so that
    // touching intervals, equal starts and nested bookings come up often;
    // arrays arrive in no order, and a third of the bookings are not confirmed.
    const bookingArbitrary = fc
      .record({
        resourceId: fc.constantFrom('r1', 'r2', 'r3'),
        start: fc.oneof(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 200 })),
        length: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 40 })),
        status: fc.constantFrom(undefined, undefined, 'confirmed', 'confirmed', 'pending', 'cancelled'),
      })
      .map(({ resourceId, start, length, status }) => ({ resourceId, start, end: start + length, ...(status === undefined ? {} : { status }) }));
    fc.assert(
      fc.property(fc.array(bookingArbitrary, { maxLength: 40 }), (raw) => {
        const bookings = raw.map((item, index) => ({ ...item, id: `b${index}` }));
        const found = findFirstDoubleBooking(bookings);
        const expected = bruteForce(bookings);
        expect(found).toEqual(expected);
        if (expected === null) expect(() => assertNoDoubleBooking(bookings)).not.toThrow();
        else expect(() => assertNoDoubleBooking(bookings)).toThrow(InvariantViolation);
      }),
      { numRuns: 1000 },
    );
  });
});

/**
 * Quadratic reference: among confirmed bookings, the later booking starting
 * first (ties by input order), and its partner ending last.
 */
function bruteForce(all: readonly ResourceBooking[]) {
  const bookings = all.filter((item) => item.status === undefined || item.status === 'confirmed');
  const order = bookings.map((item, index) => ({ item, index })).sort((a, b) => a.item.start - b.item.start || a.index - b.index);
  for (let j = 0; j < order.length; j++) {
    const second = order[j]!.item;
    let first: ResourceBooking | null = null;
    for (let i = 0; i < j; i++) {
      const candidate = order[i]!.item;
      if (candidate.resourceId === second.resourceId && candidate.end > second.start && (first === null || candidate.end > first.end)) first = candidate;
    }
    if (first !== null) return { first, second };
  }
  return null;
}

describe('assertDurationFitsSlotRules', () => {
  const rules = { minMinutes: 30, maxMinutes: 120, stepMinutes: 15 };
  const minutes = (count: number) => ({ id: 'bk-1', start: 0, end: count * 60_000 });

  it.each([30, 45, 60, 105, 120])('accepts %s minutes', (count) => {
    expect(() => assertDurationFitsSlotRules(minutes(count), rules)).not.toThrow();
  });

  it.each([0, 15, 40, 135, 30.5, -30])('refuses %s minutes', (count) => {
    const error = violation(() => assertDurationFitsSlotRules(minutes(count), rules));
    expect(error.code).toBe('booking-duration');
    expect(error.message).toBe(`Unexpected booking \`bk-1\` of ${count} minutes, expected 30 to 120 minutes in steps of 15 from 30`);
  });

  it('treats broken rules as a programming error', () => {
    const error = violation(() => assertDurationFitsSlotRules(minutes(30), { minMinutes: 60, maxMinutes: 30, stepMinutes: 15 }));
    expect(error.code).toBe('invariant');
  });

  it('accepts exactly the durations min + k * step up to max', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 240 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 600 }), (min, span, step, count) => {
        const slotRules = { minMinutes: min, maxMinutes: min + span, stepMinutes: step };
        const ok = count >= min && count <= min + span && (count - min) % step === 0;
        if (ok) assertDurationFitsSlotRules(minutes(count), slotRules);
        else expect(() => assertDurationFitsSlotRules(minutes(count), slotRules)).toThrow(InvariantViolation);
      }),
    );
  });
});

describe('assertRefundWithinCapture', () => {
  const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

  it('allows refunding up to exactly what was captured', () => {
    expect(() => assertRefundWithinCapture({ captured: eur(5000), refunded: eur(2000), refund: eur(3000) })).not.toThrow();
  });

  it('refuses an over-refund, saying how much was still refundable', () => {
    const error = violation(() => assertRefundWithinCapture({ captured: eur(5000), refunded: eur(2000), refund: eur(3001) }));
    expect(error.code).toBe('refund-exceeds-capture');
    expect(error.message).toBe('Unexpected refund of 3001 EUR minor units, expected at most 3000 (captured 5000, refunded already 2000)');
  });

  it('refuses a refund in another currency', () => {
    const error = violation(() => assertRefundWithinCapture({ captured: eur(5000), refunded: eur(0), refund: { amountMinor: 10, currency: 'USD' } }));
    expect(error.code).toBe('refund-exceeds-capture');
    expect(error.message).toBe("Unexpected refund in `USD` of a capture in `EUR`, expected the capture's currency");
  });

  it.each([
    [{ captured: eur(-1), refunded: eur(0), refund: eur(1) }, 'captured'],
    [{ captured: eur(10), refunded: eur(0.5), refund: eur(1) }, 'refunded'],
    [{ captured: eur(10), refunded: eur(0), refund: eur(0) }, 'refund'],
  ])('refuses malformed amounts as a programming error (%#)', (check, name) => {
    const error = violation(() => assertRefundWithinCapture(check));
    expect(error.code).toBe('invariant');
    expect(error.message).toContain(`Unexpected ${name} amount`);
  });

  it('passes exactly when refunded + refund <= captured, even near the largest safe integer', () => {
    const amount = fc.oneof(fc.nat(10_000), fc.integer({ min: Number.MAX_SAFE_INTEGER - 10_000, max: Number.MAX_SAFE_INTEGER }));
    fc.assert(
      fc.property(amount, amount, amount, (captured, refunded, refund) => {
        fc.pre(refund > 0);
        const ok = BigInt(refunded) + BigInt(refund) <= BigInt(captured);
        const run = () => assertRefundWithinCapture({ captured: eur(captured), refunded: eur(refunded), refund: eur(refund) });
        if (ok) run();
        else expect(run).toThrow(InvariantViolation);
      }),
    );
  });
});

describe('assertIdempotencyKey', () => {
  it('accepts a UUID and other well-formed keys, and narrows to string', () => {
    const key: unknown = '7f3c2a1e-9b4d-4e8f-a1b2-c3d4e5f60718';
    assertIdempotencyKey(key, 'capture');
    expect(key.length).toBe(36);
    expect(() => assertIdempotencyKey('order:4711:refund:1', 'refund')).not.toThrow();
  });

  it.each([
    [undefined, 'Unexpected missing idempotency key for payment mutation `refund`'],
    ['', 'Unexpected missing idempotency key for payment mutation `refund`'],
    ['42', 'Unexpected idempotency key string `"42"` for payment mutation `refund`'],
    ['has spaces in the key!!', 'Unexpected idempotency key string `"has spaces in the key!!"` for payment mutation `refund`'],
    ['x'.repeat(256), 'Unexpected idempotency key string'],
    [12345678901234567, 'Unexpected idempotency key number'],
  ])('refuses %j', (key, start) => {
    const error = violation(() => assertIdempotencyKey(key, 'refund'));
    expect(error.code).toBe('idempotency-key');
    expect(error.message.startsWith(start)).toBe(true);
  });
});
