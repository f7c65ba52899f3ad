import { parse, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';

/**
 * JSON with comments and trailing commas, as tsconfig.json, deno.jsonc and
 * wrangler.jsonc are written. Throws a SyntaxError at the first mistake,
 * saying where in the text: `comma expected at line 4, column 3`.
 */
export function parseJsonc(written: string): unknown {
  // A byte-order mark is no character an editor shows: columns count from after it.
  const text = written.startsWith('\uFEFF') ? written.slice(1) : written;
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, allowEmptyContent: false });
  const first = errors[0];
  if (first === undefined) return value;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - (before.lastIndexOf('\n') + 1) + 1;
  // `CommaExpected` → `comma expected`.
  const what = printParseErrorCode(first.error).replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
  throw new SyntaxError(`${what} at line ${line}, column ${column}`);
}
