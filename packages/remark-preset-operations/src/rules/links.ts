import type { Root } from 'mdast';
import remarkValidateLinks from 'remark-validate-links';
import type { Processor } from 'unified';
import type { FileSet } from 'unified-engine';
import type { VFile } from 'vfile';
import { ruleDocUrl } from '../rule.js';

const SOURCE = 'remark-validate-links';

/** Broken links in operations documents are errors, and their messages link to this preset's page on links. */
function promote(files: readonly VFile[]): void {
  for (const file of files) {
    for (const message of file.messages) {
      if (!message.source?.startsWith(SOURCE)) continue;
      message.fatal = true;
      message.url = ruleDocUrl('links');
    }
  }
}

function linkPromotion(this: Processor, _options?: undefined, fileSet?: FileSet): ((tree: Root, file: VFile) => void) | undefined {
  if (!fileSet) return (_tree, file) => promote([file]);
  // Cross-file links are checked once every file has been read, by a completer registered just before this one.
  const completer = (set: FileSet) => promote(set.valueOf());
  completer.pluginId = 'bookiji-operations-links';
  fileSet.use(completer);
  return undefined;
}

/**
 * Relative links and heading anchors resolve, checked by remark-validate-links
 * across every file of the run. Hosted-repository URLs are not checked: the
 * docs are read offline and without a Git remote.
 */
export function links(this: Processor, _options?: undefined, fileSet?: FileSet): undefined {
  this.use(remarkValidateLinks, { repository: false }, fileSet);
  this.use(linkPromotion, undefined, fileSet);
  return undefined;
}
