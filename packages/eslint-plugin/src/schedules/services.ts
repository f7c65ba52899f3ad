import { readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { isMap, isSeq } from 'yaml';
import type { Node as YamlNode, YAMLMap } from 'yaml';
import picomatch from 'picomatch';
import { parse as parseToml } from 'smol-toml';
import { parseJsonc } from '../jsonc.js';
import { resolveFile, sourceOfOutput } from '../resolve.js';
import type { Schedule } from './index.js';
import { shellTargets } from './shell.js';
import type { ShellScope } from './shell.js';
import { get, parseYaml, scalar } from './yaml.js';
import type { Yaml } from './yaml.js';

// Schedules that hosting services declare in files of their own: the
// `schedule` events of Serverless Framework functions, Render's cron jobs,
// Railway's cron services, GitLab CI's jobs for scheduled pipelines and
// the timer triggers of Azure Functions. Each
// reader takes the file's path relative to the repository's root and its
// text, and throws when the text does not parse.

/** The file names each reader takes. */
export const serviceFile = {
  gitlab: /^\.gitlab-ci\.ya?ml$/,
  serverless: /^serverless\.(?:ya?ml|json)$/,
  render: /^render\.ya?ml$/,
  railway: /^railway\.(?:json|toml)$/,
  azure: /^function\.json$/,
} as const;

/** A Serverless Framework variable (`${self:custom.x}`), which only the framework resolves. */
const variable = /\$\{/;
/** `${file(./functions.yml)}` or `${file(./functions.yml):cron}`: functions kept in another file of the service. */
const fileVariable = /^\$\{file\(([^)]+)\)(?::([\w.-]+))?\}$/;

/**
 * The `schedule` events (also `eventBridge.schedule`) of a Serverless
 * Framework service's functions, tied to each function's handler:
 * `src/jobs/sweep.handler` is the export `handler` of `src/jobs/sweep.ts` (or
 * `.js`, …) in the service's folder. Functions kept in another file with
 * `${file(…)}` are read there.
 */
export function serverlessSchedules(root: string, file: string, text: string, scope: ShellScope): Schedule[] {
  const config = parseYaml(file, text);
  const service = dirname(join(root, file));
  const runtime = scalar(get(get(config.contents, 'provider'), 'runtime')) ?? 'nodejs';
  const schedules: Schedule[] = [];
  const unread = (yaml: Yaml, node: YamlNode | null, value: string): void => {
    schedules.push({ kind: 'serverless', source: yaml.source, line: yaml.line(node), when: '?', what: `functions ${value}`, runs: [], unresolved: `\`${value}\` is a variable of the Serverless Framework, which is not read: its functions' schedules cannot be checked` });
  };
  const readFunctions = (yaml: Yaml, node: YamlNode | null, depth: number): void => {
    const value = scalar(node);
    if (value !== null) {
      const reference = fileVariable.exec(value);
      if (reference === null || depth > 2) return unread(yaml, node, value);
      const path = join(service, reference[1]!);
      const source = repositoryPath(root, path);
      let other: Yaml;
      try {
        other = parseYaml(source, readFileSync(path, 'utf8'));
      } catch (error) {
        schedules.push({ kind: 'serverless', source: yaml.source, line: yaml.line(node), when: '?', what: `functions ${value}`, runs: [], unresolved: `\`${source}\` cannot be read (${((error as Error).message.split('\n')[0] ?? '').trim()})` });
        return;
      }
      let contents = other.contents;
      for (const key of reference[2]?.split('.') ?? []) contents = get(contents, key);
      return readFunctions({ ...other, contents }, contents, depth + 1);
    }
    if (isSeq(node)) {
      for (const item of node.items) readFunctions(yaml, item as YamlNode, depth);
      return;
    }
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const name = scalar(pair.key as YamlNode) ?? '?';
      const fn = pair.value as YamlNode;
      const events = get(fn, 'events');
      if (!isSeq(events)) continue;
      for (const event of events.items) {
        const schedule = scheduleOf(event as YamlNode);
        if (schedule === null) continue;
        const handler = scalar(get(fn, 'handler'));
        const found =
          handler === null
            ? { file: null, unresolved: 'the function has no `handler`' }
            : variable.test(handler)
              ? { file: null, unresolved: `the handler \`${handler}\` is a variable of the Serverless Framework, which is not read` }
              : handlerFile(root, service, handler, scalar(get(fn, 'runtime')) ?? runtime, scope);
        schedules.push({
          kind: 'serverless',
          source: yaml.source,
          line: yaml.line(schedule.node),
          when: schedule.disabled ? `${schedule.when} (enabled: false)` : schedule.when,
          what: `function ${name}`,
          runs: found.file === null ? [] : [found.file],
          unresolved: found.unresolved,
        });
      }
    }
  };
  const functions = get(config.contents, 'functions');
  readFunctions(config, functions, 0);
  return schedules;
}

