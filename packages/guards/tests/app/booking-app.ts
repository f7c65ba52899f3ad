// A small booking service that uses the guards the way Bookiji's code does:
// kill switches from the process-wide registry (environment variables unless
// told otherwise), boundary guards on requests, booking invariants before
// money moves.
import {
  assertIdempotencyKey,
  assertNotEngaged,
  assertRefundWithinCapture,
  currencyCode,
  defineKillSwitch,
  isEngaged,
  nonEmptyString,
  positiveMinorUnits,
} from '@bookiji/guards';

defineKillSwitch({ id: 'payments-capture', description: 'Stops capturing card payments for bookings', failMode: 'closed' });
defineKillSwitch({ id: 'search-indexing', description: 'Stops re-indexing providers for search', failMode: 'open' });

export interface Capture {
  readonly bookingId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly idempotencyKey: string;
}

const captures = new Map<string, Capture>();

/** Captures payment for a booking: refused while `payments-capture` is engaged. */
export function capturePayment(request: Readonly<Record<string, unknown>>): Capture {
  assertNotEngaged('payments-capture');
  const idempotencyKey = request['idempotencyKey'];
  assertIdempotencyKey(idempotencyKey, 'capture');
  const existing = captures.get(idempotencyKey);
  if (existing !== undefined) return existing;
  const capture: Capture = {
    bookingId: nonEmptyString(request['bookingId'], 'bookingId'),
    amountMinor: positiveMinorUnits(request['amountMinor'], 'amountMinor'),
    currency: currencyCode(request['currency'], 'currency'),
    idempotencyKey,
  };
  captures.set(idempotencyKey, capture);
  return capture;
}

/** Refunds part of a capture; never more than what is left of it. */
export function refund(capture: Capture, refundedMinor: number, amountMinor: number): number {
  assertRefundWithinCapture({
    captured: { amountMinor: capture.amountMinor, currency: capture.currency },
    refunded: { amountMinor: refundedMinor, currency: capture.currency },
    refund: { amountMinor, currency: capture.currency },
  });
  return refundedMinor + amountMinor;
}

/** Background work that an operator can pause; it fails open, so a broken source does not stop it. */
export function reindexSearch(): 'reindexed' | 'paused' {
  return isEngaged('search-indexing') ? 'paused' : 'reindexed';
}
