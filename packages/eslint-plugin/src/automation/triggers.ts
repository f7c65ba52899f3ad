import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, keyName } from '../ast.js';
import type { FunctionNode } from '../ast.js';
import { firstSegment, normalizePath } from './catalog.js';
import type { CompiledModule } from './catalog.js';
import { globalModule } from './origin.js';
import type { Origin } from './origin.js';
import { localFunction, variableOf } from './scope.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const timerNames = new Set(['setInterval', 'setTimeout', 'setImmediate', 'queueMicrotask']);
const globalObjects = /^(?:globalThis|window|global|self)\./;

/** The timer a callee is: the global (bare or through `globalThis`, `window`, `global`, `self`) or one imported from `node:timers`. */
export function timerOf(origin: Origin | null): string | null {
  if (origin === null) return null;
  let name: string | null = null;
  if (origin.module === globalModule) name = origin.path.replace(globalObjects, '');
  else if (origin.module === 'timers' || origin.module === 'timers/promises') name = normalizePath(origin.path);
  return name !== null && timerNames.has(name) ? name : null;
}

/** Whether a value is Node's `process`: the global, or the module `node:process`. */
export function isProcess(origin: Origin | null): boolean {
  if (origin === null) return false;
  if (origin.module === globalModule) return origin.path.replace(globalObjects, '') === 'process';
  return origin.module === 'process' && normalizePath(origin.path) === '';
}

/** Whether a callee is a global function of this name (`addEventListener`, `self.addEventListener`). */
export function isGlobalFunction(origin: Origin | null, name: string): boolean {
  return origin !== null && origin.module === globalModule && origin.path.replace(globalObjects, '') === name;
}

/** What a runtime's own global runs without a person, and how messages name what it is handed. */
export interface RuntimeCall {
  /** The kind of automated context its arguments are, for `no-automated-decision`. */
  readonly context: 'background' | 'requests';
  /** What it is handed: `callback`, `promise`, `request handler`. */
  readonly noun: string;
  /** For `no-background-execution`, what runs the work; null for a request handler, which a request starts. */
  readonly runs: string | null;
}

/**
 * Calls of runtimes' own globals that run code with no person at the
 * keyboard: Deno's cron (`Deno.cron`, run on Deno Deploy by a schedule), a
 * Deno KV queue's consumer (`(await Deno.openKv()).listenQueue(handler)`),
 * Supabase Edge Functions' background tasks (`EdgeRuntime.waitUntil`), and
 * the HTTP servers of Deno and Bun, whose handlers run on requests.
 */
const runtimeCalls: ReadonlyMap<string, RuntimeCall> = new Map([
  ['Deno.cron', { context: 'background', noun: 'callback', runs: 'run by a cron trigger' }],
  ['Deno.openKv().listenQueue', { context: 'background', noun: 'handler', runs: 'a Deno KV queue consumer' }],
  ['EdgeRuntime.waitUntil', { context: 'background', noun: 'promise', runs: 'work that goes on after the response' }],
  ['Deno.serve', { context: 'requests', noun: 'request handler', runs: null }],
  ['Bun.serve', { context: 'requests', noun: 'request handler', runs: null }],
]);

/** The runtime call a callee is (the global, bare or through `globalThis`), or null. */
export function runtimeCallOf(origin: Origin | null): RuntimeCall | null {
  if (origin === null || origin.module !== globalModule) return null;
  return runtimeCalls.get(origin.path.replace(globalObjects, '')) ?? null;
}

/**
 * Runtime base classes whose subclasses have a method the platform runs by
 * itself: a Durable Object's `alarm` (at the time `storage.setAlarm` set),
 * and a Cloudflare Workflow's `run` (a durable workflow, retried step by step).
 */
const backgroundClasses: ReadonlyMap<string, ReadonlyMap<string, { readonly method: string; readonly runs: string }>> = new Map([
  [
    'cloudflare:workers',
    new Map([
      ['DurableObject', { method: 'alarm', runs: 'run by its alarm' }],
      ['WorkflowEntrypoint', { method: 'run', runs: 'run durably by Cloudflare Workflows' }],
    ]),
  ],
]);

/** The method of a class the platform runs by itself, when the class extends such a base (see `backgroundClasses`): `alarm` of a Durable Object. */
export function backgroundMethodOf(
  node: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
  originOf: (node: TSESTree.Node) => Origin | null,
): { readonly method: TSESTree.MethodDefinition; readonly name: string; readonly base: string; readonly runs: string } | null {
  if (node.superClass === null || node.superClass === undefined) return null;
  const origin = originOf(node.superClass);
  if (origin === null) return null;
  const base = normalizePath(origin.path);
  const entry = backgroundClasses.get(origin.module)?.get(base);
  if (entry === undefined) return null;
  for (const member of node.body.body) {
    if (member.type === 'MethodDefinition' && !member.static && member.kind === 'method' && keyName(member.key, member.computed) === entry.method) return { method: member, name: entry.method, base, runs: entry.runs };
  }
  return null;
}

