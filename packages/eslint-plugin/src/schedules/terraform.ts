import { join, posix, resolve } from 'node:path';
import { positionOf } from '../position.js';
import { closingBracket, escapeRegExp } from './brackets.js';
import type { Schedule } from './index.js';
import { handlerFile, repositoryPath } from './services.js';
import type { ScheduledCode } from './services.js';
import type { ShellScope } from './shell.js';

/** A block of a Terraform module: `resource "aws_lambda_function" "sweep" { … }`, `data "archive_file" "zip" { … }`, `module "sweep" { … }`. */
interface Block {
  readonly kind: 'resource' | 'data' | 'module';
  /** The resource or data source type; `module` for a module. */
  readonly type: string;
  readonly name: string;
  /** The `.tf` file, absolute, its text with comments blanked, and the block's body in it. */
  readonly file: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const blockHead = /^[ \t]*(resource|data|module)[ \t]+"([^"]+)"(?:[ \t]+"([^"]+)")?[ \t]*\{/gm;

/**
 * The schedules of Terraform modules that run AWS Lambda functions, read as
 * written, without a plan: `aws_cloudwatch_event_rule`s with a
 * `schedule_expression`, through the `aws_cloudwatch_event_target`s that
 * name them, and `aws_scheduler_schedule`s with their `target`. Each is tied
 * to the function its target's `arn` names in the same module (the `.tf`
 * files of one folder): an `aws_lambda_function` whose code is an
 * `archive_file` of a folder or a file, or a `terraform-aws-modules/lambda`
 * module's `source_path`, with its `handler`. A target that is no such
 * function, and code in a zip built elsewhere, a bucket or an image, are
 * listed as not read. Google Cloud Scheduler jobs are tied to the route that
 * serves the URL they request.
 */
export function terraformSchedules(root: string, files: readonly string[], scope: ShellScope, urlTargets: (urls: ReadonlySet<string>) => string[]): Schedule[] {
  const modules = new Map<string, string[]>();
  for (const file of files) if (file.endsWith('.tf')) modules.set(posix.dirname(file), [...(modules.get(posix.dirname(file)) ?? []), file]);
  const schedules: Schedule[] = [];
  for (const [folder, tfFiles] of modules) {
    const blocks = tfFiles.flatMap((file) => blocksOf(join(root, file), scope));
    if (!blocks.some((block) => block.type === 'aws_cloudwatch_event_rule' || block.type === 'aws_scheduler_schedule' || block.type === 'google_cloud_scheduler_job' || (block.kind === 'module' && attribute(block, 'schedule_expression') !== null))) continue;
    const module = { root, folder: join(root, folder), blocks, scope };
    for (const block of blocks) {
      if (block.type === 'google_cloud_scheduler_job') {
        schedules.push(cloudSchedulerJob(root, block, urlTargets));
        continue;
      }
      if (block.type !== 'aws_cloudwatch_event_rule' && block.type !== 'aws_scheduler_schedule' && block.kind !== 'module') continue;
      const expression = attribute(block, 'schedule_expression');
      // A rule with no schedule runs on events, not on a clock.
      if (expression === null) continue;
      const disabled = attribute(block, 'is_enabled') === 'false' || attribute(block, 'state') === '"DISABLED"';
      // A module given a `schedule_expression` schedules the function it makes itself.
      const targets =
        block.kind === 'module'
          ? [`module.${block.name}.lambda_function_arn`]
          : block.type === 'aws_scheduler_schedule'
          ? [nestedAttribute(block, 'target', 'arn')].filter((arn): arn is string => arn !== null)
          : blocks.filter((other) => other.type === 'aws_cloudwatch_event_target' && new RegExp(`^aws_cloudwatch_event_rule\\.${escapeRegExp(block.name)}\\.(?:name|id)$`).test(attribute(other, 'rule') ?? '')).map((target) => attribute(target, 'arn') ?? '?');
      const runs = targets.map((arn) => functionRuns(module, arn));
      const reasons = runs.flatMap((run) => (run.unresolved === null ? [] : [run.unresolved]));
      schedules.push({
        kind: 'terraform',
        source: repositoryPath(root, block.file),
        line: positionOf(block.text, block.start).line,
        when: `${unquoted(expression)}${disabled ? ' (disabled)' : ''}`,
        what: `${block.kind === 'module' ? 'module' : block.type} ${block.name}`,
        runs: runs.flatMap((run) => (run.file === null ? [] : [run.file])),
        unresolved: runs.length === 0 ? `no target of this module names it: the code it runs is not read` : reasons.length > 0 ? reasons.join('; ') : null,
      });
    }
  }
  return schedules;
}

/**
 * A Google Cloud Scheduler job: it requests a URL (`http_target`, or
 * `app_engine_http_target`'s `relative_uri`) on its `schedule`, tied to the
 * route file of the repository that serves the URL's path, as an App Engine
 * `cron.yaml` job is. A job that publishes to Pub/Sub names no code.
 */
function cloudSchedulerJob(root: string, block: Block, urlTargets: (urls: ReadonlySet<string>) => string[]): Schedule {
  const paused = attribute(block, 'paused') === 'true';
  const written = nestedAttribute(block, 'http_target', 'uri') ?? nestedAttribute(block, 'app_engine_http_target', 'relative_uri');
  const uri = written === null ? null : /^"(.*)"$/.exec(written)?.[1] ?? null;
  // The path after the host, however the host is written: `https://api.example.com`, `${google_cloud_run_v2_service.api.uri}`.
  const path = uri === null ? null : (/^(?:https?:\/\/[^/]*|\$\{[^}]*\})?(\/[^?#]*)/.exec(uri)?.[1] ?? null);
  const runs = path === null || path.includes('${') ? [] : [...new Set(urlTargets(new Set([path])))];
  const unresolved =
    runs.length > 0
      ? null
      : written === null
        ? 'the job requests no URL of an `http_target` or `app_engine_http_target` (a Pub/Sub target names no code): the code it runs is not read'
        : path === null || path.includes('${')
          ? `the job's URL \`${uri ?? written}\` is computed, which is not read`
          : `no route file serves \`${path}\` (looked for app/**/route.ts, pages/api and api/); routes an app declares in code (Express and the like) are not read`;
  return {
    kind: 'terraform',
    source: repositoryPath(root, block.file),
    line: positionOf(block.text, block.start).line,
    when: `${unquoted(attribute(block, 'schedule') ?? '?')}${paused ? ' (paused)' : ''}`,
    what: `google_cloud_scheduler_job ${block.name}${uri === null ? '' : ` url ${uri}`}`,
    runs,
    unresolved,
  };
}

/** The blocks of a `.tf` file, with `#` and `//` comments blanked so that brackets in them do not count. */
function blocksOf(file: string, scope: ShellScope): Block[] {
  const raw = scope.view.bytes(file)?.toString('utf8');
  if (raw === undefined) return [];
  const text = withoutHashComments(raw);
  const blocks: Block[] = [];
  for (const head of text.matchAll(blockHead)) {
    const start = head.index + head[0].length;
    const end = closingBracket(text, start, '{', '}');
    if (end === null) continue;
    const kind = head[1] as Block['kind'];
    blocks.push({ kind, type: kind === 'module' ? 'module' : head[2]!, name: kind === 'module' ? head[2]! : (head[3] ?? ''), file, text, start, end });
  }
  return blocks;
}

/** `#` comments blanked to their line's end, outside strings; the text keeps its length, so offsets and lines stay. */
function withoutHashComments(text: string): string {
  let result = '';
  let from = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"' && text[index - 1] !== '\\') inString = !inString;
    else if (char === '\n') inString = false;
    else if (char === '#' && !inString) {
      const end = text.indexOf('\n', index);
      const stop = end === -1 ? text.length : end;
      result += text.slice(from, index) + ' '.repeat(stop - index);
      from = stop;
      index = stop - 1;
    }
  }
  return result + text.slice(from);
}

/** An attribute of a block's own level, as written: `handler = "index.handler"` gives `"index.handler"`. */
function attribute(block: Block, name: string): string | null {
  return attributeIn(block.text, block.start, block.end, name);
}

function attributeIn(text: string, start: number, end: number, name: string): string | null {
  const line = new RegExp(`^[ \\t]*${escapeRegExp(name)}[ \\t]*=[ \\t]*(.+?)[ \\t]*$`, 'gm');
  line.lastIndex = start;
  for (let match = line.exec(text); match !== null && match.index < end; match = line.exec(text)) {
    // Only the block's own level: a nested block's attribute of the same name is not the block's.
    if (depthAt(text, start, match.index) === 0) return valueOf(match[1]!);
  }
  return null;
}

/**
 * A value as written, without a `//` comment after it; a reference written
 * in Terraform 0.11's interpolation (`"${aws_lambda_function.sweep.arn}"`)
 * as the reference itself.
 */
function valueOf(written: string): string {
  const string = /^"(?:[^"\\]|\\.)*"/.exec(written)?.[0];
  const value = string ?? written.replace(/\s*\/\/.*$/, '');
  return /^"\$\{([\w.-]+)\}"$/.exec(value)?.[1] ?? value;
}

/** An attribute of a nested block: `target { arn = … }`. */
function nestedAttribute(block: Block, nested: string, name: string): string | null {
  const head = new RegExp(`^[ \\t]*${escapeRegExp(nested)}[ \\t]*\\{`, 'gm');
  head.lastIndex = block.start;
  const match = head.exec(block.text);
  if (match === null || match.index >= block.end) return null;
  const start = match.index + match[0].length;
  const end = closingBracket(block.text, start, '{', '}');
  return end === null ? null : attributeIn(block.text, start, end, name);
}

/** How many braces are open at `at`, counted from `start`. */
function depthAt(text: string, start: number, at: number): number {
  let depth = 0;
  for (let index = start; index < at; index += 1) {
    const char = text[index];
    if (char === '"') {
      const close = text.indexOf('"', index + 1);
      if (close === -1 || close >= at) break;
      index = close;
    } else if (char === '{') depth += 1;
    else if (char === '}') depth -= 1;
  }
  return depth;
}

interface Module {
  readonly root: string;
  readonly folder: string;
  readonly blocks: readonly Block[];
  readonly scope: ShellScope;
}

/** The file a target's `arn` runs: an `aws_lambda_function` of the module, or a `terraform-aws-modules/lambda` module. */
function functionRuns(module: Module, arn: string): ScheduledCode {
  const lambda = /^aws_lambda_function\.([\w-]+)\.(?:arn|qualified_arn|invoke_arn)$/.exec(arn)?.[1];
  const wrapped = /^module\.([\w-]+)\.lambda_function_(?:arn|qualified_arn)$/.exec(arn)?.[1];
  const block = module.blocks.find((candidate) => (lambda !== undefined && candidate.type === 'aws_lambda_function' && candidate.name === lambda) || (wrapped !== undefined && candidate.kind === 'module' && candidate.name === wrapped));
  if (block === undefined) return { file: null, unresolved: `the target \`${arn}\` is no Lambda function of this module: the code it runs is not read` };
  const handler = stringOf(attribute(block, 'handler'));
  const runtime = stringOf(attribute(block, 'runtime')) ?? 'nodejs';
  if (handler === null) return { file: null, unresolved: `\`${block.type === 'module' ? 'module' : 'aws_lambda_function'}.${block.name}\` has no \`handler\` written as a string: its code is not read` };
  if (block.kind === 'module') {
    const source = stringOf(attribute(block, 'source_path'));
    if (source === null) return { file: null, unresolved: `\`module.${block.name}\` has no \`source_path\` written as a path: its code is not read` };
    return handlerIn(module, source, handler, runtime);
  }
  if (attribute(block, 'image_uri') !== null || attribute(block, 's3_bucket') !== null) return { file: null, unresolved: `the code of \`aws_lambda_function.${block.name}\` is in an image or a bucket: it is not read` };
  const filename = attribute(block, 'filename') ?? '';
  const archive = /^data\.archive_file\.([\w-]+)\.output_path$/.exec(filename)?.[1];
  const zip = archive === undefined ? undefined : module.blocks.find((candidate) => candidate.kind === 'data' && candidate.type === 'archive_file' && candidate.name === archive);
  if (zip === undefined) return { file: null, unresolved: `the code of \`aws_lambda_function.${block.name}\` is \`${filename || '?'}\`, a package built outside this module: it is not read` };
  const sourceFile = stringOf(attribute(zip, 'source_file'));
  if (sourceFile !== null) {
    const file = resolve(module.folder, sourceFile);
    return module.scope.view.stat(file)?.isFile() ? { file, unresolved: null } : { file: null, unresolved: `no file \`${repositoryPath(module.root, file)}\`` };
  }
  const sourceDir = stringOf(attribute(zip, 'source_dir'));
  if (sourceDir === null) return { file: null, unresolved: `\`data.archive_file.${zip.name}\` has no \`source_dir\` or \`source_file\` written as a path: its code is not read` };
  return handlerIn(module, sourceDir, handler, runtime);
}

function handlerIn(module: Module, folder: string, handler: string, runtime: string): ScheduledCode {
  return handlerFile(module.root, resolve(module.folder, folder), handler, runtime, module.scope);
}

/** A string attribute's text, a path from the module's folder once `${path.module}` (or `${path.root}`) is taken off; null when computed otherwise. */
function stringOf(written: string | null): string | null {
  const match = written === null ? null : /^"((?:[^"\\]|\\.)*)"$/.exec(written);
  if (match === null) return null;
  const value = match[1]!.replace(/^\$\{path\.(?:module|root)\}\/?/, '');
  return value.includes('${') ? null : value;
}

function unquoted(written: string): string {
  return /^"([^"]*)"$/.exec(written)?.[1] ?? written;
}
