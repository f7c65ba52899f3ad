import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { Processor } from 'unified';

/**
 * GitHub's tables, which document schemas check, without the rest of GFM:
 * autolinks, footnotes and strikethrough change nothing the rules read, and
 * parsing them costs a third of the time on a large set of documents.
 */
export function gfmTables(this: Processor): undefined {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
  return undefined;
}
