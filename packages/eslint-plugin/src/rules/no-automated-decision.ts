import type { TSESTree } from '@typescript-eslint/utils';
import { calleeName, enclosingFunctions, functionName, globalCallName, isFunction, keyName, referenceName } from '../ast.js';
import type { FunctionNode } from '../ast.js';
import { restrictionOf } from '@bookiji/contract';
import { checkFile, configMessages, fileContext, layerWords, restrictionWords } from '../file-context.js';
import { staticString } from '../imports.js';
import { createRule } from '../create-rule.js';

export interface NoAutomatedDecisionOptions {
  readonly decisionFunctions?: readonly string[];
  readonly automationFlags?: readonly string[];
  readonly humanStepFlags?: readonly string[];
}

/** Names of calls that make a decision the contract leaves to a person (case-sensitive; bare `reject` settles promises). */
export const defaultDecisionFunctions: readonly string[] = [
  '^approve',
  '^reject[A-Z_]',
  '^roll[Bb]ack',
  '^revert[A-Z_]',
  '^apply\\w*Polic(?:y|ies)',
  '^(?:update|change|set|adjust)\\w*Guardrails?',
  '^(?:resolve|escalate|close)\\w*Incident',
];

/** Flags that switch a human step off when they are on (case-insensitive). */
export const defaultAutomationFlags: readonly string[] = [
  '^auto[-_]?(?:approve|approval|reject|roll[-_]?back|revert|resolve|escalate|apply|remediate|decide|merge)',
  '^(?:skip|bypass|disable|no)[-_]?\\w*(?:human|approval|review|confirm)',
];

/** Flags that switch a human step off when they are `false` (case-insensitive). */
export const defaultHumanStepFlags: readonly string[] = [
  '^(?:require|needs?|with)[-_]?\\w*(?:human|approval|review|confirm)',
  '^(?:human|manual)[-_]?(?:approval|review|confirmation|step)?$',
];

const timers = new Set(['setTimeout', 'setInterval', 'setImmediate']);
const listenerMethods = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener', 'subscribe']);
const schedulerCalls = new Set(['schedule', 'scheduleJob', 'every', 'define', 'process']);
const schedulerClasses = new Set(['CronJob', 'Cron', 'Worker']);
/** Events a person causes: handling them is a person deciding, not automation. */
const humanInputEvents = new Set(['click', 'dblclick', 'submit', 'input', 'change', 'keydown', 'keyup', 'keypress', 'pointerdown', 'pointerup', 'mousedown', 'mouseup', 'touchstart', 'touchend']);

const patternList = (description: string) =>
  ({ type: 'array', items: { type: 'string', minLength: 1, format: 'regex' }, uniqueItems: true, description }) as const;

/** What runs a callback without a person: `a \`setInterval\` callback`, or null. */
function automatedContext(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  if (call.type === 'NewExpression') {
    const named = calleeName(call.callee);
    return named !== null && schedulerClasses.has(named.name) ? `a \`new ${named.name}\` callback` : null;
  }
  const timer = globalCallName(call.callee);
  if (timer !== null && timers.has(timer)) return `a \`${timer}\` callback`;
  const named = calleeName(call.callee);
  if (named === null) return null;
  const prefix = named.object === null ? '' : `${named.object}.`;
  if (listenerMethods.has(named.name) && named.object !== null) {
    const event = staticString(call.arguments[0]);
    if (event !== null && humanInputEvents.has(event)) return null;
    return `a \`${prefix}${named.name}(${event === null ? '…' : `'${event}'`})\` handler`;
  }
  if (schedulerCalls.has(named.name)) return `a \`${prefix}${named.name}\` callback`;
  return null;
}

/** One expression per list, so each name is tested once. */
function compile(patterns: readonly string[], flags: string): RegExp | null {
  return patterns.length === 0 ? null : new RegExp(patterns.map((pattern) => `(?:${pattern})`).join('|'), flags);
}

