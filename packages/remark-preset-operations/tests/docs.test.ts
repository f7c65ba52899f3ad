import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintCommentReason, rules } from '@bookiji/remark-preset-operations';
import { packageDir, tempRepo } from './helpers.js';
import { VFile } from 'vfile';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { toString } from 'mdast-util-to-string';
import preset from '@bookiji/remark-preset-operations';

const docsDir = join(packageDir, 'docs', 'rules');
const ruleIds = [...Object.keys(rules), 'lint-comment-reason', 'links'];
const sections = ['What it checks', 'Why', 'Options', 'Failing example', 'Passing example', 'When not to use it'];

describe('rule docs', () => {
  it('every rule has a doc, a test and a source file of the same name, and nothing else has a doc', () => {
    expect(readdirSync(docsDir).sort()).toEqual(ruleIds.map((id) => `${id}.md`).sort());
    for (const id of ruleIds) {
      expect(existsSync(join(packageDir, 'src', 'rules', `${id}.ts`)), id).toBe(true);
      expect(existsSync(join(packageDir, 'tests', 'rules', `${id}.test.ts`)), id).toBe(true);
    }
  });

  it.each(ruleIds)('%s has the same sections as every rule doc, in order', (id) => {
    const text = readFileSync(join(docsDir, `${id}.md`), 'utf8');
    expect(text.startsWith(`# ${id}\n`)).toBe(true);
    const headings = unified()
      .use(remarkParse)
      .parse(text)
      .children.flatMap((node) => (node.type === 'heading' && node.depth === 2 ? [toString(node)] : []));
    expect(headings).toEqual(sections);
  });

  it('rule plugins are named after their rule id', () => {
    for (const [id, rule] of Object.entries(rules)) expect(rule.name).toBe(`operations:${id}`);
    expect(lintCommentReason.name).toBe('operations:lint-comment-reason');
  });

  it("each message's url is its rule's doc", async () => {
    const root = tempRepo({
      'docs/operations/NOTES.md': '# Notes\n\n<!-- lint ignore -->\nThe bot will page. See [gone](GONE.md).\n',
      'docs/operations/layer-5/X.md': '# X\n',
    });
    const file = new VFile({ path: 'docs/operations/NOTES.md', cwd: root, value: readFileSync(join(root, 'docs/operations/NOTES.md')) });
    const processor = unified().use(remarkParse).use(preset, { allow: ['layer-5/*.md'] });
    await processor.run(processor.parse(file), file);
    const found = new Set<string>();
    for (const message of file.messages) {
      const id = message.ruleId!.startsWith('missing-') ? 'links' : message.ruleId!;
      expect(message.url).toBe(new URL(`file://${join(docsDir, `${id}.md`)}`).href);
      expect(existsSync(fileURLToPath(message.url!))).toBe(true);
      found.add(id);
    }
    expect([...found].sort()).toEqual(['links', 'lint-comment-reason', 'no-orphan-documents']);
  });
});
