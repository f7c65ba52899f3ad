import picomatch from 'picomatch';
import { checkFile, configMessages, fileContext, fileNode } from '../file-context.js';
import { relativePosix } from '../membership.js';
import { createRule } from '../create-rule.js';

export interface RequireLayerDeclarationOptions {
  readonly sourceRoots?: readonly string[];
}

export const defaultSourceRoots: readonly string[] = ['**/src/**'];

export default createRule<[RequireLayerDeclarationOptions], 'undeclaredLayer' | keyof typeof configMessages>({
  name: 'require-layer-declaration',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require every file under the source roots to belong to a layer of the contract',
      recommended: false,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          sourceRoots: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Globs of the files that must belong to a layer, relative to `settings.bookiji.root` (by default ESLint\'s working directory).',
          },
        },
      },
    ],
    defaultOptions: [{ sourceRoots: defaultSourceRoots }],
    messages: {
      ...configMessages,
      undeclaredLayer:
        'Unexpected source file in no layer, expected a `/* @layer N */` tag, a glob in settings.bookiji.layers (or settings.bookiji.unlayered) or a folder named after a layer such as `{{example}}`: the contract sorts Bookiji\'s operations into Layers {{known}} ({{contract}}, Layer Overview).',
    },
  },
  create(context, [options]) {
    const matches = picomatch([...(options.sourceRoots ?? defaultSourceRoots)], { dot: true });
    return {
      Program(program) {
        checkFile(context);
        const { index, membership, settings, filename } = fileContext(context);
        if (index === null || membership.layer !== null || membership.reason?.kind === 'unlayered') return;
        const rel = relativePosix(settings.base, filename);
        if (rel === null || !matches(rel)) return;
        const example = index.contract.layers[0];
        context.report({
          node: fileNode(program),
          messageId: 'undeclaredLayer',
          data: {
            example: example ? `layer-${example.number}` : 'layer-0',
            known: index.contract.layers.map((layer) => layer.number).join(', '),
            contract: index.displayPath,
          },
        });
      },
    };
  },
});
