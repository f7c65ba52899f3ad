import { checkFile, configMessages, fileContext, layerWords } from '../file-context.js';
import { importVisitors } from '../imports.js';
import { describeReason } from '../membership.js';
import { createRule } from '../create-rule.js';

export default createRule({
  name: 'no-dormant-layer-import',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow importing or re-exporting a module that belongs to a dormant layer',
      recommended: true,
    },
    schema: [],
    messages: {
      ...configMessages,
      dormantImport:
        'Unexpected import of `{{source}}`, which is in dormant Layer {{layer}} ({{name}}) by {{reason}}, expected no use of a dormant layer: the contract says "{{words}}" ({{section}}).',
      dormantAutoImport:
        'Unexpected use of `{{imported}}`, auto-imported from `{{source}}`, which is in dormant Layer {{layer}} ({{name}}) by {{reason}}, expected no use of a dormant layer: the contract says "{{words}}" ({{section}}).',
    },
  },
  create(context) {
    const file = fileContext(context);
    const Program = (): void => void checkFile(context);
    const { index } = file;
    if (index === null) return { Program };
    const words = index.contract.dormancy.means[0] ?? 'Dormant';
    const visitors = importVisitors((site, source, _typeOnly, imported) => {
      const target = file.targetOf(source);
      if (target === null || target.layer.status !== 'dormant') return;
      const layer = layerWords(index, target.layer);
      context.report({
        ...site,
        messageId: imported === null ? 'dormantImport' : 'dormantAutoImport',
        data: { layer: layer.layer, name: layer.name, section: layer.section, source, words, reason: describeReason(target.reason), imported: imported ?? '' },
      });
    }, context, file);
    return { Program, ...visitors };
  },
});
