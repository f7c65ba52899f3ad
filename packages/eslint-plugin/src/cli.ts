#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { restrictionOf } from '@bookiji/contract';
import type { Layer } from '@bookiji/contract';
import { classify } from './explain.js';
import type { Classified, Explanation } from './explain.js';
import { viewFor } from './fs-view.js';
import type { FsView } from './fs-view.js';
import { buildGraph, scanImports, toDot, toMermaid, toSvg } from './graph.js';
import { relativePosix } from './membership.js';
import { listedWords, projectFiles, sourceFile } from './project-files.js';
import { findSchedules } from './schedules/index.js';
import type { Schedule } from './schedules/index.js';
import { SETTINGS_KEY } from './settings.js';
import { formatSummary, hasProblems, summarize } from './summary.js';

const usage = `Usage: bookiji-layers <command> [options]

Commands:
  explain <file...>   The layer each file belongs to, what decided it (a leading
                      \`@layer N\` tag, a glob in settings.bookiji, or a folder
                      named after a layer), and globs that conflict over it.
  summary [path...]   Source files per layer, files in no layer per top folder,
                      conflicts between globs, globs that match no file, and
                      imports the layer rules cannot follow.
  graph [path...]     The layers and the imports between them, forbidden ones
                      marked: --format mermaid (default; a fenced block GitHub
                      renders), dot, svg (needs @viz-js/viz) or json.
  dormant [path...]   Source files in a dormant layer, committed or new (git
                      ls-files --cached --others --exclude-standard), and
                      schedules that run code in a dormant layer.
  schedules           Schedules declared outside the code (Vercel crons,
                      GitHub Actions on.schedule, netlify.toml scheduled
                      functions, wrangler cron triggers, Supabase pg_cron
                      jobs, Serverless Framework schedule events, Render and
                      Railway cron jobs, GitLab CI jobs of scheduled
                      pipelines, Kubernetes CronJobs, crontabs, SST cron
                      jobs, AWS CDK and Terraform schedules), each with the
                      layer of the code it runs.

Options:
  --config <file>     The ESLint config file whose settings.bookiji to use, as
                      \`eslint --config\` takes it; by default the config ESLint
                      finds from the current folder.
  --format <format>   graph: mermaid, dot, svg or json.
  --json              Print the result as JSON.
  -h, --help          Print this help.

Files the ESLint config ignores are skipped and counted. Without a readable
ESLint config, only tags and folder names apply.

Exit codes: 0 nothing found; 1 files or schedules in a dormant layer (dormant),
schedules that run code in a human-only or dormant layer or whose code cannot
be found (schedules), problems of the configuration (summary); 2 usage error;
3 the contract, the settings, the ESLint config or git could not be read.`;

class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface ConfigReader {
  settingsFor(file: string): Promise<unknown>;
  isIgnored(file: string): Promise<boolean>;
}

/** Reads settings.bookiji and ignores through ESLint's own config loading, so both match what `eslint` sees. */
async function configReader(cwd: string, configFile: string | undefined, warn: (line: string) => void): Promise<ConfigReader> {
  try {
    const { ESLint } = await import('eslint');
    const configFileOption = configFile === undefined ? {} : { overrideConfigFile: configFile };
    const eslint = new ESLint({ cwd, ...configFileOption });
    // Loading the config for one path surfaces a missing or broken config here, once.
    await eslint.calculateConfigForFile(resolve(cwd, 'index.js'));
    // ESLint counts a file no config object names as ignored too (a `.ts` file in a config without TypeScript, or `vercel.json`), so
    // the config's ignores are asked of one more object that names every file. Not `**/*`: ESLint takes no pattern ending in `/*` as naming a file.
    const ignores = new ESLint({ cwd, ...configFileOption, overrideConfig: { files: ['**/?*'] } });
    return {
      async settingsFor(file) {
        type Config = { settings?: Record<string, unknown> } | undefined;
        // A file no config object names (a `.ts` file in a config without TypeScript) gets the settings a JavaScript file next to it gets.
        const config = ((await eslint.calculateConfigForFile(file)) as Config) ?? ((await eslint.calculateConfigForFile(join(dirname(file), 'index.js'))) as Config);
        return config?.settings?.[SETTINGS_KEY];
      },
      isIgnored: (file) => ignores.isPathIgnored(file),
    };
  } catch (error) {
    const reason = ((error as Error).message.split('\n')[0] ?? '').trim();
    if (configFile !== undefined) throw new CliError(`bookiji-layers: cannot read the ESLint config \`${configFile}\` (${reason})`, 3);
    warn(`bookiji-layers: cannot read the ESLint config in ${cwd} (${reason}); using tags and path segments only`);
    return { settingsFor: async () => undefined, isIgnored: async () => false };
  }
}

