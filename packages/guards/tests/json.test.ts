import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../src/json.js';

function jsonParseOutcome(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

describe('parseJson', () => {
  it('gives the same value as JSON.parse for any JSON document', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const parsed = parseJson(text);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.value).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts exactly what JSON.parse accepts, on mangled documents', () => {
    const mangled = fc
      .tuple(fc.json(), fc.nat(), fc.nat(3), fc.constantFrom('', ',', '}', ']', '"', '\\', '\n', '0', '-', 'e', 'tru', ' ', '\u0001', '{', '['))
      .map(([text, at, cut, insert]) => {
        const index = text.length === 0 ? 0 : at % text.length;
        return text.slice(0, index) + insert + text.slice(index + cut);
      });
    fc.assert(
      fc.property(fc.oneof(mangled, fc.string()), (text) => {
        const expected = jsonParseOutcome(text);
        const parsed = parseJson(text);
        expect(parsed.ok).toBe(expected.ok);
        if (parsed.ok && expected.ok) expect(parsed.value).toStrictEqual(expected.value);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the last of two equal keys, as JSON.parse does, and says where the second one is', () => {
    const parsed = parseJson('{"a": {"x": 1, "x": 2},\n "a/b": 0, "a/b": 3, "a": {}}');
    expect(parsed.ok && parsed.value).toEqual({ a: {}, 'a/b': 3 });
    expect(parsed.ok && parsed.duplicates).toEqual([
      { pointer: '/a/x', position: { line: 1, column: 16, offset: 15 } },
      { pointer: '/a~1b', position: { line: 2, column: 12, offset: 35 } },
      { pointer: '/a', position: { line: 2, column: 22, offset: 45 } },
    ]);
    expect(parseJson('{"a": 1, "b": 2}')).toMatchObject({ ok: true, duplicates: [] });
  });

  it('keeps __proto__ as an own key, as JSON.parse does', () => {
    const parsed = parseJson('{"__proto__": {"polluted": true}}');
    expect(parsed.ok && Object.keys(parsed.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 'Unexpected `}`, expected a property name in double quotes', 1, 9],
    ['{\n  "a": 1\n  "b": 2\n}', 'Unexpected `"`, expected `,` or `}`', 3, 3],
    ['[1, 2', 'Unexpected end of file, expected `,` or `]`', 1, 6],
    ['"tab\there"', 'Unexpected `\\t`, expected a character in the string (control characters must be escaped)', 1, 5],
    ['"\\x"', 'Unexpected `x`, expected an escape: `\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` or `\\u` and four hex digits', 1, 3],
    ['01', 'Unexpected `1`, expected end of file', 1, 2],
    ['', 'Unexpected end of file, expected a value', 1, 1],
    ['{"a":\r\n  nul}', 'Unexpected `n`, expected a value', 2, 3],
  ])('reports %j as %s at %i:%i', (text, message, line, column) => {
    expect(parseJson(text)).toEqual({ ok: false, message, position: { line, column, offset: expect.any(Number) } });
  });

  it('records where every value starts, by JSON Pointer', () => {
    const parsed = parseJson('{\n  "a/b": [true,\n    {"~k": null}]\n}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.fromEntries([...parsed.positions].map(([pointer, position]) => [pointer, [position.line, position.column]]))).toEqual({
      '': [1, 1],
      '/a~1b': [2, 10],
      '/a~1b/0': [2, 11],
      '/a~1b/1': [3, 5],
      '/a~1b/1/~0k': [3, 12],
    });
  });
});
