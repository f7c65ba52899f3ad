import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunctions, functionName, isFunction, keyName, referenceName, walk } from '../ast.js';
import { restrictionOf } from '@bookiji/contract';
import { compileModules, moduleKey, moduleOptionSchemas } from '../automation/catalog.js';
import type { ModuleOptions } from '../automation/catalog.js';
import { originsFor, tracking } from '../automation/origin.js';
import { isParameter, isRequire } from '../automation/scope.js';
import { backgroundDirectiveOf, backgroundMethodOf, calleeText, decoratedBy, defaultExportHandlers, eventName, eventNames, isGlobalFunction, isProcess, mayHoldBackgroundDirective, moduleUse, runtimeCallOf, scheduleConfigOf, timerOf } from '../automation/triggers.js';
import { checkFile, configMessages, fileContext, layerWords, restrictionWords } from '../file-context.js';
import { staticString } from '../imports.js';
import { compiledPerConfig, createRule } from '../create-rule.js';

export type { SchedulerModule, ScheduleCall } from '../automation/catalog.js';
export { defaultSchedulerModules } from '../automation/catalog.js';

export type NoBackgroundExecutionOptions = ModuleOptions;

/** Process events that end or diagnose the process rather than start work. */
const shutdownEvents = new Set([
  'exit',
  'SIGINT',
  'SIGTERM',
  'uncaughtException',
  'uncaughtExceptionMonitor',
  'unhandledRejection',
  'rejectionHandled',
  'warning',
]);
const processListenerMethods = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
/** Handlers of a default-exported Workers object that run with nobody's request. */
const backgroundHandlers: Readonly<Record<string, string>> = { scheduled: 'a cron trigger', queue: 'a queue' };
/** Events of the global scope that fire on a schedule, not on what a person does: a Workers cron trigger, a service worker's Periodic Background Sync. */
const backgroundEvents: Readonly<Record<string, string>> = { scheduled: 'run by a cron trigger', periodicsync: 'run by the browser on a schedule' };

const compiled = compiledPerConfig((options: NoBackgroundExecutionOptions) => {
  const modules = compileModules(options);
  return { modules, tracking: tracking([...modules.keys()]) };
});