function layerText(layer: Explanation['layer']): string {
  if (layer === null) return 'no layer';
  const traits = [layer.status, ...(layer.humanOnly ? ['human-only'] : [])].join(', ');
  return `Layer ${layer.number} (${layer.name}; ${traits})`;
}

function conflictText(explanation: Explanation): string {
  const [, ...others] = explanation.conflict;
  return others.map((glob) => `\n  conflict: also claimed by the equally specific glob \`${glob.glob}\` (${glob.layer === null ? 'unlayered' : `Layer ${glob.layer}`})`).join('');
}

/** Source files git lists under the paths: committed ones, and new ones it does not ignore; a new file in a dormant layer counts before it is committed. */
function gitSources(cwd: string, paths: readonly string[]): string[] {
  let output: string;
  try {
    output = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...paths], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new CliError(`bookiji-layers: git ls-files failed${stderr ? `: ${stderr}` : ''}`, 3);
  }
  return [...new Set(output.split('\0'))].filter((file) => file !== '' && sourceFile.test(file)).sort();
}

/** Source files of the project under the paths (git's list in a repository, every file elsewhere). */
function projectSources(cwd: string, paths: readonly string[], view: FsView): string[] {
  const prefixes = paths.map((path) => relativePosix(cwd, resolve(cwd, path)) ?? '');
  return projectFiles(cwd, view).filter((file) => sourceFile.test(file) && (prefixes.length === 0 || prefixes.some((prefix) => prefix === '' || file === prefix || file.startsWith(`${prefix}/`))));
}

function requireExisting(cwd: string, paths: readonly string[], what: string): void {
  const missing = paths.filter((path) => !existsSync(resolve(cwd, path)));
  if (missing.length > 0) throw new CliError(`bookiji-layers: no such ${what}: ${missing.join(', ')}`, 2);
}

/** Each file's layer, skipping the files the ESLint config ignores. */
async function classifyAll(files: readonly string[], cwd: string, config: ConfigReader, view: FsView): Promise<{ classified: Classified[]; ignored: number }> {
  const classified: Classified[] = [];
  let ignored = 0;
  for (const file of files) {
    const path = resolve(cwd, file);
    if (await config.isIgnored(path)) {
      ignored += 1;
      continue;
    }
    const explanation = classify(file, cwd, await config.settingsFor(path), view);
    const unreadable = explanation.problems.find((problem) => problem.startsWith('cannot read the contract'));
    if (unreadable) throw new CliError(`bookiji-layers: ${file}: ${unreadable}`, 3);
    classified.push(explanation);
  }
  return { classified, ignored };
}

interface ScheduleReport {
  readonly schedule: Schedule;
  readonly runs: readonly (Explanation & { readonly restricted: 'dormant' | 'human-only' | null })[];
}

