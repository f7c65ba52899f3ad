import { dirname, join, posix } from 'node:path';
import { positionOf } from '../position.js';
import { resolveFile } from '../resolve.js';
import { callAt, closingBracket, escapeRegExp, splitTopLevel, stringValue } from './brackets.js';
import type { WrittenValue } from './brackets.js';
import type { Schedule } from './index.js';
import { codeFile, deepestFolder, handlerFile, repositoryPath } from './services.js';
import type { ScheduledCode } from './services.js';
import type { ShellScope } from './shell.js';

/** Installed packages and CDK's synthesized output declare constructs, they do not use them. */
const notAppCode = /(?:^|\/)(?:node_modules|cdk\.out)\//;
/** A file that uses the AWS CDK: it imports `aws-cdk-lib` (v2) or an `@aws-cdk/…` package (v1). */
const cdkImport = /['"](?:aws-cdk-lib(?:\/[\w-]+)?|@aws-cdk\/[\w-]+)['"]/;
/** `new events.Rule(` (EventBridge rules) and `new scheduler.Schedule(` (EventBridge Scheduler), however the module is named. */
const scheduleConstruct = /\bnew\s+(?:[\w$]+\.)?(Rule|Schedule)\s*\(/g;
/** What a schedule runs: `new targets.LambdaFunction(fn, …)` for a rule, `new LambdaInvoke(fn, …)` for the scheduler. */
const lambdaTarget = /^new\s+(?:[\w$]+\.)?(?:LambdaFunction|LambdaInvoke)\s*\(/;
const functionConstruct = '(NodejsFunction|Function)';

/**
 * The schedules of AWS CDK apps, read as written, without synthesizing
 * them: `new events.Rule(this, id, { schedule })` and the Scheduler's `new
 * Schedule(this, id, { schedule, target })`, in files that import the CDK.
 * Each is tied to the Lambda functions it targets (`targets: [new
 * targets.LambdaFunction(fn)]`, `rule.addTarget(…)`, `target: new
 * LambdaInvoke(fn)`) that the same file makes: a `NodejsFunction`'s `entry`
 * (or the file beside it that CDK looks for without one), or a `Function`'s
 * `handler` in its `Code.fromAsset` folder. A target made elsewhere, or
 * that is no Lambda function, is listed as not read.
 */
export function cdkSchedules(root: string, files: readonly string[], scope: ShellScope): Schedule[] {
  const apps = files.filter((file) => posix.basename(file) === 'cdk.json').map((file) => posix.dirname(file));
  const schedules: Schedule[] = [];
  for (const file of files) {
    if (!codeFile.test(file) || file.endsWith('.d.ts') || notAppCode.test(file)) continue;
    const text = scope.view.bytes(join(root, file))?.toString('utf8');
    if (text === undefined || !text.includes('Schedule') || !cdkImport.test(text)) continue;
    // Paths in props are the app's working directory's: the folder of its `cdk.json`, else the repository's root.
    const app = join(root, deepestFolder(apps, file) ?? '.');
    for (const construct of text.matchAll(scheduleConstruct)) {
      const schedule = scheduleOf(root, app, file, text, construct.index, construct.index + construct[0].length, scope);
      if (schedule !== null) schedules.push(schedule);
    }
  }
  return schedules;
}

function scheduleOf(root: string, app: string, file: string, text: string, at: number, open: number, scope: ShellScope): Schedule | null {
  const call = callAt(text, open);
  if (call === null || call.props === null) return null;
  const { args, props: properties } = call;
  const written = properties.get('schedule')?.value;
  // A rule with no schedule runs on events (an event pattern), not on a clock.
  if (written === undefined) return null;
  const id = args.map((arg) => stringValue(arg.value)).find((value) => value !== null) ?? '?';
  const expression = /^(?:[\w$]+\.)*(?:Schedule|ScheduleExpression)\.expression\(\s*(['"`])([^'"`]+)\1\s*\)$/.exec(written)?.[2];
  const disabled = properties.get('enabled')?.value === 'false';
  const when = `${expression ?? written.replace(/\s+/g, ' ')}${disabled ? ' (enabled: false)' : ''}`;
  const runs = targetsOf(text, at, properties).map((target) => targetRuns(root, app, file, text, target, scope));
  const reasons = runs.flatMap((run) => (run.unresolved === null ? [] : [run.unresolved]));
  return {
    kind: 'cdk',
    source: file,
    line: positionOf(text, at).line,
    when,
    what: `schedule ${id}`,
    runs: runs.flatMap((run) => (run.file === null ? [] : [run.file])),
    unresolved: runs.length === 0 ? 'no target in this file (`targets`, `target` or `addTarget`): the code it runs is not read' : reasons.length > 0 ? reasons.join('; ') : null,
  };
}

/** The targets written for a construct: in its `targets` or `target`, or added to the name it is assigned to (`rule.addTarget(…)`). */
function targetsOf(text: string, at: number, properties: ReadonlyMap<string, WrittenValue>): string[] {
  const targets: string[] = [];
  const list = properties.get('targets') ?? properties.get('target');
  if (list !== undefined) {
    const end = list.value.startsWith('[') ? closingBracket(text, list.at + 1, '[', ']') : null;
    if (end !== null) targets.push(...splitTopLevel(text, list.at + 1, end).map((item) => item.value));
    else targets.push(list.value);
  }
  const assigned = /(?:\b(?:const|let|var)\s+|\bthis\.)([\w$]+)\s*(?::[^=]+)?=\s*$/.exec(text.slice(Math.max(0, at - 200), at))?.[1];
  if (assigned !== undefined) {
    for (const added of text.matchAll(new RegExp(`\\b${escapeRegExp(assigned)}\\s*\\.addTarget\\s*\\(`, 'g'))) {
      const open = added.index + added[0].length;
      const close = closingBracket(text, open, '(', ')');
      if (close !== null) targets.push(...splitTopLevel(text, open, close).slice(0, 1).map((item) => item.value));
    }
  }
  return targets;
}

function targetRuns(root: string, app: string, file: string, text: string, target: string, scope: ShellScope): ScheduledCode {
  const shown = target.length > 60 ? `${target.slice(0, 57)}...` : target;
  const invoke = lambdaTarget.exec(target);
  if (invoke === null) return { file: null, unresolved: `the target \`${shown}\` is no Lambda function: the code it runs is not read` };
  const fn = target.slice(invoke[0].length).split(/[,)]/)[0]!.trim();
  const name = /^(?:this\.)?([\w$]+)$/.exec(fn)?.[1];
  const made = name === undefined ? null : new RegExp(`(?:\\b(?:const|let|var)\\s+|\\bthis\\.)${escapeRegExp(name)}\\s*(?::[^=]+)?=\\s*new\\s+(?:[\\w$]+\\.)?${functionConstruct}\\s*\\(`).exec(text);
  if (made === null) return { file: null, unresolved: `the function \`${fn}\` is not made in \`${file}\` by \`new Function\` or \`new NodejsFunction\`: its code is not read` };
  const call = callAt(text, made.index + made[0].length);
  const args = call?.args ?? [];
  const properties = call?.props ?? new Map<string, WrittenValue>();
  const folder = dirname(join(root, file));
  if (made[1] === 'NodejsFunction') {
    const entry = properties.get('entry')?.value;
    if (entry === undefined) {
      // Without an `entry`, CDK takes the file beside the defining one named after the construct's id: `stack.ts` and 'sweep' give `stack.sweep.ts`.
      const id = args.map((arg) => stringValue(arg.value)).find((value) => value !== null);
      const base = join(root, file).replace(/\.[^.]+$/, `.${id ?? '?'}`);
      return found(root, id === undefined ? null : resolveFile(base, scope.view), base);
    }
    const path = pathOf(entry, app, folder);
    if (path === null) return { file: null, unresolved: `the entry \`${entry}\` of \`${fn}\` is computed, which is not read` };
    return found(root, resolveFile(path, scope.view), path);
  }
  const code = properties.get('code');
  const fromAsset = code === undefined ? null : /^(?:[\w$]+\.)*Code\.fromAsset\s*\(/.exec(code.value);
  const assetEnd = code === undefined || fromAsset === null ? null : closingBracket(text, code.at + fromAsset[0].length, '(', ')');
  const asset = code === undefined || fromAsset === null || assetEnd === null ? undefined : splitTopLevel(text, code.at + fromAsset[0].length, assetEnd)[0]?.value;
  const handler = stringValue(properties.get('handler')?.value ?? '');
  const folderPath = asset === undefined ? null : pathOf(asset, app, folder);
  if (folderPath === null || handler === null) return { file: null, unresolved: `the code of \`${fn}\` is not a folder written as \`Code.fromAsset(…)\` with a \`handler\`: it is not read` };
  const runtime = /Runtime\.([A-Z]+)/.exec(properties.get('runtime')?.value ?? '')?.[1]?.toLowerCase() ?? 'nodejs';
  const runs = handlerFile(root, folderPath, handler, runtime, scope);
  // A bundling command lays the asset out anew: the handler is in what it builds, not in the folder as it is.
  if (runs.file === null && /\bbundling\s*:/.test(code?.value ?? '')) return { file: null, unresolved: `the code of \`${fn}\` is built by a bundling command from \`${repositoryPath(root, folderPath)}\`, which is not read` };
  return runs;
}

function found(root: string, file: string | null, looked: string): ScheduledCode {
  return file === null ? { file: null, unresolved: `no file \`${repositoryPath(root, looked)}\` (.ts, .js, …)` } : { file, unresolved: null };
}

/** A path as written in props: a string from the app's folder, or `path.join(__dirname, …)` (`resolve`, `${__dirname}/…`) from the defining file's. */
function pathOf(written: string, app: string, folder: string): string | null {
  const plain = stringValue(written);
  if (plain !== null) return join(app, plain);
  const template = /^`\$\{__dirname\}\/([^`$]*)`$/.exec(written)?.[1];
  if (template !== undefined) return join(folder, template);
  const joined = /^(?:path\.)?(?:join|resolve)\(\s*__dirname\s*((?:,\s*(['"])[^'"]*\2\s*)*)\)$/.exec(written);
  if (joined === null) return null;
  return join(folder, ...[...joined[1]!.matchAll(/(['"])([^'"]*)\1/g)].map((part) => part[2]!));
}
