import type { Nodes, Root } from 'mdast';
import type { FileSet } from 'unified-engine';
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { withinBounds } from './bounds.js';
import { holdError } from './held-errors.js';
import { eachNode } from './markdown.js';
import { ruleDocUrl, ruleSource } from './rule.js';

/** Whether any comment of the tree (HTML, or an MDX expression) could be a `lint` marker. */
const COMMENT_TYPES = new Set(['html', 'comment', 'mdxFlowExpression', 'mdxTextExpression']);
function hasLintComment(tree: Nodes): boolean {
  let found = false;
  eachNode(tree, (node) => {
    if (COMMENT_TYPES.has(node.type) && 'value' in node && typeof node.value === 'string' && node.value.includes('lint')) found = true;
    return !found;
  });
  return found;
}

/**
 * Applies `<!-- lint ignore|disable|enable … -->` comments to the preset's messages.
 * A comment with another keyword is a mistake in the document, so it is a finding
 * at the comment (the other comments of that document are then not applied),
 * not a failure of the whole run.
 */
export function lintComments(_options?: undefined, fileSet?: FileSet): (tree: Root, file: VFile) => Promise<undefined> | undefined {
  let control: ((tree: Root, file: VFile) => void) | undefined;
  return async (tree, file) => {
    // remark-message-control walks the tree with recursion: a tree past the bounds is not given to it.
    if (!withinBounds(tree, file)) return undefined;
    // Message control only filters this preset's messages: a document without a `lint` comment and
    // without such a message needs none of it, and most documents are such.
    if (!file.messages.some((message) => message.source === ruleSource) && !hasLintComment(tree)) return undefined;
    control ??= (await import('remark-message-control')).default({ name: 'lint', source: ruleSource }) as (tree: Root, file: VFile) => void;
    try {
      control(tree, file);
    } catch (error) {
      if (!(error instanceof VFileMessage) || !file.messages.includes(error)) throw error;
      const keyword = /^Unknown keyword `([^`]*)`/u.exec(error.reason)?.[1];
      const reason = keyword === undefined ? error.reason : `Unexpected \`lint ${keyword}\`, expected \`lint ignore\`, \`lint disable\` or \`lint enable\``;
      Object.assign(error, { reason, message: reason, ruleId: 'lint-comment-reason', source: ruleSource, url: ruleDocUrl('lint-comment-reason') });
      holdError(error, file, fileSet);
    }
    return undefined;
  };
}
