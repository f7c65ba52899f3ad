import { resolve } from 'node:path';
import type { Text } from 'mdast';
import picomatch from 'picomatch';
import { relative } from 'node:path';
import { visit } from 'unist-util-visit';
import { toPosix } from '../context.js';
import { defaultAllow, defaultAutomationPhrases } from '../options.js';
import { defineRule } from '../rule.js';

const compiled = new Map<string, RegExp>();
function phrases(sources: readonly string[]): RegExp {
  const key = sources.join('\u0000');
  let pattern = compiled.get(key);
  if (!pattern) {
    pattern = new RegExp(sources.map((source) => `(?:${source})`).join('|'), 'giu');
    compiled.set(key, pattern);
  }
  return pattern;
}

// A phrase stated as a prohibition ("nothing automatically rolls back") prescribes nothing.
const NEGATION = /\b(?:never|not|no|nothing|nobody|none|cannot|can't|don't|doesn't|won't|without)\b[^.;:!?]*$/iu;

/** In documents of human-only layers, no prose prescribes automation. */
export const noAutomationPhrases = defineRule('no-automation-phrases', (tree, context, report, options) => {
  if (!context.isOperationsDocument || context.isContract) return;
  const layers = context.contract.contract.layers;
  let owner = layers.find((layer) => layer.documentation.some((path) => resolve(context.root, path) === context.filePath));
  if (!owner) {
    // Allowed documents (postmortems) belong to the layer whose documents share their folder.
    const inside = toPosix(relative(context.operationsDir, context.filePath));
    if (!picomatch([...(options.allow ?? defaultAllow)])(inside)) return;
    const folder = context.relativePath.split('/').slice(0, -1).join('/');
    owner = layers.find((layer) => layer.documentation.some((path) => folder.startsWith(path.split('/').slice(0, -1).join('/'))));
  }
  if (!owner || !owner.humanOnly) return;
  const pattern = phrases(options.automationPhrases ?? defaultAutomationPhrases);
  visit(tree, 'text', (node: Text) => {
    pattern.lastIndex = 0;
    for (const match of node.value.matchAll(pattern)) {
      const before = node.value.slice(0, match.index);
      if (NEGATION.test(before)) continue;
      const start = node.position?.start;
      const lines = before.split('\n');
      const at = start
        ? { line: start.line + lines.length - 1, column: (lines.length === 1 ? start.column : 1) + lines.at(-1)!.length }
        : undefined;
      report(
        `Unexpected \`${match[0]}\`: Layer ${owner.number} (${owner.name}) is human-only ("${owner.humanOnlyEvidence}"), so its documents never prescribe automation`,
        at,
      );
    }
  });
});
