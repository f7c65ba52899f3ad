import { join, relative } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { viewFor } from '../src/fs-view.js';
import plugin from '../src/index.js';
import { contractText, ESLint, tempTree } from './helpers.js';

/**
 * A processor as `@eslint/markdown` and `eslint-plugin-mdx` are: each fenced
 * `ts` block of a Markdown file is linted as `<file>.md/<n>.ts`, a name with
 * no file on disk.
 */
const fenced = {
  meta: { name: 'fenced' },
  preprocess(text: string) {
    const blocks: { text: string; filename: string }[] = [];
    const lines = text.split('\n');
    for (let at = 0; at < lines.length; at += 1) {
      if (lines[at] !== '```ts') continue;
      const end = lines.indexOf('```', at + 1);
      blocks.push({ text: `${lines.slice(at + 1, end).join('\n')}\n`, filename: `${blocks.length}.ts` });
      at = end;
    }
    return blocks;
  },
  postprocess(messages: { line: number }[][]) {
    return messages.flat();
  },
};

describe('code blocks a processor takes out of a Markdown file', () => {
  it('are checked from the folder of the file they are in, without looking inside the file as if it were a folder', async () => {
    const dir = tempTree({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText,
      'src/reflection/plan.ts': '// @layer 5\nexport const plan = 1;\n',
      'src/guards/check.ts': 'export const check = () => true;\n',
      'docs/guides/usage.md': "# Usage\n\n```ts\nimport { plan } from '../../src/reflection/plan';\nimport { check } from '../../src/guards/check';\nsetInterval(() => check(), plan);\n```\n",
      'docs/guides/plain.md': "# Plain\n\n```ts\nimport { check } from '../../src/guards/check';\ncheck();\n```\n",
    });
    const config = [
      ...tseslint.configs.recommended,
      { files: ['**/*.md'], plugins: { fenced: { processors: { ts: fenced } } }, processor: 'fenced/ts' },
      plugin.configs.recommended,
      { settings: { bookiji: { layers: { 0: ['src/guards/**'], 1: ['docs/guides/usage.md/**'] } } } },
    ];
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never });
    const results = await eslint.lintFiles(['docs/guides/*.md']);
    const messages = results.flatMap((result) => result.messages.map((m) => `${relative(dir, result.filePath)} ${m.ruleId} ${m.message.split(',')[0]}`)).sort();
    expect(messages).toEqual([
      'docs/guides/usage.md @bookiji/no-background-execution Unexpected `setInterval` in human-only Layer 1 (Incident Response & Learning)',
      'docs/guides/usage.md @bookiji/no-dormant-layer-import Unexpected import of `../../src/reflection/plan`',
    ]);
  });
});

describe('a look at a path on disk', () => {
  it('finds nothing through a file, where the file system says ENOTDIR rather than ENOENT', () => {
    const dir = tempTree({ 'docs/usage.md': '# Usage\n' });
    const view = viewFor(null);
    expect(view.stat(join(dir, 'docs/usage.md/docs/operations/OPERATIONAL_LAYERS.md'))).toBeUndefined();
    expect(view.stat(join(dir, 'docs/usage.md'))?.isFile()).toBe(true);
  });
});
