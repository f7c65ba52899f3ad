import type { TSESTree } from '@typescript-eslint/utils';
import { calleeName, keyName } from '../ast.js';
import { restrictionOf } from '@bookiji/contract';
import { compileModules, defaultModelModules, defaultRequestModules, moduleKey, moduleOptionSchemas } from '../automation/catalog.js';
import type { ModuleOptions } from '../automation/catalog.js';
import { AutomatedRegions, automatedContexts, ModelVerdicts } from '../automation/contexts.js';
import type { AutomatedContext } from '../automation/contexts.js';
import { originsFor, tracking } from '../automation/origin.js';
import { checkFile, configMessages, fileContext, layerWords, restrictionWords } from '../file-context.js';
import { compiledPerConfig, createRule } from '../create-rule.js';

export interface NoAutomatedDecisionOptions extends ModuleOptions {
  readonly decisionFunctions?: readonly string[];
  readonly automationFlags?: readonly string[];
  readonly humanStepFlags?: readonly string[];
  readonly contexts?: readonly AutomatedContext[];
  readonly requestModules?: readonly string[];
  readonly modelModules?: readonly string[];
}

/**
 * Names of calls that make a decision the contract leaves to a person
 * (case-sensitive), matched against the callee's name and against
 * `object.name` for a method: approve or reject, ban or suspend, close,
 * cancel or delete what belongs to people, merge, deploy, roll back or
 * revert, change a policy or a guardrail, resolve or escalate an incident.
 * Verbs that also name everyday operations (`close`, `cancel`, `delete`,
 * `merge`) count only with what they act on.
 */
export const defaultDecisionFunctions: readonly string[] = [
  '^(?:auto_?)?[Aa]pprove(?![a-z])',
  // Bare `reject` settles promises; `rejectWithValue` is Redux Toolkit's.
  '^(?:auto_?)?[Rr]eject(?=[A-Z_])(?!With)',
  '^(?:auto_?)?[Bb]an(?![a-z])',
  '^(?:auto_?)?[Ss]uspend(?![a-z])',
  '^(?:auto_?)?[Cc]lose(?:Incident|Poll|Account|Ticket|Issue|PullRequest|PR|Dispute|Case|Vote)s?(?![a-z])',
  '^(?:auto_?)?[Cc]ancel(?:Subscription|Membership|Plan|Order|Booking|Reservation|Appointment|Account|Payment|Invoice|Release|Deploy(?:ment)?)s?(?![a-z])',
  '^(?:auto_?)?[Dd]elete(?:User|Account|Member|Customer|Organi[sz]ation|Org|Team|Tenant|Workspace|Project|Repo(?:sitory)?|Booking)s?(?![a-z])',
  '^(?:subscription|membership|booking|order|reservation|appointment)s?\\.cancel$',
  '^(?:user|account|member|customer|organi[sz]ation|tenant)s?\\.(?:del|delete|deleteOne|deleteMany|destroy|ban|suspend)$',
  '^(?:auto_?)?[Mm]erge(?:PullRequest|PR|Pull|Branch|Change)(?:es|s)?(?![a-z])',
  '^pulls\\.merge$',
  '^(?:auto_?)?[Dd]eploy(?![a-z])',
  '^(?:auto_?)?[Rr]oll_?[Bb]ack',
  '^(?:auto_?)?[Rr]evert(?=[A-Z_])',
  '^(?:apply|change|set|update|adjust|edit|relax|tighten)\\w*Polic(?:y|ies)',
  '^(?:apply|change|set|update|adjust|edit|relax|tighten|disable|remove)\\w*Guardrails?',
  '^(?:auto_?)?(?:[Rr]esolve|[Ee]scalate|[Cc]lose)\\w*Incidents?',
];

/** Flags that switch a human step off when they are on (case-insensitive). */
export const defaultAutomationFlags: readonly string[] = [
  '^auto[-_]?(?:approve|approval|reject|roll[-_]?back|revert|resolve|escalate|apply|remediate|decide|merge|ban|suspend|deploy)',
  '^(?:skip|bypass|disable|no)[-_]?\\w*(?:human|approval|review|confirm)',
];

/** Flags that switch a human step off when they are `false` (case-insensitive). */
export const defaultHumanStepFlags: readonly string[] = [
  '^(?:require|needs?|with)[-_]?\\w*(?:human|approval|review|confirm)',
  '^(?:human|manual)[-_]?(?:approval|review|confirmation|step)?$',
];

const patternList = (description: string) =>
  ({ type: 'array', items: { type: 'string', minLength: 1, format: 'regex' }, uniqueItems: true, description }) as const;

/** One expression per list, so each name is tested once. */
function compile(patterns: readonly string[], flags: string): RegExp | null {
  return patterns.length === 0 ? null : new RegExp(patterns.map((pattern) => `(?:${pattern})`).join('|'), flags);
}

const compiled = compiledPerConfig((options: NoAutomatedDecisionOptions) => {
  const contexts = new Set(options.contexts ?? automatedContexts);
  const modules = compileModules(options);
  const requestModules = new Set((options.requestModules ?? defaultRequestModules).map(moduleKey));
  const modelModules = options.modelModules ?? defaultModelModules;
  return {
    decisions: compile(options.decisionFunctions ?? defaultDecisionFunctions, 'u'),
    onFlags: compile(options.automationFlags ?? defaultAutomationFlags, 'iu'),
    offFlags: compile(options.humanStepFlags ?? defaultHumanStepFlags, 'iu'),
    contexts,
    modules,
    requestModules,
    modelModules,
    tracking: tracking([...modules.keys(), ...requestModules], contexts.has('modelVerdicts') ? modelModules.map(moduleKey) : []),
  };
});

