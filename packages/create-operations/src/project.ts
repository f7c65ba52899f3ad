import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { detect, getUserAgent } from 'package-manager-detector/detect';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** What the initializer needs to know about the project it sets up. */
export interface Project {
  readonly root: string;
  /** The project's name as people write it: the package name without its scope, or the folder's name. */
  readonly name: string;
  readonly manifest: Manifest;
  readonly packageManager: PackageManager;
  /** Whether the project's `.js` files are ES modules (`"type": "module"`). */
  readonly esm: boolean;
  readonly typescript: boolean;
  /** Who the first changelog entry names as having made the change. */
  readonly author: string;
}

export interface Manifest {
  readonly name?: string;
  readonly type?: string;
  readonly scripts?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly author?: string | { readonly name?: string };
  readonly remarkConfig?: unknown;
}

/** A mistake the person can fix, said in one line; the CLI exits 2. */
export class InitError extends Error {
  override readonly name = 'InitError';
}

export async function readProject(root: string): Promise<Project> {
  const manifestPath = join(root, 'package.json');
  if (!existsSync(manifestPath)) {
    throw new InitError(`No package.json in ${root}: run this in the project's root folder (or create one with \`npm init -y\`)`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (error) {
    throw new InitError(`Cannot read ${manifestPath}: ${(error as Error).message}`);
  }
  const dependencies = { ...manifest.dependencies, ...manifest.devDependencies };
  return {
    root,
    name: (manifest.name ?? basename(root)).replace(/^@[^/]+\//u, ''),
    manifest,
    packageManager: await packageManagerOf(root),
    esm: manifest.type === 'module',
    typescript: 'typescript' in dependencies || existsSync(join(root, 'tsconfig.json')),
    author: authorOf(root, manifest),
  };
}

/** The package manager the project uses: its lockfile or `packageManager` field, else the one running this command, else npm. */
async function packageManagerOf(root: string): Promise<PackageManager> {
  const detected = (await detect({ cwd: root }))?.name ?? getUserAgent();
  return detected === 'pnpm' || detected === 'yarn' || detected === 'bun' ? detected : 'npm';
}

function authorOf(root: string, manifest: Manifest): string {
  const git = spawnSync('git', ['config', 'user.name'], { cwd: root, encoding: 'utf8' });
  const fromGit = git.status === 0 ? git.stdout.trim() : '';
  if (fromGit !== '') return fromGit;
  const author = typeof manifest.author === 'string' ? manifest.author.replace(/\s*[<(].*$/u, '') : manifest.author?.name;
  return author?.trim() || 'the maintainers';
}

/** How the project runs an installed command: `npx eslint`, `pnpm exec eslint`, `yarn eslint`, `bunx eslint`. */
export function execPrefix(manager: PackageManager): string[] {
  switch (manager) {
    case 'pnpm':
      return ['pnpm', 'exec'];
    case 'yarn':
      return ['yarn'];
    case 'bun':
      return ['bunx'];
    case 'npm':
      return ['npx'];
  }
}

/** The command that adds development dependencies. */
export function addDevCommand(manager: PackageManager, packages: readonly string[]): string[] {
  switch (manager) {
    case 'npm':
      return ['npm', 'install', '--save-dev', ...packages];
    case 'pnpm':
      return ['pnpm', 'add', '--save-dev', ...packages];
    case 'yarn':
      return ['yarn', 'add', '--dev', ...packages];
    case 'bun':
      return ['bun', 'add', '--dev', ...packages];
  }
}
