import { dirname, join } from 'node:path';
import { resolveImport } from '../resolve.js';
import { positionOf } from '../position.js';
import { bindings, closingBracket, escapeRegExp, skipSpace } from './brackets.js';
import type { Schedule } from './index.js';
import { handlerFile, repositoryPath } from './services.js';
import type { ScheduledCode } from './services.js';
import type { ShellScope } from './shell.js';

/** A Serverless Framework service configured in code: `serverless.ts` (`.js`, `.mjs`, …), which the framework runs for its configuration. */
export const serverlessCodeConfig = /^serverless\.[cm]?[jt]s$/;

/** A function's definition, as written: the object literal, in the file that holds it. */
interface Definition {
  readonly name: string;
  /** The file, absolute, and its text. */
  readonly file: string;
  readonly text: string;
  /** The object's body: from after its `{` to its `}`. */
  readonly start: number;
  readonly end: number;
}

/** A definition, or why a function of `functions` could not be read. */
type Entry = Definition | { readonly name: string; readonly file: string; readonly text: string; readonly at: number; readonly unread: string };

const identifier = /^[A-Za-z_$][\w$]*$/;

/**
 * The `schedule` events (also `eventBridge.schedule`) of the functions of a
 * `serverless.ts` config, read as written, without running it: the
 * functions of `functions: { … }` written out as object literals, or named
 * by an identifier the config imports (`import sweep from
 * '@functions/sweep'`, as the framework's TypeScript template writes each
 * function in a file of its own) and that file exports as an object literal,
 * through re-exports; `functions` itself may be such a name.
 * Each schedule is tied to its function's `handler`: a path in the service's
 * folder, or one that starts from the folder of the file that defines the
 * function (`${handlerPath(__dirname)}/handler.main`, the template's). A
 * function that is spread in or computed, or whose file cannot be read as
 * such, is listed as not read when it could hold a schedule.
 */
