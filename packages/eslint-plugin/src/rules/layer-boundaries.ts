import { checkFile, configMessages, fileContext, importAllowed, layerWords } from '../file-context.js';
import { importVisitors } from '../imports.js';
import { describeReason } from '../membership.js';
import { createRule } from '../create-rule.js';

export interface LayerBoundariesOptions {
  readonly allowTypeImports?: boolean;
}

export default createRule<[LayerBoundariesOptions], 'upwardImport' | 'upwardAutoImport' | keyof typeof configMessages>({
  name: 'layer-boundaries',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow a layer importing from a layer above it',
      recommended: true,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowTypeImports: {
            type: 'boolean',
            description: 'Allow imports TypeScript always erases (`import type`, `export type … from`, `import(\'…\')` types) from a layer above.',
          },
        },
      },
    ],
    defaultOptions: [{ allowTypeImports: false }],
    messages: {
      ...configMessages,
      upwardImport:
        'Unexpected import of `{{source}}` (Layer {{to}}, {{toName}}, by {{reason}}) from Layer {{from}} ({{fromName}}), expected Layer {{from}} or below: the contract says "{{interaction}}" ({{contract}}, Layer Interaction Rules).',
      upwardAutoImport:
        'Unexpected use of `{{imported}}`, auto-imported from `{{source}}` (Layer {{to}}, {{toName}}, by {{reason}}), in Layer {{from}} ({{fromName}}), expected Layer {{from}} or below: the contract says "{{interaction}}" ({{contract}}, Layer Interaction Rules).',
    },
  },
  create(context, [options]) {
    const file = fileContext(context);
    const Program = (): void => void checkFile(context);
    const { index, membership } = file;
    const from = membership.layer;
    // Only an active layer above this one can be imported against the rule: dormant targets are no-dormant-layer-import's.
    if (index === null || from === null || !index.contract.layers.some((layer) => layer.status !== 'dormant' && !importAllowed(index, from.number, layer.number))) return { Program };
    const allowTypeImports = options.allowTypeImports === true;
    const visitors = importVisitors((site, source, typeOnly, imported) => {
      if (typeOnly && allowTypeImports) return;
      const target = file.targetOf(source);
      // Dormant targets are no-dormant-layer-import's to report, once.
      if (target === null || target.layer.status === 'dormant' || importAllowed(index, from.number, target.layer.number)) return;
      context.report({
        ...site,
        messageId: imported === null ? 'upwardImport' : 'upwardAutoImport',
        data: {
          source,
          imported: imported ?? '',
          from: from.number,
          fromName: from.name,
          to: target.layer.number,
          toName: layerWords(index, target.layer).name,
          reason: describeReason(target.reason),
          interaction: index.contract.interactionRules.map((rule) => rule.interaction).find((text) => text !== '') ?? 'each layer builds on the layers below it',
          contract: index.displayPath,
        },
      });
    }, context, file);
    return { Program, ...visitors };
  },
});
