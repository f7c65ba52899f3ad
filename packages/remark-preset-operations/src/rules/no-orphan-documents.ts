import { relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import { toPosix } from '../context.js';
import { defaultAllow } from '../options.js';
import { defineRule } from '../rule.js';

const matchers = new Map<string, (path: string) => boolean>();
function allowMatcher(globs: readonly string[]): (path: string) => boolean {
  const key = JSON.stringify(globs);
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = picomatch([...globs], { dot: true });
    matchers.set(key, matcher);
  }
  return matcher;
}

/** Every document under the contract's folder is named by the contract or matches the allow-list. */
export const noOrphanDocuments = defineRule('no-orphan-documents', (_tree, context, report, options) => {
  if (!context.isOperationsDocument || context.isContract || !context.contract || !context.operationsDir) return;
  const named = context.contract.contract.layers.some((layer) =>
    layer.documentation.some((path) => resolve(context.root, path) === context.filePath),
  );
  if (named) return;
  const allow = options.allow ?? defaultAllow;
  const inside = toPosix(relative(context.operationsDir, context.filePath));
  if (allowMatcher(allow).call(null, inside)) return;
  report(
    `Unexpected document \`${context.relativePath}\`: the contract does not name it and no \`allow\` glob (${allow.map((glob) => `\`${glob}\``).join(', ') || 'none'}) matches it`,
  );
});
