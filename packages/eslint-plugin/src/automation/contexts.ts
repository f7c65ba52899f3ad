import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { functionName, isFunction, keyName, walk } from '../ast.js';
import type { CompiledModule } from './catalog.js';
import { moduleKey, normalizePath } from './catalog.js';
import type { Origins } from './origin.js';
import { isParameter, localFunction, variableOf } from './scope.js';
import { backgroundDirectiveOf, backgroundMethodOf, calleeText, decoratedBy, defaultExportHandlers, described, eventNames, isGlobalFunction, listenerMethods, mayHoldBackgroundDirective, moduleUse, runtimeCallOf, scheduleConfigOf, timerOf } from './triggers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The kinds of code that runs without a person, each of which `no-automated-decision` can be told to look at. */
export const automatedContexts = ['timers', 'background', 'requests', 'listeners', 'modelVerdicts'] as const;
export type AutomatedContext = (typeof automatedContexts)[number];

/** Events a person causes: handling them is a person deciding, not automation. */
export const personEvents: ReadonlySet<string> = new Set([
  'click',
  'dblclick',
  'auxclick',
  'contextmenu',
  'submit',
  'reset',
  'input',
  'beforeinput',
  'change',
  'select',
  'keydown',
  'keyup',
  'keypress',
  'pointerdown',
  'pointerup',
  'pointermove',
  'pointerover',
  'pointerout',
  'pointerenter',
  'pointerleave',
  'pointercancel',
  'gotpointercapture',
  'lostpointercapture',
  'mousedown',
  'mouseup',
  'mousemove',
  'mouseover',
  'mouseout',
  'mouseenter',
  'mouseleave',
  'wheel',
  'touchstart',
  'touchend',
  'touchmove',
  'touchcancel',
  'dragstart',
  'drag',
  'dragend',
  'dragenter',
  'dragleave',
  'dragover',
  'drop',
  'copy',
  'cut',
  'paste',
  'compositionstart',
  'compositionupdate',
  'compositionend',
]);

const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Files a framework serves requests from by what they export: which exports, and how messages name them. */
interface RouteConvention {
  readonly file: RegExp;
  /** The exports that handle requests; `default` for the default export. */
  readonly exports: ReadonlySet<string>;
  readonly noun: string;
}

/**
 * The frameworks' file conventions for request handlers: the framework runs
 * these exports on every matching request, with no import to trace.
 */
const routeConventions: readonly RouteConvention[] = [
  // Next.js App Router route handlers: `app/**\/route.ts`.
  { file: /(?:^|[\\/])app[\\/](?:.+[\\/])?route\.[cm]?[jt]sx?$/, exports: new Set(httpMethods), noun: 'route handler' },
  // Next.js middleware (named `proxy` since Next.js 16), next to `app` or `pages`.
  { file: /(?:^|[\\/])(?:middleware|proxy)\.[cm]?[jt]s$/, exports: new Set(['middleware', 'proxy', 'default']), noun: 'request handler' },
  // SvelteKit endpoints (`src/routes/**\/+server.ts`) and server hooks.
  { file: /(?:^|[\\/])routes[\\/](?:.+[\\/])?\+server\.[cm]?[jt]s$/, exports: new Set([...httpMethods, 'fallback']), noun: 'route handler' },
  { file: /(?:^|[\\/])hooks\.server\.[cm]?[jt]s$/, exports: new Set(['handle', 'handleFetch']), noun: 'server hook' },
  // Astro endpoints: `src/pages/**\/*.ts`.
  { file: /(?:^|[\\/])src[\\/]pages[\\/].+\.[cm]?[jt]s$/, exports: new Set([...httpMethods, 'ALL']), noun: 'endpoint' },
  // Remix and React Router route modules: `loader` and `action` run on the route's requests.
  { file: /(?:^|[\\/])app[\\/]routes[\\/].+\.[cm]?[jt]sx?$/, exports: new Set(['loader', 'action']), noun: 'route function' },
  // Nitro and Nuxt server routes and middleware: the default export, `defineEventHandler(…)` (imported or not).
  { file: /(?:^|[\\/])server[\\/](?:api|routes|middleware)[\\/].+\.[cm]?[jt]s$/, exports: new Set(['default']), noun: 'event handler' },
];
/** Next.js Pages Router API routes: `pages/api/**`. */
const pagesApiFile = /(?:^|[\\/])pages[\\/]api[\\/].+\.[cm]?[jt]sx?$/;
/** What runs each handler of a default-exported Workers object. */
const handlerContexts: Readonly<Record<string, AutomatedContext>> = { fetch: 'requests', email: 'requests', scheduled: 'background', queue: 'background' };

