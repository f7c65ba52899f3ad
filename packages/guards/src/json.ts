// A strict JSON parser that keeps where every value starts. JSON.parse says
// neither line nor column in Node 20, and an operator fixing a switch file
// needs both. Accepts exactly what JSON.parse accepts (tests/json.test.ts
// checks this on generated input) and builds the same values.

export interface JsonPosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units as most editors count. */
  readonly column: number;
  /** 0-based offset into the text. */
  readonly offset: number;
}

export type JsonParseResult =
  | {
      readonly ok: true;
      readonly value: unknown;
      /** Where each value starts, by JSON Pointer (RFC 6901); `''` is the root. */
      readonly positions: ReadonlyMap<string, JsonPosition>;
      /**
       * Keys that appear twice in one object, by the JSON Pointer of the
       * value and the position of the repeated key. JSON.parse keeps the last
       * silently; a hand-edited file with two entries is ambiguous.
       */
      readonly duplicates: readonly { readonly pointer: string; readonly position: JsonPosition }[];
    }
  | { readonly ok: false; readonly message: string; readonly position: JsonPosition };

class JsonSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJson(text: string): JsonParseResult {
  const positions = new Map<string, JsonPosition>();
  const duplicates: { pointer: string; position: JsonPosition }[] = [];
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const at = (offset: number): JsonPosition => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1, offset };
  };

  let i = 0;
  const fail = (expected: string): never => {
    const code = text.charCodeAt(i);
    const found = i >= text.length ? 'end of file' : `\`${code < 0x20 ? JSON.stringify(text[i]).slice(1, -1) : text[i]}\``;
    throw new JsonSyntaxError(`Unexpected ${found}, expected ${expected}`, i);
  };
  const skipSpace = () => {
    for (;;) {
      const code = text.charCodeAt(i);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) i++;
      else return;
    }
  };
  const parseString = (): string => {
    i++;
    let result = '';
    let chunkStart = i;
    for (;;) {
      if (i >= text.length) fail('`"` to close the string');
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        result += text.slice(chunkStart, i);
        i++;
        return result;
      }
      if (code < 0x20) fail('a character in the string (control characters must be escaped)');
      if (code !== 0x5c) {
        i++;
        continue;
      }
      result += text.slice(chunkStart, i);
      i++;
      const escape = text[i];
      if (escape === 'u') {
        const hex = text.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          i++;
          while (/[0-9a-fA-F]/.test(text[i] ?? '')) i++;
          fail('four hexadecimal digits after `\\u`');
        }
        result += String.fromCharCode(Number.parseInt(hex, 16));
        i += 5;
      } else if (escape !== undefined && Object.hasOwn(ESCAPES, escape)) {
        result += ESCAPES[escape];
        i++;
      } else {
        fail('an escape: `\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` or `\\u` and four hex digits');
      }
      chunkStart = i;
    }
  };
  const parseValue = (pointer: string): unknown => {
    skipSpace();
    positions.set(pointer, at(i));
    const char = text[i];
    if (char === '{') {
      i++;
      const object: Record<string, unknown> = {};
      skipSpace();
      if (text[i] === '}') {
        i++;
        return object;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail('a property name in double quotes');
        const keyOffset = i;
        const key = parseString();
        const child = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        if (Object.hasOwn(object, key)) duplicates.push({ pointer: child, position: at(keyOffset) });
        skipSpace();
        if (text[i] !== ':') fail('`:` after the property name');
        i++;
        // defineProperty, not assignment, so a `__proto__` key becomes an own
        // property as it does with JSON.parse.
        Object.defineProperty(object, key, {
          value: parseValue(child),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return object;
        }
        fail('`,` or `}`');
      }
    }
    if (char === '[') {
      i++;
      const array: unknown[] = [];
      skipSpace();
      if (text[i] === ']') {
        i++;
        return array;
      }
      for (;;) {
        array.push(parseValue(`${pointer}/${array.length}`));
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return array;
        }
        fail('`,` or `]`');
      }
    }
    if (char === '"') return parseString();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number === null) return fail('a value');
    i += number[0].length;
    return Number(number[0]);
  };

  try {
    const value = parseValue('');
    skipSpace();
    if (i < text.length) fail('end of file');
    return { ok: true, value, positions, duplicates };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { ok: false, message: error.message, position: at(error.offset) };
  }
}
