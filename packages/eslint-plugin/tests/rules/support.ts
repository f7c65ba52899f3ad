import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contractText, tempDir } from '../helpers.js';

/**
 * A small application on disk with the fixture contract: its files, and the
 * absolute path of a file in it. Rules that follow values into other files
 * of the project need them to exist.
 */
export function project(files: Record<string, string>): (path: string) => string {
  const root = tempDir();
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('docs/operations/OPERATIONAL_LAYERS.md', contractText);
  write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, paths: { '@/*': ['./*'] } } }));
  for (const [path, text] of Object.entries(files)) write(path, text);
  return (path) => join(root, path);
}
