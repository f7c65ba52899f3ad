import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
  readonly private: boolean;
}

/** Every package of the pnpm workspace (`packages/*` and `tools/*`). */
export function workspacePackages(root: string = repositoryRoot): WorkspacePackage[] {
  return ['packages', 'tools'].flatMap((group) => {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) return [];
    return readdirSync(groupDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(groupDir, entry.name, 'package.json')))
      .map((entry) => {
        const dir = join(groupDir, entry.name);
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; private?: boolean };
        return { name: manifest.name, dir, private: manifest.private === true };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  });
}
