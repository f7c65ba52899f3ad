/**
 * JSON with comments and trailing commas, as tsconfig.json and
 * wrangler.jsonc are written. Throws a SyntaxError like JSON.parse.
 */
export function parseJsonc(text: string): unknown {
  let out = '';
  let index = 0;
  const length = text.length;
  while (index < length) {
    const char = text[index];
    if (char === '"') {
      const start = index;
      index += 1;
      while (index < length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
      index += 1;
      out += text.slice(start, index);
    } else if (char === '/' && text[index + 1] === '/') {
      while (index < length && text[index] !== '\n') index += 1;
    } else if (char === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? length : end + 2;
    } else {
      out += char;
      index += 1;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1').replace(/^\uFEFF/, ''));
}
