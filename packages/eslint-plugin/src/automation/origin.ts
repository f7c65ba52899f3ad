import { dirname, extname } from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { keyName } from '../ast.js';
import { diskFileOf } from '../file-context.js';
import { viewFor } from '../fs-view.js';
import type { FsView } from '../fs-view.js';
import { staticString } from '../imports.js';
import { importMapFor, resolveImport } from '../resolve.js';
import { firstSegment, mentionOf, moduleKey, normalizePath } from './catalog.js';
import { referenceOf } from './scope.js';
import type { Variable } from './scope.js';
import { getOrAdd } from '../memo.js';

/** The module name globals are reported under: `setInterval` is `(global)` `setInterval`. */
export const globalModule = '(global)';

/**
 * Where a value comes from: a module and the path from it. The path joins
 * member names with `.`, marks a call with `()` and an instance made with
 * `new` with `#`: `new Queue(…).add` is `Queue#add`, `express().post` is
 * `default().post`, the module object is the empty path.
 */
export interface Origin {
  /** The module, without `node:`; `(global)` for globals. */
  readonly module: string;
  readonly path: string;
  /** The export the importing statement named (`''` for the module object), which says whether the import line already names what is used. */
  readonly root: string;
}

/** An import of a file of the project, looked into when a name of it is used. */
interface Pending {
  readonly file: string;
  readonly path: string;
}

type Value = Origin | Pending;

function isOrigin(value: Value): value is Origin {
  return 'module' in value;
}

function memberPath(path: string, name: string): string {
  return path === '' || path.endsWith('#') ? `${path}${name}` : `${path}.${name}`;
}

function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    if (
      current.type === 'TSAsExpression' ||
      current.type === 'TSSatisfiesExpression' ||
      current.type === 'TSNonNullExpression' ||
      current.type === 'TSTypeAssertion' ||
      current.type === 'ChainExpression'
    ) {
      current = current.expression;
    } else if (current.type === 'AwaitExpression') current = current.argument;
    else return current;
  }
}

/** Whether an origin is `require` (the global, or one made by `createRequire`). */
export function isRequireOrigin(origin: Origin | null): boolean {
  if (origin === null) return false;
  if (origin.module === globalModule) return origin.path === 'require';
  return origin.module === 'module' && normalizePath(origin.path) === 'createRequire()';
}

interface Environment {
  identifier(id: TSESTree.Identifier): Value | null;
  importOf(specifier: string, path: string): Value | null;
  exportOf(file: string, name: string): Origin | null;
}

/** The value an expression evaluates to, as far as its origin goes. */
function evaluate(node: TSESTree.Node, env: Environment): Value | null {
  const current = unwrap(node);
  switch (current.type) {
    case 'Identifier':
      return env.identifier(current);
    case 'MemberExpression': {
      const name = keyName(current.property, current.computed);
      if (name === null) return null;
      return step(evaluate(current.object, env), env, (path) => memberPath(path, name));
    }
    case 'ImportExpression': {
      const specifier = staticString(current.source);
      return specifier === null ? null : env.importOf(specifier, '');
    }
    case 'CallExpression': {
      const callee = evaluate(current.callee, env);
      if (callee !== null && isOrigin(callee) && isRequireOrigin(callee)) {
        const specifier = staticString(current.arguments[0]);
        return specifier === null ? null : env.importOf(specifier, '');
      }
      return step(callee, env, (path) => `${path}()`);
    }
    case 'NewExpression':
      return step(evaluate(current.callee, env), env, (path) => `${path}#`);
    default:
      return null;
  }
}

function step(value: Value | null, env: Environment, next: (path: string) => string): Value | null {
  if (value === null) return null;
  if (isOrigin(value)) return { module: value.module, path: next(value.path), root: value.root };
  return settle({ file: value.file, path: next(value.path) }, env);
}

/** A project import once a name of it is used: the origin of that export, followed by the rest of the path. */
function settle(pending: Pending, env: Environment): Value | null {
  if (pending.path === '') return pending;
  const name = firstSegment(pending.path);
  if (name === '') return null;
  const base = env.exportOf(pending.file, name);
  if (base === null) return null;
  const rest = pending.path.slice(name.length);
  if (rest === '') return base;
  return { module: base.module, path: rest.startsWith('.') ? memberPath(base.path, rest.slice(1)) : `${base.path}${rest}`, root: base.root };
}

