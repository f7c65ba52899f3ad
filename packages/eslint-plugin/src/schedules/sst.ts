import { join, posix } from 'node:path';
import { positionOf } from '../position.js';
import { resolveImport } from '../resolve.js';
import { bindings, callAt, escapeRegExp, stringValue } from './brackets.js';
import type { WrittenValue } from './brackets.js';
import type { Schedule } from './index.js';
import { codeFile, deepestFolder, handlerFile } from './services.js';
import type { ScheduledCode } from './services.js';
import type { ShellScope } from './shell.js';

/** An SST app's config: `sst.config.ts` in the app's folder, which SST runs for the app's infrastructure. */
const sstConfig = /^sst\.config\.[cm]?[jt]s$/;
/** SST's own generated code and installed packages declare the component, they do not use it. */
const notAppCode = /(?:^|\/)(?:node_modules|\.sst)\//;
/** `new sst.aws.Cron(`, `new sst.aws.CronV2(` (SST 3), or `new Cron(` with `Cron` imported from `sst/constructs` (SST 2). */
const cronConstruct = /\bnew\s+(sst\.aws\.Cron(?:V2)?|Cron)\s*\(/g;
const constructsImport = /\bimport\s*\{[^}]*\bCron\b[^}]*\}\s*from\s*(['"])sst\/constructs\1/;

/**
 * The cron jobs of SST apps, read as written, without running them:
 * `new sst.aws.Cron("Name", { schedule, function })` (and `CronV2`) in
 * `sst.config.ts` and the files of its folder, and SST 2's `new Cron(stack,
 * "id", { schedule, job })` from `sst/constructs`. Each is tied to the file
 * its handler names from the app's folder (`src/cron.handler` is
 * `src/cron.ts`), written as a string or as a function's `handler`. A job
 * whose code is a container task, a function made elsewhere or an ARN, or a
 * construct whose arguments are not written out, is listed as not read.
 */
export function sstSchedules(root: string, files: readonly string[], scope: ShellScope): Schedule[] {
  const apps = files.filter((file) => sstConfig.test(posix.basename(file))).map((file) => posix.dirname(file));
  if (apps.length === 0) return [];
  const schedules: Schedule[] = [];
  for (const file of files) {
    if (!codeFile.test(file) || file.endsWith('.d.ts') || notAppCode.test(file)) continue;
    // The app a file belongs to: the deepest folder with an `sst.config.ts` above it.
    const app = deepestFolder(apps, file);
    if (app === undefined) continue;
    const text = scope.view.bytes(join(root, file))?.toString('utf8');
    if (text === undefined || !text.includes('Cron')) continue;
    const bareCron = constructsImport.test(text);
    for (const construct of text.matchAll(cronConstruct)) {
      if (construct[1] === 'Cron' && !bareCron) continue;
      schedules.push(cronSchedule(root, join(root, app), file, text, construct.index, construct.index + construct[0].length, scope));
    }
  }
  return schedules;
}

function cronSchedule(root: string, app: string, file: string, text: string, at: number, open: number, scope: ShellScope): Schedule {
  const line = positionOf(text, at).line;
  const call = callAt(text, open);
  const args = call?.args ?? [];
  // The construct's name: its first string argument, a template literal as written (`${PROJECT}-cron`).
  const named = args.find((arg) => /^['"`]/.test(arg.value))?.value;
  const what = `cron ${named === undefined ? '?' : (stringValue(named) ?? named.slice(1, -1))}`;
  const properties = call?.props ?? null;
  if (properties === null) return { kind: 'sst', source: file, line, when: '?', what, runs: [], unresolved: 'the cron job\'s arguments are not written out as an object: it is not read' };
  const schedule = properties.get('schedule');
  const written = schedule === undefined ? null : stringValue(schedule.value);
  const disabled = properties.get('enabled')?.value === 'false';
  const when = `${written ?? '?'}${disabled ? ' (enabled: false)' : ''}`;
  const found = runsOf(root, app, join(root, file), text, properties, scope);
  return { kind: 'sst', source: file, line, when, what, runs: found.file === null ? [] : [found.file], unresolved: found.unresolved };
}

/** The file a cron job runs: its `function` (SST 3) or `job` (SST 2), a handler path or a function's props. */
function runsOf(root: string, app: string, file: string, text: string, properties: ReadonlyMap<string, WrittenValue>, scope: ShellScope): ScheduledCode {
  const job = properties.get('function') ?? properties.get('job');
  if (job === undefined) {
    const task = properties.get('task');
    if (task !== undefined) return { file: null, unresolved: `the job is the container task \`${task.value}\`, whose code is not read` };
    return { file: null, unresolved: 'the cron job names no `function` (or `job`): its code is not read' };
  }
  // `function: worker` (or `worker.arn`), made by `new sst.aws.Function("Worker", { handler: … })` in this file or one it imports it from.
  const local = /^([A-Za-z_$][\w$]*)(?:\.arn)?$/.exec(job.value)?.[1];
  const value = (local === undefined ? null : functionMade(local, file, text, scope)) ?? job.value;
  const direct = stringValue(value);
  if (direct !== null) return handlerOf(root, app, direct, 'nodejs', scope);
  if (value.startsWith('{')) {
    const body = value.slice(1, -1);
    const handler = /\b(?:handler|function)\s*:\s*(['"`])((?:(?!\1)[^\n])*)\1/.exec(body)?.[2];
    const runtime = /\bruntime\s*:\s*(['"`])([^'"`]+)\1/.exec(body)?.[2] ?? 'nodejs';
    if (handler !== undefined) return handlerOf(root, app, handler, runtime, scope);
  }
  if (local !== undefined) return { file: null, unresolved: `the function \`${job.value}\` is not made by \`new sst.aws.Function(…, { handler })\` in this file or in the one it is imported from: its code is not read` };
  return { file: null, unresolved: `the function \`${value.length > 60 ? `${value.slice(0, 57)}...` : value}\` is not written out as a handler path: its code is not read` };
}

/** The props a function is made with, `new sst.aws.Function(name, { … })`, assigned to `local` in `file` or exported from the file it imports `local` from. */
function functionMade(local: string, file: string, text: string, scope: ShellScope): string | null {
  const made = madeIn(text, local);
  if (made !== null) return made;
  for (const list of text.matchAll(/\bimport\s*\{([^}]*)\}\s*from\s*(['"])([^'"]+)\2/g)) {
    const binding = bindings(list[1]!).find((item) => item.local === local);
    if (binding === undefined) continue;
    const target = resolveImport(list[3]!, file, scope.view).path;
    const other = target === null ? undefined : scope.view.bytes(target)?.toString('utf8');
    return other === undefined ? null : madeIn(other, binding.exported);
  }
  return null;
}

/** The object a file makes `name` with: `const name = new sst.aws.Function("Name", { … })`, exported or not. */
function madeIn(text: string, name: string): string | null {
  const made = new RegExp(`\\b(?:const|let|var)\\s+${escapeRegExp(name)}\\s*=\\s*new\\s+(?:sst\\.aws\\.)?Function\\s*\\(`).exec(text);
  return made === null ? null : (callAt(text, made.index + made[0].length)?.object?.value ?? null);
}

function handlerOf(root: string, app: string, handler: string, runtime: string, scope: ShellScope): ScheduledCode {
  if (handler.startsWith('arn:')) return { file: null, unresolved: `the function \`${handler}\` is one deployed elsewhere: its code is not in the repository` };
  if (handler.includes('${')) return { file: null, unresolved: `the handler \`${handler}\` is computed, which is not read` };
  return handlerFile(root, app, handler, runtime, scope);
}