/**
 * The directives of the Workflow DevKit (the `workflow` package): a function
 * that starts with one runs durably by itself, a workflow that can sleep for
 * days and the steps it runs, retried without a person.
 */
const backgroundDirectives: ReadonlyMap<string, string> = new Map([
  ['use workflow', 'run durably by the Workflow DevKit'],
  ['use step', 'a step of a durable workflow'],
]);

/** Whether a file's text could hold a background directive: most files do not, and are not walked for one. */
export function mayHoldBackgroundDirective(text: string): boolean {
  return text.includes('use workflow') || text.includes('use step');
}

/** The background directive a function's body starts with, and what runs it; null when it has none. */
export function backgroundDirectiveOf(fn: TSESTree.Node): { readonly directive: string; readonly runs: string } | null {
  if (!isFunction(fn) || fn.body.type !== 'BlockStatement') return null;
  for (const statement of fn.body.body) {
    if (statement.type !== 'ExpressionStatement' || statement.directive === undefined) return null;
    const runs = backgroundDirectives.get(statement.directive);
    if (runs !== undefined) return { directive: statement.directive, runs };
  }
  return null;
}

export const listenerMethods = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener', 'subscribe']);

/** The first argument of a call as a string, when it is written as one. */
export function eventName(call: TSESTree.CallExpression): string | null {
  const first = call.arguments[0];
  if (first?.type === 'Literal' && typeof first.value === 'string') return first.value;
  if (first?.type === 'TemplateLiteral' && first.expressions.length === 0) return first.quasis[0]?.value.cooked ?? null;
  return null;
}

function stringsOf(node: TSESTree.Node | null | undefined): string[] | null {
  let current = node;
  while (current?.type === 'TSAsExpression' || current?.type === 'TSSatisfiesExpression') current = current.expression;
  if (current?.type !== 'ArrayExpression') return null;
  const strings: string[] = [];
  for (const element of current.elements) {
    if (element?.type !== 'Literal' || typeof element.value !== 'string') return null;
    strings.push(element.value);
  }
  return strings;
}

/**
 * The events a listener call can be for: the one written, or each of a loop
 * over a written list (`for (const signal of ['SIGINT', 'SIGTERM'] as const)`,
 * also `Object.keys` of a written object); null when they cannot be told.
 */
export function eventNames(sourceCode: SourceCode, call: TSESTree.CallExpression): readonly string[] | null {
  const written = eventName(call);
  if (written !== null) return [written];
  const first = call.arguments[0];
  if (first?.type !== 'Identifier') return null;
  const def = variableOf(sourceCode, first)?.defs[0];
  if (def?.type !== 'Variable') return null;
  const loop = def.parent?.parent;
  if (loop?.type !== 'ForOfStatement' || loop.left !== def.parent) return null;
  let right: TSESTree.Node = loop.right;
  while (right.type === 'TSAsExpression' || right.type === 'TSSatisfiesExpression') right = right.expression;
  if (right.type === 'CallExpression' && right.arguments[0]?.type === 'Identifier' && calleePath(right.callee) === 'Object.keys') {
    const object = variableOf(sourceCode, right.arguments[0])?.defs[0];
    let init = object?.type === 'Variable' ? (object.node as TSESTree.VariableDeclarator).init : null;
    while (init?.type === 'TSAsExpression' || init?.type === 'TSSatisfiesExpression') init = init.expression;
    if (init?.type !== 'ObjectExpression') return null;
    const keys = init.properties.map((property) => (property.type === 'Property' ? keyName(property.key, property.computed) : null));
    return keys.every((key): key is string => key !== null) ? keys : null;
  }
  return stringsOf(right);
}

function calleePath(callee: TSESTree.Node): string | null {
  if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier') return null;
  return `${callee.object.name}.${keyName(callee.property, callee.computed) ?? ''}`;
}

/** What a call is in a module of the list: a listed call, or a use of a listed export the import line did not name. */
export interface ModuleUse {
  readonly module: CompiledModule;
  /** The listed call, or null for any use of a listed export or of the whole module. */
  readonly call: string | null;
  /** The listed export used through the module object (`threads.Worker`), or null. */
  readonly export: string | null;
}

function hasOption(call: TSESTree.CallExpression | TSESTree.NewExpression, key: string): boolean {
  return call.arguments.some((argument) => argument.type === 'ObjectExpression' && argument.properties.some((property) => property.type === 'Property' && keyName(property.key, property.computed) === key));
}

