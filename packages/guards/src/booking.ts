import { describe } from './domain-guards.js';
import { InvariantViolation, raise } from './violation.js';

// The booking domain's hard invariants. Each refuses, before it reaches a
// customer, a state the business must never be in: a double booking, a slot
// the provider does not sell, an over-refund, a payment retried without an
// idempotency key.

/** A booking of one resource, as the overlap check needs it. */
export interface ResourceBooking {
  readonly id: string;
  readonly resourceId: string;
  /** Epoch milliseconds; the booking holds `start` but not `end`. */
  readonly start: number;
  readonly end: number;
  /**
   * Only a confirmed booking holds its slot. A booking whose `status` is
   * anything but `'confirmed'` (pending, cancelled, ...) is skipped; one
   * without `status` counts as confirmed.
   */
  readonly status?: string;
}

/** Two bookings of one resource that overlap; `first` starts no later than `second`. */
export interface DoubleBooking<Booking extends ResourceBooking = ResourceBooking> {
  readonly first: Booking;
  readonly second: Booking;
}

/**
 * Finds the first double booking among the confirmed bookings, or null;
 * bookings with another `status` are skipped. "First" is the overlap whose
 * later booking starts earliest; its partner is the earlier booking of that
 * resource that ends last. Intervals are half-open, so a booking ending at
 * 10:00 and one starting at 10:00 do not overlap.
 *
 * Runs in O(n log n): one sort by start time, then one pass that keeps, per
 * resource, the booking that ends last so far.
 */
export function findFirstDoubleBooking<Booking extends ResourceBooking>(bookings: readonly Booking[]): DoubleBooking<Booking> | null {
  const confirmed: Booking[] = [];
  for (let index = 0; index < bookings.length; index++) {
    const booking = bookings[index]!;
    if (booking.status !== undefined && booking.status !== 'confirmed') continue;
    confirmed.push(booking);
    if (!(Number.isFinite(booking.start) && Number.isFinite(booking.end) && booking.start < booking.end)) {
      raise(
        new InvariantViolation(
          `Unexpected booking \`${booking.id}\` from ${describe(booking.start)} to ${describe(booking.end)}, expected finite epoch milliseconds with start before end`,
          { booking, index },
          'booking-interval-invalid',
        ),
      );
    }
  }
  // Array.prototype.sort is stable, so bookings with equal starts keep the
  // caller's order and the answer is deterministic.
  const sorted = confirmed.sort(byStart);
  const lastEnding = new Map<string, Booking>();
  for (const booking of sorted) {
    const previous = lastEnding.get(booking.resourceId);
    if (previous === undefined) {
      lastEnding.set(booking.resourceId, booking);
    } else if (previous.end > booking.start) {
      return { first: previous, second: booking };
    } else if (booking.end > previous.end) {
      lastEnding.set(booking.resourceId, booking);
    }
  }
  return null;
}

function byStart(a: ResourceBooking, b: ResourceBooking): number {
  return a.start - b.start;
}

/** Throws a `booking-overlap` violation when two confirmed bookings of one resource overlap. */
export function assertNoDoubleBooking(bookings: readonly ResourceBooking[]): void {
  const conflict = findFirstDoubleBooking(bookings);
  if (conflict === null) return;
  const { first, second } = conflict;
  raise(
    new InvariantViolation(
      `Unexpected overlap of bookings \`${first.id}\` (${span(first)}) and \`${second.id}\` (${span(second)}) on resource \`${first.resourceId}\`, expected confirmed bookings of one resource not to overlap`,
      { resourceId: first.resourceId, first, second },
      'booking-overlap',
    ),
  );
}

function span(booking: ResourceBooking): string {
  return `${new Date(booking.start).toISOString()} to ${new Date(booking.end).toISOString()}`;
}

/**
 * A provider's slot rules: a booking lasts from `minMinutes` to `maxMinutes`,
 * in steps of `stepMinutes` above the minimum (30 to 120 in steps of 15 allows
 * 30, 45, 60, 75, 90, 105 and 120 minutes).
 */
export interface SlotRules {
  readonly minMinutes: number;
  readonly maxMinutes: number;
  readonly stepMinutes: number;
}

const MINUTE = 60_000;

