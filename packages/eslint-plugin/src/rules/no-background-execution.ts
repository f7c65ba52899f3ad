import type { JSONSchema, TSESTree } from '@typescript-eslint/utils';
import { enclosingFunctions, functionName, globalCallName, isFunction, keyName, referenceName, walk } from '../ast.js';
import { restrictionOf } from '@bookiji/contract';
import { checkFile, configMessages, fileContext, layerWords, restrictionWords } from '../file-context.js';
import { staticString } from '../imports.js';
import { createRule } from '../create-rule.js';

/** A module whose use runs code by itself; with `imports`, only those exports do (`default` for the default export). */
export type SchedulerModule = string | { readonly name: string; readonly imports?: readonly string[] };

export interface NoBackgroundExecutionOptions {
  readonly modules?: readonly SchedulerModule[];
  readonly extraModules?: readonly SchedulerModule[];
}

export const defaultSchedulerModules: readonly SchedulerModule[] = [
  'node-cron',
  'cron',
  'croner',
  'node-schedule',
  'agenda',
  'bree',
  { name: 'bullmq', imports: ['Worker', 'Queue'] },
  { name: 'p-queue', imports: ['default'] },
  { name: 'worker_threads', imports: ['Worker'] },
];

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
const listenerMethods = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const timerModules = new Set(['timers', 'timers/promises']);

const moduleSchema: JSONSchema.JSONSchema4 = {
  anyOf: [
    { type: 'string', minLength: 1, description: 'A module name; any use of it counts.' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, description: 'The module name (a `node:` prefix is ignored).' },
        imports: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          uniqueItems: true,
          description: 'Only these exports count; `default` is the default export.',
        },
      },
    },
  ],
};

function moduleKey(name: string): string {
  return name.startsWith('node:') ? name.slice('node:'.length) : name;
}

/** The modules to report and the exports that count (null: every export). */
function modulesFor(options: NoBackgroundExecutionOptions): ReadonlyMap<string, readonly string[] | null> {
  const modules = new Map<string, readonly string[] | null>();
  for (const entry of [...(options.modules ?? defaultSchedulerModules), ...(options.extraModules ?? [])]) {
    if (typeof entry === 'string') modules.set(moduleKey(entry), null);
    else modules.set(moduleKey(entry.name), entry.imports ?? null);
  }
  return modules;
}

