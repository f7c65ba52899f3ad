import { join, relative } from 'node:path';
import json from '@eslint/json';
import markdown from '@eslint/markdown';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { viewFor } from '../src/fs-view.js';
import plugin from '../src/index.js';
import { contractText, ESLint, tempTree } from './helpers.js';

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
      // Each fenced `ts` block is linted as `docs/guides/usage.md/0.ts`, a name with no file on disk.
      ...markdown.configs.processor,
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

describe('files in ESLint\'s other languages', () => {
  it('hold no code for the rules, in a layer or not, with the configs applying to every file', async () => {
    const dir = tempTree({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText,
      'src/layer-4/settings.json': '{ "every": "1h" }\n',
      'src/layer-4/notes.md': '# Notes\n\n```ts\nexport const later = 1;\n```\n',
      'src/layer-4/plan.ts': 'export const plan = 1;\n',
    });
    const config = [
      ...tseslint.configs.recommended,
      plugin.configs.recommended,
      { files: ['**/*.json'], language: 'json/json', ...json.configs.recommended },
      ...markdown.configs.recommended,
    ];
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never });
    const results = await eslint.lintFiles(['src']);
    const messages = results.flatMap((result) => result.messages.map((m) => `${relative(dir, result.filePath)} ${m.ruleId}`)).sort();
    expect(messages).toEqual(['src/layer-4/plan.ts @bookiji/no-dormant-layer-code']);
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
