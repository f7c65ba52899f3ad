import { resolve } from 'node:path';
import { readDocument } from '../context.js';
import { anchors } from '../markdown.js';
import { defineRule } from '../rule.js';

/** Every scope item of every active layer is mapped to an existing heading, and no mapping is stale. */
export const traceability = defineRule('traceability', (_tree, context, report, options) => {
  if (!context.isContract || !options.traceability) return;
  const map = options.traceability.layers;
  const layers = context.contract.contract.layers;
  for (const layer of layers) {
    if (layer.status !== 'active') continue;
    const entries = map[String(layer.number)] ?? {};
    layer.scope.forEach((item, index) => {
      const at = layer.locations.scope[index];
      const target = entries[item];
      if (target === undefined) {
        report(`Scope item \`${item}\` of Layer ${layer.number} is not mapped to the heading that covers it in the traceability map`, at);
        return;
      }
      const [path = '', anchor = ''] = target.split('#');
      const tree = readDocument(context.run, resolve(context.root, path));
      if (!tree) {
        report(`Scope item \`${item}\` of Layer ${layer.number} is mapped to \`${path}\`, which does not exist`, at);
      } else if (!anchors(tree).has(anchor)) {
        report(`Scope item \`${item}\` of Layer ${layer.number} is mapped to \`${target}\`, but \`${path}\` has no heading \`#${anchor}\``, at);
      }
    });
  }
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
