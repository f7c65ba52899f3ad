#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { explainFile } from './explain.js';
import type { Explanation } from './explain.js';
import { SETTINGS_KEY, SettingsError } from './settings.js';

const usage = `Usage: bookiji-layers explain <file...> [--json]
       bookiji-layers dormant [path...] [--json]

explain  Prints the layer each file belongs to and what decided it: a leading
         \`@layer N\` tag, a glob in the ESLint config's settings.bookiji, or
         a path segment named after a layer.
dormant  Lists every tracked source file (git ls-files; js, jsx, ts, tsx,
         mts, cts, mjs, cjs) under the paths, or the current folder, that
         belongs to a layer the contract marks dormant. Files the ESLint
         config ignores are skipped and counted.

Layer settings come from the ESLint config found from the current folder
(settings.bookiji), as \`eslint\` run here would use them; without a
readable config, only tags and path segments apply.

Exit codes: 0 nothing dormant (explain: done); 1 files in a dormant layer;
2 usage error; 3 the contract, the settings or git could not be read.`;

const sourceExtensions = /\.(?:[cm]?[jt]s|[jt]sx)$/;

interface ConfigReader {
  settingsFor(file: string): Promise<unknown>;
  isIgnored(file: string): Promise<boolean>;
}

/** Reads settings.bookiji and ignores through ESLint's own config loading, so both match what `eslint` sees. */
async function configReader(cwd: string, warn: (line: string) => void): Promise<ConfigReader> {
  try {
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({ cwd });
    // Loading the config for one path surfaces a missing or broken config here, once.
    await eslint.calculateConfigForFile(resolve(cwd, 'index.js'));
    return {
      async settingsFor(file) {
        const config = (await eslint.calculateConfigForFile(file)) as { settings?: Record<string, unknown> } | undefined;
        return config?.settings?.[SETTINGS_KEY];
      },
      isIgnored: (file) => eslint.isPathIgnored(file),
    };
  } catch (error) {
    warn(`bookiji-layers: cannot read the ESLint config in ${cwd} (${((error as Error).message.split('\n')[0] ?? '').trim()}); using tags and path segments only`);
    return { settingsFor: async () => undefined, isIgnored: async () => false };
  }
}

function layerText(explanation: Explanation): string {
  const { layer } = explanation;
  if (layer === null) return 'no layer';
  const traits = [layer.status, ...(layer.humanOnly ? ['human-only'] : [])].join(', ');
  return `Layer ${layer.number} (${layer.name}; ${traits})`;
}

class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

function trackedSources(cwd: string, paths: readonly string[]): string[] {
  let output: string;
  try {
    output = execFileSync('git', ['ls-files', '-z', '--', ...paths], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new CliError(`bookiji-layers: git ls-files failed${stderr ? `: ${stderr}` : ''}`, 3);
  }
  return output.split('\0').filter((file) => file !== '' && sourceExtensions.test(file));
}

async function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
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
  if (command === 'explain') {
    if (args.length === 0) {
      err('bookiji-layers: explain needs at least one file\n' + usage);
      return 2;
    }
    const missing = args.filter((file) => !existsSync(resolve(cwd, file)));
    if (missing.length > 0) {
      err(`bookiji-layers: no such file: ${missing.join(', ')}`);
      return 2;
    }
    const config = await configReader(cwd, err);
    const explanations: Explanation[] = [];
    for (const file of args) explanations.push(explainFile(file, cwd, await config.settingsFor(resolve(cwd, file))));
    if (json) out(JSON.stringify(explanations, null, 2));
    else for (const e of explanations) out(`${e.file}: ${layerText(e)}, decided by ${e.decidedBy}${e.problems.map((p) => `\n  problem: ${p}`).join('')}`);
    return explanations.some((e) => e.problems.some((p) => p.startsWith('cannot read the contract'))) ? 3 : 0;
  }
  if (command === 'dormant') {
    const missing = args.filter((path) => !existsSync(resolve(cwd, path)));
    if (missing.length > 0) {
      err(`bookiji-layers: no such path: ${missing.join(', ')}`);
      return 2;
    }
    const files = trackedSources(cwd, args.length > 0 ? args : ['.']);
    const config = await configReader(cwd, err);
    const dormant: Explanation[] = [];
    let ignored = 0;
    for (const file of files) {
      const path = resolve(cwd, file);
      if (!existsSync(path)) continue;
      if (await config.isIgnored(path)) {
        ignored += 1;
        continue;
      }
      const explanation = explainFile(file, cwd, await config.settingsFor(path));
      const unreadable = explanation.problems.find((p) => p.startsWith('cannot read the contract'));
      if (unreadable) throw new CliError(`bookiji-layers: ${file}: ${unreadable}`, 3);
      if (explanation.layer?.status === 'dormant') dormant.push(explanation);
    }
    if (json) out(JSON.stringify({ checked: files.length - ignored, ignored, dormant }, null, 2));
    else {
      for (const e of dormant) out(`${e.file}: ${layerText(e)}, decided by ${e.decidedBy}`);
      const checked = `${files.length - ignored} tracked source file${files.length - ignored === 1 ? '' : 's'} checked, ${ignored} ignored by the ESLint config`;
      out(dormant.length === 0 ? `No file belongs to a dormant layer (${checked}).` : `${dormant.length} file${dormant.length === 1 ? '' : 's'} in a dormant layer (${checked}).`);
    }
    return dormant.length === 0 ? 0 : 1;
  }
  err(`bookiji-layers: ${command === undefined ? 'missing command' : `unknown command \`${command}\``}\n${usage}`);
  return 2;
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
    } else if (error instanceof SettingsError) {
      process.stderr.write(`bookiji-layers: ${error.message}\n`);
      process.exitCode = 3;
    } else throw error;
  },
);
