import { readFileSync } from 'node:fs';
import { parseMarkdown } from '@bookiji/contract';
import type { Code } from 'mdast';

/**
 * The adoption steps of a README: its fenced code blocks marked `adopt` in
 * their info string, in document order. GitHub shows only the language, so
 * the mark costs a reader nothing, and the README's own text is what the
 * adoption test runs:
 *
 *     ```sh adopt                               commands, one per line
 *     ```js adopt title="eslint.config.mjs"     a file to write, by its path
 */
export type Snippet =
  | { readonly kind: 'commands'; readonly commands: readonly string[]; readonly line: number }
  | { readonly kind: 'file'; readonly path: string; readonly text: string; readonly line: number };

const TITLE = /(?:^|\s)title="([^"]+)"/u;

export function adoptionSnippets(readmePath: string): Snippet[] {
  const tree = parseMarkdown(readFileSync(readmePath, 'utf8'));
  const snippets: Snippet[] = [];
  for (const node of tree.children) {
    if (node.type !== 'code' || !/(?:^|\s)adopt(?:\s|$)/u.test(node.meta ?? '')) continue;
    const line = node.position?.start.line ?? 1;
    const title = TITLE.exec(node.meta ?? '')?.[1];
    if (title !== undefined) snippets.push({ kind: 'file', path: title, text: `${node.value}\n`, line });
    else if (isShell(node)) snippets.push({ kind: 'commands', commands: node.value.split('\n').map((command) => command.trim()).filter((command) => command !== '' && !command.startsWith('#')), line });
    else throw new Error(`${readmePath}:${line}: an \`adopt\` block is commands (\`sh\`) or a file (\`title="path"\`)`);
  }
  return snippets;
}

function isShell(node: Code): boolean {
  return node.lang === 'sh' || node.lang === 'bash' || node.lang === 'shell';
}

export type Manager = 'npm' | 'pnpm' | 'yarn';

/**
 * The commands of a snippet a project of `manager` runs: the README writes
 * each step for npm and for pnpm; a yarn project runs the npm form, in yarn's
 * words (`npm install -D x` is `yarn add -D x`, `npx x` is `yarn x`).
 */
export function commandsFor(commands: readonly string[], manager: Manager): string[] {
  const own = (command: string) => (command.startsWith('pnpm ') ? 'pnpm' : /^(?:npm|npx) /u.test(command) ? 'npm' : 'any');
  const selected = commands.filter((command) => {
    const owner = own(command);
    return owner === 'any' || owner === (manager === 'yarn' ? 'npm' : manager);
  });
  if (manager !== 'yarn') return selected;
  return selected.map((command) =>
    command
      .replace(/^npm (?:install|i|add) (?:--save-dev|-D)\b/u, 'yarn add --dev')
      .replace(/^npm (?:install|i|add)\b/u, 'yarn add')
      .replace(/^npm create\b/u, 'yarn create')
      .replace(/^npm run\b/u, 'yarn run')
      .replace(/^npx\b/u, 'yarn'),
  );
}
