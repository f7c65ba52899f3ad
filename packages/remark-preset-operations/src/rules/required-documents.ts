import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { toPosix } from '../context.js';
import { defineRule } from '../rule.js';

/**
 * Every document an active layer names exists, and is a Markdown file under the
 * contract's folder; or, when `documentPaths` maps it to another file, that
 * file exists and is Markdown. A mapping of a path the contract does not name
 * is stale.
 */
export const requiredDocuments = defineRule('required-documents', (_tree, context, report, options) => {
  if (!context.isContract) return;
  const operations = toPosix(relative(context.root, context.operationsDir));
  const named = new Set<string>();
  for (const layer of context.contract.contract.layers) {
    layer.documentation.forEach((path) => named.add(toPosix(relative(context.root, resolve(context.root, path)))));
    if (layer.status !== 'active') continue;
    layer.documentation.forEach((path, index) => {
      const at = layer.locations.documentation[index];
      const file = context.fileFor(path);
      const absolute = resolve(context.root, file);
      const mapped = file !== path ? ` (for the contract's \`${path}\`, mapped by \`documentPaths\`)` : '';
      const inside = toPosix(relative(context.operationsDir, absolute));
      if (!/\.md$/iu.test(file) || (mapped === '' && inside.startsWith('../'))) {
        report(`Unexpected document \`${file}\`${mapped} for Layer ${layer.number}, expected a Markdown file${mapped === '' ? ` under \`${operations}/\`` : ''}`, at);
      } else if (!statSync(absolute, { throwIfNoEntry: false })?.isFile()) {
        report(`Missing document \`${file}\`${mapped}: active Layer ${layer.number} (${layer.name}) names it in the contract`, at);
      }
    });
  }
  for (const path of Object.keys(options.documentPaths ?? {})) {
    if (!named.has(toPosix(relative(context.root, resolve(context.root, path))))) report(`Unexpected \`documentPaths\` entry \`${path}\`, expected a document the contract names`);
  }
});
