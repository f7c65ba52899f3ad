import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readWorkspace } from './workspace.js';

/** Every file under `dir`, as repository-relative path -> SHA-256. */
export function digestTree(root: string, dir: string, into: Map<string, string> = new Map()): Map<string, string> {
  if (!existsSync(dir)) return into;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) digestTree(root, path, into);
    else if (entry.isFile()) into.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
  return into;
}

/** The files whose digests differ between two builds, or exist in one only. */
export function compareBuilds(first: ReadonlyMap<string, string>, second: ReadonlyMap<string, string>): string[] {
  const differences: string[] = [];
  for (const path of [...new Set([...first.keys(), ...second.keys()])].sort()) {
    const a = first.get(path);
    const b = second.get(path);
    if (a === undefined) differences.push(`${path}: only in the second build`);
    else if (b === undefined) differences.push(`${path}: only in the first build`);
    else if (a !== b) differences.push(`${path}: sha256 ${a} then ${b}`);
  }
  return differences;
}

/**
 * The `reproducible-build` proof step: build twice from clean and compare every
 * file under every package's dist/ (the root's own in a repository that is one package).
 */
export async function reproducibleBuild(root: string, write: (text: string) => void): Promise<number> {
  const listed = await readWorkspace(root);
  if (!listed.ok) {
    write(`${listed.message}\n`);
    return 1;
  }
  const folders = listed.workspace.packages.map((pkg) => pkg.dir);
  const builds: Map<string, string>[] = [];
  for (const round of [1, 2]) {
    for (const folder of folders) rmSync(join(folder, 'dist'), { recursive: true, force: true });
    write(`Build ${round} of 2 (dist removed, turbo cache bypassed)\n`);
    const build = spawnSync('turbo', ['run', 'build', '--force', '--output-logs=errors-only'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    });
    if (build.error || build.status !== 0) {
      write(`Build ${round} failed: ${build.error?.message ?? `turbo exited with ${build.status}`}\n`);
      return 1;
    }
    const digests = new Map<string, string>();
    for (const folder of folders) digestTree(root, join(folder, 'dist'), digests);
    builds.push(digests);
  }
  const [first = new Map<string, string>(), second = new Map<string, string>()] = builds;
  const differences = compareBuilds(first, second);
  if (differences.length > 0) {
    write(`Unexpected build output that differs between two clean builds, expected identical files:\n${differences.map((line) => `  ${line}`).join('\n')}\n`);
    return 1;
  }
  if (first.size === 0) {
    write('Unexpected builds without any file under dist/, expected the packages\' build output to compare\n');
    return 1;
  }
  write(`Both builds produced the same ${first.size} files under dist/\n`);
  return 0;
}