/** The rate or cron expressions of one `schedule` (or `eventBridge.schedule`) event, as written, and whether it is switched off. */
function scheduleOf(event: YamlNode): { when: string; node: YamlNode; disabled: boolean } | null {
  const direct = get(event, 'schedule') ?? get(get(event, 'eventBridge'), 'schedule');
  if (direct === null) return null;
  const plain = scalar(direct);
  if (plain !== null) return { when: plain, node: direct, disabled: false };
  const rate = get(direct, 'rate');
  const rates = isSeq(rate) ? rate.items.map((item) => scalar(item as YamlNode) ?? '?') : [scalar(rate) ?? '?'];
  return { when: rates.join(', '), node: direct, disabled: scalar(get(direct, 'enabled')) === 'false' };
}

/** The source extensions of the runtimes whose handlers are a file and an export, besides Node's. */
const scriptRuntimes: Readonly<Record<string, string>> = { python: '.py', ruby: '.rb' };

/** A JavaScript or TypeScript source file, where schedules in code (`serverless.ts`, SST, the CDK) are read. */
export const codeFile = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** The deepest of `folders` (repository paths, `.` for the root) that holds `file`: the app a file of a monorepo belongs to. */
export function deepestFolder(folders: readonly string[], file: string): string | undefined {
  return folders.filter((folder) => folder === '.' || file.startsWith(`${folder}/`)).sort((a, b) => b.length - a.length)[0];
}

/** A path as the schedules show it: relative to the repository's root, with forward slashes. */
export function repositoryPath(root: string, path: string): string {
  return relative(root, path).split('\\').join('/');
}

/** The file of the repository a schedule runs, or why it cannot be found. */
export interface ScheduledCode {
  readonly file: string | null;
  readonly unresolved: string | null;
}

/** The file a function's handler names, for the Serverless Framework and AWS SAM alike: `src/jobs/sweep.handler` is `src/jobs/sweep.*` in the function's folder. */
export function handlerFile(root: string, service: string, handler: string, runtime: string, scope: ShellScope): ScheduledCode {
  const dot = handler.lastIndexOf('.');
  const base = join(service, dot <= 0 ? handler : handler.slice(0, dot));
  const shown = repositoryPath(root, base);
  const language = Object.keys(scriptRuntimes).find((name) => runtime.startsWith(name));
  if (language !== undefined) {
    const path = `${base}${scriptRuntimes[language]}`;
    return scope.view.stat(path)?.isFile() ? { file: path, unresolved: null } : { file: null, unresolved: `no file \`${shown}${scriptRuntimes[language]}\`` };
  }
  if (!runtime.startsWith('nodejs')) return { file: null, unresolved: `a \`${runtime}\` function: its handler \`${handler}\` names no source file` };
  const file = resolveFile(base, scope.view);
  return file === null ? { file: null, unresolved: `no file \`${shown}\` (.ts, .js, …)` } : { file, unresolved: null };
}

/** The files a command runs, from `cwd`; a command that names none runs no file of the repository. */
function commandRuns(command: string, cwd: string, scope: ShellScope): string[] {
  return [...shellTargets(command, cwd, scope).files];
}

/**
 * The cron jobs of a Render Blueprint (`services` of `type: cron`), tied to
 * what each one's `startCommand` (or `dockerCommand`) runs from its
 * `rootDir`, read as a workflow step's `run:` is.
 */