/** How a call or `new` uses the listed modules, through the origin of its callee. */
export function moduleUse(modules: ReadonlyMap<string, CompiledModule>, origin: Origin | null, call: TSESTree.CallExpression | TSESTree.NewExpression): ModuleUse | null {
  if (origin === null) return null;
  const module = modules.get(origin.module);
  if (module === undefined) return null;
  const path = normalizePath(origin.path);
  for (const listed of module.calls) {
    if (listed.path === path && (listed.withOption === null || hasOption(call, listed.withOption))) return { module, call: listed.display, export: null };
  }
  const first = firstSegment(path);
  if (module.imports.has(first)) return { module, call: null, export: origin.root === first ? null : first };
  if (module.whole) return { module, call: null, export: null };
  return null;
}

/** `a \`setTimeout\` callback`, `an \`after\` callback`: code in backticks with the article its sound takes. */
export function described(code: string, noun: string): string {
  return `${/^@?[aeiou]/i.test(code) ? 'an' : 'a'} \`${code}\` ${noun}`;
}

/**
 * What a decorator call decorates, when the call is one (`@Cron('…')` on a
 * method): the method's function, a property's value, or the class.
 */
export function decoratedBy(call: TSESTree.CallExpression | TSESTree.NewExpression): { readonly node: TSESTree.Node; readonly noun: 'method' | 'class' | 'property' } | null {
  const decorator = call.parent;
  if (decorator?.type !== 'Decorator') return null;
  const target = decorator.parent;
  if (target.type === 'ClassDeclaration' || target.type === 'ClassExpression') return { node: target, noun: 'class' };
  if (target.type === 'MethodDefinition' || target.type === 'TSAbstractMethodDefinition') return { node: target.value, noun: 'method' };
  if (target.type === 'PropertyDefinition' || target.type === 'AccessorProperty') return { node: target.value ?? target, noun: 'property' };
  return null;
}

/** A callee's text for messages, on one line and short. */
export function calleeText(sourceCode: SourceCode, callee: TSESTree.Node): string {
  const text = sourceCode.getText(callee).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The object a default export is: `export default { … }`, also through `satisfies`, `as` or a constant. */
function defaultExportObject(sourceCode: SourceCode, declaration: TSESTree.Node): TSESTree.ObjectExpression | null {
  let node = declaration;
  while (node.type === 'TSSatisfiesExpression' || node.type === 'TSAsExpression') node = node.expression;
  if (node.type === 'ObjectExpression') return node;
  if (node.type !== 'Identifier') return null;
  const variable = variableOf(sourceCode, node);
  const def = variable?.defs[0];
  if (variable?.defs.length !== 1 || def?.type !== 'Variable') return null;
  const init = (def.node as TSESTree.VariableDeclarator).init;
  return init ? defaultExportObject(sourceCode, init) : null;
}

/** The functions of a default-exported handler object (Cloudflare Workers, Bun, Deno): `fetch`, `scheduled`, `queue`, … */
export function defaultExportHandlers(sourceCode: SourceCode, declaration: TSESTree.Node): { readonly name: string; readonly key: TSESTree.Node; readonly fn: FunctionNode }[] {
  const object = defaultExportObject(sourceCode, declaration);
  if (object === null) return [];
  const handlers: { name: string; key: TSESTree.Node; fn: FunctionNode }[] = [];
  for (const property of object.properties) {
    if (property.type !== 'Property') continue;
    const name = keyName(property.key, property.computed);
    if (name === null) continue;
    const fn = isFunction(property.value) ? property.value : property.value.type === 'Identifier' ? localFunction(sourceCode, property.value) : null;
    if (fn !== null) handlers.push({ name, key: property.key, fn });
  }
  return handlers;
}

/**
 * The `schedule` of `export const config = { schedule: … }` (typed, `as
 * const` or `satisfies` too): a Netlify scheduled function or a Medusa
 * scheduled job, whose platform runs the file's handler on that schedule.
 */
export function scheduleConfigOf(node: TSESTree.ExportNamedDeclaration): TSESTree.Property | null {
  const { declaration } = node;
  if (declaration?.type !== 'VariableDeclaration') return null;
  for (const declarator of declaration.declarations) {
    if (declarator.id.type !== 'Identifier' || declarator.id.name !== 'config' || !declarator.init) continue;
    let init: TSESTree.Expression = declarator.init;
    while (init.type === 'TSSatisfiesExpression' || init.type === 'TSAsExpression') init = init.expression;
    if (init.type !== 'ObjectExpression') continue;
    for (const property of init.properties) if (property.type === 'Property' && keyName(property.key, property.computed) === 'schedule') return property;
  }
  return null;
}
