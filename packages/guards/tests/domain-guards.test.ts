import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuardViolation, currencyCode, integerInRange, isoDateTime, nonEmptyString, positiveMinorUnits, timeInterval } from '@bookiji/guards';

function refusal(run: () => unknown): GuardViolation {
  try {
    run();
  } catch (error) {
    if (error instanceof GuardViolation) return error;
    throw error;
  }
  throw new Error('expected a GuardViolation');
}

describe('nonEmptyString', () => {
  it('returns a string with content', () => {
    expect(nonEmptyString(' Ada ', 'name')).toBe(' Ada ');
  });

  it.each([
    ['', 'name: Unexpected empty string, expected a non-empty string'],
    [' \t\n', 'name: Unexpected blank string, expected a non-empty string'],
    [42, 'name: Unexpected number `42`, expected a non-empty string'],
    [undefined, 'name: Unexpected `undefined`, expected a non-empty string'],
  ])('refuses %j', (value, message) => {
    const error = refusal(() => nonEmptyString(value, 'name'));
    expect(error.message).toBe(message);
    expect(error.issues).toHaveLength(1);
  });
});

describe('integerInRange', () => {
  it('accepts both ends of the range', () => {
    expect(integerInRange(1, { min: 1, max: 8 }, 'guests')).toBe(1);
    expect(integerInRange(8, { min: 1, max: 8 }, 'guests')).toBe(8);
  });

  it.each([0, 9, 2.5, Number.NaN, '3', null])('refuses %s', (value) => {
    expect(refusal(() => integerInRange(value, { min: 1, max: 8 }, 'guests')).message).toMatch(/^guests: Unexpected .+, expected an integer from 1 to 8$/);
  });

  it('agrees with its definition on any number', () => {
    fc.assert(
      fc.property(fc.double(), fc.integer({ min: -1000, max: 1000 }), fc.nat(2000), (value, min, span) => {
        const range = { min, max: min + span };
        const ok = Number.isInteger(value) && value >= range.min && value <= range.max;
        if (ok) expect(integerInRange(value, range)).toBe(value);
        else expect(() => integerInRange(value, range)).toThrow(GuardViolation);
      }),
    );
  });
});

describe('isoDateTime', () => {
  it.each(['2025-12-27T09:30:00Z', '2024-02-29T23:59:59.123456789+14:00', '2025-01-01T00:00:00-05:30'])('accepts %s', (value) => {
    expect(isoDateTime(value, 'start')).toBe(value);
  });

  it.each([
    '2025-12-27T09:30:00', // no offset: ambiguous
    '2025-12-27 09:30:00Z',
    '2025-02-29T10:00:00Z', // not a leap year
    '2025-04-31T10:00:00Z',
    '2025-12-27T24:00:00Z',
    '2025-12-27T09:60:00Z',
    '2025-12-27T09:30Z',
    '2025-13-01T00:00:00Z',
    '2025-12-27T09:30:00+24:00',
    '2025-12-27t09:30:00z',
    '',
  ])('refuses %j', (value) => {
    expect(refusal(() => isoDateTime(value, 'start')).message).toContain('expected an ISO 8601 date-time with an offset');
  });

  it('accepts what toISOString prints, for any representable date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        expect(isoDateTime(date.toISOString())).toBe(date.toISOString());
      }),
    );
  });
});

describe('currencyCode', () => {
  it('accepts currencies in circulation', () => {
    for (const code of ['EUR', 'USD', 'JPY', 'GBP', 'CHF', 'XOF', 'XCG']) expect(currencyCode(code)).toBe(code);
  });

  it.each(['eur', 'EURO', 'ABC', 'XXX', 'XTS', 'XAU', 'USN', 12, null])('refuses %j', (value) => {
    expect(refusal(() => currencyCode(value, 'currency')).message).toMatch(/^currency: Unexpected .+, expected an ISO 4217 currency code such as `EUR`$/);
  });

  it('narrows to the accepted currencies when given', () => {
    expect(currencyCode('EUR', 'currency', ['EUR', 'GBP'])).toBe('EUR');
    expect(refusal(() => currencyCode('USD', 'currency', ['EUR', 'GBP'])).message).toBe(
      'currency: Unexpected string `"USD"`, expected one of `EUR`, `GBP`',
    );
  });
});