export function renderSchedules(root: string, file: string, text: string, scope: ShellScope): Schedule[] {
  const blueprint = parseYaml(file, text);
  const services = get(blueprint.contents, 'services');
  if (!isSeq(services)) return [];
  const schedules: Schedule[] = [];
  for (const item of services.items) {
    const service = item as YamlNode;
    if (scalar(get(service, 'type')) !== 'cron') continue;
    const command = scalar(get(service, 'startCommand')) ?? scalar(get(service, 'dockerCommand'));
    const cwd = join(root, scalar(get(service, 'rootDir')) ?? '.');
    schedules.push({
      kind: 'render',
      source: file,
      line: blueprint.line(service),
      when: scalar(get(service, 'schedule')) ?? '?',
      what: `cron job ${scalar(get(service, 'name')) ?? '(unnamed)'}`,
      runs: command === null ? [] : commandRuns(command, cwd, scope),
      unresolved: command === null ? 'the cron job has no `startCommand`: it runs what its Dockerfile or build says, which is not read' : null,
    });
  }
  return schedules;
}

interface RailwayDeploy {
  readonly cronSchedule?: unknown;
  readonly startCommand?: unknown;
}

/**
 * The cron schedule of a Railway service (`deploy.cronSchedule` of its
 * `railway.json` or `railway.toml`, also per environment), tied to what its
 * `startCommand` runs from the file's folder, or `npm start` when it names
 * none and the folder has a `package.json`, as Railway's builders start a
 * Node service.
 */
export function railwaySchedules(root: string, file: string, text: string, scope: ShellScope): Schedule[] {
  const config = (file.endsWith('.toml') ? parseToml(text) : JSON.parse(text)) as { deploy?: RailwayDeploy; environments?: Record<string, { deploy?: RailwayDeploy }> };
  const folder = dirname(join(root, file));
  const lines = text.split('\n');
  const schedules: Schedule[] = [];
  const add = (label: string, deploy: RailwayDeploy | undefined, fallback: RailwayDeploy | undefined): void => {
    const cron = deploy?.cronSchedule ?? fallback?.cronSchedule;
    if (typeof cron !== 'string' || cron === '') return;
    const written = deploy?.startCommand ?? fallback?.startCommand;
    const node = scope.view.stat(join(folder, 'package.json'))?.isFile() === true;
    const command = typeof written === 'string' ? written : node ? 'npm start' : null;
    const line = lines.findIndex((row) => row.includes('cronSchedule') && row.includes(cron)) + 1;
    schedules.push({
      kind: 'railway',
      source: file,
      line: line === 0 ? 1 : line,
      when: cron,
      what: `${label}${typeof written === 'string' ? 'startCommand' : 'start'} ${command ?? '(none)'}`,
      runs: command === null ? [] : commandRuns(command, folder, scope),
      unresolved: command === null ? `the service has no \`startCommand\`, and no \`package.json\` next to \`${posix.basename(file)}\` says how it starts` : null,
    });
  };
  add('', config.deploy, undefined);
  for (const [name, environment] of Object.entries(config.environments ?? {})) {
    if (environment?.deploy?.cronSchedule !== undefined || environment?.deploy?.startCommand !== undefined) add(`environment ${name}, `, environment.deploy, config.deploy);
  }
  return schedules;
}

/** GitLab CI's keywords at the top of `.gitlab-ci.yml` that are not jobs. */
const gitlabKeywords = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec']);
/** A rule's `if` that holds in a scheduled pipeline: `$CI_PIPELINE_SOURCE == "schedule"`. */
const scheduledPipeline = /\$CI_PIPELINE_SOURCE\s*==\s*["']schedule["']/;

type Plain = unknown;

function field(value: Plain, key: string): Plain {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Plain>)[key] : undefined;
}

/** Whether a GitLab job runs in scheduled pipelines by name, as its `only` (or `only: refs`) or `rules` say. */
function runsOnSchedule(only: Plain, rules: Plain): boolean {
  const refs = Array.isArray(only) ? only : field(only, 'refs');
  if (Array.isArray(refs) && refs.includes('schedules')) return true;
  return Array.isArray(rules) && rules.some((rule) => scheduledPipeline.test(String(field(rule, 'if') ?? '')) && field(rule, 'when') !== 'never');
}

/** A file of a GitLab pipeline's configuration: `.gitlab-ci.yml`, or a file it includes. */
interface GitlabFile {
  readonly yaml: Yaml;
  readonly config: Record<string, Plain>;
}

/**
 * The files a GitLab configuration includes from the repository: `include:
 * ci/jobs.yml`, a list of them, or `{ local: … }` entries, each relative to
 * the repository's root (a leading `/` or not) and possibly a glob
 * (`ci/**\/*.yml`), matched against the repository's `files`. Project, remote,
 * template and component includes are not in the repository, and are not
 * read. A local path that names no file is returned as `missing`, with the
 * entry's node.
 */