export default createRule<[NoBackgroundExecutionOptions], 'backgroundExecution' | keyof typeof configMessages>({
  name: 'no-background-execution',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow code that runs by itself (timers, schedulers, queues and job frameworks, work after the response, process signal handlers) in human-only and dormant layers',
      recommended: true,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: moduleOptionSchemas,
      },
    ],
    // The defaults (module catalogs, patterns) are applied where the options are compiled, once per configuration:
    // here, ESLint would merge, clone and schema-check them for every ESLint instance, which the editor's server makes
    // per validation (a quarter of a millisecond each on the layered tree of bench/eslint-plugin).
    defaultOptions: [{}],
    messages: {
      ...configMessages,
      backgroundExecution:
        'Unexpected {{what}} in {{kind}} Layer {{layer}} ({{name}}), expected code that runs only when a person starts it: the contract says "{{words}}" ({{section}}).',
    },
  },
  create(context, [options]) {
    const file = fileContext(context);
    const Program = (): void => void checkFile(context);
    const { index, membership } = file;
    const layer = membership.layer;
    const kind = restrictionOf(layer);
    if (index === null || layer === null || kind === null) return { Program };
    // The contract's words for messages, worked out only when reporting: most files report nothing.
    const words = (): string => restrictionWords(index, layer);
    const section = (): string => layerWords(index, layer).section;
    const { modules, tracking: followed } = compiled(options);
    const { sourceCode } = context;
    const { visitorKeys } = sourceCode;
    const origins = originsFor(context, followed);

    const report = (node: TSESTree.Node, what: string): void => {
      context.report({ node, messageId: 'backgroundExecution', data: { kind, layer: layer.number, name: layer.name, words: words(), section: section(), what } });
    };

    /** Checks the names pulled out of a module at the import. */
    const useModule = (node: TSESTree.Node, specifier: string, imported: readonly string[] | 'all'): void => {
      // A Deno import map may name the package for the specifier: `"cron": "npm:node-cron@3"`.
      const module = modules.get(moduleKey(file.resolutionOf(specifier).package ?? specifier));
      if (module === undefined) return;
      if (module.whole) {
        report(node, `use of the scheduler module \`${specifier}\``);
        return;
      }
      const names = imported === 'all' ? [...module.imports] : imported.filter((name) => module.imports.has(name));
      if (names.length > 0 && (imported !== 'all' || node.type === 'ExportAllDeclaration')) report(node, `\`${names.join('`, `')}\` from \`${specifier}\``);
    };

    const fromPattern = (pattern: TSESTree.Node | null | undefined): readonly string[] | 'all' => {
      if (pattern?.type === 'ObjectPattern') {
        const imported: string[] = [];
        for (const property of pattern.properties) {
          if (property.type === 'Property') {
            const name = keyName(property.key, property.computed);
            if (name !== null) imported.push(name);
          }
        }
        return imported;
      }
      // The module object: what is used from it is reported where it is used.
      return pattern?.type === 'Identifier' ? [] : 'all';
    };

    const onCallOrNew = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      const use = moduleUse(modules, origins.of(node.callee), node);
      if (use === null) return;
      const text = `${decoratedBy(node) === null ? '' : '@'}${calleeText(sourceCode, node.callee)}`;
      if (use.call !== null) report(node, `\`${text}\` (\`${use.call}\` of \`${use.module.name}\`)`);
      else if (use.export !== null) report(node, `\`${text}\` (\`${use.export}\` of \`${use.module.name}\`)`);
    };

    // `class Sweeper extends DurableObject { async alarm() { … } }`: the platform runs the method by itself.
    const onClass = (node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): void => {
      const found = backgroundMethodOf(node, (expression) => origins.of(expression));
      if (found !== null) report(found.method.key, `\`${found.name}\` method of a \`${found.base}\` (${found.runs})`);
    };

    // A function that starts with the Workflow DevKit's `"use workflow"` or `"use step"` runs by itself; listened for only in a file whose text could hold one.
    const directives = mayHoldBackgroundDirective(sourceCode.text)
      ? {
          ExpressionStatement(node: TSESTree.ExpressionStatement): void {
            const fn = node.directive === undefined || node.parent.type !== 'BlockStatement' ? null : node.parent.parent;
            const found = fn === null ? null : backgroundDirectiveOf(fn);
            if (fn === null || found === null || !isFunction(fn) || found.directive !== node.directive) return;
            const name = functionName(fn);
            report(node, `\`"${found.directive}"\` function${name === null ? '' : ` \`${name}\``} (${found.runs})`);
          },
        }
      : {};

    return {
      ...directives,
      Program,
      ImportDeclaration(node) {
        if (node.importKind === 'type') return;
        const imported: string[] = [];
        for (const spec of node.specifiers) {
          if (spec.type === 'ImportDefaultSpecifier') imported.push('default');
          else if (spec.type === 'ImportSpecifier' && spec.importKind !== 'type') imported.push(keyName(spec.imported, false) ?? '');
        }
        useModule(node, node.source.value, node.specifiers.length === 0 ? 'all' : imported);
      },
      // A re-export hands the module's exports to every importer: `export { Worker } from 'node:worker_threads'`.
      ExportNamedDeclaration(node) {
        const schedule = scheduleConfigOf(node);
        if (schedule !== null) report(schedule, '`config.schedule` export (a scheduled function: its platform runs the file\'s handler on that schedule)');
        if (node.source === null || node.exportKind === 'type') return;
        const names = node.specifiers.filter((spec) => spec.exportKind !== 'type').map((spec) => keyName(spec.local, false) ?? '');
        useModule(node, node.source.value, names);
      },
      // `export * from 'x'` and `export * as ns from 'x'` re-export every name, so each listed one counts.
      ExportAllDeclaration(node) {
        if (node.exportKind === 'type') return;
        useModule(node, node.source.value, 'all');
      },
      TSImportEqualsDeclaration(node) {
        if (node.importKind === 'type' || node.moduleReference.type !== 'TSExternalModuleReference') return;
        const specifier = staticString(node.moduleReference.expression);
        if (specifier !== null) useModule(node, specifier, []);
      },
      ImportExpression(node) {
        const specifier = staticString(node.source);
        if (specifier === null) return;
        const holder = node.parent.type === 'AwaitExpression' ? node.parent.parent : node.parent;
        useModule(node, specifier, holder.type === 'VariableDeclarator' ? fromPattern(holder.id) : 'all');
      },
      // Workers' module syntax: `export default { scheduled(event, env, ctx) { … } }`.
      ExportDefaultDeclaration(node) {
        for (const handler of defaultExportHandlers(sourceCode, node.declaration)) {
          const trigger = backgroundHandlers[handler.name];
          if (trigger !== undefined) report(handler.key, `\`${handler.name}\` handler of the default export (run by ${trigger})`);
        }
      },
      ClassDeclaration: onClass,
      ClassExpression: onClass,
      NewExpression: onCallOrNew,
      CallExpression(node) {
        const { callee } = node;
        if (callee.type === 'Identifier' && callee.name === 'require' && isRequire(sourceCode, callee)) {
          const specifier = staticString(node.arguments[0]);
          if (specifier !== null) useModule(node, specifier, node.parent.type === 'VariableDeclarator' ? fromPattern(node.parent.id) : 'all');
          return;
        }
        const origin = origins.of(callee);
        const timer = timerOf(origin);
        if (timer === 'setInterval') {
          report(node, '`setInterval`');
          return;
        }
        if (timer !== null) {
          const rescheduled = reschedules(node);
          if (rescheduled !== null) report(node, `\`${timer}\` that re-schedules its own function \`${rescheduled}\``);
          return;
        }
        const runtime = runtimeCallOf(origin);
        if (runtime !== null) {
          if (runtime.runs !== null) report(node, `\`${calleeText(sourceCode, callee)}\` (${runtime.runs})`);
          return;
        }
        const event = isGlobalFunction(origin, 'addEventListener') ? eventName(node) : null;
        const runBy = event === null ? undefined : backgroundEvents[event];
        if (runBy !== undefined) {
          report(node, `\`addEventListener('${event}')\` handler (${runBy})`);
          return;
        }
        const member = callee.type === 'MemberExpression' ? callee : null;
        const method = member === null ? null : keyName(member.property, member.computed);
        // `ctx.waitUntil(…)` on the handler's context or event: work that goes on after the response.
        if ((method === 'waitUntil' && member?.object.type === 'Identifier' && isParameter(sourceCode, member.object)) || (callee.type === 'Identifier' && callee.name === 'waitUntil' && isParameter(sourceCode, callee))) {
          report(node, `\`${calleeText(sourceCode, callee)}\` (work that goes on after the response)`);
          return;
        }
        if (member !== null && method !== null && processListenerMethods.has(method) && isProcess(origins.of(member.object))) {
          const events = eventNames(sourceCode, node);
          if (events !== null && events.every((event) => shutdownEvents.has(event))) return;
          report(node, `\`process.${method}(${events?.length === 1 ? `'${events[0]}'` : '…'})\` handler`);
          return;
        }
        onCallOrNew(node);
      },
    };

    /**
     * The name of the enclosing function a one-shot timer schedules again,
     * either by name (`setTimeout(tick)`) or through a callback that calls it.
     */
    function reschedules(call: TSESTree.CallExpression): string | null {
      const names = new Set(enclosingFunctions(call).map(functionName).filter((name): name is string => name !== null));
      if (names.size === 0) return null;
      const callback = call.arguments[0];
      if (!callback) return null;
      const direct = referenceName(callback);
      if (direct !== null) return names.has(direct) ? direct : null;
      if (!isFunction(callback)) return null;
      let found: string | null = null;
      walk(
        callback.body,
        (inner) => {
          if (found === null && inner.type === 'CallExpression') {
            const name = referenceName(inner.callee);
            if (name !== null && names.has(name)) found = name;
          }
        },
        visitorKeys,
      );
      return found;
    }
  },
});
