import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { Schedule } from './index.js';
import { handlerFile } from './services.js';
import type { ScheduledCode } from './services.js';
import type { ShellScope } from './shell.js';
import { get, parseYaml, scalar } from './yaml.js';
import type { Yaml } from './yaml.js';

/** A template that declares a function or a schedule: the resource types read here, written in it. */
const scheduleResources = /AWS::(?:Serverless::Function|Lambda::Function|Serverless::StateMachine|Events::Rule|Scheduler::Schedule)\b/;
const templateFile = /\.(?:ya?ml|json|template)$/;
const notTemplates = new Set(['pnpm-lock.yaml', 'package.json', 'package-lock.json', 'tsconfig.json']);

/** What a function or state machine runs, once found: its files, and why some or all cannot be found. */
interface Code {
  readonly files: readonly string[];
  readonly unresolved: string | null;
}

const stateMachineTypes = new Set(['AWS::Serverless::StateMachine', 'AWS::StepFunctions::StateMachine']);
/** Where a state machine names the functions its steps invoke: inline, in a `!Sub` string, or in the values substituted into a definition file. */
const definitionKeys = ['Definition', 'DefinitionString', 'DefinitionSubstitutions'];

/**
 * The schedules of AWS SAM and CloudFormation templates (any YAML or JSON
 * file of the repository that declares `Resources` of the types read), each
 * tied to the handler of the function it runs: a SAM function's `Schedule`
 * and `ScheduleV2` events, and the `AWS::Events::Rule` and
 * `AWS::Scheduler::Schedule` resources whose targets name a function of the
 * same template (`!GetAtt Fn.Arn`, `!Ref Fn`, `Fn::GetAtt`). A function's
 * handler is a file and an export in its `CodeUri` (or `Globals`), as the
 * Serverless Framework's is. A target that is no function of the template,
 * a function whose code is an image or a bucket's, and a template that does
 * not parse are listed as schedules whose code cannot be found.
 */
export function awsSchedules(root: string, files: readonly string[], scope: ShellScope): Schedule[] {
  const schedules: Schedule[] = [];
  for (const file of files) {
    const name = posix.basename(file);
    if (!templateFile.test(name) || notTemplates.has(name) || file.startsWith('.github/workflows/')) continue;
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    if (!scheduleResources.test(text) || !/\bResources\b/.test(text)) continue;
    let template: Yaml;
    try {
      template = parseYaml(file, text);
    } catch (error) {
      const line = text.slice(0, text.search(scheduleResources)).split('\n').length;
      schedules.push({ kind: 'cloudformation', source: file, line, when: '?', what: 'the whole file', runs: [], unresolved: `\`${file}\` does not parse (${((error as Error).message.split('\n')[0] ?? '').trim()})` });
      continue;
    }
    schedules.push(...templateSchedules(root, template, scope));
  }
  return schedules;
}

