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
