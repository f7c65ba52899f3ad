import { gfmTableFromMarkdown, gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';

/**
 * GitHub's tables, which document schemas check, without the rest of GFM:
 * autolinks, footnotes and strikethrough change nothing the rules read, and
 * parsing them costs a third of the time on a large set of documents.
 */
export function gfmTables(this: Processor): undefined {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
  // `--stdout` writes the documents back out, tables and all.
  (data.toMarkdownExtensions ??= []).push(gfmTableToMarkdown());
  return undefined;
}

/**
 * A parser for documents the preset reads itself (another document a rule
 * consults, the worker's documents), parsing exactly as a run of the preset
 * does when nothing else changes its parser (see `sharesTrees` in index.ts).
 */
export function documentParser() {
  return unified().use(remarkParse).use(gfmTables);
}
