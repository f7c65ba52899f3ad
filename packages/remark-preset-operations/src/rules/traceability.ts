import { resolve } from 'node:path';
import type { SourcePoint } from '@bookiji/contract';
import type { VFile } from 'vfile';
import { readDocument, type Run } from '../context.js';
import { anchors } from '../markdown.js';
import { defineRule } from '../rule.js';

declare module 'vfile' {
  interface DataMap {
    /** The anchors of the file's headings, as the run read it. */
    operationsAnchors: ReadonlySet<string>;
  }
}

/** The anchors of the document at `path`: as the run read it when the run checks it, else as it is on disk; null when it cannot be read. */
function anchorsOf(run: Run, files: readonly VFile[], path: string): ReadonlySet<string> | null {
  const checked = files.find((file) => file.path && resolve(file.cwd, file.path) === path)?.data.operationsAnchors;
  if (checked) return checked;
  const tree = readDocument(run, path);
  return tree ? anchors(tree) : null;
}

/** Every scope item of every active layer is mapped to an existing heading, and no mapping is stale. */
export const traceability = defineRule('traceability', (tree, context, report, options, file) => {
  if (!options.traceability) return;
  // Every document's anchors, for the contract's check once the run has read them all: each is parsed once.
  file.data.operationsAnchors = anchors(tree);
  if (!context.isContract) return;
  const map = options.traceability.layers;
  const layers = context.contract.contract.layers;
  const targets: { item: string; layer: number; at: SourcePoint | undefined; target: string }[] = [];
  for (const layer of layers) {
    if (layer.status !== 'active') continue;
    const entries = map[String(layer.number)] ?? {};
    layer.scope.forEach((item, index) => {
      const at = layer.locations.scope[index];
      const target = entries[item];
      if (target === undefined) report(`Scope item \`${item}\` of Layer ${layer.number} is not mapped to the heading that covers it in the traceability map`, at);
      else targets.push({ item, layer: layer.number, at, target });
    });
  }
  report.afterRun((reportAfter, files) => {
    for (const { item, layer, at, target } of targets) {
      const [path = '', anchor = ''] = target.split('#');
      const found = anchorsOf(context.run, files, resolve(context.root, context.fileFor(path)));
      if (!found) {
        reportAfter(`Scope item \`${item}\` of Layer ${layer} is mapped to \`${path}\`, which does not exist`, at);
      } else if (!found.has(anchor)) {
        reportAfter(`Scope item \`${item}\` of Layer ${layer} is mapped to \`${target}\`, but \`${path}\` has no heading \`#${anchor}\``, at);
      }
    }
  });
  for (const [number, entries] of Object.entries(map)) {
    const layer = layers.find((candidate) => String(candidate.number) === number);
    for (const item of Object.keys(entries)) {
      if (!layer || layer.status !== 'active') {
        // At the layer's heading when the layer exists but is not active; a layer the contract lacks has no place.
        report(`Unexpected traceability entry \`${item}\` for Layer ${number}: the contract has no active Layer ${number}`, layer?.locations.heading);
      } else if (!layer.scope.includes(item)) {
        report(`Unexpected traceability entry \`${item}\` for Layer ${number}: the contract's scope for Layer ${number} has no such item`, layer.locations.heading);
      }
    }
  }
});