/** Whether an expression loads a module: `require('x')`, `import('x')`, `await import('x')`. */
function loadsModule(node: TSESTree.Node, env: Environment): boolean {
  const current = unwrap(node);
  if (current.type === 'ImportExpression') return true;
  if (current.type !== 'CallExpression') return false;
  const callee = evaluate(current.callee, env);
  return callee !== null && isOrigin(callee) && isRequireOrigin(callee);
}

/** The keys from a destructuring pattern down to one of its names: `['a', 'b']` for `{ a: { b: x } }`; null through arrays and rest. */
function patternKeys(pattern: TSESTree.Node, target: TSESTree.Node): string[] | null {
  if (pattern === target) return [];
  if (pattern.type === 'AssignmentPattern') return patternKeys(pattern.left, target);
  if (pattern.type !== 'ObjectPattern') return null;
  for (const property of pattern.properties) {
    if (property.type !== 'Property') continue;
    if (!contains(property.value, target)) continue;
    const key = keyName(property.key, property.computed);
    if (key === null) return null;
    const below = patternKeys(property.value, target);
    return below === null ? null : [key, ...below];
  }
  return null;
}

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** The value a declarator gives one of its names. */
function declaredValue(declarator: TSESTree.VariableDeclarator, name: TSESTree.Node, env: Environment): Value | null {
  if (!declarator.init) return null;
  const keys = patternKeys(declarator.id, name);
  if (keys === null) return null;
  let value = evaluate(declarator.init, env);
  if (value === null) return null;
  const loaded = loadsModule(declarator.init, env);
  for (const key of keys) {
    value = step(value, env, (path) => memberPath(path, key));
    if (value === null) return null;
  }
  // `const { Worker } = require('bullmq')` names `Worker` as an import line does.
  if (loaded && isOrigin(value) && keys[0] !== undefined) value = { ...value, root: keys[0] };
  return value;
}

interface Parser {
  parse?(text: string, options: object): TSESTree.Program;
  parseForESLint?(text: string, options: object): { ast: TSESTree.Program };
}

const sourceExtensions = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

interface FileExports {
  /** Each exported name and how to get its value. */
  readonly names: ReadonlyMap<string, () => Value | null>;
  /** Modules and files whose every export this one re-exports. */
  readonly stars: readonly (() => Value | null)[];
}

const noExports: FileExports = { names: new Map(), stars: [] };

/**
 * The modules worth following into the project's own files, and the model
 * modules whose callers stand for them, as `originsFor` uses them: made once
 * per rule configuration (see `compiledPerConfig`), not per file.
 */
export interface Tracking {
  /** Matches a file that names one of the tracked modules in quotes, as an import does. */
  readonly mentions: RegExp | null;
  readonly callers: ReadonlySet<string>;
}

export function tracking(tracked: readonly string[], callers: readonly string[] = []): Tracking {
  const names = [...new Set([...tracked, ...callers].map(mentionOf))].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return {
    // In quotes, as written in Node (`'bullmq'`, `'node:worker_threads'`) or in Deno (`'npm:bullmq@5'`, `'jsr:@hono/hono@4'`, `'https://esm.sh/bullmq@5'`).
    mentions: names.length === 0 ? null : new RegExp(`['"\`](?:node:|npm:|jsr:|https?:/[^'"\`\\s]*/)?(?:${names.join('|')})['"\`/@?]`),
    callers: new Set(callers),
  };
}

/**
 * Follows values into the project's own files, so a client made in one file
 * and used in another is known: `export const inngest = new Inngest(…)` in
 * `lib/inngest.ts` makes `inngest.createFunction` in any importer
 * `Inngest#createFunction`. Each file is read at most once per lint run, and
 * parsed only when it names one of the tracked modules or re-exports.
 */
class ProjectFiles {
  readonly #view: FsView;
  readonly #parser: Parser | null;
  readonly #tracking: Tracking;
  readonly #resolving = new Set<string>();

  constructor(view: FsView, parser: Parser | null, tracking: Tracking) {
    this.#view = view;
    this.#parser = parser;
    this.#tracking = tracking;
  }

