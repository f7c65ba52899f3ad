import type { Definition, Image, Link, Nodes, Root, RootContent } from 'mdast';
import remarkValidateLinks from 'remark-validate-links';
import type { Processor } from 'unified';
import type { FileSet } from 'unified-engine';
import type { VFile } from 'vfile';
import { withinBounds } from '../bounds.js';
import { holdError } from '../held-errors.js';
import { eachNode } from '../markdown.js';
import { ruleDocUrl, ruleSource, severityOf, type RuleSetting } from '../rule.js';

const SOURCE = 'remark-validate-links';

/** Broken links in operations documents are errors (unless set to warnings), and their messages link to this preset's page on links. */
function promote(files: readonly VFile[], fatal: boolean): void {
  for (const file of files) {
    for (const message of file.messages) {
      if (!message.source?.startsWith(SOURCE)) continue;
      message.fatal = fatal;
      message.url = ruleDocUrl('links');
    }
  }
}

function linkPromotion(this: Processor, { fatal }: { fatal: boolean }, fileSet?: FileSet): ((tree: Root, file: VFile) => void) | undefined {
  if (!fileSet) return (_tree, file) => promote([file], fatal);
  // Cross-file links are checked once every file has been read, by a completer registered just before this one.
  const completer = (set: FileSet) => promote(set.valueOf(), fatal);
  completer.pluginId = 'bookiji-operations-links';
  fileSet.use(completer);
  return undefined;
}

const SCHEME = /^(?:[a-z][a-z\d+.-]*:|\/\/)/iu;

/** A relative URL whose path remark-validate-links cannot decode: a `%` that starts no escape (`50%.md`). */
function undecodable(url: string): boolean {
  if (SCHEME.test(url)) return false;
  try {
    decodeURIComponent(url.split('#')[0] ?? '');
    return false;
  } catch {
    return true;
  }
}

type Linkable = Link | Image | Definition;

/**
 * What remark-validate-links reads of a tree: headings (its anchors), nodes
 * with a URL and nodes with an id in their data, each with everything inside
 * it, in document order. It visits every node of the tree it is given with a
 * visitor that allocates for each node, so it is given a root that holds these
 * alone: it finds the same anchors and links, at the same positions, for a
 * fraction of the work on documents that are mostly prose and tables.
 */
function linkSkeleton(tree: Root): Root {
  const kept: Nodes[] = [];
  eachNode(tree, (node) => {
    const data = node.data as { id?: unknown; hProperties?: { id?: unknown; name?: unknown } } | undefined;
    if (node.type !== 'root' && (node.type === 'heading' || 'url' in node || data?.id || data?.hProperties?.id || data?.hProperties?.name)) {
      kept.push(node);
      return false;
    }
    return true;
  });
  return { ...tree, children: kept as RootContent[] };
}

/** The links of a tree, inside headings and other links too. */
function linkables(nodes: readonly Nodes[]): Linkable[] {
  const found: Linkable[] = [];
  for (const node of nodes) {
    eachNode(node, (inner) => {
      if (inner.type === 'link' || inner.type === 'image' || inner.type === 'definition') found.push(inner);
    });
  }
  return found;
}

/**
 * remark-validate-links, except that a link it cannot decode is a finding at the
 * link instead of an exception that fails the whole run. Such links are hidden
 * from it (their URL is empty while it reads the tree) and given back after.
 */
function validateLinks(this: Processor, { fatal }: { fatal: boolean }, fileSet?: FileSet) {
  const transform = remarkValidateLinks.call(this, { repository: false }, fileSet);
  return async (tree: Root, file: VFile): Promise<undefined> => {
    // remark-validate-links walks the tree with recursion: a tree past the bounds is not given to it.
    const skeleton = withinBounds(tree, file) ? linkSkeleton(tree) : { type: 'root' as const, children: [] };
    const hidden: { node: Linkable; url: string }[] = [];
    for (const node of linkables(skeleton.children)) {
      if (!undecodable(node.url)) continue;
      const message = file.message(`Unexpected \`%\` that starts no escape in the link \`${node.url}\`, expected \`%25\` for a percent sign`, {
        place: node.position,
        ruleId: 'malformed-url',
        source: ruleSource,
      });
      message.url = ruleDocUrl('links');
      if (fatal) holdError(message, file, fileSet);
      hidden.push({ node, url: node.url });
      node.url = '';
    }
    try {
      await transform(skeleton, file);
    } finally {
      for (const { node, url } of hidden) node.url = url;
    }
    return undefined;
  };
}

/**
 * Relative links and heading anchors resolve, checked by remark-validate-links
 * across every file of the run. Hosted-repository URLs are not checked: the
 * docs are read offline and without a Git remote.
 */
export function links(this: Processor, setting?: RuleSetting, fileSet?: FileSet): undefined {
  const { severity } = severityOf('links', setting);
  if (severity === 0) return undefined;
  // In an object: unified skips a plugin whose first option is `false`.
  this.use(validateLinks, { fatal: severity === 2 }, fileSet);
  this.use(linkPromotion, { fatal: severity === 2 }, fileSet);
  return undefined;
}