function templateSchedules(root: string, template: Yaml, scope: ShellScope): Schedule[] {
  const resources = get(template.contents, 'Resources');
  if (!isMap(resources)) return [];
  const folder = dirname(join(root, template.source));
  const globals = get(get(template.contents, 'Globals'), 'Function');
  const schedules: Schedule[] = [];
  // The template's functions and state machines by logical id; what each runs is worked out once, when a schedule first needs it.
  const functions = new Map<string, { readonly node: YamlNode; readonly globals: YamlNode | null; code?: Code }>();
  const machines = new Map<string, { readonly node: YamlNode; code?: Code }>();
  for (const pair of resources.items) {
    const id = scalar(pair.key as YamlNode);
    const type = scalar(get(pair.value as YamlNode, 'Type'));
    if (id === null || type === null) continue;
    if (type === 'AWS::Serverless::Function' || type === 'AWS::Lambda::Function') functions.set(id, { node: pair.value as YamlNode, globals: type === 'AWS::Serverless::Function' ? globals : null });
    else if (stateMachineTypes.has(type)) machines.set(id, { node: pair.value as YamlNode });
  }
  const functionCodeOf = (id: string): Code | null => {
    const fn = functions.get(id);
    if (fn === undefined) return null;
    fn.code ??= functionCode(root, folder, fn.node, fn.globals, scope);
    return fn.code;
  };
  const machineCodeOf = (id: string): Code | null => {
    const machine = machines.get(id);
    if (machine === undefined) return null;
    machine.code ??= stepsCode(id, machine.node, functions, functionCodeOf);
    return machine.code;
  };
  const codeOf = (id: string): Code | null => functionCodeOf(id) ?? machineCodeOf(id);
  const push = (node: YamlNode | null, when: string, what: string, code: Code): void => {
    schedules.push({ kind: 'cloudformation', source: template.source, line: template.line(node), when, what, runs: code.files, unresolved: code.unresolved });
  };
  const sources = [...[...functions].map(([id, { node }]) => ({ id, node, kind: 'function' })), ...[...machines].map(([id, { node }]) => ({ id, node, kind: 'state machine' }))];
  for (const { id, node, kind } of sources) {
    const events = get(get(node, 'Properties'), 'Events');
    if (!isMap(events)) continue;
    for (const pair of events.items) {
      const event = pair.value as YamlNode;
      const type = scalar(get(event, 'Type'));
      if (type !== 'Schedule' && type !== 'ScheduleV2') continue;
      const properties = get(event, 'Properties');
      const expression = get(properties, type === 'Schedule' ? 'Schedule' : 'ScheduleExpression');
      const off = scalar(get(properties, 'Enabled')) === 'false' || scalar(get(properties, 'State')) === 'DISABLED';
      push(expression ?? event, `${written(expression)}${off ? ' (disabled)' : ''}`, `${kind} ${id}, event ${scalar(pair.key as YamlNode) ?? '?'}`, codeOf(id)!);
    }
  }
  for (const pair of resources.items) {
    const id = scalar(pair.key as YamlNode) ?? '?';
    const resource = pair.value as YamlNode;
    const type = scalar(get(resource, 'Type'));
    if (type !== 'AWS::Events::Rule' && type !== 'AWS::Scheduler::Schedule') continue;
    const properties = get(resource, 'Properties');
    const expression = get(properties, 'ScheduleExpression');
    // An EventBridge rule with an event pattern and no schedule runs on events, not on a clock.
    if (expression === null) continue;
    const off = scalar(get(properties, 'State')) === 'DISABLED';
    const targets = type === 'AWS::Events::Rule' ? itemsOf(get(properties, 'Targets')) : [get(properties, 'Target')];
    const when = `${written(expression)}${off ? ' (disabled)' : ''}`;
    if (targets.length === 0) push(expression, when, `${type === 'AWS::Events::Rule' ? 'rule' : 'schedule'} ${id}`, { files: [], unresolved: 'it names no target' });
    for (const target of targets) {
      const arn = get(target, 'Arn');
      const named = referenceOf(arn);
      const code = (named === null ? null : codeOf(named)) ?? { files: [], unresolved: named === null ? `its target \`${written(arn)}\` names no resource of the template` : `its target \`${named}\` is no function or state machine of the template` };
      push(expression, when, `${type === 'AWS::Events::Rule' ? 'rule' : 'schedule'} ${id}${named === null ? '' : ` → ${named}`}`, code);
    }
  }
  return schedules;
}

/**
 * What a state machine runs: the functions of the template its definition
 * names (`!GetAtt Sweep.Arn`, `${Sweep.Arn}` in a `!Sub` string, a value
 * substituted into its definition file). Other steps (services called
 * directly, activities) run no code of the repository.
 */
function stepsCode(id: string, machine: YamlNode, functions: ReadonlyMap<string, unknown>, codeOf: (id: string) => Code | null): Code {
  const properties = get(machine, 'Properties');
  const named = new Set<string>();
  for (const key of definitionKeys) collectReferences(get(properties, key), named);
  const steps = [...named].filter((name) => functions.has(name));
  if (steps.length === 0) return { files: [], unresolved: `state machine \`${id}\` names no function of the template in its definition` };
  const codes = steps.map((step) => codeOf(step)!);
  const unresolved = codes.flatMap((code, at) => (code.unresolved === null ? [] : [`${steps[at]}: ${code.unresolved}`]));
  return { files: [...new Set(codes.flatMap((code) => code.files))], unresolved: unresolved.length === 0 ? null : unresolved.join('; ') };
}

