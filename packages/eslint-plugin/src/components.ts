/**
 * Single-file components: markup whose code is in `<script>` blocks (Vue,
 * Svelte) or, in Astro, in a frontmatter fenced by `---` lines as well. Their
 * parsers hand ESLint a tree of the script, but the file's first token is
 * markup, so the layer tag and the imports are read from the script blocks'
 * text, the same way for a linted component and for one that is imported or
 * listed by `bookiji-layers`.
 */

const componentFile = /\.(?:vue|svelte|astro)$/;

export function isComponentFile(path: string): boolean {
  return componentFile.test(path);
}

/** The code of one script block, and where it starts in the file. */
export interface ScriptBlock {
  readonly text: string;
  readonly offset: number;
}

/** An Astro frontmatter: a `---` line first in the file, closed by the next `---` line. */
const frontmatterOpen = /^\uFEFF?[ \t\r\n]*---[ \t]*\r?\n/;

/** The script blocks of a component, in the order they appear: Astro's frontmatter first, then each `<script>` element's body. */
export function componentScripts(text: string, path: string): ScriptBlock[] {
  // Made per call, not shared: they keep their place in `lastIndex`.
  const frontmatterClose = /^---[ \t]*\r?$/gm;
  // An HTML comment, which hides what it holds, or a script element's opening tag (attribute values may hold `>`).
  const commentOrScript = /<!--[\s\S]*?(?:-->|$)|<script\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
  const scriptClose = /<\/script\s*>/gi;
  const blocks: ScriptBlock[] = [];
  let markupStart = 0;
  if (path.endsWith('.astro')) {
    const open = frontmatterOpen.exec(text);
    if (open !== null) {
      frontmatterClose.lastIndex = open[0].length;
      const close = frontmatterClose.exec(text);
      const end = close === null ? text.length : close.index;
      blocks.push({ text: text.slice(open[0].length, end), offset: open[0].length });
      markupStart = close === null ? text.length : close.index + close[0].length;
    }
  }
  commentOrScript.lastIndex = markupStart;
  for (let match = commentOrScript.exec(text); match !== null; match = commentOrScript.exec(text)) {
    const tag = match[0];
    if (tag.startsWith('<!--') || tag.endsWith('/>')) continue;
    const start = match.index + tag.length;
    scriptClose.lastIndex = start;
    const close = scriptClose.exec(text);
    const end = close === null ? text.length : close.index;
    blocks.push({ text: text.slice(start, end), offset: start });
    commentOrScript.lastIndex = close === null ? text.length : close.index + close[0].length;
  }
  return blocks;
}