/** The schedules declared outside the code, with the layer of each file they run; a schedule in a folder the ESLint config ignores (a test fixture) is skipped, as the source files there are. */
async function scheduleReports(cwd: string, config: ConfigReader, view: FsView): Promise<ScheduleReport[]> {
  const reports: ScheduleReport[] = [];
  for (const schedule of findSchedules(cwd, projectFiles(cwd, view), view)) {
    if (await config.isIgnored(resolve(cwd, schedule.source))) continue;
    const runs = [];
    for (const path of schedule.runs) {
      const file = relativePosix(cwd, path) ?? path;
      const explanation = classify(file, cwd, await config.settingsFor(path), view);
      const unreadable = explanation.problems.find((problem) => problem.startsWith('cannot read the contract'));
      if (unreadable) throw new CliError(`bookiji-layers: ${file}: ${unreadable}`, 3);
      const { layer, reason, decidedBy, conflict, problems } = explanation;
      runs.push({ file, layer, reason, decidedBy, conflict, problems, restricted: restrictionOf(layer as Layer | null) });
    }
    reports.push({ schedule, runs });
  }
  return reports;
}

function scheduleHead(schedule: Schedule): string {
  return `${schedule.source}:${schedule.line} ${schedule.what} (${schedule.when})`;
}

function runLine(run: ScheduleReport['runs'][number]): string {
  const verdict = run.restricted === null ? '' : `: the contract allows no schedule here (${run.restricted} layer)`;
  return `runs ${run.file}: ${layerText(run.layer)}, decided by ${run.decidedBy}${verdict}`;
}