/** The logical ids a part of a template refers to, anywhere in it: references, and `${Id}` or `${Id.Attribute}` in `!Sub` and `Fn::Sub` strings. */
function collectReferences(node: YamlNode | null, into: Set<string>): void {
  if (node === null) return;
  const id = referenceOf(node);
  if (id !== null) into.add(id);
  if (node.tag === '!Sub') substituted(node, into);
  if (isMap(node)) {
    for (const pair of node.items) {
      if (scalar(pair.key as YamlNode) === 'Fn::Sub') substituted(pair.value as YamlNode, into);
      collectReferences(pair.value as YamlNode, into);
    }
  } else if (isSeq(node)) for (const item of node.items) collectReferences(item as YamlNode, into);
}

/** The ids a `!Sub` string names as `${Id}` or `${Id.Attribute}`; in the list form, its first item is the string. */
function substituted(sub: YamlNode, into: Set<string>): void {
  const text = isSeq(sub) ? scalar(sub.items[0] as YamlNode) : scalar(sub);
  for (const match of (text ?? '').matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}/g)) into.add(match[1]!);
}

/** The file a function resource runs: its handler in its `CodeUri` (`Code` of a plain Lambda function, when a folder), with what `Globals` gives. */
function functionCode(root: string, folder: string, resource: YamlNode, globals: YamlNode | null, scope: ShellScope): Code {
  const found = handlerCode(root, folder, resource, globals, scope);
  return { files: found.file === null ? [] : [found.file], unresolved: found.unresolved };
}

function handlerCode(root: string, folder: string, resource: YamlNode, globals: YamlNode | null, scope: ShellScope): ScheduledCode {
  const properties = get(resource, 'Properties');
  const property = (key: string): YamlNode | null => get(properties, key) ?? get(globals, key);
  if (scalar(property('PackageType')) === 'Image') return { file: null, unresolved: 'the function runs a container image, whose code is not in the template' };
  const codeNode = property('CodeUri') ?? get(properties, 'Code');
  const code = codeNode === null ? '.' : scalar(codeNode);
  if (code === null || /^s3:\/\//.test(code)) return { file: null, unresolved: `the function's code is \`${written(codeNode)}\`, not a folder of the repository` };
  const handlerNode = property('Handler');
  // `!Sub '${Prefix}.handler'` and the like: only a deploy knows the value.
  if (handlerNode !== null && (!isScalar(handlerNode) || handlerNode.tag?.startsWith('!') === true)) return { file: null, unresolved: `the handler \`${written(handlerNode)}\` is computed by CloudFormation, which is not read` };
  const handler = scalar(handlerNode);
  if (handler === null) return { file: null, unresolved: 'the function has no `Handler`' };
  return handlerFile(root, join(folder, code), handler, scalar(property('Runtime')) ?? 'nodejs', scope);
}

/** The logical id a reference names: `!GetAtt Fn.Arn`, `!GetAtt [Fn, Arn]`, `!Ref Fn`, `{ "Fn::GetAtt": ["Fn", "Arn"] }`, `{ "Ref": "Fn" }`. */
function referenceOf(node: YamlNode | null): string | null {
  if (node === null) return null;
  if (isScalar(node) && typeof node.value === 'string') {
    if (node.tag === '!Ref') return node.value;
    if (node.tag === '!GetAtt') return node.value.split('.')[0] ?? null;
    return null;
  }
  if (isSeq(node) && node.tag === '!GetAtt') return scalar(node.items[0] as YamlNode);
  const ref = scalar(get(node, 'Ref'));
  if (ref !== null) return ref;
  const attribute = get(node, 'Fn::GetAtt');
  if (isSeq(attribute)) return scalar(attribute.items[0] as YamlNode);
  return scalar(attribute)?.split('.')[0] ?? null;
}

function itemsOf(node: YamlNode | null): YamlNode[] {
  return isSeq(node) ? (node.items as YamlNode[]) : [];
}

/** A node as written, for messages: a scalar's value with its tag, else its YAML text. */
function written(node: YamlNode | null): string {
  if (node === null) return '?';
  const value = isScalar(node) ? String(node.value) : String(node).trim();
  return node.tag?.startsWith('!') === true && isScalar(node) ? `${node.tag} ${value}` : value;
}