describe('positiveMinorUnits', () => {
  it('accepts every safe integer above zero and nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.maxSafeInteger(), fc.constant(Number.MAX_SAFE_INTEGER + 1)), (value) => {
        if (Number.isSafeInteger(value) && value > 0) expect(positiveMinorUnits(value)).toBe(value);
        else expect(() => positiveMinorUnits(value)).toThrow(GuardViolation);
      }),
    );
  });

  it('says what it expected', () => {
    expect(refusal(() => positiveMinorUnits(12.5, 'price')).message).toBe(
      'price: Unexpected number `12.5`, expected a positive whole number of minor units (at most 9007199254740991)',
    );
  });
});

describe('timeInterval', () => {
  it('accepts ISO strings, Dates and epoch milliseconds, and returns epoch milliseconds', () => {
    expect(timeInterval({ start: '2025-12-27T09:00:00Z', end: new Date('2025-12-27T10:00:00Z') })).toEqual({
      start: Date.parse('2025-12-27T09:00:00Z'),
      end: Date.parse('2025-12-27T10:00:00Z'),
    });
    expect(timeInterval({ start: 0, end: 1 })).toEqual({ start: 0, end: 1 });
  });

  it('refuses an interval that ends before or when it starts', () => {
    const error = refusal(() => timeInterval({ start: '2025-12-27T10:00:00Z', end: '2025-12-27T10:00:00Z' }, 'slot'));
    expect(error.issues).toEqual([
      { path: ['end'], message: 'Unexpected end `2025-12-27T10:00:00.000Z` equal to start `2025-12-27T10:00:00.000Z`, expected an end after the start' },
    ]);
  });

  it('lists both broken ends at once', () => {
    const error = refusal(() => timeInterval({ start: 'tomorrow', end: new Date('nope') }, 'slot'));
    expect(error.issues.map((issue) => issue.path)).toEqual([['start'], ['end']]);
    expect(error.message).toMatch(/^slot: 2 issues: `start`: Unexpected string `"tomorrow"`.+; `end`: Unexpected invalid Date/);
  });

  it('refuses a value that is not an object', () => {
    expect(refusal(() => timeInterval('09:00-10:00', 'slot')).message).toBe('slot: Unexpected string `"09:00-10:00"`, expected an object with `start` and `end`');
  });

  it('checks bounds when given', () => {
    const day = { start: '2025-12-27T00:00:00Z', end: '2025-12-28T00:00:00Z' };
    expect(timeInterval({ start: day.start, end: day.end }, 'slot', day)).toEqual({ start: Date.parse(day.start), end: Date.parse(day.end) });
    const error = refusal(() => timeInterval({ start: '2025-12-26T23:00:00Z', end: '2025-12-28T00:00:01Z' }, 'slot', day));
    expect(error.issues.map((issue) => issue.path)).toEqual([['start'], ['end']]);
  });

  it('accepts exactly the pairs with start before end, bounds included', () => {
    const instant = fc.integer({ min: -1e12, max: 1e12 });
    fc.assert(
      fc.property(instant, instant, instant, instant, (start, end, low, high) => {
        const within = { start: Math.min(low, high), end: Math.max(low, high) + 1 };
        const ok = start < end && start >= within.start && end <= within.end;
        if (ok) expect(timeInterval({ start, end }, 'slot', within)).toEqual({ start, end });
        else expect(() => timeInterval({ start, end }, 'slot', within)).toThrow(GuardViolation);
      }),
    );
  });
});
