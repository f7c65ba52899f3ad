import { ISO_4217_CODES } from './currencies.js';
import type { GuardIssue } from './violation.js';
import { GuardViolation, raise } from './violation.js';

// Guards for the handful of values the booking domain checks everywhere, so
// that a service needs no schema library for them. Each returns the value it
// accepted (narrowed or normalised) and throws a `GuardViolation` otherwise.

/** A time interval in epoch milliseconds, half-open: it holds `start` but not `end`. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** A point in time as callers hold it: an ISO 8601 date-time, a `Date`, or epoch milliseconds. */
export type Instant = string | Date | number;

export interface IntervalInput {
  readonly start: Instant;
  readonly end: Instant;
}

export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

/** Accepts a string with at least one non-whitespace character. */
export function nonEmptyString(value: unknown, label = 'value'): string {
  if (typeof value !== 'string') refuse(label, `Unexpected ${describe(value)}, expected a non-empty string`);
  if (value.trim() === '') refuse(label, `Unexpected ${value === '' ? 'empty string' : 'blank string'}, expected a non-empty string`);
  return value;
}

/** Accepts an integer from `range.min` to `range.max`, both included. */
export function integerInRange(value: unknown, range: IntegerRange, label = 'value'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    refuse(label, `Unexpected ${describe(value)}, expected an integer from ${range.min} to ${range.max}`);
  }
  return value;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const ISO_EXAMPLE = '`2025-12-27T09:30:00Z` or `2025-12-27T10:30:00+01:00`';

/**
 * Accepts an ISO 8601 (RFC 3339) date-time with seconds and an explicit offset,
 * on a real calendar day. A date-time without an offset is refused: a booking
 * read in another time zone would move.
 */
export function isoDateTime(value: unknown, label = 'value'): string {
  if (typeof value !== 'string' || !isIsoDateTime(value)) {
    refuse(label, `Unexpected ${describe(value)}, expected an ISO 8601 date-time with an offset, such as ${ISO_EXAMPLE}`);
  }
  return value;
}

/** True for the strings `isoDateTime` accepts. */
export function isIsoDateTime(value: string): boolean {
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second, , offsetHour, offsetMinute] = match.map(Number) as number[];
  return (
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth(year!, month!) &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59 &&
    (match[7] === undefined || (offsetHour! <= 23 && offsetMinute! <= 59))
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Accepts the ISO 4217 code of a currency in circulation (`EUR`, `JPY`), or,
 * with `accepted`, one of those codes only.
 */
export function currencyCode(value: unknown, label = 'value', accepted?: readonly string[]): string {
  if (typeof value !== 'string' || !ISO_4217_CODES.has(value)) {
    refuse(label, `Unexpected ${describe(value)}, expected an ISO 4217 currency code such as \`EUR\``);
  }
  if (accepted !== undefined && !accepted.includes(value)) {
    refuse(label, `Unexpected ${describe(value)}, expected one of ${accepted.map((code) => `\`${code}\``).join(', ')}`);
  }
  return value;
}

/**
 * Accepts a positive amount in minor units (cents, pence; yen for JPY): a
 * safe integer above zero. Fractions of a minor unit are refused because they
 * cannot be charged.
 */
export function positiveMinorUnits(value: unknown, label = 'amount'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    refuse(label, `Unexpected ${describe(value)}, expected a positive whole number of minor units (at most ${Number.MAX_SAFE_INTEGER})`);
  }
  return value;
}

/**
 * Accepts a well-formed interval: both ends valid instants, `start` strictly
 * before `end`, and, with `within`, inside those bounds. Returns it in epoch
 * milliseconds.
 */
export function timeInterval(value: unknown, label = 'interval', within?: IntervalInput): Interval {
  const issues: GuardIssue[] = [];
  if (typeof value !== 'object' || value === null) refuse(label, `Unexpected ${describe(value)}, expected an object with \`start\` and \`end\``);
  const { start: rawStart, end: rawEnd } = value as Partial<Record<'start' | 'end', unknown>>;
  const start = toEpoch(rawStart);
  const end = toEpoch(rawEnd);
  if (start === null) issues.push({ path: ['start'], message: instantMessage(rawStart) });
  if (end === null) issues.push({ path: ['end'], message: instantMessage(rawEnd) });
  if (start !== null && end !== null) {
    if (start >= end) {
      issues.push({
        path: ['end'],
        message: `Unexpected end \`${iso(end)}\` ${start === end ? 'equal to' : 'before'} start \`${iso(start)}\`, expected an end after the start`,
      });
    }
    if (within !== undefined) {
      const bounds = timeInterval(within, `bounds of ${label}`);
      if (start < bounds.start) {
        issues.push({ path: ['start'], message: `Unexpected start \`${iso(start)}\`, expected a start at or after \`${iso(bounds.start)}\`` });
      }
      if (end > bounds.end) {
        issues.push({ path: ['end'], message: `Unexpected end \`${iso(end)}\`, expected an end at or before \`${iso(bounds.end)}\`` });
      }
    }
  }
  if (issues.length > 0) raise(new GuardViolation(label, issues));
  return Object.freeze({ start: start!, end: end! });
}

function toEpoch(value: unknown): number | null {
  let epoch: number;
  if (typeof value === 'number') epoch = value;
  else if (value instanceof Date) epoch = value.getTime();
  else if (typeof value === 'string' && isIsoDateTime(value)) epoch = Date.parse(value);
  else return null;
  return Number.isFinite(epoch) && Math.abs(epoch) <= 8.64e15 ? epoch : null;
}

function instantMessage(value: unknown): string {
  return `Unexpected ${describe(value)}, expected an ISO 8601 date-time with an offset, a valid Date, or epoch milliseconds`;
}

function iso(epoch: number): string {
  return new Date(epoch).toISOString();
}

function refuse(label: string, message: string): never {
  raise(new GuardViolation(label, [{ path: [], message }]));
}

/** A short, safe rendering of an untrusted value for a message. */
export function describe(value: unknown): string {
  if (value === undefined) return '`undefined`';
  if (value === null) return '`null`';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
    return `string \`${shown}\``;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} \`${String(value)}\``;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid Date' : `Date \`${value.toISOString()}\``;
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}
