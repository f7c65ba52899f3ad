import { checkFile, configMessages, fileNode, layerWords } from '../file-context.js';
import { describeReason } from '../membership.js';
import { createRule } from '../create-rule.js';

export default createRule({
  name: 'no-dormant-layer-code',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow files that belong to a layer the contract marks dormant',
      recommended: true,
    },
    schema: [],
    messages: {
      ...configMessages,
      dormantCode:
        'Unexpected code in dormant Layer {{layer}} ({{name}}), expected none: the contract says "{{words}}" ({{section}}), and this file is in Layer {{layer}} by {{reason}}.',
    },
  },
  create(context) {
    return {
      Program(program) {
        const file = checkFile(context);
        const { index, membership } = file;
        if (index === null || membership.layer === null || membership.layer.status !== 'dormant') return;
        const words = layerWords(index, membership.layer);
        context.report({
          node: fileNode(program),
          messageId: 'dormantCode',
          data: {
            layer: words.layer,
            name: words.name,
            section: words.section,
            words: index.contract.dormancy.means[0] ?? 'Dormant',
            reason: describeReason(membership.reason),
          },
        });
      },
    };
  },
});
