import { componentOfTag, componentScriptSources, componentScripts, isComponentFile } from './components.js';

/**
 * The module specifiers a JavaScript or TypeScript file imports (a
 * component's script blocks, given its `path`), read from its text without a
 * parser, for the command line's project-wide views
 * (`bookiji-layers graph`, `summary`) and the counts in
 * `@bookiji/valid-settings` messages. The lint rules read imports from
 * ESLint's tree instead. Comments are skipped and template literals with an
 * expression blanked, so an import written in either is not counted.
 */
export function importSpecifiers(text: string, path = ''): string[] {
  // A single-file component's imports are in its script blocks, and the modules its `<script src>` elements load.
  if (isComponentFile(path)) return [...componentScripts(text, path).flatMap((block) => importSpecifiers(block.text)), ...componentScriptSources(text, path).map((source) => source.specifier)];
  const code = withoutComments(text);
  const found: string[] = [];
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(code); match !== null; match = pattern.exec(code)) {
      const specifier = match[2];
      if (specifier !== undefined && specifier !== '') found.push(specifier);
    }
  }
  return found;
}

/**
 * The names a file uses of those `isAutoImported` accepts and does not
 * declare itself, read from its text as `importSpecifiers` reads imports:
 * an identifier outside comments and strings, not after a `.`, in a file
 * (a component's script blocks) with no `function`, `class`, `const`, `let`,
 * `var`, parameter or import of that name; in a Vue component, also the
 * identifiers of its template's expressions and the components its tags
 * name (`DraftPanel` for `<DraftPanel>` and `<draft-panel>`); in a Svelte
 * component, also the identifiers of its markup's expressions. Each name once.
 */
export function autoImportedNames(text: string, path: string, isAutoImported: (name: string) => boolean): string[] {
  const component = isComponentFile(path);
  const code = codeOnly(component ? componentScripts(text, path).map((block) => block.text).join('\n') : text);
  const used = new Set([...identifiersIn(code), ...(path.endsWith('.vue') ? vueTemplateNames(text) : path.endsWith('.svelte') ? svelteMarkupNames(text) : [])]);
  return [...used].filter((name) => isAutoImported(name) && !declaredIn(code, name));
}

