import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
/** tsx's loader by URL: `--import tsx` would resolve from the temporary repository, which has no node_modules. */
export const TSX = import.meta.resolve('tsx');
/** The configuration types, imported by absolute path from the temporary repositories. */
export const CONFIG_TYPES = fileURLToPath(new URL('../src/config.js', import.meta.url));

/**
 * The timeout of a test that runs the CLI or builds the package. Alone, such a
 * test takes a second or a few; on a machine shared with other suites (turbo
 * runs every package's tests at once, six on two cores) it takes many times
 * that. None of them waits on a clock of its own, so only a run that hangs
 * should fail one, and ten minutes is far above any run that does not.
 */
export const SLOW_TEST_TIMEOUT = 600_000;

/**
 * The environment a person's shell would give the runner: no CI variable of
 * any kind (the suite itself may run under CI), a home of its own so no global
 * git configuration leaks in, and PATH for node and git.
 */
export function personEnvironment(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TMPDIR: process.env.TMPDIR ?? tmpdir(),
    LANG: 'C.UTF-8',
    GIT_CONFIG_NOSYSTEM: '1',
    ...extra,
  };
}

export interface Step {
  readonly id: string;
  readonly command: readonly string[];
  readonly timeoutSeconds?: number;
  readonly output?: 'empty';
  readonly precondition?: boolean;
}

/** A small proof configuration whose steps are quick `node -e` programs. */
export function configSource(steps: readonly Step[], parallel?: readonly (readonly string[])[]): string {
  const body = steps.map((step) => ({
    id: step.id,
    title: `Step ${step.id}`,
    command: step.command,
    // Far above what a quick step takes on any machine: only the tests of timeouts set their own.
    timeoutSeconds: step.timeoutSeconds ?? 600,
    pass: step.output ? { exitCode: 0, output: step.output } : { exitCode: 0 },
    ...(step.precondition ? { precondition: true } : {}),
  }));
  return [
    `import type { ProofConfig } from ${JSON.stringify(CONFIG_TYPES)};`,
    '',
    `export default ${JSON.stringify({ steps: body, ...(parallel ? { parallel } : {}), environment: { allow: ['PATH', 'HOME'] } }, null, 2)} satisfies ProofConfig;`,
    '',
  ].join('\n');
}

export function node(code: string): string[] {
  return ['node', '-e', code];
}

export interface Repo {
  readonly root: string;
  readonly home: string;
  git(...args: string[]): string;
  write(path: string, content: string): void;
  commit(message: string): void;
}

/** A temporary git repository with a proof configuration, committed at a fixed time. */
export function makeRepo(config: string, files: Record<string, string> = {}): Repo {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'bookiji-proof-test-')));
  const root = join(base, 'repo');
  const home = join(base, 'home');
  mkdirSync(root);
  mkdirSync(home);
  const env = { ...personEnvironment(home), GIT_AUTHOR_DATE: '2025-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2025-01-02T03:04:05Z' };
  const git = (...args: string[]): string => {
    const result = spawnSync('git', args, { cwd: root, env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  };
  const write = (path: string, content: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Ada Operator');
  git('config', 'user.email', 'ada@example.com');
  git('config', 'commit.gpgsign', 'false');
  write('.gitignore', '/reports/\nnode_modules/\n');
  write('package.json', `${JSON.stringify({ name: 'fixture', private: true, type: 'module' }, null, 2)}\n`);
  write('proof.config.ts', config);
  for (const [path, content] of Object.entries(files)) write(path, content);
  const commit = (message: string): void => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
  };
  commit('Initial commit');
  return { root, home, git, write, commit };
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env?: Record<string, string>;
  /** Called once the runner has printed this text on stdout. */
  readonly onOutput?: { readonly text: string; readonly action: (pid: number) => void };
}

/** Runs the proof CLI from its sources, as `pnpm proof` does on a fresh clone. */
export function runCli(repo: Repo, args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@bookiji/source', '--import', TSX, CLI, ...args], {
      cwd: repo.root,
      env: personEnvironment(repo.home, options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let fired = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (options.onOutput && !fired && stdout.includes(options.onOutput.text) && child.pid !== undefined) {
        fired = true;
        options.onOutput.action(child.pid);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The report path and deterministic digest a run printed. */
export function printed(stdout: string): { report: string; digest: string } {
  const report = /^Report: (\S+)$/m.exec(stdout)?.[1];
  const digest = /^Deterministic digest: (sha256:[0-9a-f]{64})$/m.exec(stdout)?.[1];
  if (!report || !digest) throw new Error(`No report in output:\n${stdout}`);
  return { report, digest };
}