export function serverlessCodeSchedules(root: string, file: string, text: string, scope: ShellScope): Schedule[] {
  const config = join(root, file);
  const service = dirname(config);
  const key = /\bfunctions\s*:\s*\{/.exec(text);
  let functions: Definition;
  if (key !== null) {
    const end = closingBracket(text, key.index + key[0].length, '{', '}');
    if (end === null) return [notRead(root, config, text, key.index, 'functions', `the \`functions\` of \`${file}\` do not end: they are not read`)];
    functions = { name: 'functions', file: config, text, start: key.index + key[0].length, end };
  } else {
    // `functions: all` or `functions,`: an object the config declares or imports, read where it is written.
    const named = /[{,]\s*functions\s*(?::\s*([A-Za-z_$][\w$]*)\s*)?(?=[,}\n])/.exec(text);
    if (named === null && /\bfunctions\s*:/.test(text)) return [notRead(root, config, text, /\bfunctions\s*:/.exec(text)?.index ?? 0, 'functions', `the \`functions\` of \`${file}\` are computed, not written out: they are not read`)];
    // `{ ...base, service: 'jobs' }`: the functions of a base config the service spreads in.
    const found = named === null ? spreadFunctions(config, text, scope) : definitionOf('functions', named[1] ?? 'functions', config, text, named.index, scope);
    if (found === null) return [];
    if ('unread' in found) return [notRead(root, found.file, found.text, found.at, 'functions', found.unread)];
    functions = found;
  }
  // The provider's runtime: the first one written outside the functions.
  const runtime = runtimeIn(functions.file === config ? text.slice(0, functions.start) + text.slice(functions.end) : text) ?? 'nodejs';
  const schedules: Schedule[] = [];
  for (const entry of entriesOf(functions.text, functions.start, functions.end, functions.file, scope)) {
    if ('unread' in entry) {
      schedules.push(notRead(root, entry.file, entry.text, entry.at, `function ${entry.name}`, entry.unread));
      continue;
    }
    const body = entry.text.slice(entry.start, entry.end);
    const events = /\bevents\s*:\s*\[/.exec(body);
    if (events === null) continue;
    const eventsStart = entry.start + events.index + events[0].length;
    const eventsEnd = closingBracket(entry.text, eventsStart, '[', ']') ?? entry.end;
    const found = handlerOf(root, service, entry, runtimeIn(body) ?? runtime, scope);
    for (const schedule of entry.text.slice(eventsStart, eventsEnd).matchAll(/\bschedule\s*:\s*/g)) {
      const at = eventsStart + schedule.index;
      schedules.push({
        kind: 'serverless',
        source: repositoryPath(root, entry.file),
        line: positionOf(entry.text, at).line,
        when: whenOf(entry.text, at + schedule[0].length),
        what: `function ${entry.name}`,
        runs: found.file === null ? [] : [found.file],
        unresolved: found.unresolved,
      });
    }
  }
  return schedules;
}

function notRead(root: string, file: string, text: string, at: number, what: string, unresolved: string): Schedule {
  return { kind: 'serverless', source: repositoryPath(root, file), line: positionOf(text, at).line, when: '?', what, runs: [], unresolved };
}

/**
 * The functions of `functions: { … }`, in order: `name: { … }`, `name`
 * (shorthand) and `name: imported`, each followed to its object literal;
 * anything else (a spread, a computed key or value) is an entry not read.
 */
function entriesOf(text: string, start: number, end: number, config: string, scope: ShellScope): Entry[] {
  const entries: Entry[] = [];
  const head = /(['"]?)([\w$-]+)\1\s*(:?)\s*/y;
  const reference = /[A-Za-z_$][\w$]*/y;
  let at = skipSpace(text, start);
  while (at < end) {
    head.lastIndex = at;
    const match = head.exec(text);
    const name = match?.[2] ?? text.slice(at, end).trim().split(/[\s,:(]/)[0] ?? '?';
    let next = match === null ? at : head.lastIndex;
    let entry: Entry | null = null;
    if (match !== null && match[3] === ':' && text[next] === '{') {
      const close = closingBracket(text, next + 1, '{', '}');
      if (close === null) break;
      entry = { name, file: config, text, start: next + 1, end: close };
      next = close + 1;
    } else if (match !== null) {
      // `sweep` or `nightly: sweep`: a name the config declares or imports.
      let local: string | null = match[3] === ':' ? null : name;
      if (local === null) {
        reference.lastIndex = next;
        local = reference.exec(text)?.[0] ?? null;
        if (local !== null) next = reference.lastIndex;
      }
      next = skipSpace(text, next);
      if (local !== null && identifier.test(local) && (next >= end || text[next] === ',')) entry = definitionOf(name, local, config, text, at, scope);
      else entry = { name, file: config, text, at, unread: `the function \`${name}\` is not written out as an object or a name: its schedules are not read` };
    } else {
      entry = { name, file: config, text, at, unread: 'a function of `functions` that is spread in or computed is not read: its schedules cannot be checked' };
    }
    if (entry !== null) entries.push(entry);
    next = skipSpace(text, next);
    if (next < end && text[next] !== ',') next = skipTo(text, next, end);
    at = skipSpace(text, next + 1);
  }
  return entries;
}

/** The index of the next comma at this depth, or `end`. */
function skipTo(text: string, at: number, end: number): number {
  for (let index = at; index < end; index += 1) {
    const char = text[index];
    if (char === ',') return index;
    if (char === '{' || char === '[' || char === '(') {
      const close = closingBracket(text, index + 1, char, char === '{' ? '}' : char === '[' ? ']' : ')');
      if (close === null) return end;
      index = close;
    }
  }
  return end;
}

/**
 * The `functions: { … }` of an object the config spreads in (`...base`),
 * declared in it or imported, as `definitionOf` finds it; null when none of
 * them speaks of functions (or of a schedule, for an imported one).
 */
function spreadFunctions(config: string, text: string, scope: ShellScope): Entry | null {
  for (const spread of text.matchAll(/\.\.\.\s*([A-Za-z_$][\w$]*)\b(?!\s*[.([])/g)) {
    const base = definitionOf('functions', spread[1]!, config, text, spread.index, scope);
    if (base === null) continue;
    if ('unread' in base) return { ...base, unread: `the config spreads in \`...${spread[1]}\`, whose functions are not read (${base.unread.replace(/^the function `functions` is /, 'it is ').replace(/: its schedules are not read$/, '')})` };
    const body = base.text.slice(base.start, base.end);
    const key = /\bfunctions\s*:\s*\{/.exec(body);
    const start = key === null ? -1 : base.start + key.index + key[0].length;
    const end = key === null ? null : closingBracket(base.text, start, '{', '}');
    if (end !== null) return { name: 'functions', file: base.file, text: base.text, start, end };
    if (/\bfunctions\b/.test(body)) return { name: 'functions', file: base.file, text: base.text, at: base.start, unread: `the functions of \`...${spread[1]}\` are not written out as an object: they are not read` };
  }
  return null;
}

/**
 * The object literal a name of the config stands for: declared in the config
 * itself (`const sweep = { … }`), or imported from a file of the project
 * that exports it so (`export default { … }`, `export const sweep = { … }`),
 * through re-exports (`export { default as sweep } from './sweep'`). Null
 * when it cannot hold a schedule: no file on the way says `schedule`.
 */
function definitionOf(name: string, local: string, config: string, text: string, at: number, scope: ShellScope): Entry | null {
  const declared = objectAfter(text, declaration(local));
  if (declared !== null) return { name, file: config, text, ...declared };
  const escaped = escapeRegExp(local);
  const defaultImport = new RegExp(`\\bimport\\s+${escaped}\\s*(?:,\\s*\\{[^}]*\\})?\\s*from\\s*(['"])([^'"]+)\\1`).exec(text);
  if (defaultImport !== null) return exportedDefinition(name, defaultImport[2]!, 'default', config, text, at, scope, 0);
  for (const named of text.matchAll(/\bimport\s*\{([^}]*)\}\s*from\s*(['"])([^'"]+)\2/g)) {
    const binding = bindings(named[1]!).find((item) => item.local === local);
    if (binding !== undefined) return exportedDefinition(name, named[3]!, binding.exported, config, text, at, scope, 0);
  }
  return { name, file: config, text, at, unread: `the function \`${name}\` is \`${local}\`, which \`${repositoryPath(dirname(config), config)}\` neither declares nor imports as written: its schedules are not read` };
}

/** The object literal the file `specifier` names from `from` exports as `exported`, following re-exports a few files deep. */
function exportedDefinition(name: string, specifier: string, exported: string, from: string, fromText: string, at: number, scope: ShellScope, depth: number): Entry | null {
  const target = resolveImport(specifier, from, scope.view).path;
  const bytes = target === null ? undefined : scope.view.bytes(target);
  if (target === null || bytes === undefined) return { name, file: from, text: fromText, at, unread: `the function \`${name}\` is imported from \`${specifier}\`, which names no file of the project: its schedules are not read` };
  const text = bytes.toString('utf8');
  const direct = exported === 'default' ? objectAfter(text, /\bexport\s+default\s*\{/) : objectAfter(text, new RegExp(`\\bexport\\s+(?:const|let|var)\\s+${escapeRegExp(exported)}\\b[^=]*=\\s*\\{`));
  if (direct !== null) return { name, file: target, text, ...direct };
  const local = exported === 'default' ? /\bexport\s+default\s+([A-Za-z_$][\w$]*)\s*;?/.exec(text)?.[1] : undefined;
  if (local !== undefined) {
    const object = objectAfter(text, declaration(local));
    if (object !== null) return { name, file: target, text, ...object };
  }
  for (const list of text.matchAll(/\bexport\s*\{([^}]*)\}(?:\s*from\s*(['"])([^'"]+)\2)?/g)) {
    const binding = bindings(list[1]!).find((item) => item.local === exported);
    if (binding === undefined) continue;
    // In an export list, `bindings` reads `a as b` as local `b` of export `a`: here `a` is the file's own name, `b` the exported one.
    if (list[3] !== undefined && depth < 4) return exportedDefinition(name, list[3], binding.exported, target, text, 0, scope, depth + 1);
    const object = list[3] === undefined ? objectAfter(text, declaration(binding.exported)) : null;
    if (object !== null) return { name, file: target, text, ...object };
  }
  if (exported !== 'default' && depth < 4) {
    for (const star of text.matchAll(/\bexport\s*\*\s*from\s*(['"])([^'"]+)\1/g)) {
      const found = exportedDefinition(name, star[2]!, exported, target, text, 0, scope, depth + 1);
      if (found !== null && !('unread' in found)) return found;
    }
  }
  // A file that never says `schedule` defines no schedule event, however its function is written.
  if (!/\bschedule\b/.test(text)) return null;
  return { name, file: target, text, at: 0, unread: `\`${repositoryPath(dirname(from), target)}\` does not export the function \`${name}\` as an object literal: its schedules are not read` };
}

/** `const name = {`, with a type annotation or none. */
function declaration(name: string): RegExp {
  return new RegExp(`\\b(?:const|let|var)\\s+${escapeRegExp(name)}\\b[^=]*=\\s*\\{`);
}

/** The body of the object literal that ends `pattern`'s match. */
function objectAfter(text: string, pattern: RegExp): { start: number; end: number } | null {
  const match = pattern.exec(text);
  if (match === null) return null;
  const start = match.index + match[0].length;
  const end = closingBracket(text, start, '{', '}');
  return end === null ? null : { start, end };
}

/** The first `runtime: '…'` written in `text`. */
function runtimeIn(text: string): string | null {
  return /\bruntime\s*:\s*(['"`])([^'"`]+)\1/.exec(text)?.[2] ?? null;
}

/** When a schedule runs, from the value after `schedule:`: a rate or cron string, or `{ rate: … , enabled: false }`. */
function whenOf(text: string, at: number): string {
  const plain = /(['"`])([^'"`\n]+)\1/y;
  plain.lastIndex = at;
  const direct = plain.exec(text);
  if (direct !== null) return direct[2]!;
  if (text[at] !== '{') return '?';
  const end = closingBracket(text, at + 1, '{', '}') ?? at;
  const object = text.slice(at + 1, end);
  const rate = /\brate\s*:\s*(\[[^\]]*\]|(['"`])[^'"`\n]+\2)/.exec(object)?.[1];
  const rates = rate === undefined ? ['?'] : [...rate.matchAll(/(['"`])([^'"`\n]+)\1/g)].map((item) => item[2]!);
  return `${rates.join(', ')}${/\benabled\s*:\s*false\b/.test(object) ? ' (enabled: false)' : ''}`;
}

/**
 * The file a function's `handler` names: a path from the service's folder,
 * or, written from the defining file's folder (`${handlerPath(__dirname)}/handler.main`,
 * `` `${__dirname}/handler.main` ``), a path from there.
 */
function handlerOf(root: string, service: string, entry: Definition, runtime: string, scope: ShellScope): ScheduledCode {
  const written = /\bhandler\s*:\s*(['"`])((?:(?!\1)[^\n])*)\1/.exec(entry.text.slice(entry.start, entry.end))?.[2];
  if (written === undefined) return { file: null, unresolved: 'the function has no `handler` written as a string' };
  const fromFolder = /^\$\{[^}]*\b__dirname\b[^}]*\}\/(.*)$/.exec(written)?.[1];
  // The template's `handlerPath(__dirname)` is the defining file's folder, as the framework is run from the service's.
  if (fromFolder !== undefined && !fromFolder.includes('${')) return handlerFile(root, dirname(entry.file), fromFolder, runtime, scope);
  if (written.includes('${')) return { file: null, unresolved: `the handler \`${written}\` is computed, which is not read` };
  return handlerFile(root, service, written, runtime, scope);
}