export default createRule<[NoAutomatedDecisionOptions], 'automatedDecision' | 'humanStepOff' | keyof typeof configMessages>({
  name: 'no-automated-decision',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow decisions made without a person (decision calls from timers, schedulers and handlers; flags that switch a human step off) in human-only and dormant layers',
      recommended: true,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          decisionFunctions: patternList('Regular expressions (case-sensitive) for the names of calls that make a decision; replaces the defaults.'),
          automationFlags: patternList('Regular expressions (case-insensitive) for flags that switch a human step off when on; replaces the defaults.'),
          humanStepFlags: patternList('Regular expressions (case-insensitive) for flags that switch a human step off when `false`; replaces the defaults.'),
        },
      },
    ],
    defaultOptions: [{ decisionFunctions: defaultDecisionFunctions, automationFlags: defaultAutomationFlags, humanStepFlags: defaultHumanStepFlags }],
    messages: {
      ...configMessages,
      automatedDecision:
        'Unexpected call to `{{callee}}` from {{trigger}} in {{kind}} Layer {{layer}} ({{name}}), expected a person to make this decision: the contract says "{{words}}" ({{section}}).',
      humanStepOff:
        'Unexpected `{{flag}}` switching a human step off in {{kind}} Layer {{layer}} ({{name}}), expected a person to decide: the contract says "{{words}}" ({{section}}).',
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
    // Compiled for each file in a restricted layer: 2 µs, about what keying a cache by the options' content would cost.
    const decisions = compile(options.decisionFunctions ?? defaultDecisionFunctions, 'u');
    const onFlags = compile(options.automationFlags ?? defaultAutomationFlags, 'iu');
    const offFlags = compile(options.humanStepFlags ?? defaultHumanStepFlags, 'iu');

    /** Callbacks passed to a timer, scheduler or handler, and the names of functions passed by name. */
    const automatedFunctions = new Map<FunctionNode, string>();
    const automatedNames = new Map<string, string>();
    const decisionCalls: { readonly node: TSESTree.CallExpression; readonly callee: string }[] = [];

    const flagValue = (value: TSESTree.Node | null): 'on' | 'off' | 'unknown' => {
      if (value === null) return 'on';
      if (value.type === 'Literal') return value.value === false || value.value === 0 || value.value === null || value.value === '' ? 'off' : 'on';
      if (value.type === 'Identifier' && value.name === 'undefined') return 'off';
      if (value.type === 'JSXExpressionContainer') return value.expression.type === 'JSXEmptyExpression' ? 'unknown' : flagValue(value.expression);
      return 'unknown';
    };
    const checkFlag = (node: TSESTree.Node, name: string | null, value: TSESTree.Node | null): void => {
      if (name === null) return;
      const state = flagValue(value);
      const switchesOff = (state !== 'off' && onFlags?.test(name) === true) || (state === 'off' && offFlags?.test(name) === true);
      if (switchesOff) context.report({ node, messageId: 'humanStepOff', data: { kind, layer: layer.number, name: layer.name, words, section, flag: name } });
    };
    const onCall = (call: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      const trigger = automatedContext(call);
      if (trigger === null) return;
      for (const argument of call.arguments) {
        if (isFunction(argument)) automatedFunctions.set(argument, trigger);
        else {
          const name = referenceName(argument);
          if (name !== null) automatedNames.set(name, trigger);
        }
      }
    };

    return {
      Program,
      NewExpression: onCall,
      CallExpression(node) {
        onCall(node);
        const named = calleeName(node.callee);
        if (named !== null && decisions?.test(named.name) === true) decisionCalls.push({ node, callee: named.name });
      },
      Property(node) {
        if (node.parent.type === 'ObjectExpression' && !node.method) checkFlag(node, keyName(node.key, node.computed), node.value);
      },
      PropertyDefinition(node) {
        checkFlag(node, keyName(node.key, node.computed), node.value);
      },
      AssignmentExpression(node) {
        const target = node.left;
        const name = target.type === 'Identifier' ? target.name : target.type === 'MemberExpression' ? keyName(target.property, target.computed) : null;
        checkFlag(node, name, node.right);
      },
      VariableDeclarator(node) {
        if (node.id.type === 'Identifier' && node.init) checkFlag(node, node.id.name, node.init);
      },
      JSXAttribute(node) {
        if (node.name.type === 'JSXIdentifier') checkFlag(node, node.name.name, node.value);
      },
      'Program:exit'() {
        for (const { node, callee } of decisionCalls) {
          let trigger: string | null = null;
          for (const fn of enclosingFunctions(node)) {
            trigger = automatedFunctions.get(fn) ?? null;
            const name = trigger === null ? functionName(fn) : null;
            if (name !== null) trigger = automatedNames.get(name) ?? null;
            if (trigger !== null) break;
          }
          if (trigger !== null) context.report({ node, messageId: 'automatedDecision', data: { kind, layer: layer.number, name: layer.name, words, section, callee, trigger } });
        }
      },
    };
  },
});