async function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, config: { type: 'string' }, format: { type: 'string' } },
    });
  } catch (error) {
    err(`bookiji-layers: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    out(usage);
    return 0;
  }
  const [command, ...args] = parsed.positionals;
  const cwd = process.cwd();
  const json = parsed.values.json === true;
  const configFile = parsed.values.config;
  if (configFile !== undefined && !existsSync(resolve(cwd, configFile))) throw new CliError(`bookiji-layers: no such config file: ${configFile}`, 2);
  const format = parsed.values.format ?? (json ? 'json' : 'mermaid');
  if (parsed.values.format !== undefined && command !== 'graph') throw new CliError(`bookiji-layers: --format is for \`graph\` only\n${usage}`, 2);
  if (!['mermaid', 'dot', 'svg', 'json'].includes(format)) throw new CliError(`bookiji-layers: unknown format \`${format}\`, expected mermaid, dot, svg or json`, 2);
  const view = viewFor(null);

  if (command === 'explain') {
    if (args.length === 0) throw new CliError(`bookiji-layers: explain needs at least one file\n${usage}`, 2);
    requireExisting(cwd, args, 'file');
    const config = await configReader(cwd, configFile, err);
    const explanations: Explanation[] = [];
    for (const file of args) {
      const { layer, reason, decidedBy, conflict, problems } = classify(file, cwd, await config.settingsFor(resolve(cwd, file)), view);
      explanations.push({ file, layer, reason, decidedBy, conflict, problems });
    }
    if (json) out(JSON.stringify(explanations, null, 2));
    else for (const e of explanations) out(`${e.file}: ${layerText(e.layer)}, decided by ${e.decidedBy}${conflictText(e)}${e.problems.map((p) => `\n  problem: ${p}`).join('')}`);
    return explanations.some((e) => e.problems.some((p) => p.startsWith('cannot read the contract'))) ? 3 : 0;
  }

  if (command === 'dormant') {
    requireExisting(cwd, args, 'path');
    const files = gitSources(cwd, args.length > 0 ? args : ['.']);
    const config = await configReader(cwd, configFile, err);
    const { classified, ignored } = await classifyAll(files, cwd, config, view);
    const dormant = classified.filter((file) => file.layer?.status === 'dormant').map(({ file, layer, reason, decidedBy, conflict, problems }) => ({ file, layer, reason, decidedBy, conflict, problems }));
    const schedules = (args.length === 0 ? await scheduleReports(cwd, config, view) : [])
      .map((report) => ({ ...report, runs: report.runs.filter((run) => run.layer?.status === 'dormant') }))
      .filter((report) => report.runs.length > 0);
    if (json) out(JSON.stringify({ checked: classified.length, ignored, dormant, schedules: schedules.map(({ schedule, runs }) => ({ ...schedule, runs })) }, null, 2));
    else {
      for (const e of dormant) out(`${e.file}: ${layerText(e.layer)}, decided by ${e.decidedBy}`);
      for (const { schedule, runs } of schedules) for (const run of runs) out(`${scheduleHead(schedule)} ${runLine(run)}`);
      const checked = `${classified.length} source file${classified.length === 1 ? '' : 's'} checked (${listedWords('git')}), ${ignored} ignored by the ESLint config`;
      const scheduled = schedules.length === 0 ? '' : `; ${schedules.length} schedule${schedules.length === 1 ? ' runs' : 's run'} code in a dormant layer`;
      out(dormant.length === 0 && schedules.length === 0 ? `No file belongs to a dormant layer, and no schedule runs code in one (${checked}).` : `${dormant.length} file${dormant.length === 1 ? '' : 's'} in a dormant layer${scheduled} (${checked}).`);
    }
    return dormant.length === 0 && schedules.length === 0 ? 0 : 1;
  }

  if (command === 'summary' || command === 'graph') {
    requireExisting(cwd, args, 'path');
    const config = await configReader(cwd, configFile, err);
    const { classified, ignored } = await classifyAll(projectSources(cwd, args, view), cwd, config, view);
    const imports = scanImports(classified, view);
    if (command === 'summary') {
      const summary = summarize(classified, imports, ignored, cwd, view);
      out(json ? JSON.stringify(summary, null, 2) : formatSummary(summary, cwd));
      return hasProblems(summary) ? 1 : 0;
    }
    const graph = buildGraph(classified, imports, view, cwd);
    if (format === 'json') out(JSON.stringify(graph, null, 2));
    else if (format === 'dot') out(toDot(graph));
    else if (format === 'svg') {
      try {
        out((await toSvg(toDot(graph))).trimEnd());
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') throw new CliError('bookiji-layers: --format svg needs @viz-js/viz: install it next to the plugin (npm install --save-dev @viz-js/viz), or use --format dot', 2);
        throw error;
      }
    } else out(toMermaid(graph));
    return 0;
  }

  if (command === 'schedules') {
    if (args.length > 0) throw new CliError(`bookiji-layers: schedules takes no path: it reads the schedules of the current folder's repository\n${usage}`, 2);
    const config = await configReader(cwd, configFile, err);
    const reports = await scheduleReports(cwd, config, view);
    const restricted = reports.filter((report) => report.runs.some((run) => run.restricted !== null));
    const unresolved = reports.filter((report) => report.schedule.unresolved !== null);
    if (json) out(JSON.stringify({ schedules: reports.map(({ schedule, runs }) => ({ ...schedule, runs })) }, null, 2));
    else {
      for (const { schedule, runs } of reports) {
        out(scheduleHead(schedule));
        if (schedule.unresolved !== null) out(`  cannot tell which code it runs: ${schedule.unresolved}`);
        else if (runs.length === 0) out('  runs no file of this repository');
        for (const run of runs) out(`  ${runLine(run)}`);
      }
      out(
        reports.length === 0
          ? 'No schedule declared outside the code (vercel.json or vercel.ts, .github/workflows, netlify.toml, wrangler.toml, supabase/migrations, serverless.yml or serverless.ts, render.yaml, railway.json, .gitlab-ci.yml, Azure Functions function.json, AWS SAM and CloudFormation templates, Kubernetes CronJobs, crontab files, nitro.config.ts or nuxt.config.ts scheduledTasks, App Engine cron.yaml, SST cron jobs, AWS CDK and Terraform schedules).'
          : `${reports.length} schedule${reports.length === 1 ? '' : 's'}: ${restricted.length} run${restricted.length === 1 ? 's' : ''} code in a human-only or dormant layer, ${unresolved.length} cannot be tied to code.`,
      );
    }
    return restricted.length === 0 && unresolved.length === 0 ? 0 : 1;
  }

  throw new CliError(`bookiji-layers: ${command === undefined ? 'missing command' : `unknown command \`${command}\``}\n${usage}`, 2);
}

main(
  process.argv.slice(2),
  (text) => process.stdout.write(`${text}\n`),
  (text) => process.stderr.write(`${text}\n`),
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error.code;
    } else throw error;
  },
);