export default createRule<[NoAutomatedDecisionOptions], 'automatedDecision' | 'modelDecision' | 'humanStepOff' | keyof typeof configMessages>({
  name: 'no-automated-decision',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow decisions made without a person (decision calls from timers, jobs, request handlers, listeners or on a model\'s verdict; flags that switch a human step off) in human-only and dormant layers',
      recommended: true,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          decisionFunctions: patternList('Regular expressions (case-sensitive) for the names of calls that make a decision, tested against `name` and `object.name`; replaces the defaults.'),
          automationFlags: patternList('Regular expressions (case-insensitive) for flags that switch a human step off when on; replaces the defaults.'),
          humanStepFlags: patternList('Regular expressions (case-insensitive) for flags that switch a human step off when `false`; replaces the defaults.'),
          contexts: {
            type: 'array',
            items: { type: 'string', enum: [...automatedContexts] },
            uniqueItems: true,
            description: 'The code that runs without a person to look in: `timers`, `background` (jobs, queues, work after the response), `requests` (HTTP and webhook handlers), `listeners` (events no person causes), `modelVerdicts` (conditions on a model\'s answer).',
          },
          ...moduleOptionSchemas,
          requestModules: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'HTTP frameworks whose route and middleware callbacks run on a request; replaces the defaults.',
          },
          modelModules: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Model SDKs whose answers are a tool\'s verdict; replaces the defaults.',
          },
        },
      },
    ],
    // The defaults (module catalogs, patterns) are applied where the options are compiled, once per configuration:
    // here, ESLint would merge, clone and schema-check them for every ESLint instance, which the editor's server makes
    // per validation (a quarter of a millisecond each on the layered tree of bench/eslint-plugin).
    defaultOptions: [{}],
    messages: {
      ...configMessages,
      automatedDecision:
        'Unexpected call to `{{callee}}` from {{trigger}} in {{kind}} Layer {{layer}} ({{name}}), expected a person to make this decision: the contract says "{{words}}" ({{section}}).',
      modelDecision:
        'Unexpected call to `{{callee}}` on a model\'s verdict (`{{model}}`) in {{kind}} Layer {{layer}} ({{name}}), expected a person to make this decision: the contract says "{{words}}" ({{section}}).',
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
    // The contract's words for messages, worked out only when reporting: most files report nothing.
    const words = (): string => restrictionWords(index, layer);
    const section = (): string => layerWords(index, layer).section;
    const { decisions, onFlags, offFlags, contexts, modules, requestModules, modelModules, tracking: followed } = compiled(options);
    const { sourceCode } = context;
    const decisionCalls: { readonly node: TSESTree.CallExpression; readonly callee: string }[] = [];
    // Looked at only in a file that calls a decision function: most files call none.
    const calls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
    const exports: (TSESTree.ExportNamedDeclaration | TSESTree.ExportDefaultDeclaration)[] = [];
    const classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] = [];

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
      if (switchesOff) context.report({ node, messageId: 'humanStepOff', data: { kind, layer: layer.number, name: layer.name, words: words(), section: section(), flag: name } });
    };
    /** The name a decision pattern matched: the callee's own, or `object.name` for a method. */
    const decisionName = (callee: TSESTree.Node): string | null => {
      if (decisions === null) return null;
      const named = calleeName(callee);
      if (named === null) return null;
      if (decisions.test(named.name)) return named.name;
      const qualified = named.object === null ? null : `${named.object}.${named.name}`;
      return qualified !== null && decisions.test(qualified) ? qualified : null;
    };

    return {
      Program,
      NewExpression: (node) => void calls.push(node),
      CallExpression(node) {
        calls.push(node);
        const callee = decisionName(node.callee);
        if (callee !== null) decisionCalls.push({ node, callee });
      },
      ClassDeclaration: (node) => void classes.push(node),
      ClassExpression: (node) => void classes.push(node),
      ExportNamedDeclaration: (node) => void exports.push(node),
      ExportDefaultDeclaration: (node) => void exports.push(node),
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
        if (decisionCalls.length === 0) return;
        const origins = originsFor(context, followed);
        const regions = new AutomatedRegions(sourceCode, origins, { contexts, modules, requestModules }, context.filename);
        for (const node of exports) {
          if (node.type === 'ExportNamedDeclaration') regions.onExportNamed(node);
          else regions.onExportDefault(node);
        }
        regions.onScheduleConfig(exports);
        for (const node of calls) regions.onCall(node);
        for (const node of classes) regions.onClass(node);
        regions.onDirectives();
        regions.spread();
        const verdicts = contexts.has('modelVerdicts') ? new ModelVerdicts(sourceCode, origins, modelModules) : null;
        for (const { node, callee } of decisionCalls) {
          const trigger = regions.triggerOf(node);
          if (trigger !== null) {
            context.report({ node, messageId: 'automatedDecision', data: { kind, layer: layer.number, name: layer.name, words: words(), section: section(), callee, trigger } });
            continue;
          }
          const model = verdicts?.of(node) ?? null;
          if (model !== null) context.report({ node, messageId: 'modelDecision', data: { kind, layer: layer.number, name: layer.name, words: words(), section: section(), callee, model } });
        }
      },
    };
  },
});