/** The text with comments removed and strings and template literals blanked. */
function codeOnly(text: string): string {
  return withoutComments(text).replace(/(['"])(?:\\.|(?!\1)[^\\\n])*\1/g, "''");
}

/** The identifiers of code, not after a `.`. */
function identifiersIn(code: string): string[] {
  return [...code.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g)].map(([name]) => name);
}

/** Whether code declares a name: a function's or class's name or parameter, a name a `const`, `let` or `var` binds before its `=`, or one an import binds. */
function declaredIn(code: string, name: string): boolean {
  const at = `${name.replace(/\$/g, '\\$')}(?![\\w$])`;
  return new RegExp(`\\b(?:function\\*?|class)\\s+${at}|\\bfunction\\b[^{;]*?[(,\\s]${at}|\\b(?:const|let|var)\\b[^;=]*?[\\s{,[]${at}|\\bimport\\b[^;'"]*?[\\s{,]${at}`).test(code);
}

/** A component's markup: its text without HTML comments, script blocks and style blocks. */
function markupOf(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '');
}

/** The names a Vue component's template uses: the components its tags name, and the identifiers of its `{{ }}` and directive expressions. */
function vueTemplateNames(text: string): string[] {
  const template = markupOf(text);
  const components = [...template.matchAll(/<([A-Za-z][\w-]*)/g)].flatMap(([, tag]) => componentOfTag(tag as string) ?? []);
  const expressions = [...template.matchAll(/\{\{([\s\S]*?)\}\}/g), ...template.matchAll(/\s(?:v-[\w-]+(?::[\w-]+)?|[:@#][\w.-]+)\s*=\s*"([^"]*)"/g)].map(([, expression]) => expression as string);
  return [...components, ...expressions.flatMap((expression) => identifiersIn(codeOnly(expression)))];
}

/**
 * The names a Svelte component's markup uses: the identifiers of its `{ }`
 * expressions, in text, blocks (`{#if …}`, `{@html …}`) and attribute values
 * (`on:click={…}`), one level of braces deep; not, inside a block, the names
 * the block declares (`{#each rows as row}` … `{/each}`). Components are
 * imported in the script, so tags name nothing auto-imported.
 */
function svelteMarkupNames(text: string): string[] {
  const markup = markupOf(text);
  const used: string[] = [];
  // The names declared by each open block, innermost last; the first holds the top level's `{@const}`s.
  const blocks: Set<string>[] = [new Set()];
  const declared = (name: string) => blocks.some((names) => names.has(name));
  for (const [, tag, body = ''] of markup.matchAll(/\{([#:@/]?)((?:[^{}]|\{[^{}]*\})*)\}/g)) {
    const code = codeOnly(body);
    if (tag === '/') {
      if (blocks.length > 1) blocks.pop();
      continue;
    }
    const [uses, declares] = tag === '' ? [code, ''] : svelteBlockParts(code);
    used.push(...identifiersIn(uses).filter((name) => !declared(name)));
    if (tag === '#') blocks.push(new Set());
    for (const name of identifiersIn(declares)) blocks.at(-1)?.add(name);
  }
  return used;
}

/** A Svelte block tag's text, split into what it uses and what it declares. */
function svelteBlockParts(code: string): [uses: string, declares: string] {
  const at = (index: number): [string, string] => (index < 0 ? [code, ''] : [code.slice(0, index), code.slice(index)]);
  switch (/^\s*(\w+)/.exec(code)?.[1]) {
    case 'each': // {#each items as item, i (item.id)}
      return at(code.lastIndexOf(' as '));
    case 'await': // {#await promise then value}
      return at(code.search(/\s(?:then|catch)\b/));
    case 'then': // {:then value}
    case 'catch':
    case 'snippet': // {#snippet row(item)}
      return ['', code];
    case 'const': {
      // {@const total = a + b}
      const equals = code.indexOf('=');
      return equals < 0 ? [code, ''] : [code.slice(equals + 1), code.slice(0, equals)];
    }
    default:
      return [code, ''];
  }
}

const patterns: readonly RegExp[] = [
  // import x from 'm'; import 'm'; import type { A } from 'm'; import x, { y } from 'm'
  /(?<![\w$.])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?(['"])([^'"\n]+)\1/g,
  // export * from 'm'; export * as ns from 'm'; export { a } from 'm'; export type { A } from 'm'
  /(?<![\w$.])export\s*(?:type\s*)?(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\1/g,
  // import('m'), import type X = import('m'), require('m')
  /(?<![\w$.])(?:import|require)\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
];

/** The text with comments removed and template literal bodies blanked; strings stay as they are. */
function withoutComments(text: string): string {
  let out = '';
  let index = 0;
  let copiedTo = 0;
  const length = text.length;
  while (index < length) {
    const char = text.charCodeAt(index);
    if (char === 47 /* / */ && text.charCodeAt(index + 1) === 47) {
      out += text.slice(copiedTo, index);
      const end = text.indexOf('\n', index);
      index = end === -1 ? length : end;
      copiedTo = index;
    } else if (char === 47 && text.charCodeAt(index + 1) === 42 /* * */) {
      out += `${text.slice(copiedTo, index)} `;
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? length : end + 2;
      copiedTo = index;
    } else if (char === 39 /* ' */ || char === 34 /* " */) {
      index += 1;
      while (index < length) {
        const inner = text.charCodeAt(index);
        if (inner === 92 /* \ */) index += 2;
        else if (inner === char || inner === 10) {
          index += 1;
          break;
        } else index += 1;
      }
    } else if (char === 96 /* ` */) {
      const start = index;
      index += 1;
      while (index < length && text.charCodeAt(index) !== 96) index += text.charCodeAt(index) === 92 ? 2 : 1;
      index += 1;
      const body = text.slice(start + 1, index - 1);
      // A template with no expression on one line is a string (`import(\`./a.js\`)`); any other is blanked.
      out += `${text.slice(copiedTo, start)}${!body.includes('${') && !body.includes('\n') && !body.includes("'") ? `'${body}'` : "''"}`;
      copiedTo = index;
    } else index += 1;
  }
  return out + text.slice(copiedTo, length);
}
