/**
 * The index of the bracket that closes the one just before `start` (`]` for
 * `[`, `}` for `{`, `)` for `(`), past strings, comments and nested brackets of its kind;
 * null when there is none. For configs in code (`vercel.ts`, `nuxt.config.ts`)
 * read as written, without running them.
 */
export function closingBracket(text: string, start: number, open: '[' | '{' | '(', close: ']' | '}' | ')'): number | null {
  let depth = 0;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (text.startsWith('//', index) || text.startsWith('/*', index)) {
      const end = text.startsWith('//', index) ? text.indexOf('\n', index) : text.indexOf('*/', index + 2) + 1;
      if (end <= 0) return null;
      index = end;
    } else if (char === "'" || char === '"' || char === '`') {
      const end = text.indexOf(char, index + 1);
      if (end === -1) return null;
      index = end;
    } else if (char === open) depth += 1;
    else if (char === close) {
      if (depth === 0) return index;
      depth -= 1;
    }
  }
  return null;
}

/** Whether what is left of a config's text, once its entries are taken out, holds nothing but commas, blanks and comments: anything else is an entry not written out. */
export function onlySeparators(text: string): boolean {
  return text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/[\s,]/g, '') === '';
}

/** A value as written in a config in code: its text, and where it starts. */
export interface WrittenValue {
  readonly at: number;
  readonly value: string;
}

const stringLiteral = /^(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1$/;

/** The text of a string literal (or a template literal with no `${…}`), or null. */
export function stringValue(written: string): string | null {
  const match = stringLiteral.exec(written);
  if (match === null || (match[1] === '`' && match[2]!.includes('${'))) return null;
  return match[2]!;
}

/** Blanks and comments from `at` on. */
export function skipSpace(text: string, at: number): number {
  const space = /(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
  space.lastIndex = at;
  space.exec(text);
  return space.lastIndex;
}

/** The comma-separated parts between `start` and `end` at this depth, trimmed, with where each starts. */
export function splitTopLevel(text: string, start: number, end: number): WrittenValue[] {
  const parts: WrittenValue[] = [];
  let at = skipSpace(text, start);
  let index = at;
  while (index < end) {
    const char = text[index];
    if (char === '{' || char === '[' || char === '(') {
      const close = closingBracket(text, index + 1, char, char === '{' ? '}' : char === '[' ? ']' : ')');
      if (close === null) break;
      index = close + 1;
    } else if (char === '"' || char === "'" || char === '`') {
      // As `closingBracket` reads a string: to the next quote of its kind.
      const close = text.indexOf(char, index + 1);
      if (close === -1) break;
      index = close + 1;
    } else if (char === '/' && (text[index + 1] === '/' || text[index + 1] === '*')) {
      index = skipSpace(text, index);
    } else if (char === ',') {
      parts.push({ at, value: withoutComments(text.slice(at, index)) });
      at = skipSpace(text, index + 1);
      index = at;
    } else index += 1;
  }
  const last = withoutComments(text.slice(at, end));
  if (last !== '') parts.push({ at, value: last });
  return parts;
}

/** A value as written, without the blanks and comments after it: `"rate(1 day)" // nightly`. */
function withoutComments(written: string): string {
  return written.replace(/(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)+$/, '').trim();
}

/** The properties of an object literal's body by key: `key: value`, `"key": value`, and shorthand `key`. */
export function propertiesOf(text: string, start: number, end: number): Map<string, WrittenValue> {
  const properties = new Map<string, WrittenValue>();
  for (const part of splitTopLevel(text, start, end)) {
    const match = /^(['"]?)([\w$]+)\1\s*(?::\s*)?/.exec(part.value);
    if (match === null) continue;
    const value = part.value.slice(match[0].length).trim();
    properties.set(match[2]!, { at: part.at + match[0].length, value: match[0].includes(':') ? value : match[2]! });
  }
  return properties;
}

/** A call as written: its arguments, and its first object-literal argument with that object's properties (null when it has none). */
export interface WrittenCall {
  readonly args: readonly WrittenValue[];
  readonly object: WrittenValue | null;
  readonly props: ReadonlyMap<string, WrittenValue> | null;
}

/** The call whose `(` is just before `open`; null when it does not close. */
export function callAt(text: string, open: number): WrittenCall | null {
  const close = closingBracket(text, open, '(', ')');
  if (close === null) return null;
  const args = splitTopLevel(text, open, close);
  const object = args.find((arg) => arg.value.startsWith('{')) ?? null;
  const end = object === null ? null : closingBracket(text, object.at + 1, '{', '}');
  return { args, object: end === null ? null : object, props: object === null || end === null ? null : propertiesOf(text, object.at + 1, end) };
}

/** The names of an import or export list: `a as b` is the export `a` under the local name `b`. */
export function bindings(list: string): { exported: string; local: string }[] {
  return list
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, '').split(/\s+as\s+/))
    .filter((parts) => parts[0] !== undefined && parts[0] !== '')
    .map((parts) => ({ exported: parts[0]!, local: parts[1] ?? parts[0]! }));
}

/** A name as a pattern that matches it literally, for the patterns built around names read from a config (`const ${name} =`). */
export function escapeRegExp(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