/** Throws a `booking-duration` violation when a booking's length breaks the provider's slot rules. */
export function assertDurationFitsSlotRules(booking: { readonly id?: string; readonly start: number; readonly end: number }, rules: SlotRules): void {
  const { minMinutes, maxMinutes, stepMinutes } = rules;
  if (!(Number.isInteger(minMinutes) && Number.isInteger(maxMinutes) && Number.isInteger(stepMinutes) && minMinutes > 0 && stepMinutes > 0 && minMinutes <= maxMinutes)) {
    raise(
      new InvariantViolation(
        `Unexpected slot rules ${JSON.stringify(rules)}, expected whole minutes with 0 < minMinutes <= maxMinutes and stepMinutes > 0`,
        { rules },
      ),
    );
  }
  const name = booking.id === undefined ? 'booking' : `booking \`${booking.id}\``;
  const duration = booking.end - booking.start;
  const minutes = duration / MINUTE;
  const fits =
    Number.isFinite(duration) && Number.isInteger(minutes) && minutes >= minMinutes && minutes <= maxMinutes && (minutes - minMinutes) % stepMinutes === 0;
  if (fits) return;
  const shown = Number.isFinite(minutes) ? `${Math.round(minutes * 1000) / 1000} minutes` : describe(duration);
  raise(
    new InvariantViolation(
      `Unexpected ${name} of ${shown}, expected ${minMinutes} to ${maxMinutes} minutes in steps of ${stepMinutes} from ${minMinutes}`,
      { booking, rules, minutes },
      'booking-duration',
    ),
  );
}

/** An amount in minor units of a currency. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

export interface RefundCheck {
  /** What was captured from the customer. */
  readonly captured: Money;
  /** What has been refunded already, before this refund. */
  readonly refunded: Money;
  /** The refund about to be issued. */
  readonly refund: Money;
}

/**
 * Throws a `refund-exceeds-capture` violation when a refund, added to what
 * was refunded before, would exceed what was captured, or is in another
 * currency than the capture.
 */
export function assertRefundWithinCapture({ captured, refunded, refund }: RefundCheck): void {
  const amounts = { captured, refunded, refund };
  for (const [name, money] of Object.entries(amounts)) {
    const least = name === 'refund' ? 1 : 0;
    if (!Number.isSafeInteger(money.amountMinor) || money.amountMinor < least) {
      raise(
        new InvariantViolation(
          `Unexpected ${name} amount ${describe(money.amountMinor)}, expected a safe integer of minor units of at least ${least}`,
          amounts,
        ),
      );
    }
  }
  if (refunded.currency !== captured.currency || refund.currency !== captured.currency) {
    const other = refund.currency !== captured.currency ? refund : refunded;
    raise(
      new InvariantViolation(
        `Unexpected refund in \`${other.currency}\` of a capture in \`${captured.currency}\`, expected the capture's currency`,
        amounts,
        'refund-exceeds-capture',
      ),
    );
  }
  // captured - refunded is exact for safe integers, where refunded + refund may not be.
  const refundable = captured.amountMinor - refunded.amountMinor;
  if (refund.amountMinor <= refundable) return;
  raise(
    new InvariantViolation(
      `Unexpected refund of ${refund.amountMinor} ${refund.currency} minor units, expected at most ${Math.max(refundable, 0)} (captured ${captured.amountMinor}, refunded already ${refunded.amountMinor})`,
      { ...amounts, refundable },
      'refund-exceeds-capture',
    ),
  );
}

/**
 * A well-formed idempotency key: 16 to 255 characters of ASCII letters,
 * digits, `.`, `_`, `:` and `-`. A UUID fits; a short counter does not, since
 * it collides across clients.
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{16,255}$/;

/**
 * Throws an `idempotency-key` violation unless a payment mutation (capture,
 * refund, payout...) carries a well-formed idempotency key. Without one a
 * retried request charges or refunds twice.
 */
export function assertIdempotencyKey(key: unknown, operation: string): asserts key is string {
  if (typeof key === 'string' && IDEMPOTENCY_KEY_PATTERN.test(key)) return;
  const found = key === undefined || key === null || key === '' ? 'missing idempotency key' : `idempotency key ${describe(key)}`;
  raise(
    new InvariantViolation(
      `Unexpected ${found} for payment mutation \`${operation}\`, expected 16 to 255 characters of letters, digits, \`.\`, \`_\`, \`:\` or \`-\``,
      { operation, key: typeof key === 'string' ? key : describe(key) },
      'idempotency-key',
    ),
  );
}
