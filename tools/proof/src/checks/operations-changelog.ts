import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldsOf, MAX_NESTING, parseMarkdown, point, tooDeep } from '@bookiji/contract';
import type { SourcePoint } from '@bookiji/contract';
import type { Root } from 'mdast';
import type { Workspace } from './workspace.js';
import { readWorkspace } from './workspace.js';

export const OPERATIONS_CHANGELOG = 'docs/operations/CHANGELOG.md';

/** The release: `name@version` of every package of the workspace, root included, that is published (not private). */
export function releaseOf(workspace: Workspace): string[] {
  const byFolder = new Map([workspace.rootPackage, ...workspace.packages].flatMap((pkg) => (pkg ? [[pkg.dir, pkg] as const] : [])));
  return [...byFolder.values()]
    .filter((pkg) => pkg.packageJson.private !== true && typeof pkg.packageJson.version === 'string' && pkg.packageJson.version !== '')
    // 0.0.0 is a package that was never released: its first version comes from its changeset when the release is prepared.
    .filter((pkg) => pkg.packageJson.version !== UNRELEASED)
    .map((pkg) => `${pkg.packageJson.name}@${pkg.packageJson.version}`)
    .sort();
}

/** The version a new package carries until its first release. */
const UNRELEASED = '0.0.0';

export interface ReleaseField {
  /** Where the `**Release**` label starts. */
  readonly position: SourcePoint;
  /** Where its list of packages starts. */
  readonly valuePosition: SourcePoint;
  readonly packages: readonly string[];
}

/**
 * Every `**Release**: a@1, b@2` field of the changelog, in document order, read
 * by the contract's field convention: one field per line, with its colon.
 */
export function releaseFields(tree: Root): ReleaseField[] {
  return fieldsOf(tree.children)
    .filter((field) => field.label === 'Release')
    .map((field) => ({
      position: field.position,
      valuePosition: field.valuePosition,
      packages: field.value.split(',').map((item) => item.trim()).filter((item) => item !== ''),
    }));
}

export type ChangelogVerdict = { readonly ok: true; readonly position: SourcePoint } | { readonly ok: false; readonly message: string };

/** An entry is for the release when its Release field lists every `name@version` of it. */
export function checkChangelog(markdown: string, release: readonly string[], file: string = OPERATIONS_CHANGELOG): ChangelogVerdict {
  const tree = parseMarkdown(markdown);
  const deep = tooDeep(tree);
  if (deep) {
    const at = point(deep) ?? { line: 1, column: 1 };
    return { ok: false, message: `${file}:${at.line}:${at.column}: Unexpected content nested more than ${MAX_NESTING} block quotes, lists or other containers deep, expected an operations changelog` };
  }
  const fields = releaseFields(tree);
  const wanted = release.join(', ');
  const match = fields.find((field) => release.every((pkg) => field.packages.includes(pkg)));
  if (match) return { ok: true, position: match.position };
  const closest = fields[0];
  if (!closest) return { ok: false, message: `${file}:1:1: Unexpected changelog without a \`**Release**:\` field, expected an entry whose \`**Release**:\` lists ${wanted}` };
  const lacking = release.filter((pkg) => !closest.packages.includes(pkg));
  const at = closest.valuePosition;
  return {
    ok: false,
    message: `${file}:${at.line}:${at.column}: Unexpected newest \`**Release**:\` field without ${lacking.join(', ')}, expected an entry for the release listing ${wanted}`,
  };
}

/** The `operations-changelog` proof step. */
export async function operationsChangelog(root: string, write: (text: string) => void): Promise<number> {
  const listed = await readWorkspace(root);
  if (!listed.ok) {
    write(`${listed.message}\n`);
    return 1;
  }
  const release = releaseOf(listed.workspace);
  const path = join(root, OPERATIONS_CHANGELOG);
  if (!existsSync(path)) {
    write(`${OPERATIONS_CHANGELOG}: Unexpected missing operations changelog, expected an entry for the release ${release.join(', ')}\n`);
    return 1;
  }
  const verdict = checkChangelog(readFileSync(path, 'utf8'), release);
  if (!verdict.ok) {
    write(`${verdict.message}\n`);
    return 1;
  }
  write(`${OPERATIONS_CHANGELOG}:${verdict.position.line}:${verdict.position.column}: the release ${release.join(', ')} has its entry\n`);
  return 0;
}
