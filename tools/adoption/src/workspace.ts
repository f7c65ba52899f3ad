import { fileURLToPath } from 'node:url';
import { getPackagesSync } from '@manypkg/get-packages';

export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface PublishedPackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

/** The packages a release publishes: every workspace package that is not private. */
export function publishedPackages(): PublishedPackage[] {
  return getPackagesSync(repositoryRoot)
    .packages.filter((pkg) => pkg.packageJson.private !== true)
    .map((pkg) => ({ name: pkg.packageJson.name, version: pkg.packageJson.version, dir: pkg.dir }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
