import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { deepFreeze, fieldsOf, firstInvalidUtf8, isCalendarDate, pointAt, pointAtByte } from '@bookiji/contract';

const tree = (text: string): Root => unified().use(remarkParse).parse(text);
const fields = (text: string) => fieldsOf(tree(text).children).map(({ label, value, position, valuePosition }) => ({ label, value, position, valuePosition }));

describe('fields', () => {
  it('reads fields on consecutive lines the same as fields in paragraphs of their own', () => {
    const together = fields('**Kind**: code\n**Risk**: low\n**Triggered by**: Ana');
    const apart = fields('**Kind**: code\n\n**Risk**: low\n\n**Triggered by**: Ana');
    expect(together.map(({ label, value }) => [label, value])).toEqual([
      ['Kind', 'code'],
      ['Risk', 'low'],
      ['Triggered by', 'Ana'],
    ]);
    expect(apart.map(({ label, value }) => [label, value])).toEqual(together.map(({ label, value }) => [label, value]));
    expect(together.map((field) => field.position)).toEqual([
      { line: 1, column: 1 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
    ]);
    expect(together[2]?.valuePosition).toEqual({ line: 3, column: 19 });
  });

  it('takes the colon inside or after the bold label, and a qualifier before it', () => {
    expect(fields('**Status:** Active').map((field) => [field.label, field.value])).toEqual([['Status', 'Active']]);
    expect(fields('**Scope** (when active):\n\n- a').map((field) => [field.label, field.value])).toEqual([['Scope', '']]);
    expect(fieldsOf(tree('**Scope** (when active):\n\n- a').children)[0]?.list?.children).toHaveLength(1);
  });

  it('reads bold prose without a colon as prose', () => {
    expect(fields('**Kill switches.** They are flipped by people.')).toEqual([]);
  });

  it('splits at CRLF and lone CR line endings too', () => {
    expect(fields('**Kind**: code\r\n**Risk**: low').map((field) => field.label)).toEqual(['Kind', 'Risk']);
    expect(fields('**Kind**: code\r**Risk**: low').map((field) => field.label)).toEqual(['Kind', 'Risk']);
  });
});

describe('positions', () => {
  it('counts LF, CRLF and lone CR as one line ending each', () => {
    expect(pointAt('a\nb\r\nc\rd', 7)).toEqual({ line: 4, column: 1 });
    expect(pointAt('a\r\nb', 2)).toEqual({ line: 1, column: 3 });
  });

  it('finds the invalid byte, not a legitimate U+FFFD, at the start, middle and end', () => {
    const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
    expect(firstInvalidUtf8(bytes('fine \uFFFD text'))).toBe(-1);
    expect(firstInvalidUtf8(bytes([0xff], 'abc'))).toBe(0);
    const middle = bytes('\uFFFD line\r\nnext ', [0xc3, 0x28], ' rest');
    const at = firstInvalidUtf8(middle);
    expect(at).toBe(Buffer.byteLength('\uFFFD line\r\nnext '));
    expect(pointAtByte(middle, at)).toEqual({ line: 2, column: 6 });
    const end = bytes('a\rb', [0xe2, 0x82]);
    expect(pointAtByte(end, firstInvalidUtf8(end))).toEqual({ line: 2, column: 2 });
    // Overlong forms and surrogates are not UTF-8 either.
    expect(firstInvalidUtf8(bytes([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(bytes('x', [0xed, 0xa0, 0x80]))).toBe(1);
  });
});

describe('dates and freezing', () => {
  it('accepts calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-2-1')).toBe(false);
  });

  it('freezes a deep value without recursion', () => {
    let deep: { next?: unknown } = {};
    const top = deep;
    for (let i = 0; i < 100_000; i++) deep = deep.next = {} as { next?: unknown };
    deepFreeze(top);
    expect(Object.isFrozen(deep)).toBe(true);
  });
});
