import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Paragraph, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { WorkspacePackage } from './workspace.js';
import { workspacePackages } from './workspace.js';

export const OPERATIONS_CHANGELOG = 'docs/operations/CHANGELOG.md';

/** The release: `name@version` of every workspace package that is published (not private). */
export function releaseOf(packages: readonly WorkspacePackage[]): string[] {
  return packages
    .filter((pkg) => !pkg.private && pkg.version !== null)
    .map((pkg) => `${pkg.name}@${pkg.version}`)
    .sort();
}

export interface ReleaseField {
  readonly line: number;
  readonly packages: readonly string[];
}

/** Every `**Release**: a@1, b@2` field of a Markdown document, in document order. */
export function releaseFields(markdown: string): ReleaseField[] {
  const tree = unified().use(remarkParse).parse(markdown) as Root;
  const fields: ReleaseField[] = [];
  const visit = (node: Root | Root['children'][number]): void => {
    if (node.type === 'paragraph') {
      const paragraph = node as Paragraph;
      const [first] = paragraph.children;
      if (first?.type === 'strong' && /^Release:?$/.test(toString(first).trim())) {
        const value = toString(paragraph).slice(toString(first).length).replace(/^\s*:?\s*/, '');
        const packages = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
        fields.push({ line: paragraph.position?.start.line ?? 1, packages });
      }
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child as Root['children'][number]);
  };
  visit(tree);
  return fields;
}

export type ChangelogVerdict = { readonly ok: true; readonly line: number } | { readonly ok: false; readonly message: string };

/** An entry is for the release when its Release field lists every `name@version` of it. */
export function checkChangelog(markdown: string, release: readonly string[], file: string = OPERATIONS_CHANGELOG): ChangelogVerdict {
  const fields = releaseFields(markdown);
  const match = fields.find((field) => release.every((pkg) => field.packages.includes(pkg)));
  if (match) return { ok: true, line: match.line };
  const wanted = release.join(', ');
  const closest = fields[0];
  if (!closest) return { ok: false, message: `${file}:1:1: Unexpected changelog without a \`**Release**:\` field, expected an entry whose \`**Release**:\` lists ${wanted}` };
  const lacking = release.filter((pkg) => !closest.packages.includes(pkg));
  return {
    ok: false,
    message: `${file}:${closest.line}:1: Unexpected newest \`**Release**:\` field without ${lacking.join(', ')}, expected an entry for the release listing ${wanted}`,
  };
}

/** The `operations-changelog` proof step. */
export function operationsChangelog(root: string, write: (text: string) => void): number {
  const listed = workspacePackages(root);
  if (!listed.ok) {
    write(`${listed.message}\n`);
    return 1;
  }
  const release = releaseOf(listed.packages);
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
  write(`${OPERATIONS_CHANGELOG}:${verdict.line}: the release ${release.join(', ')} has its entry\n`);
  return 0;
}
