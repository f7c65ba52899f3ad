import { spawnSync } from 'node:child_process';

interface GitResult {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function git(cwd: string, args: readonly string[]): GitResult {
  const result = spawnSync('git', args, { cwd, env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

function gitText(cwd: string, args: readonly string[]): string | null {
  const result = git(cwd, args);
  return result.status === 0 ? result.stdout.toString('utf8').trim() : null;
}

/** The top folder of the work tree containing `cwd`, or null outside a repository. */
export function repositoryRoot(cwd: string): string | null {
  return gitText(cwd, ['rev-parse', '--show-toplevel']);
}

export interface HeadState {
  readonly commit: string;
  readonly tree: string;
  /** Committer time in seconds since the epoch: the run's `SOURCE_DATE_EPOCH`. */
  readonly commitTime: number;
}

/** HEAD's commit, tree and time, or null when HEAD is not a commit yet. */
export function headState(root: string): HeadState | null {
  const line = gitText(root, ['show', '-s', '--format=%H %T %ct', 'HEAD^{commit}', '--']);
  if (line === null) return null;
  const [commit, tree, time] = line.split(' ');
  if (!commit || !tree || !time) return null;
  return { commit, tree, commitTime: Number(time) };
}

export function configValue(root: string, key: string): string | null {
  const value = gitText(root, ['config', '--get', key]);
  return value === '' ? null : value;
}

/** A file's bytes as committed at HEAD, or null when HEAD has no such file. */
export function blobAtHead(root: string, path: string): Buffer | null {
  const result = git(root, ['cat-file', 'blob', `HEAD:${path}`]);
  return result.status === 0 ? result.stdout : null;
}

/** Whether git ignores a path (it need not exist). */
export function isIgnored(root: string, path: string): boolean {
  return git(root, ['check-ignore', '-q', '--no-index', path]).status === 0;
}

/** Which of `names` (paths from the root) HEAD has. */
export function filesAtHead(root: string, names: readonly string[]): Set<string> {
  const result = git(root, ['ls-tree', '--name-only', '-z', 'HEAD', '--', ...names]);
  return new Set(result.status === 0 ? result.stdout.toString('utf8').split('\0').filter((name) => name !== '') : []);
}
