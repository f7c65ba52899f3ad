import { readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { parseDocument, isMap, isSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import type { FsView } from '../fs-view.js';
import { parseJsonc } from '../jsonc.js';
import { resolveFile } from '../resolve.js';
import { routeFile } from './routes.js';
import { shellTargets } from './shell.js';
import { azureFunctionSchedules, codeFile, gitlabSchedules, railwaySchedules, renderSchedules, serverlessSchedules, serviceFile } from './services.js';
import { supabaseSchedules } from './supabase.js';
import { kubernetesSchedules } from './kubernetes.js';
import { crontabSchedules } from './crontab.js';
import { appEngineCron, appEngineSchedules } from './app-engine.js';
import { awsSchedules } from './aws.js';
import { serverlessCodeConfig, serverlessCodeSchedules } from './serverless-code.js';
import { sstSchedules } from './sst.js';
import { cdkSchedules } from './cdk.js';
import { terraformSchedules } from './terraform.js';
import { closingBracket, onlySeparators } from './brackets.js';
import { nitroConfig, nitroSchedules } from './nitro.js';
import { get, parseYaml, scalar } from './yaml.js';
import type { ShellScope, ShellTargets } from './shell.js';

/** Where a schedule is declared, outside the code it runs. */
export type ScheduleKind = 'vercel' | 'github-actions' | 'netlify' | 'wrangler' | 'supabase' | 'serverless' | 'render' | 'railway' | 'gitlab-ci' | 'azure-functions' | 'cloudformation' | 'kubernetes' | 'crontab' | 'nitro' | 'app-engine' | 'sst' | 'cdk' | 'terraform';

/** One schedule, and the repository files it runs. */
export interface Schedule {
  readonly kind: ScheduleKind;
  /** The file that declares it, relative to the repository's root, with forward slashes. */
  readonly source: string;
  readonly line: number;
  /** When it runs: the cron expression(s) as written. */
  readonly when: string;
  /** What it is in its file's words: `crons path /api/cron/reminders`, `job nightly`, `function remind`, `worker main src/index.ts`. */
  readonly what: string;
  /** The files it runs, absolute. */
  readonly runs: readonly string[];
  /** Why the code it runs could not be found, when it could not; a schedule whose code cannot be found cannot be checked. */
  readonly unresolved: string | null;
}

const workflowFile = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/**
 * Every schedule declared in the repository's files outside the code:
 * `vercel.json` crons, GitHub Actions workflows with `on.schedule`,
 * `netlify.toml` scheduled functions, Cloudflare `wrangler.toml`
 * (`.json`, `.jsonc`) cron triggers, the pg_cron jobs of Supabase
 * migrations, the schedules of Serverless Framework functions (`serverless.yml`,
 * and `serverless.ts` as written), Render
 * cron jobs and Railway cron services, GitLab CI jobs for scheduled
 * pipelines, Azure Functions' timer triggers, the schedules of AWS SAM and
 * CloudFormation templates, Kubernetes CronJobs, crontabs, the
 * `scheduledTasks` of Nitro and Nuxt configs, App Engine's `cron.yaml`, and the
 * cron jobs of SST apps (`sst.config.ts` and the files of its folder), and the
 * EventBridge schedules of AWS CDK apps and Terraform modules. `files` are the repository's files,
 * relative to `root`. A file that does not parse is a schedule of its own
 * whose code cannot be found, so it is never skipped in silence.
 */
export function findSchedules(root: string, files: readonly string[], view: FsView): Schedule[] {
  const schedules: Schedule[] = [];
  const scope: ShellScope = { root, view };
  const routeProjects = files.filter((file) => vercelConfig.test(posix.basename(file)) || posix.basename(file) === 'package.json').map((file) => posix.dirname(file));
  const urlTargets = (urls: ReadonlySet<string>): string[] => {
    const found: string[] = [];
    for (const url of urls) {
      for (const project of new Set(routeProjects)) {
        const file = routeFile(join(root, project), filesUnder(files, project), url);
        if (file !== null) found.push(file);
      }
    }
    return found;
  };
  for (const file of files) {
    const name = posix.basename(file);
    const path = join(root, file);
    let text: string;
    try {
      if (!(vercelConfig.test(name) || nitroConfig.test(name) || serverlessCodeConfig.test(name) || appEngineCron.test(name) || name === 'netlify.toml' || /^wrangler\.(?:toml|jsonc?)$/.test(name) || workflowFile.test(file) || Object.values(serviceFile).some((pattern) => pattern.test(name)))) continue;
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    const broken = (error: unknown, kind: ScheduleKind): Schedule => ({
      kind,
      source: file,
      line: 1,
      when: '?',
      what: 'the whole file',
      runs: [],
      unresolved: `\`${file}\` does not parse (${((error as Error).message.split('\n')[0] ?? '').trim()})`,
    });
    // A workflow first, whatever its name: `.github/workflows/wrangler.yml` is a workflow.
    if (workflowFile.test(file)) {
      try {
        schedules.push(...workflowSchedules(root, file, text, scope, urlTargets));
      } catch (error) {
        schedules.push(broken(error, 'github-actions'));
      }
    } else if (vercelConfig.test(name)) {
      try {
        schedules.push(...vercelSchedules(root, file, text, files));
      } catch (error) {
        schedules.push(broken(error, 'vercel'));
      }
    } else if (appEngineCron.test(name)) {
      try {
        schedules.push(...appEngineSchedules(file, text, urlTargets));
      } catch (error) {
        schedules.push(broken(error, 'app-engine'));
      }
    } else if (nitroConfig.test(name)) {
      schedules.push(...nitroSchedules(file, text, root, files));
    } else if (name === 'netlify.toml') {
      try {
        schedules.push(...netlifySchedules(root, file, text, view));
      } catch (error) {
        schedules.push(broken(error, 'netlify'));
      }
    } else if (name.startsWith('wrangler.')) {
      try {
        schedules.push(...wranglerSchedules(root, file, text, view));
      } catch (error) {
        schedules.push(broken(error, 'wrangler'));
      }
    } else if (serviceFile.gitlab.test(name)) {
      // GitLab reads the file at the repository's root; one elsewhere is not a pipeline.
      if (file !== name) continue;
      try {
        schedules.push(...gitlabSchedules(root, file, text, scope, files));
      } catch (error) {
        schedules.push(broken(error, 'gitlab-ci'));
      }
    } else if (serverlessCodeConfig.test(name)) {
      schedules.push(...serverlessCodeSchedules(root, file, text, scope));
    } else if (serviceFile.serverless.test(name)) {
      try {
        schedules.push(...serverlessSchedules(root, file, text, scope));
      } catch (error) {
        schedules.push(broken(error, 'serverless'));
      }
    } else if (serviceFile.azure.test(name)) {
      try {
        schedules.push(...azureFunctionSchedules(root, file, text, scope));
      } catch (error) {
        schedules.push(broken(error, 'azure-functions'));
      }
    } else if (serviceFile.render.test(name)) {
      try {
        schedules.push(...renderSchedules(root, file, text, scope));
      } catch (error) {
        schedules.push(broken(error, 'render'));
      }
    } else {
      try {
        schedules.push(...railwaySchedules(root, file, text, scope));
      } catch (error) {
        schedules.push(broken(error, 'railway'));
      }
    }
  }
  schedules.push(...supabaseSchedules(root, files, view), ...awsSchedules(root, files, scope), ...kubernetesSchedules(root, files, scope, urlTargets), ...crontabSchedules(root, files, scope, urlTargets), ...sstSchedules(root, files, scope), ...cdkSchedules(root, files, scope), ...terraformSchedules(root, files, scope, urlTargets));
  return schedules;
}

function filesUnder(files: readonly string[], folder: string): string[] {
  if (folder === '.' || folder === '') return [...files];
  const prefix = `${folder}/`;
  return files.filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
}

/** The 1-based line of the first occurrence of `needle` in `text` at or after `from`, or 1. */
function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  return at === -1 ? 1 : text.slice(0, at).split('\n').length;
}

/** A Vercel project's config: `vercel.json`, or `vercel.ts` (`.js`, `.mjs`, `.cjs`, `.mts`), whose `config` export Vercel runs at build time. */
const vercelConfig = /^vercel\.(?:json|[cm]?[jt]s)$/;

interface VercelCron {
  readonly path: string;
  readonly schedule: string;
  readonly line: number;
}

/** The `crons` of `vercel.json`, each with the line its path is on. */
function jsonCrons(text: string): VercelCron[] {
  const json = JSON.parse(text) as { crons?: unknown };
  if (!Array.isArray(json.crons)) return [];
  let searchFrom = text.indexOf('"crons"');
  return json.crons.map((entry: unknown): VercelCron => {
    const cron = (entry ?? {}) as { path?: unknown; schedule?: unknown };
    const path = typeof cron.path === 'string' ? cron.path : '';
    const line = lineOf(text, JSON.stringify(path), searchFrom);
    searchFrom = Math.max(searchFrom, text.indexOf(JSON.stringify(path), searchFrom) + 1);
    return { path, schedule: typeof cron.schedule === 'string' ? cron.schedule : '?', line };
  });
}

/**
 * The `crons` of a `vercel.ts` config as written: the object literals of the
 * `crons` array, each with its `path` and `schedule` strings. Null when the
 * file has `crons` that are not written out so (computed, spread, imported).
 */
function codeCrons(text: string): VercelCron[] | null {
  const key = /\bcrons\s*:\s*\[/.exec(text);
  if (key === null) return /\bcrons\b/.test(text) ? null : [];
  const start = key.index + key[0].length;
  const end = closingBracket(text, start, '[', ']');
  if (end === null) return null;
  const body = text.slice(start, end);
  const crons: VercelCron[] = [];
  const stringField = (object: string, name: string): string | null => new RegExp(`\\b${name}['"]?\\s*:\\s*(['"\`])([^'"\`]*)\\1`).exec(object)?.[2] ?? null;
  let rest = body;
  for (const object of body.matchAll(/\{[^{}]*\}/g)) {
    const path = stringField(object[0], 'path');
    const schedule = stringField(object[0], 'schedule');
    if (path === null || schedule === null) return null;
    crons.push({ path, schedule, line: lineOf(text, object[0], start) });
    rest = rest.replace(object[0], '');
  }
  return onlySeparators(rest) ? crons : null;
}

function vercelSchedules(root: string, file: string, text: string, files: readonly string[]): Schedule[] {
  const project = posix.dirname(file);
  const crons = file.endsWith('.json') ? jsonCrons(text) : codeCrons(text);
  if (crons === null) {
    return [{ kind: 'vercel', source: file, line: lineOf(text, 'crons'), when: '?', what: 'crons', runs: [], unresolved: `the \`crons\` of \`${file}\` are computed, not written out as \`{ path: '…', schedule: '…' }\`: they are not read` }];
  }
  const projectFiles = filesUnder(files, project);
  return crons.map(({ path, schedule, line }): Schedule => {
    const target = path === '' ? null : routeFile(join(root, project), projectFiles, path);
    return {
      kind: 'vercel',
      source: file,
      line,
      when: schedule,
      what: `crons path ${path || '(none)'}`,
      runs: target === null ? [] : [target],
      unresolved: target === null ? `no route of \`${project}\` serves \`${path}\` (looked for app/**/route.ts, pages/api and api/)` : null,
    };
  });
}

function netlifySchedules(root: string, file: string, text: string, view: FsView): Schedule[] {
  const toml = parseToml(text) as { functions?: Record<string, unknown>; build?: { functions?: unknown } };
  const site = dirname(join(root, file));
  const functions = toml.functions ?? {};
  const folder = typeof functions.directory === 'string' ? functions.directory : typeof toml.build?.functions === 'string' ? toml.build.functions : 'netlify/functions';
  const schedules: Schedule[] = [];
  for (const [name, value] of Object.entries(functions)) {
    if (value === null || typeof value !== 'object' || typeof (value as { schedule?: unknown }).schedule !== 'string') continue;
    const base = join(site, folder, name);
    const target = resolveFile(base, view) ?? resolveFile(join(base, name), view);
    schedules.push({
      kind: 'netlify',
      source: file,
      line: Math.max(lineOf(text, `functions."${name}"`), lineOf(text, `functions.${name}`)),
      when: (value as { schedule: string }).schedule,
      what: `function ${name}`,
      runs: target === null ? [] : [target],
      unresolved: target === null ? `no function \`${name}\` in \`${relative(root, join(site, folder)) || '.'}\`` : null,
    });
  }
  return schedules;
}

interface WranglerConfig {
  readonly main?: unknown;
  readonly triggers?: { readonly crons?: unknown };
  readonly env?: Record<string, WranglerConfig>;
}

function wranglerSchedules(root: string, file: string, text: string, view: FsView): Schedule[] {
  const config = (file.endsWith('.toml') ? parseToml(text) : parseJsonc(text)) as WranglerConfig;
  const worker = dirname(join(root, file));
  const schedules: Schedule[] = [];
  const add = (label: string, crons: unknown, main: unknown): void => {
    if (!Array.isArray(crons) || crons.length === 0) return;
    const entry = typeof main === 'string' ? main : null;
    const target = entry === null ? null : resolveFile(join(worker, entry), view);
    schedules.push({
      kind: 'wrangler',
      source: file,
      line: lineOf(text, 'crons'),
      when: crons.map(String).join(', '),
      what: `${label}main ${entry ?? '(none)'}`,
      runs: target === null ? [] : [target],
      unresolved: target === null ? (entry === null ? 'the worker has no `main`' : `no file \`${entry}\` next to \`${file}\``) : null,
    });
  };
  add('', config.triggers?.crons, config.main);
  for (const [name, env] of Object.entries(config.env ?? {})) add(`env ${name}, `, env.triggers?.crons, env.main ?? config.main);
  return schedules;
}

function workflowSchedules(root: string, file: string, text: string, scope: ShellScope, urlTargets: (urls: ReadonlySet<string>) => string[]): Schedule[] {
  const { contents, line: lineOfNode } = parseYaml(file, text);
  const on = get(contents, 'on');
  const schedule = get(on, 'schedule');
  if (!isSeq(schedule) || schedule.items.length === 0) return [];
  const when = schedule.items.map((item) => scalar(get(item as YamlNode, 'cron')) ?? '?').join(', ');
  const line = lineOfNode(schedule);
  const jobs = get(contents, 'jobs');
  const workflowDir = scalar(get(get(get(contents, 'defaults'), 'run'), 'working-directory'));
  const schedules: Schedule[] = [];
  if (!isMap(jobs)) return [{ kind: 'github-actions', source: file, line, when, what: 'no jobs', runs: [], unresolved: null }];
  for (const pair of jobs.items) {
    const id = scalar(pair.key as YamlNode) ?? '?';
    const job = pair.value as YamlNode;
    const targets: ShellTargets = { files: new Set(), urls: new Set() };
    const jobDir = scalar(get(get(get(job, 'defaults'), 'run'), 'working-directory')) ?? workflowDir;
    const uses = scalar(get(job, 'uses'));
    // A reusable workflow of the repository runs that workflow's jobs.
    if (uses?.startsWith('./')) collectWorkflow(join(root, uses), scope, targets, 0);
    const steps = get(job, 'steps');
    if (isSeq(steps)) for (const step of steps.items) collectStep(step as YamlNode, jobDir, scope, targets, 0);
    const runs = [...targets.files, ...urlTargets(targets.urls)];
    schedules.push({ kind: 'github-actions', source: file, line, when, what: `job ${id}`, runs: [...new Set(runs)], unresolved: null });
  }
  return schedules;
}

function collectStep(step: YamlNode, dir: string | null, scope: ShellScope, targets: ShellTargets, depth: number): void {
  const run = scalar(get(step, 'run'));
  const cwd = join(scope.root, scalar(get(step, 'working-directory')) ?? dir ?? '.');
  if (run !== null) shellTargets(run, cwd, scope, targets);
  const uses = scalar(get(step, 'uses'));
  if (uses?.startsWith('./') && depth < 4) collectAction(join(scope.root, uses), scope, targets, depth + 1);
}

/** A local action: a composite action's steps, or a JavaScript action's entry. */
function collectAction(folder: string, scope: ShellScope, targets: ShellTargets, depth: number): void {
  for (const name of ['action.yml', 'action.yaml']) {
    let text: string;
    try {
      text = readFileSync(join(folder, name), 'utf8');
    } catch {
      continue;
    }
    const runs = get(parseDocument(text).contents as YamlNode, 'runs');
    const main = scalar(get(runs, 'main'));
    if (main !== null) {
      const file = resolveFile(join(folder, main), scope.view);
      if (file !== null && codeFile.test(file)) targets.files.add(file);
    }
    const steps = get(runs, 'steps');
    if (isSeq(steps)) for (const step of steps.items) collectStep(step as YamlNode, null, scope, targets, depth);
    return;
  }
}

function collectWorkflow(path: string, scope: ShellScope, targets: ShellTargets, depth: number): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  const jobs = get(parseDocument(text).contents as YamlNode, 'jobs');
  if (!isMap(jobs)) return;
  for (const pair of jobs.items) {
    const steps = get(pair.value as YamlNode, 'steps');
    if (isSeq(steps)) for (const step of steps.items) collectStep(step as YamlNode, null, scope, targets, depth);
  }
}
