import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { toPosix } from '../context.js';
import { defineRule } from '../rule.js';

/** Every document an active layer names exists, and is a Markdown file under the contract's folder. */
export const requiredDocuments = defineRule('required-documents', (_tree, context, report) => {
  if (!context.isContract) return;
  const operations = toPosix(relative(context.root, context.operationsDir));
  for (const layer of context.contract.contract.layers) {
    if (layer.status !== 'active') continue;
    layer.documentation.forEach((path, index) => {
      const at = layer.locations.documentation[index];
      const absolute = resolve(context.root, path);
      const inside = toPosix(relative(context.operationsDir, absolute));
      if (inside.startsWith('../') || !/\.md$/iu.test(path)) {
        report(`Unexpected document \`${path}\` for Layer ${layer.number}, expected a Markdown file under \`${operations}/\``, at);
      } else if (!statSync(absolute, { throwIfNoEntry: false })?.isFile()) {
        report(`Missing document \`${path}\`: active Layer ${layer.number} (${layer.name}) names it in the contract`, at);
      }
    });
  }
});
