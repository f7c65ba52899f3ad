import { spawnSync } from 'node:child_process';

export interface WorkspacePackage {
  readonly name: string;
  readonly version: string | null;
  readonly path: string;
  readonly private: boolean;
}

/** The workspace's packages as pnpm sees them (`pnpm ls -r --depth -1 --json`), root included. */
export function workspacePackages(root: string): { ok: true; packages: WorkspacePackage[] } | { ok: false; message: string } {
  const result = spawnSync('pnpm', ['ls', '-r', '--depth', '-1', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    return { ok: false, message: `pnpm ls could not list the workspace: ${result.error?.message ?? result.stderr.trim()}` };
  }
  const listed = JSON.parse(result.stdout) as { name?: string; version?: string; path: string; private?: boolean }[];
  return {
    ok: true,
    packages: listed.map((entry) => ({ name: entry.name ?? entry.path, version: entry.version ?? null, path: entry.path, private: entry.private === true })),
  };
}
