import { resolve } from 'node:path';
import { getPackages } from '@manypkg/get-packages';
import type { Package } from '@manypkg/get-packages';

export type { Package };

export interface Workspace {
  /** The package at the repository root, when it has a package.json. */
  readonly rootPackage: Package | null;
  /** Every package of a monorepo but its root; in a repository that is one package, that package. */
  readonly packages: readonly Package[];
}

export type WorkspaceResult = { readonly ok: true; readonly workspace: Workspace } | { readonly ok: false; readonly message: string };

/**
 * The repository's packages as its package manager declares them
 * (`pnpm-workspace.yaml`, or `workspaces` in package.json for npm, yarn and
 * bun), read by @manypkg/get-packages. A repository without workspaces is a
 * workspace of its root package alone.
 */
export async function readWorkspace(root: string): Promise<WorkspaceResult> {
  let found;
  try {
    found = await getPackages(root);
  } catch (error) {
    return { ok: false, message: `Unexpected workspace that cannot be read (${(error as Error).message.split('\n')[0]}), expected a package.json at the repository root` };
  }
  // manypkg looks upward for a workspace; one that holds the repository is not the repository's.
  if (resolve(found.rootDir) !== resolve(root)) {
    return { ok: false, message: `Unexpected workspace root ${found.rootDir} outside the repository, expected a package.json at the repository root (${root})` };
  }
  return { ok: true, workspace: { rootPackage: found.rootPackage ?? null, packages: found.packages } };
}
