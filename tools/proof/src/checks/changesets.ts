import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RELEASE_TAG_PATTERN = 'release/*';

function git(root: string, args: readonly string[]): string | null {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** The branch changesets compares against (`baseBranch` in .changeset/config.json, `main` by default). */
export function baseBranch(root: string): string {
  const path = join(root, '.changeset', 'config.json');
  if (!existsSync(path)) return 'main';
  try {
    const config = JSON.parse(readFileSync(path, 'utf8')) as { baseBranch?: unknown };
    return typeof config.baseBranch === 'string' && config.baseBranch !== '' ? config.baseBranch : 'main';
  } catch {
    return 'main';
  }
}

export type Since = { readonly kind: 'tag' | 'merge-base'; readonly ref: string } | { readonly kind: 'nothing-changed'; readonly ref: string } | { readonly kind: 'unknown'; readonly message: string };

/**
 * What "since the last release" means: the nearest `release/*` tag behind
 * HEAD; without one, the merge base with the base branch, and on the base
 * branch itself nothing has changed since.
 */
export function sinceRef(root: string): Since {
  const tag = git(root, ['describe', '--tags', '--abbrev=0', '--match', RELEASE_TAG_PATTERN, 'HEAD']);
  if (tag) return { kind: 'tag', ref: tag };
  const head = git(root, ['rev-parse', 'HEAD']);
  const branch = baseBranch(root);
  for (const candidate of [branch, `origin/${branch}`]) {
    const base = git(root, ['merge-base', 'HEAD', candidate]);
    if (base === null) continue;
    return base === head ? { kind: 'nothing-changed', ref: candidate } : { kind: 'merge-base', ref: base };
  }
  return { kind: 'unknown', message: `Unexpected history without a \`${RELEASE_TAG_PATTERN}\` tag or a \`${branch}\` branch, expected one of them to compare against` };
}

/** The `changesets` proof step. */
export function changesets(root: string, write: (text: string) => void): number {
  const since = sinceRef(root);
  if (since.kind === 'unknown') {
    write(`${since.message}\n`);
    return 1;
  }
  if (since.kind === 'nothing-changed') {
    write(`HEAD is on ${since.ref} and no ${RELEASE_TAG_PATTERN} tag exists: nothing has changed since the last release\n`);
    return 0;
  }
  write(`Changed packages since ${since.kind === 'tag' ? `the release tag ${since.ref}` : `the merge base ${since.ref} with ${baseBranch(root)}`}:\n`);
  const status = spawnSync('changeset', ['status', `--since=${since.ref}`], { cwd: root, stdio: 'inherit' });
  if (status.error) {
    write(`changeset could not run: ${status.error.message}\n`);
    return 1;
  }
  return status.status === 0 ? 0 : 1;
}
