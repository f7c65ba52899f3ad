import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified, type Pluggable, type PluggableList } from 'unified';
import { engine, type Context } from 'unified-engine';
import { VFile } from 'vfile';
import { afterAll } from 'vitest';
import preset, { operationsOptions, type Options } from '@bookiji/remark-preset-operations';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const repositoryRoot = join(packageDir, '..', '..');
export const fixtureRepo = join(packageDir, 'tests', 'fixtures', 'repo');
export const contractPath = 'docs/operations/OPERATIONAL_LAYERS.md';
/** tsx's loader by absolute URL, so the CLI runs from source in any working directory. */
const tsxLoader = pathToFileURL(createRequire(join(repositoryRoot, 'package.json')).resolve('tsx')).href;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temporary copy of the fixture repository, with `files` written over it (null deletes). */
export function tempRepo(files: Record<string, string | Uint8Array | null> = {}, from = fixtureRepo): string {
  const dir = mkdtempSync(join(tmpdir(), 'docs-lint-'));
  made.push(dir);
  cpSync(from, dir, { recursive: true });
  for (const [path, value] of Object.entries(files)) {
    const target = join(dir, path);
    if (value === null) {
      rmSync(target, { recursive: true, force: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, value);
  }
  return dir;
}

/** Replaces `search` in a repository file (which must contain it). */
export function edit(root: string, path: string, search: string | RegExp, replacement: string): void {
  const full = join(root, path);
  const text = readFileSync(full, 'utf8');
  const next = text.replace(search, replacement);
  if (next === text) throw new Error(`${path} does not contain ${String(search)}`);
  writeFileSync(full, next);
}

export function lineOf(root: string, path: string, search: string): number {
  const lines = readFileSync(join(root, path), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(search));
  if (index === -1) throw new Error(`${path} has no line with ${search}`);
  return index + 1;
}

export interface Found {
  readonly line: number;
  readonly column: number;
  readonly ruleId: string;
  readonly reason: string;
  readonly fatal: boolean | null | undefined;
}

/** Runs the preset on one file of a repository, as remark does for one document, and returns its messages. */
export async function lint(root: string, path: string, options?: Options, value?: string | Uint8Array): Promise<Found[]> {
  const file = new VFile({ path, cwd: root, value: value ?? readFileSync(join(root, path)) });
  const processor = unified().use(remarkParse).use(preset).use(operationsOptions, options);
  const tree = processor.parse(file);
  await processor.run(tree, file);
  return file.messages.map((message) => ({
    line: message.line ?? 0,
    column: message.column ?? 0,
    ruleId: message.ruleId ?? '',
    reason: message.reason,
    fatal: message.fatal,
  }));
}

/** Messages of one rule only. */
export async function lintRule(rule: string, root: string, path: string, options?: Options, value?: string | Uint8Array): Promise<Found[]> {
  return (await lint(root, path, options, value)).filter((message) => message.ruleId === rule);
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the docs-lint CLI from source, as a fresh clone would, in `cwd`. */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return runNode(['--conditions=@bookiji/source', '--import', tsxLoader, join(packageDir, 'src', 'cli.ts'), ...args], cwd, env);
}

/** Runs a Node script (a built CLI) in `cwd`, with colour and CI detection off unless `env` says otherwise. */
export function runNode(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', CI: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The findings of a `--report json` run, one sortable line each. */
export function jsonFindings(report: string): string[] {
  return (JSON.parse(report) as { path: string; messages: { ruleId: string; line: number; column: number; reason: string }[] }[])
    .flatMap((file) => file.messages.map((message) => `${file.path}:${message.line}:${message.column} ${message.ruleId} ${message.reason}`))
    .sort();
}

/**
 * The files of one run of unified-engine with the preset, as the CLI runs it
 * (links across documents checked too); `plugins` come after the preset, as a
 * configuration lists them.
 */
export function runEngine(root: string, files: (string | VFile)[], options: Options = {}, plugins: PluggableList = []): Promise<VFile[]> {
  return runEngineWith(root, files, [preset, [operationsOptions, options] as Pluggable, ...plugins]);
}

/** The files of one run of unified-engine with exactly these plugins, as a configuration lists them. */
export function runEngineWith(root: string, files: (string | VFile)[], plugins: PluggableList): Promise<VFile[]> {
  return new Promise((resolve, reject) => {
    engine(
      {
        processor: unified().use(remarkParse).use(remarkStringify),
        plugins,
        files,
        extensions: ['md'],
        cwd: root,
        detectConfig: false,
        detectIgnore: false,
        out: false,
        silent: true,
        streamError: discardingStream(),
      },
      (error: Error | undefined, _code: number | undefined, context: Context | undefined) => {
        if (error) return reject(error);
        resolve(context?.files ?? []);
      },
    );
  });
}

/**
 * A stream for unified-engine's report that takes every write and keeps nothing.
 * The engine ends a run only once its report is written, and a PassThrough that
 * nobody reads stops taking writes when its buffer fills: a run with a long
 * report would never end.
 */
export function discardingStream(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}