function localIncludes(include: YamlNode | null, files: readonly string[]): { readonly found: string[]; readonly missing: { readonly local: string; readonly node: YamlNode }[] } {
  const found: string[] = [];
  const missing: { local: string; node: YamlNode }[] = [];
  for (const node of include === null ? [] : isSeq(include) ? (include.items as YamlNode[]) : [include]) {
    const written = scalar(node);
    const local = written !== null ? (/^https?:\/\//.test(written) ? null : written) : scalar(get(node, 'local'));
    if (local === null) continue;
    const path = local.replace(/^\/+/, '');
    const glob = picomatch.scan(path).isGlob ? picomatch(path, { dot: true }) : null;
    const matches = glob === null ? (files.includes(path) ? [path] : []) : files.filter((candidate) => glob(candidate));
    if (matches.length === 0) missing.push({ local, node });
    found.push(...matches);
  }
  return { found, missing };
}

/** GitLab's merge of included configuration: maps merge key by key, the including file's values win, and anything else is replaced. */
function mergeConfig(under: Plain, over: Plain): Plain {
  if (over === null || typeof over !== 'object' || Array.isArray(over) || under === null || typeof under !== 'object' || Array.isArray(under)) return over;
  const merged: Record<string, Plain> = { ...(under as Record<string, Plain>) };
  for (const [key, value] of Object.entries(over)) merged[key] = key in merged ? mergeConfig(merged[key], value) : value;
  return merged;
}

/**
 * The jobs of `.gitlab-ci.yml` and of the files it includes from the
 * repository that run in scheduled pipelines (`only: [schedules]`, or a rule
 * `if: $CI_PIPELINE_SOURCE == "schedule"`), tied to what their
 * `before_script` and `script` run, read as a workflow step's `run:` is.
 * Anchors and `<<` merges, a job's `extends` of other jobs (in any of the
 * files) and `!reference [job, key]` are followed. The schedule itself is set
 * in the project's settings on GitLab, so its time is not in the repository.
 * An included file that is not there, or does not parse, is a schedule whose
 * code cannot be found, so its jobs are never passed over in silence.
 */
export function gitlabSchedules(root: string, file: string, text: string, scope: ShellScope, files: readonly string[]): Schedule[] {
  const schedules: Schedule[] = [];
  const when = 'a pipeline schedule set on GitLab';
  // Included files first, each before the file that includes it: GitLab merges the including file over them.
  const read: GitlabFile[] = [];
  const seen = new Set<string>();
  // Each file is read once, however many files include it: an include cycle ends there.
  const visit = (source: string, sourceText: string): void => {
    seen.add(source);
    const yaml = parseYaml(source, sourceText, { merge: true });
    const config = yaml.document.toJS({ maxAliasCount: -1 }) as Plain;
    if (config === null || typeof config !== 'object' || Array.isArray(config) || !isMap(yaml.contents)) return;
    const { found, missing } = localIncludes(get(yaml.contents, 'include'), files);
    // As a file that does not parse is listed (`when` unknown): the jobs it would add cannot be checked.
    for (const { local, node } of missing) schedules.push({ kind: 'gitlab-ci', source, line: yaml.line(node), when: '?', what: `include ${local}`, runs: [], unresolved: `\`${local}\`, which \`${source}\` includes, names no file of the repository` });
    for (const included of found) {
      if (seen.has(included)) continue;
      const unreadable = (what: string, error: unknown): void => {
        schedules.push({ kind: 'gitlab-ci', source: included, line: 1, when: '?', what: 'the whole file', runs: [], unresolved: `\`${included}\`, which \`${source}\` includes, ${what} (${((error as Error).message.split('\n')[0] ?? '').trim()})` });
      };
      let includedText: string;
      try {
        includedText = readFileSync(join(root, included), 'utf8');
      } catch (error) {
        unreadable('cannot be read', error);
        continue;
      }
      try {
        visit(included, includedText);
      } catch (error) {
        unreadable('does not parse', error);
      }
    }
    read.push({ yaml, config: config as Record<string, Plain> });
  };
  visit(file, text);
  const config = read.reduce((merged: Plain, part) => mergeConfig(merged, part.config), {}) as Record<string, Plain>;
  /** A key of a job, or of the jobs it extends (the last one named first), nearest first. */
  const inherited = (job: Plain, key: string, depth = 0): Plain => {
    const own = field(job, key);
    if (own !== undefined || depth > 8) return own;
    const extended = field(job, 'extends');
    for (const parent of (Array.isArray(extended) ? [...extended] : [extended]).reverse()) {
      const value = typeof parent === 'string' ? inherited(config[parent], key, depth + 1) : undefined;
      if (value !== undefined) return value;
    }
    return undefined;
  };
  /** The lines of a `script`: a string, or a list of lines, of lists of them, and of `!reference [job, key]`. */
  const scriptLines = (value: Plain, depth = 0): string[] => {
    if (typeof value === 'string') return [value];
    if (!Array.isArray(value) || depth > 8) return [];
    const [head, ...path] = value as Plain[];
    if (typeof head === 'string' && head in config && path.length > 0 && path.every((key) => typeof key === 'string')) {
      return scriptLines(path.reduce((at: Plain, key) => field(at, key as string), config[head]), depth + 1);
    }
    return value.flatMap((item) => scriptLines(item, depth + 1));
  };
  // Each job where it is written last: the including file's definition wins.
  const written = new Map<string, { readonly source: string; readonly line: number }>();
  for (const { yaml } of read) {
    for (const pair of (yaml.contents as YAMLMap).items) {
      const name = scalar(pair.key as YamlNode) ?? '';
      written.delete(name);
      written.set(name, { source: yaml.source, line: yaml.line(pair.key as YamlNode) });
    }
  }
  for (const [name, { source, line }] of written) {
    const job = config[name];
    if (name.startsWith('.') || gitlabKeywords.has(name) || job === null || typeof job !== 'object' || Array.isArray(job)) continue;
    if (!runsOnSchedule(inherited(job, 'only'), inherited(job, 'rules'))) continue;
    const setup = inherited(job, 'before_script') ?? field(config.default, 'before_script') ?? config.before_script;
    schedules.push({
      kind: 'gitlab-ci',
      source,
      line,
      when,
      what: `job ${name}`,
      runs: commandRuns([...scriptLines(setup), ...scriptLines(inherited(job, 'script'))].join('\n'), root, scope),
      unresolved: null,
    });
  }
  return schedules;
}

interface AzureFunction {
  readonly bindings?: unknown;
  readonly scriptFile?: unknown;
}

/**
 * The timer trigger of an Azure Function of the first programming models
 * (a `function.json` in the function's folder; the Node.js v4 model's
 * `app.timer` is code, which the lint rules read), tied to its code: the
 * `scriptFile` it names, followed from a build output to its source
 * (`../dist/Sweep/index.js` is `Sweep/index.ts`), else the folder's
 * `index.js` as the runtime looks for it, or the `index.ts` it is built from.
 */
export function azureFunctionSchedules(root: string, file: string, text: string, scope: ShellScope): Schedule[] {
  const config = parseJsonc(text) as AzureFunction | null;
  const bindings = Array.isArray(config?.bindings) ? (config.bindings as unknown[]) : [];
  const timers = bindings.filter((binding): binding is { type: string; schedule?: unknown } => (binding as { type?: unknown } | null)?.type === 'timerTrigger');
  if (timers.length === 0) return [];
  const folder = dirname(join(root, file));
  const name = posix.basename(posix.dirname(file));
  const written = typeof config?.scriptFile === 'string' ? config.scriptFile : null;
  const script = written === null ? null : join(folder, written);
  const target = script === null ? resolveFile(join(folder, 'index'), scope.view) : (sourceOfOutput(script, scope.view) ?? (scope.view.stat(script)?.isFile() === true ? script : null));
  const line = text.slice(0, Math.max(0, text.indexOf('timerTrigger'))).split('\n').length;
  return timers.map((timer): Schedule => ({
    kind: 'azure-functions',
    source: file,
    line,
    when: typeof timer.schedule === 'string' ? timer.schedule : '?',
    what: `function ${name}`,
    runs: target === null ? [] : [target],
    unresolved: target === null ? (written === null ? `no \`index.js\` (or \`index.ts\`) next to \`${file}\`` : `no file \`${written}\` from \`${posix.dirname(file)}\`, nor a source it is built from`) : null,
  }));
}
