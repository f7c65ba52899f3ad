/**
 * Which lockfile and which package manager a repository uses, from the names
 * of the files at its root and its `package.json`. Pure: reading the files and
 * asking the manager its version sit at the edge (plan.ts, verify.ts).
 */

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun';

/**
 * Each lockfile and the manager that writes it, in the order the proof looks
 * for them: the first present is the one recorded. npm reads
 * `npm-shrinkwrap.json` before `package-lock.json`, and bun its text
 * `bun.lock` before the older binary `bun.lockb`.
 */
export const LOCKFILES: readonly { readonly name: string; readonly manager: PackageManagerName }[] = Object.freeze([
  { name: 'pnpm-lock.yaml', manager: 'pnpm' },
  { name: 'yarn.lock', manager: 'yarn' },
  { name: 'bun.lock', manager: 'bun' },
  { name: 'bun.lockb', manager: 'bun' },
  { name: 'npm-shrinkwrap.json', manager: 'npm' },
  { name: 'package-lock.json', manager: 'npm' },
]);

const MANAGERS: readonly string[] = ['npm', 'pnpm', 'yarn', 'bun'];

/** The lockfile the proof records: the first of `LOCKFILES` that `exists`, or null. */
export function lockfileOf(exists: (name: string) => boolean): string | null {
  return LOCKFILES.find((lockfile) => exists(lockfile.name))?.name ?? null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function known(name: unknown): PackageManagerName | null {
  return typeof name === 'string' && MANAGERS.includes(name) ? (name as PackageManagerName) : null;
}

/**
 * The manager `package.json` names: its `packageManager` field (`pnpm@10.4.1`,
 * as Corepack reads it), else the first of `devEngines.packageManager`.
 */
export function declaredManager(manifest: unknown): PackageManagerName | null {
  if (!isRecord(manifest)) return null;
  if (typeof manifest.packageManager === 'string') {
    const named = known(/^([^@+]+)/u.exec(manifest.packageManager)?.[1]);
    if (named !== null) return named;
  }
  const engines = isRecord(manifest.devEngines) ? manifest.devEngines.packageManager : undefined;
  const first: unknown = Array.isArray(engines) ? engines[0] : engines;
  return isRecord(first) ? known(first.name) : null;
}

/**
 * The manager the repository uses: the one its `package.json` names, else the
 * one that writes its lockfile; null when neither says.
 */
export function packageManagerOf(manifest: unknown, lockfile: string | null): PackageManagerName | null {
  return declaredManager(manifest) ?? LOCKFILES.find((candidate) => candidate.name === lockfile)?.manager ?? null;
}
