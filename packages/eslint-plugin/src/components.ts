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

/**
 * The component a Vue template's tag names, as Vue resolves it: `DraftPanel`
 * for `<DraftPanel>` and `<draft-panel>`; null for an HTML element (neither
 * PascalCase nor kebab-case) and for `<template>`.
 */
export function componentOfTag(tag: string): string | null {
  if (tag === 'template' || !(tag.includes('-') || /^[A-Z]/.test(tag))) return null;
  return tag.replace(/(?:^|-)([a-z0-9])/g, (_, char: string) => char.toUpperCase());
}

/** The code of one script block, and where it starts in the file. */
export interface ScriptBlock {
  readonly text: string;
  readonly offset: number;
}

/** An Astro frontmatter: a `---` line first in the file, closed by the next `---` line. */
const frontmatterOpen = /^\uFEFF?[ \t\r\n]*---[ \t]*\r?\n/;

/** A `<script>` element of a component's markup (outside HTML comments): its opening tag and its body. */
interface ScriptElement {
  readonly tag: string;
  readonly tagOffset: number;
  /** Null for a self-closed `<script … />`. */
  readonly body: ScriptBlock | null;
}

/** The `<script>` elements of a component's markup from `from` on, skipping those inside HTML comments. */
function scriptElements(text: string, from: number): ScriptElement[] {
  // Made per call, not shared: they keep their place in `lastIndex`.
  // An HTML comment, which hides what it holds, or a script element's opening tag (attribute values may hold `>`).
  const commentOrScript = /<!--[\s\S]*?(?:-->|$)|<script\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
  const scriptClose = /<\/script\s*>/gi;
  const elements: ScriptElement[] = [];
  commentOrScript.lastIndex = from;
  for (let match = commentOrScript.exec(text); match !== null; match = commentOrScript.exec(text)) {
    const tag = match[0];
    if (tag.startsWith('<!--')) continue;
    if (tag.endsWith('/>')) {
      elements.push({ tag, tagOffset: match.index, body: null });
      continue;
    }
    const start = match.index + tag.length;
    scriptClose.lastIndex = start;
    const close = scriptClose.exec(text);
    const end = close === null ? text.length : close.index;
    elements.push({ tag, tagOffset: match.index, body: { text: text.slice(start, end), offset: start } });
    commentOrScript.lastIndex = close === null ? text.length : close.index + close[0].length;
  }
  return elements;
}

/** Where a component's markup starts: after an Astro frontmatter, which is code. */
function frontmatterOf(text: string, path: string): { readonly block: ScriptBlock | null; readonly markupStart: number } {
  if (!path.endsWith('.astro')) return { block: null, markupStart: 0 };
  const open = frontmatterOpen.exec(text);
  if (open === null) return { block: null, markupStart: 0 };
  const frontmatterClose = /^---[ \t]*\r?$/gm;
  frontmatterClose.lastIndex = open[0].length;
  const close = frontmatterClose.exec(text);
  const end = close === null ? text.length : close.index;
  return { block: { text: text.slice(open[0].length, end), offset: open[0].length }, markupStart: close === null ? text.length : close.index + close[0].length };
}

/** The script blocks of a component, in the order they appear: Astro's frontmatter first, then each `<script>` element's body. */
export function componentScripts(text: string, path: string): ScriptBlock[] {
  const { block, markupStart } = frontmatterOf(text, path);
  const bodies = scriptElements(text, markupStart).flatMap((element) => (element.body === null ? [] : [element.body]));
  return block === null ? bodies : [block, ...bodies];
}

/** A module a component loads by a `<script src>` attribute, and where the attribute's value starts in the file. */
export interface ScriptSource {
  readonly specifier: string;
  readonly offset: number;
}

const srcAttribute = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;

/**
 * The modules a component's `<script src="…">` elements load. Vue's
 * `<script src>` holds the component's code in another file, resolved as an
 * import is (a relative path, a package, an alias); Astro bundles a script
 * whose `src` is a relative path, unless it is `is:inline`. Anything else is
 * a URL for the browser to fetch (`/vendor.js`, `https://…`), not a module of
 * the project.
 */
export function componentScriptSources(text: string, path: string): ScriptSource[] {
  const vue = path.endsWith('.vue');
  const sources: ScriptSource[] = [];
  for (const { tag, tagOffset } of scriptElements(text, frontmatterOf(text, path).markupStart)) {
    const match = srcAttribute.exec(tag);
    const specifier = match?.[1] ?? match?.[2] ?? match?.[3];
    if (match === null || specifier === undefined || /\sis:inline\b/i.test(tag)) continue;
    const module = /^\.\.?\//.test(specifier) || (vue && specifier !== '' && !/^(?:[a-z][a-z\d+.-]*:|\/)/i.test(specifier));
    if (!module) continue;
    // The value's start: the match ends with it, and a closing quote when it is quoted.
    const valueStart = match.index + match[0].length - specifier.length - (match[3] === undefined ? 1 : 0);
    sources.push({ specifier, offset: tagOffset + valueStart });
  }
  return sources;
}