  importOf(specifier: string, path: string, fromFile: string): Value | null {
    const resolution = resolveImport(specifier, fromFile, this.#view);
    if (resolution.path === null) return { module: moduleKey(resolution.package ?? specifier), path, root: path };
    return { file: resolution.path, path };
  }

  exportOf(file: string, name: string): Origin | null {
    const key = `${file}\0${name}`;
    // A name that leads back to itself, or a chain of re-exports deeper than any real one, is not followed.
    if (this.#resolving.has(key) || this.#resolving.size > 16) return null;
    this.#resolving.add(key);
    try {
      const exports = this.#exports(file);
      const found = exports.names.get(name);
      if (found !== undefined) return this.#origin(found());
      if (name === 'default') return null;
      for (const star of exports.stars) {
        const value = star();
        if (value === null) continue;
        const origin = isOrigin(value) ? { module: value.module, path: memberPath(value.path, name), root: name } : this.exportOf(value.file, name);
        if (origin !== null) return origin;
      }
      return null;
    } finally {
      this.#resolving.delete(key);
    }
  }

  #origin(value: Value | null): Origin | null {
    if (value === null) return null;
    return isOrigin(value) ? value : null;
  }

  #exports(file: string): FileExports {
    // By tracking, then by file: a key with the tracked modules spelled out would be built and hashed on every lookup.
    const byFile = getOrAdd(this.#view.once('automation-exports', () => new WeakMap<Tracking, Map<string, FileExports>>()), this.#tracking, () => new Map<string, FileExports>());
    let exports = byFile.get(file);
    if (exports === undefined) {
      const text = this.#text(file);
      const program = text === null || (!this.#mentionsTracked(file, text) && !/\bexport\s*(?:\*|\{[^}]*\})\s*from\b/.test(text)) ? null : this.#program(file, text);
      exports = program === null ? noExports : this.#collect(program, file);
      byFile.set(file, exports);
    }
    return exports;
  }

  /**
   * Whether a file's text names a tracked module: as written, or, in a Deno
   * project, by an import map key that names one (`"queues": "npm:bullmq@5"`).
   */
  #mentionsTracked(file: string, text: string): boolean {
    const { mentions } = this.#tracking;
    if (mentions === null) return false;
    if (mentions.test(text)) return true;
    const map = importMapFor(dirname(file), this.#view);
    return map !== null && [map.entries, ...map.scopes.map((scope) => scope.entries)].some((entries) => entries.some(({ key, target }) => mentions.test(`'${target}'`) && (text.includes(`'${key}`) || text.includes(`"${key}`))));
  }

  /**
   * A source file's text, from the bytes the view read once (an imported
   * file's were, for its tag). Asked once per file and tracking (see
   * `#exports`), so it is decoded where it is needed and not kept as well.
   */
  #text(file: string): string | null {
    if (this.#parser === null || !sourceExtensions.has(extname(file)) || file.endsWith('.d.ts')) return null;
    return this.#view.bytes(file)?.toString('utf8') ?? null;
  }

  /**
   * A file's tree, once per lint run for both rules, with the file's own
   * parser. Without type libraries and JSDoc, which nothing here reads,
   * typescript-eslint parses a file in a fraction of the time.
   */
  #program(file: string, text: string): TSESTree.Program | null {
    return this.#view.once(`automation-program\0${file}`, () => {
      // Tokens and comments too, as ESLint asks of a parser: wrappers (RuleTester's among them) walk them.
      const options = { ecmaVersion: 'latest', sourceType: 'module', range: true, loc: true, tokens: true, comment: true, filePath: file, ecmaFeatures: { jsx: /x$/.test(extname(file)) }, lib: [], jsDocParsingMode: 'none' };
      try {
        return this.#parser?.parseForESLint ? this.#parser.parseForESLint(text, options).ast : (this.#parser?.parse?.(text, options) ?? null);
      } catch {
        return null;
      }
    });
  }

  /** The file's exports, from its top-level statements; top-level names need no scope analysis. */
  #collect(program: TSESTree.Program, file: string): FileExports {
    const locals = new Map<string, () => Value | null>();
    const names = new Map<string, () => Value | null>();
    const stars: (() => Value | null)[] = [];
    // A value that refers back to itself while being worked out (a recursive function) is unknown: null.
    const memo = (make: () => Value | null): (() => Value | null) => {
      let state: 'new' | 'working' | 'done' = 'new';
      let value: Value | null = null;
      return () => {
        if (state === 'new') {
          state = 'working';
          value = make();
          state = 'done';
        }
        return value;
      };
    };
    const env: Environment = {
      identifier: (id) => {
        const local = locals.get(id.name);
        return local === undefined ? { module: globalModule, path: id.name, root: id.name } : local();
      },
      importOf: (specifier, path) => this.importOf(specifier, path, file),
      exportOf: (target, name) => this.exportOf(target, name),
    };
    const declare = (declaration: TSESTree.VariableDeclaration): string[] => {
      const declared: string[] = [];
      for (const declarator of declaration.declarations) {
        for (const name of boundNames(declarator.id)) {
          locals.set(name.name, memo(() => declaredValue(declarator, name, env)));
          declared.push(name.name);
        }
      }
      return declared;
    };
    for (const statement of program.body) {
      if (statement.type === 'ImportDeclaration') {
        if (statement.importKind === 'type') continue;
        const specifier = statement.source.value;
        for (const spec of statement.specifiers) {
          if (spec.type === 'ImportSpecifier' && spec.importKind === 'type') continue;
          const path = spec.type === 'ImportDefaultSpecifier' ? 'default' : spec.type === 'ImportNamespaceSpecifier' ? '' : (keyName(spec.imported, false) ?? '');
          locals.set(spec.local.name, memo(() => named(this.importOf(specifier, path, file), env)));
        }
      } else if (statement.type === 'VariableDeclaration') declare(statement);
      else if (statement.type === 'ExportNamedDeclaration') {
        if (statement.exportKind === 'type') continue;
        if (statement.declaration?.type === 'VariableDeclaration') {
          for (const name of declare(statement.declaration)) names.set(name, () => locals.get(name)?.() ?? null);
        }
        const source = statement.source?.value ?? null;
        for (const spec of statement.specifiers) {
          if (spec.exportKind === 'type') continue;
          const local = keyName(spec.local, false) ?? '';
          const exported = keyName(spec.exported, false) ?? '';
          if (source === null) names.set(exported, () => locals.get(local)?.() ?? null);
          else names.set(exported, memo(() => named(this.importOf(source, local, file), env)));
        }
      } else if (statement.type === 'ExportAllDeclaration') {
        if (statement.exportKind === 'type') continue;
        const source = statement.source.value;
        if (statement.exported === null) stars.push(memo(() => this.importOf(source, '', file)));
        else {
          const exported = keyName(statement.exported, false) ?? '';
          names.set(exported, memo(() => this.importOf(source, '', file)));
        }
      } else if (statement.type === 'ExportDefaultDeclaration') {
        const declaration = statement.declaration;
        if (declaration.type === 'Identifier') names.set('default', () => locals.get(declaration.name)?.() ?? null);
        else if (declaration.type !== 'FunctionDeclaration' && declaration.type !== 'ClassDeclaration' && declaration.type !== 'TSDeclareFunction' && declaration.type !== 'TSInterfaceDeclaration') {
          names.set('default', memo(() => evaluate(declaration, env)));
        }
      } else if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') {
        if (statement.id) locals.set(statement.id.name, () => null);
      }
    }
    // Functions that call one of `callers` stand for it: `export async function classify() { … openai … }`.
    if (this.#tracking.callers.size > 0) {
      const functions = (statement: TSESTree.Node): void => {
        const declaration = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
        if (declaration?.type === 'FunctionDeclaration' && declaration.id) {
          const fn = declaration;
          const name = declaration.id.name;
          locals.set(name, memo(() => this.#caller(fn, name, env)));
          if (statement.type === 'ExportNamedDeclaration') names.set(name, () => locals.get(name)?.() ?? null);
          if (statement.type === 'ExportDefaultDeclaration') names.set('default', () => locals.get(name)?.() ?? null);
        } else if (declaration?.type === 'VariableDeclaration') {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type !== 'Identifier' || (declarator.init?.type !== 'ArrowFunctionExpression' && declarator.init?.type !== 'FunctionExpression')) continue;
            const fn = declarator.init;
            const name = declarator.id.name;
            locals.set(name, memo(() => this.#caller(fn, name, env)));
          }
        }
      };
      for (const statement of program.body) functions(statement);
    }
    return { names, stars };
  }

  /** The module of `callers` a function calls, as the function's origin; null when it calls none. */
  #caller(fn: TSESTree.Node, name: string, env: Environment): Origin | null {
    let found: Origin | null = null;
    const visit = (node: unknown): void => {
      if (found !== null || node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        for (const item of node) visit(item);
        return;
      }
      const record = node as Record<string, unknown>;
      if (typeof record.type !== 'string') return;
      if (record.type === 'CallExpression') {
        const value = evaluate((node as TSESTree.CallExpression).callee, env);
        if (value !== null && isOrigin(value) && this.#tracking.callers.has(value.module)) {
          found = { module: value.module, path: `(${name})`, root: '' };
          return;
        }
      }
      for (const [key, child] of Object.entries(record)) if (key !== 'parent' && key !== 'loc' && key !== 'range') visit(child);
    };
    visit((fn as TSESTree.FunctionDeclaration).body);
    return found;
  }
}

