import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { Schedule } from './index.js';
import { handlerFile } from './services.js';
import type { ShellScope } from './shell.js';
import { get, parseYaml, scalar } from './yaml.js';
import type { Yaml } from './yaml.js';

/** A template that declares a function or a schedule: the resource types read here, written in it. */
const scheduleResources = /AWS::(?:Serverless::Function|Lambda::Function|Events::Rule|Scheduler::Schedule)\b/;
const templateFile = /\.(?:ya?ml|json|template)$/;
const notTemplates = new Set(['pnpm-lock.yaml', 'package.json', 'package-lock.json', 'tsconfig.json']);

/** What a function resource runs, once found: its file, or why there is none. */
interface FunctionCode {
  readonly file: string | null;
  readonly unresolved: string | null;
}

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
  // The template's functions by logical id; what each runs is worked out once, when a schedule first needs it.
  const functions = new Map<string, { readonly node: YamlNode; readonly globals: YamlNode | null; code?: FunctionCode }>();
  for (const pair of resources.items) {
    const id = scalar(pair.key as YamlNode);
    const type = scalar(get(pair.value as YamlNode, 'Type'));
    if (id !== null && (type === 'AWS::Serverless::Function' || type === 'AWS::Lambda::Function')) functions.set(id, { node: pair.value as YamlNode, globals: type === 'AWS::Serverless::Function' ? globals : null });
  }
  const codeOf = (id: string): FunctionCode | null => {
    const fn = functions.get(id);
    if (fn === undefined) return null;
    fn.code ??= functionCode(root, folder, fn.node, fn.globals, scope);
    return fn.code;
  };
  const push = (node: YamlNode | null, when: string, what: string, code: FunctionCode): void => {
    schedules.push({ kind: 'cloudformation', source: template.source, line: template.line(node), when, what, runs: code.file === null ? [] : [code.file], unresolved: code.unresolved });
  };
  for (const [id, { node }] of functions) {
    const events = get(get(node, 'Properties'), 'Events');
    if (!isMap(events)) continue;
    for (const pair of events.items) {
      const event = pair.value as YamlNode;
      const type = scalar(get(event, 'Type'));
      if (type !== 'Schedule' && type !== 'ScheduleV2') continue;
      const properties = get(event, 'Properties');
      const expression = get(properties, type === 'Schedule' ? 'Schedule' : 'ScheduleExpression');
      const off = scalar(get(properties, 'Enabled')) === 'false' || scalar(get(properties, 'State')) === 'DISABLED';
      push(expression ?? event, `${written(expression)}${off ? ' (disabled)' : ''}`, `function ${id}, event ${scalar(pair.key as YamlNode) ?? '?'}`, codeOf(id)!);
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
    if (targets.length === 0) push(expression, when, `${type === 'AWS::Events::Rule' ? 'rule' : 'schedule'} ${id}`, { file: null, unresolved: 'it names no target' });
    for (const target of targets) {
      const arn = get(target, 'Arn');
      const named = referenceOf(arn);
      const code = (named === null ? null : codeOf(named)) ?? { file: null, unresolved: named === null ? `its target \`${written(arn)}\` names no resource of the template` : `its target \`${named}\` is no function of the template` };
      push(expression, when, `${type === 'AWS::Events::Rule' ? 'rule' : 'schedule'} ${id}${named === null ? '' : ` → ${named}`}`, code);
    }
  }
  return schedules;
}

/** The file a function resource runs: its handler in its `CodeUri` (`Code` of a plain Lambda function, when a folder), with what `Globals` gives. */
function functionCode(root: string, folder: string, resource: YamlNode, globals: YamlNode | null, scope: ShellScope): FunctionCode {
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
