import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The package's manifest, found by the package's name: the built package moves code between files, so code does not look beside itself. */
const manifest = pathToFileURL(createRequire(import.meta.url).resolve('@bookiji/remark-preset-operations/package.json'));

/** A file of this package, by its path from the package's folder (`docs/rules/links.md`). */
export function packageFile(path: string): URL {
  return new URL(path, manifest);
}