/** An import's value once named: a project import is looked into at once. */
function named(value: Value | null, env: Environment): Value | null {
  if (value === null || isOrigin(value)) return value;
  return settle(value, env);
}

function boundNames(pattern: TSESTree.Node): TSESTree.Identifier[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) => boundNames(property.type === 'Property' ? property.value : property.argument));
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? boundNames(element) : []));
    case 'AssignmentPattern':
      return boundNames(pattern.left);
    case 'RestElement':
      return boundNames(pattern.argument);
    default:
      return [];
  }
}

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface Origins {
  /** Where an expression's value comes from, or null when it is not traced to a module or global. */
  of(node: TSESTree.Node): Origin | null;
}

/**
 * Traces values in the file being linted to the modules and globals they come
 * from, through imports, `require`, variables, destructuring, instances made
 * with `new` and the project's own files. `tracking` names the modules worth
 * following into another file; a function another file exports that calls one
 * of its `callers` has that module as its origin.
 */
export function originsFor(context: AnyContext, tracking: Tracking): Origins {
  const { sourceCode } = context;
  // A processor's code block (`docs/usage.md/0.ts`) imports from the folder of the file it was taken from.
  const filename = diskFileOf(context);
  const languageOptions = context.languageOptions as { parser?: Parser } | undefined;
  const project = new ProjectFiles(viewFor(context.languageOptions), languageOptions?.parser ?? null, tracking);
  const variables = new Map<Variable, Value | null>();
  const env: Environment = {
    identifier(id) {
      const reference = referenceOf(sourceCode, id);
      if (reference === null) return null;
      const variable = reference.resolved;
      if (variable === null || variable.defs.length === 0) return { module: globalModule, path: id.name, root: id.name };
      if (variables.has(variable)) return variables.get(variable) ?? null;
      variables.set(variable, null);
      const value = variableValue(variable);
      variables.set(variable, value);
      return value;
    },
    importOf: (specifier, path) => project.importOf(specifier, path, filename),
    exportOf: (file, name) => project.exportOf(file, name),
  };

  function variableValue(variable: Variable): Value | null {
    if (variable.defs.length !== 1) return null;
    const def = variable.defs[0];
    if (def === undefined) return null;
    if (def.type === 'ImportBinding') {
      const node = def.node as TSESTree.Node;
      if (node.type === 'TSImportEqualsDeclaration') {
        if (node.importKind === 'type' || node.moduleReference.type !== 'TSExternalModuleReference') return null;
        const specifier = staticString(node.moduleReference.expression);
        return specifier === null ? null : env.importOf(specifier, '');
      }
      const declaration = node.parent;
      if (declaration?.type !== 'ImportDeclaration' || declaration.importKind === 'type') return null;
      if (node.type === 'ImportSpecifier') {
        if (node.importKind === 'type') return null;
        return named(env.importOf(declaration.source.value, keyName(node.imported, false) ?? ''), env);
      }
      if (node.type === 'ImportDefaultSpecifier') return named(env.importOf(declaration.source.value, 'default'), env);
      if (node.type === 'ImportNamespaceSpecifier') return env.importOf(declaration.source.value, '');
      return null;
    }
    if (def.type === 'Variable') {
      const declarator = def.node as TSESTree.VariableDeclarator;
      const declaration = def.parent as TSESTree.VariableDeclaration | null;
      const reassigned = variable.references.some((reference) => reference.isWrite() && reference.identifier !== def.name && !reference.init);
      if (declaration?.kind !== 'const' && reassigned) return null;
      return declaredValue(declarator, def.name as TSESTree.Node, env);
    }
    return null;
  }

  const cache = new WeakMap<TSESTree.Node, Origin | null>();
  return {
    of(node) {
      if (cache.has(node)) return cache.get(node) ?? null;
      const value = evaluate(node, env);
      const origin = value !== null && isOrigin(value) ? value : null;
      cache.set(node, origin);
      return origin;
    },
  };
}
