import { fieldsOf, layerOfName, layerOfPath, plainText, point, type Layer } from '@bookiji/contract';
import { headings } from '../markdown.js';
import { defineRule } from '../rule.js';

const dormant = (layer: Layer | null): layer is Layer => layer?.status === 'dormant';

/** No document under the contract's folder stands for a dormant layer: dormant layers exist only in the contract. */
export const noDormantLayerDocuments = defineRule('no-dormant-layer-documents', (tree, context, report) => {
  if (!context.isOperationsDocument || context.isContract) return;
  const { contract } = context.contract;
  if (!contract.layers.some((layer) => layer.status === 'dormant')) return;
  // The document's layer as the contract places any file (the ESLint plugin places code the same way): the deepest
  // folder that names a layer decides (`layer-4/ROLLBACKS.md` is Layer 4), else the file's own name.
  const byPath = layerOfPath(contract, context.operationsPath, { includeFile: true })?.layer ?? null;
  if (dormant(byPath)) {
    report(`Unexpected document \`${context.relativePath}\` for dormant Layer ${byPath.number} (${byPath.name}): the contract says a dormant layer exists only as its definition in the contract`);
    return;
  }
  const declaration = fieldsOf(tree.children)
    .filter((field) => /^layers?$/iu.test(field.label))
    .map((field) => ({ field, layer: layerOfName(contract, field.value) }))
    .find(({ layer }) => dormant(layer));
  if (declaration) {
    const { number, name } = declaration.layer!;
    report(`Unexpected document for dormant Layer ${number} (${name}): it declares itself part of a layer that exists only as its definition in the contract`, declaration.field.position);
    return;
  }
  const title = headings(tree).find((heading) => heading.depth === 1);
  const claimed = title ? layerOfName(contract, plainText(title)) : null;
  if (dormant(claimed)) {
    report(`Unexpected document for dormant Layer ${claimed.number} (${claimed.name}): its title claims a layer that exists only as its definition in the contract`, point(title));
  }
});