export default createRule<[NoBackgroundExecutionOptions], 'backgroundExecution' | keyof typeof configMessages>({
  name: 'no-background-execution',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow code that runs by itself (timers, schedulers, workers, process signal handlers) in human-only and dormant layers',
      recommended: true,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          modules: {
            type: 'array',
            items: moduleSchema,
            description: 'The scheduler, queue and worker modules to report, replacing the default list.',
          },
          extraModules: {
            type: 'array',
            items: moduleSchema,
            description: 'More modules to report, on top of `modules` (or the default list).',
          },
        },
      },
    ],
    defaultOptions: [{ modules: defaultSchedulerModules, extraModules: [] }],
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
    const { section } = layerWords(index, layer);
    const words = restrictionWords(index, layer);
    const modules = modulesFor(options);
    /** Local names bound to a module's namespace, for `ns.Worker`. */
    const namespaces = new Map<string, string>();
    /** Local names of `setInterval`/`setTimeout` imported from `node:timers`. */
    const timerAliases = new Map<string, string>();
    const { visitorKeys } = context.sourceCode;

    const report = (node: TSESTree.Node, what: string): void => {
      context.report({ node, messageId: 'backgroundExecution', data: { kind, layer: layer.number, name: layer.name, words, section, what } });
    };
    const timerName = (callee: TSESTree.Node): string | null => {
      if (callee.type === 'Identifier' && timerAliases.has(callee.name)) return timerAliases.get(callee.name) ?? null;
      return globalCallName(callee);
    };

    /** Checks the names pulled out of a module, and remembers namespace bindings. */
    const useModule = (node: TSESTree.Node, specifier: string, imported: readonly string[] | 'all', namespace: string | null): void => {
      const key = moduleKey(specifier);
      if (!modules.has(key)) return;
      const only = modules.get(key) ?? null;
      if (only === null) {
        report(node, `use of the scheduler module \`${specifier}\``);
        return;
      }
      if (imported !== 'all') {
        const hits = imported.filter((name) => only.includes(name));
        if (hits.length > 0) report(node, `\`${hits.join('`, `')}\` from \`${specifier}\``);
      }
      if (namespace !== null) namespaces.set(namespace, specifier);
    };

    const fromPattern = (pattern: TSESTree.Node | null | undefined): { imported: string[] | 'all'; namespace: string | null } => {
      if (pattern?.type === 'ObjectPattern') {
        const imported: string[] = [];
        for (const property of pattern.properties) {
          if (property.type === 'Property') {
            const name = keyName(property.key, property.computed);
            if (name !== null) imported.push(name);
          }
        }
        return { imported, namespace: null };
      }
      if (pattern?.type === 'Identifier') return { imported: [], namespace: pattern.name };
      return { imported: [], namespace: null };
    };

    return {
      Program,
      ImportDeclaration(node) {
        const specifier = node.source.value;
        if (node.importKind === 'type') return;
        if (timerModules.has(moduleKey(specifier))) {
          for (const spec of node.specifiers) {
            if (spec.type === 'ImportSpecifier') {
              const imported = keyName(spec.imported, false);
              if (imported === 'setInterval' || imported === 'setTimeout') timerAliases.set(spec.local.name, imported);
            }
          }
          return;
        }
        const imported: string[] = [];
        let namespace: string | null = null;
        for (const spec of node.specifiers) {
          if (spec.type === 'ImportDefaultSpecifier') imported.push('default');
          else if (spec.type === 'ImportNamespaceSpecifier') namespace = spec.local.name;
          else if (spec.importKind !== 'type') imported.push(keyName(spec.imported, false) ?? '');
        }
        useModule(node, specifier, node.specifiers.length === 0 ? 'all' : imported, namespace);
      },
      // A re-export hands the module's exports to every importer: `export { Worker } from 'node:worker_threads'`.
      ExportNamedDeclaration(node) {
        if (node.source === null || node.exportKind === 'type') return;
        const names = node.specifiers.filter((spec) => spec.exportKind !== 'type').map((spec) => keyName(spec.local, false) ?? '');
        useModule(node, node.source.value, names, null);
      },
      // `export * from 'x'` and `export * as ns from 'x'` re-export every name, so each listed one counts.
      ExportAllDeclaration(node) {
        if (node.exportKind === 'type') return;
        const specifier = node.source.value;
        useModule(node, specifier, modules.get(moduleKey(specifier)) ?? 'all', null);
      },
      TSImportEqualsDeclaration(node) {
        if (node.importKind === 'type' || node.moduleReference.type !== 'TSExternalModuleReference') return;
        const specifier = staticString(node.moduleReference.expression);
        if (specifier !== null) useModule(node, specifier, [], node.id.name);
      },
      ImportExpression(node) {
        const specifier = staticString(node.source);
        if (specifier === null) return;
        const holder = node.parent.type === 'AwaitExpression' ? node.parent.parent : node.parent;
        const { imported, namespace } = holder.type === 'VariableDeclarator' ? fromPattern(holder.id) : { imported: 'all' as const, namespace: null };
        useModule(node, specifier, imported, namespace);
      },
      CallExpression(node) {
        const { callee } = node;
        if (callee.type === 'Identifier' && callee.name === 'require') {
          const specifier = staticString(node.arguments[0]);
          if (specifier === null) return;
          const { imported, namespace } = node.parent.type === 'VariableDeclarator' ? fromPattern(node.parent.id) : { imported: 'all' as const, namespace: null };
          useModule(node, specifier, imported, namespace);
          return;
        }
        const timer = timerName(callee);
        if (timer === 'setInterval') {
          report(node, '`setInterval`');
          return;
        }
        if (timer === 'setTimeout') {
          const rescheduled = reschedules(node);
          if (rescheduled !== null) report(node, `\`setTimeout\` that re-schedules its own function \`${rescheduled}\``);
          return;
        }
        if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'process') {
          const method = keyName(callee.property, callee.computed);
          if (method === null || !listenerMethods.has(method)) return;
          const event = staticString(node.arguments[0]);
          if (event !== null && shutdownEvents.has(event)) return;
          report(node, `\`process.${method}(${event === null ? '…' : `'${event}'`})\` handler`);
        }
      },
      // Only `new ns.Worker()` is looked at, not every member expression: a listener on all of them costs every file.
      NewExpression(node) {
        const callee = node.callee;
        if (namespaces.size === 0 || callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier') return;
        const specifier = namespaces.get(callee.object.name);
        if (specifier === undefined) return;
        const name = keyName(callee.property, callee.computed);
        const only = modules.get(moduleKey(specifier)) ?? null;
        if (name !== null && only !== null && only.includes(name)) report(callee, `\`${name}\` from \`${specifier}\``);
      },
    };

    /**
     * The name of the enclosing function a `setTimeout` schedules again, either
     * by name (`setTimeout(tick)`) or through a callback that calls it.
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