/** What a decorated method handles, and how messages name it. */
interface HandlerDecorator {
  readonly context: AutomatedContext;
  readonly noun: string;
}
const routeHandler: HandlerDecorator = { context: 'requests', noun: 'route handler' };
/**
 * Decorators of frameworks whose whole module is no request module, by
 * module and name: NestJS's route handlers (`@Post()` in a controller) and
 * its event listeners (`@OnEvent('order.created')`), which code, not a
 * person, emits to.
 */
const handlerDecorators: ReadonlyMap<string, ReadonlyMap<string, HandlerDecorator>> = new Map([
  ['@nestjs/common', new Map(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head', 'Search'].map((name) => [name, routeHandler]))],
  ['@nestjs/event-emitter', new Map([['OnEvent', { context: 'listeners', noun: 'event handler' }]])],
]);

export interface ContextOptions {
  readonly contexts: ReadonlySet<AutomatedContext>;
  readonly modules: ReadonlyMap<string, CompiledModule>;
  readonly requestModules: ReadonlySet<string>;
}

/**
 * The parts of a file that run without a person, each with what runs it: the
 * arguments of timers, schedulers, queue consumers, `after()` and
 * `waitUntil()`, HTTP route handlers, and listeners of events no person
 * causes; and, through them, the file's own functions they call.
 */
export class AutomatedRegions {
  readonly #regions = new Map<TSESTree.Node, string>();
  readonly #sourceCode: SourceCode;
  readonly #origins: Origins;
  readonly #options: ContextOptions;
  readonly #filename: string;

  constructor(sourceCode: SourceCode, origins: Origins, options: ContextOptions, filename: string) {
    this.#sourceCode = sourceCode;
    this.#origins = origins;
    this.#options = options;
    this.#filename = filename;
  }

  #on(kind: AutomatedContext): boolean {
    return this.#options.contexts.has(kind);
  }

  /** Marks a node, and the function it names when it is a reference to one of the file's functions. */
  #mark(node: TSESTree.Node, trigger: string): void {
    if (!this.#regions.has(node)) this.#regions.set(node, trigger);
    const fn = this.#functionOf(node);
    if (fn !== null && !this.#regions.has(fn)) this.#regions.set(fn, trigger);
    if (node.type === 'ObjectExpression') {
      for (const property of node.properties) if (property.type === 'Property') this.#mark(property.value, trigger);
    } else if (node.type === 'ArrayExpression') {
      for (const element of node.elements) if (element !== null && element.type !== 'SpreadElement') this.#mark(element, trigger);
    }
  }

  /** The function a reference names: `tick`, or `this.tick` in a class or object literal. */
  #functionOf(node: TSESTree.Node): TSESTree.Node | null {
    if (node.type === 'Identifier') return localFunction(this.#sourceCode, node);
    if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression') return null;
    const name = keyName(node.property, node.computed);
    for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
      const members = current.type === 'ClassBody' ? current.body : current.type === 'ObjectExpression' ? current.properties : null;
      if (members === null) continue;
      for (const member of members) {
        if ((member.type === 'MethodDefinition' || member.type === 'Property' || member.type === 'PropertyDefinition') && keyName(member.key, member.computed) === name && isFunction(member.value)) return member.value;
      }
      return null;
    }
    return null;
  }

  #arguments(call: TSESTree.CallExpression | TSESTree.NewExpression, trigger: string): void {
    for (const argument of call.arguments) this.#mark(argument, trigger);
  }

  /** Marks what a call hands on: the method or class it decorates (`@Cron('…')`), else its arguments (`cron.schedule('…', job)`). */
  #handedOn(call: TSESTree.CallExpression | TSESTree.NewExpression, code: string, noun: string): void {
    const decorated = decoratedBy(call);
    if (decorated !== null) this.#mark(decorated.node, described(`@${code}`, decorated.noun === 'class' ? 'class' : noun === 'callback' ? 'method' : noun));
    else this.#arguments(call, described(code, noun));
  }

  /** Looks at a call or `new` for a callback it hands to something that runs without a person. */
  onCall(call: TSESTree.CallExpression | TSESTree.NewExpression): void {
    const { callee } = call;
    const origin = this.#origins.of(callee);
    const text = (): string => calleeText(this.#sourceCode, callee);
    if (moduleUse(this.#options.modules, origin, call) !== null) {
      if (this.#on('background')) this.#handedOn(call, call.type === 'NewExpression' ? `new ${text()}` : text(), 'callback');
      return;
    }
    if (origin !== null && this.#options.requestModules.has(origin.module)) {
      if (this.#on('requests')) this.#handedOn(call, text(), 'request handler');
      return;
    }
    const decorator = origin === null || decoratedBy(call) === null ? null : handlerDecorators.get(origin.module)?.get(normalizePath(origin.path));
    if (decorator !== undefined && decorator !== null) {
      if (this.#on(decorator.context)) this.#handedOn(call, text(), decorator.noun);
      return;
    }
    const runtime = runtimeCallOf(origin);
    if (runtime !== null) {
      if (this.#on(runtime.context)) this.#arguments(call, described(text(), runtime.noun));
      return;
    }
    if (call.type === 'NewExpression') return;
    const timer = timerOf(origin);
    if (timer !== null) {
      if (!this.#on('timers')) return;
      this.#arguments(call, described(timer, 'callback'));
      // `for await (const tick of setInterval(60_000)) { … }` (`node:timers/promises`): the loop's body runs on each tick.
      if (call.parent?.type === 'ForOfStatement' && call.parent.right === call) this.#mark(call.parent.body, described(timer, 'loop'));
      return;
    }
    const member = callee.type === 'MemberExpression' ? callee : null;
    const method = member === null ? null : keyName(member.property, member.computed);
    if ((method === 'waitUntil' && member?.object.type === 'Identifier' && isParameter(this.#sourceCode, member.object)) || (callee.type === 'Identifier' && callee.name === 'waitUntil' && isParameter(this.#sourceCode, callee))) {
      if (this.#on('background')) this.#arguments(call, described(text(), 'promise'));
      return;
    }
    if ((method !== null && listenerMethods.has(method)) || isGlobalFunction(origin, 'addEventListener')) {
      const events = eventNames(this.#sourceCode, call);
      if (events !== null && events.every((event) => personEvents.has(event))) return;
      if (this.#on('listeners')) this.#arguments(call, described(`${text()}(${events?.length === 1 ? `'${events[0]}'` : '…'})`, 'handler'));
    }
  }

  /**
   * The request handlers the file exports by its framework's conventions (see
   * `routeConventions`), each with how messages name it; a path more than one
   * convention takes in (Remix's `app/routes/x/route.tsx`) has the exports of each.
   */
  #handlerExports(): ReadonlyMap<string, string> {
    if (this.#handlers !== undefined) return this.#handlers;
    const handlers = new Map<string, string>();
    if (this.#on('requests')) {
      for (const convention of routeConventions) {
        if (!convention.file.test(this.#filename)) continue;
        for (const name of convention.exports) if (!handlers.has(name)) handlers.set(name, convention.noun);
      }
    }
    this.#handlers = handlers;
    return handlers;
  }

  /** The file's request-handler exports, worked out on the first export asked about: a file has many exports and one path. */
  #handlers: ReadonlyMap<string, string> | undefined;

  /** Route handlers a route file exports by name: `export async function POST`, `export const loader = …`, `export { handle }`. */
  onExportNamed(node: TSESTree.ExportNamedDeclaration): void {
    if (node.source !== null) return;
    const handlers = this.#handlerExports();
    if (handlers.size === 0) return;
    const trigger = (name: string): string | null => {
      const noun = handlers.get(name);
      return noun === undefined ? null : `the \`${name}\` ${noun}`;
    };
    const declaration = node.declaration;
    if (declaration?.type === 'FunctionDeclaration' && declaration.id) {
      const handler = trigger(declaration.id.name);
      if (handler !== null) this.#mark(declaration, handler);
    } else if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        const handler = declarator.id.type === 'Identifier' && declarator.init ? trigger(declarator.id.name) : null;
        if (handler !== null && declarator.init) this.#mark(declarator.init, handler);
      }
    }
    for (const spec of node.specifiers) {
      const exported = keyName(spec.exported, false);
      const handler = exported === null || spec.local.type !== 'Identifier' ? null : trigger(exported);
      if (handler !== null && spec.local.type === 'Identifier') this.#markValue(spec.local, handler);
    }
  }

  /** The default export: a Pages Router API route, or a Workers handler object. */
  onExportDefault(node: TSESTree.ExportDefaultDeclaration): void {
    const declaration = node.declaration;
    const noun = pagesApiFile.test(this.#filename) ? 'API route handler' : (this.#handlerExports().get('default') ?? null);
    if (noun !== null) {
      if (this.#on('requests')) {
        if (declaration.type === 'Identifier') this.#markValue(declaration, `the ${noun}`);
        else this.#mark(declaration, `the ${noun}`);
      }
      return;
    }
    for (const handler of defaultExportHandlers(this.#sourceCode, declaration)) {
      const kind = handlerContexts[handler.name];
      if (kind !== undefined && this.#on(kind)) this.#mark(handler.fn, `the \`${handler.name}\` handler of the default export`);
    }
  }

  /**
   * A file that exports `config` with a `schedule` (a Netlify scheduled
   * function, a Medusa scheduled job): its platform runs the default export
   * and an exported `handler` on that schedule.
   */
  onScheduleConfig(exports: readonly (TSESTree.ExportNamedDeclaration | TSESTree.ExportDefaultDeclaration)[]): void {
    if (!this.#on('background') || !exports.some((node) => node.type === 'ExportNamedDeclaration' && scheduleConfigOf(node) !== null)) return;
    const trigger = 'the handler of a scheduled function (`config.schedule`)';
    for (const node of exports) {
      if (node.type === 'ExportDefaultDeclaration') {
        if (node.declaration.type === 'Identifier') this.#markValue(node.declaration, trigger);
        else this.#mark(node.declaration, trigger);
        continue;
      }
      const { declaration } = node;
      if (declaration?.type === 'FunctionDeclaration' && declaration.id?.name === 'handler') this.#mark(declaration, trigger);
      if (declaration?.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) if (declarator.id.type === 'Identifier' && declarator.id.name === 'handler' && declarator.init) this.#mark(declarator.init, trigger);
      }
      for (const spec of node.specifiers) {
        const exported = keyName(spec.exported, false);
        if ((exported === 'handler' || exported === 'default') && spec.local.type === 'Identifier') this.#markValue(spec.local, trigger);
      }
    }
  }

  /** A class whose base has the platform run one of its methods by itself: a Durable Object's `alarm`, a Cloudflare Workflow's `run`. */
  onClass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): void {
    if (!this.#on('background')) return;
    const found = backgroundMethodOf(node, (expression) => this.#origins.of(expression));
    if (found !== null) this.#mark(found.method.value, `the \`${found.name}\` method of a \`${found.base}\``);
  }

  /** The file's functions that run by themselves for a directive they start with: the Workflow DevKit's `"use workflow"` and `"use step"`. */
  onDirectives(): void {
    if (!this.#on('background') || !mayHoldBackgroundDirective(this.#sourceCode.text)) return;
    walk(
      this.#sourceCode.ast,
      (node) => {
        const found = backgroundDirectiveOf(node);
        if (found === null || !isFunction(node)) return;
        const name = functionName(node);
        this.#mark(node, name === null ? `a \`"${found.directive}"\` function` : `the \`"${found.directive}"\` function \`${name}\``);
      },
      this.#sourceCode.visitorKeys,
    );
  }

  /** Marks what a name holds: its function, or the expression a constant was set to (`export { handler as POST }`). */
  #markValue(id: TSESTree.Identifier, trigger: string): void {
    const fn = localFunction(this.#sourceCode, id);
    if (fn !== null) {
      this.#mark(fn, trigger);
      return;
    }
    const def = variableOf(this.#sourceCode, id)?.defs[0];
    const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
    if (init) this.#mark(init, trigger);
  }

  /** Follows calls to the file's own functions from the marked parts, so a helper they call runs without a person too. */
  spread(): void {
    const pending = [...this.#regions.keys()];
    const { visitorKeys } = this.#sourceCode;
    while (pending.length > 0) {
      const region = pending.pop() as TSESTree.Node;
      const trigger = this.#regions.get(region) as string;
      walk(
        region,
        (inner) => {
          if (inner.type !== 'CallExpression') return;
          const fn = this.#functionOf(inner.callee);
          if (fn !== null && !this.#regions.has(fn)) {
            this.#regions.set(fn, trigger);
            pending.push(fn);
          }
        },
        visitorKeys,
      );
    }
  }

  /** What runs a node without a person, from the innermost marked part around it; null when nothing does. */
  triggerOf(node: TSESTree.Node): string | null {
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      const trigger = this.#regions.get(current);
      if (trigger !== undefined) return trigger;
    }
    return null;
  }
}

/** The model module a decision's condition reads from, or null: `if (verdict === 'spam') ban(user)` where `verdict` came from a model. */
export class ModelVerdicts {
  readonly #sourceCode: SourceCode;
  readonly #origins: Origins;
  readonly #models: ReadonlySet<string>;
  readonly #values = new Map<TSESTree.Node, string | null>();

  constructor(sourceCode: SourceCode, origins: Origins, models: readonly string[]) {
    this.#sourceCode = sourceCode;
    this.#origins = origins;
    this.#models = new Set(models.map(moduleKey));
  }

  /** The model behind a condition the call depends on: an `if`, `?:`, `&&`, `switch` around it, or an early `return` before it. */
  of(call: TSESTree.CallExpression): string | null {
    let child: TSESTree.Node = call;
    for (let parent: TSESTree.Node | undefined = call.parent; parent; child = parent, parent = parent.parent) {
      for (const condition of conditionsOver(child, parent)) {
        const model = this.#modelIn(condition, 0);
        if (model !== null) return model;
      }
    }
    return null;
  }

  /** The model an expression's value comes from, following the file's variables and functions a few steps. */
  #modelIn(expression: TSESTree.Node, depth: number): string | null {
    if (depth > 3) return null;
    let found: string | null = null;
    const visit = (node: TSESTree.Node): void => {
      if (found !== null) return;
      switch (node.type) {
        case 'CallExpression': {
          found = this.#modelOfCall(node);
          if (found === null) {
            visit(node.callee);
            for (const argument of node.arguments) visit(argument);
          }
          return;
        }
        case 'Identifier':
          found = this.#modelOfName(node, depth);
          return;
        case 'MemberExpression':
          visit(node.object);
          if (node.computed) visit(node.property);
          return;
        case 'ArrowFunctionExpression':
        case 'FunctionExpression':
        case 'FunctionDeclaration':
          return;
        default:
          for (const key of this.#sourceCode.visitorKeys[node.type] ?? []) {
            const child = (node as unknown as Record<string, unknown>)[key];
            if (Array.isArray(child)) {
              for (const item of child) if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node);
            } else if (child && typeof child === 'object' && 'type' in child) visit(child as TSESTree.Node);
          }
      }
    };
    visit(expression);
    return found;
  }

  #modelOfCall(call: TSESTree.CallExpression): string | null {
    const origin = this.#origins.of(call.callee);
    if (origin !== null && this.#models.has(origin.module)) return origin.module;
    if (call.callee.type !== 'Identifier') return null;
    const fn = localFunction(this.#sourceCode, call.callee);
    if (fn === null) return null;
    let found: string | null = null;
    walk(
      fn.body,
      (inner) => {
        if (found !== null || inner.type !== 'CallExpression') return;
        const inside = this.#origins.of(inner.callee);
        if (inside !== null && this.#models.has(inside.module)) found = inside.module;
      },
      this.#sourceCode.visitorKeys,
    );
    return found;
  }

  #modelOfName(id: TSESTree.Identifier, depth: number): string | null {
    const variable = variableOf(this.#sourceCode, id);
    if (variable === null) return null;
    const key = variable.identifiers[0] ?? id;
    if (this.#values.has(key)) return this.#values.get(key) ?? null;
    this.#values.set(key, null);
    let found: string | null = null;
    for (const def of variable.defs) {
      if (def.type !== 'Variable') continue;
      const init = (def.node as TSESTree.VariableDeclarator).init;
      if (init) found = this.#modelIn(init, depth + 1);
      if (found !== null) break;
    }
    if (found === null) {
      for (const reference of variable.references) {
        const written = reference.writeExpr;
        if (reference.isWrite() && written && !reference.init) found = this.#modelIn(written, depth + 1);
        if (found !== null) break;
      }
    }
    this.#values.set(key, found);
    return found;
  }
}

/** The conditions that decide whether `child` runs, as seen from its parent. */
function conditionsOver(child: TSESTree.Node, parent: TSESTree.Node): TSESTree.Node[] {
  switch (parent.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
      return child === parent.test ? [] : [parent.test];
    case 'LogicalExpression':
      return child === parent.right ? [parent.left] : [];
    case 'SwitchCase': {
      const switchStatement = parent.parent;
      return child === parent.test ? [] : [switchStatement.discriminant, ...(parent.test ? [parent.test] : [])];
    }
    case 'BlockStatement':
    case 'Program': {
      // `if (verdict !== 'spam') return;` before the call decides it as much as an `if` around it.
      const conditions: TSESTree.Node[] = [];
      for (const statement of parent.body) {
        if (statement === child) break;
        if (statement.type === 'IfStatement' && exits(statement.consequent)) conditions.push(statement.test);
      }
      return conditions;
    }
    default:
      return [];
  }
}

function exits(statement: TSESTree.Statement): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement' || statement.type === 'ContinueStatement' || statement.type === 'BreakStatement') return true;
  if (statement.type === 'BlockStatement') {
    const last = statement.body[statement.body.length - 1];
    return last !== undefined && exits(last);
  }
  return false;
}
