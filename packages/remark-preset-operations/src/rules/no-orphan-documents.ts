import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import markdownExtensions from 'markdown-extensions';
import { globMatcher, toPosix, type LintContext } from '../context.js';
import { defaultAllow } from '../options.js';
import { defineRule } from '../rule.js';

const markdown = new RegExp(`\\.(?:${markdownExtensions.join('|')})$`, 'iu');

function named(context: LintContext, filePath: string): boolean {
  return context.contract.contract.layers.some((layer) => layer.documentation.some((path) => resolve(context.root, context.fileFor(path)) === filePath));
}

/** Files under `dir` (relative to it, forward slashes) that the linter does not read itself: they are not Markdown. */
function otherFiles(dir: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) return otherFiles(join(dir, entry.name), `${path}/`);
    return markdown.test(entry.name) ? [] : [path];
  });
}

/** Every file under the contract's folder is named by the contract or matches the allow-list. */
export const noOrphanDocuments = defineRule('no-orphan-documents', (_tree, context, report, options) => {
  const allow = options.allow ?? defaultAllow;
  const allowed = globMatcher(context.run, allow);
  const globs = allow.map((glob) => `\`${glob}\``).join(', ') || 'none';
  if (context.isContract) {
    // Markdown files report themselves; other files are never read, so the contract reports them.
    for (const path of otherFiles(context.operationsDir)) {
      if (allowed(path) || named(context, join(context.operationsDir, path))) continue;
      const shown = toPosix(relative(context.root, join(context.operationsDir, path)));
      report(`Unexpected file \`${shown}\`: the contract does not name it and no \`allow\` glob (${globs}) matches it`);
    }
    return;
  }
  if (!context.isOperationsDocument || named(context, context.filePath) || allowed(context.operationsPath)) return;
  report(`Unexpected document \`${context.relativePath}\`: the contract does not name it and no \`allow\` glob (${globs}) matches it`);
});
