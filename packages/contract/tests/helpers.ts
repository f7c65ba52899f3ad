import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's own contract, the base that damage tests edit. */
export const ownContractPath = fileURLToPath(new URL('../../../docs/operations/OPERATIONAL_LAYERS.md', import.meta.url));
export const ownContract = readFileSync(ownContractPath, 'utf8');

/** The 1-based line of the first line that starts with `prefix`. */
export function lineOf(text: string, prefix: string, from = 1): number {
  const lines = text.split(/\r?\n/u);
  const index = lines.findIndex((line, i) => i + 1 >= from && line.startsWith(prefix));
  if (index === -1) throw new Error(`no line starts with ${prefix}`);
  return index + 1;
}

/** Removes the `## Layer N` section, up to the next `## ` heading. */
export function withoutSection(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}`);
  if (start === -1) throw new Error(`no section ${heading}`);
  const next = text.indexOf('\n## ', start + 1);
  return text.slice(0, start + 1) + text.slice(next + 1);
}
