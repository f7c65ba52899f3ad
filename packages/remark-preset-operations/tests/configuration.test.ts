import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import remarkParse from 'remark-parse';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import preset, { lintCommentReason, links, rules } from '@bookiji/remark-preset-operations';
import { packageDir, runCli, tempRepo } from './helpers.js';

// A `.remarkrc.js` lists the preset and may then set single rules, as people do
// with any remark-lint preset: `[rule, 'warn']` to downgrade, `[rule, false]` to turn off.

const notes = 'docs/operations/NOTES.md';
const text = '# Notes\n\n<!-- lint ignore no-automation-phrases -->\nLoose notes, see [gone](GONE.md).\n';

async function run(plugins: PluggableList): Promise<{ ruleId: string; fatal: boolean | null | undefined }[]> {
  const root = tempRepo({ [notes]: text });
  const file = new VFile({ path: notes, cwd: root, value: text });
  const processor = unified().use(remarkParse).use(plugins);
  await processor.run(processor.parse(file), file);
  return file.messages.map((message) => ({ ruleId: message.ruleId ?? '', fatal: message.fatal })).sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

describe('a configuration sets single rules of the preset', () => {
  it('reports every finding as an error with the preset alone', async () => {
    expect(await run([preset])).toEqual([
      { ruleId: 'lint-comment-reason', fatal: true },
      { ruleId: 'missing-file', fatal: true },
      { ruleId: 'no-orphan-documents', fatal: true },
    ]);
  });

  it('downgrades a rule to a warning, and the rule keeps the options the preset was given', async () => {
    expect(await run([preset, [rules['no-orphan-documents'], 'warn']])).toContainEqual({ ruleId: 'no-orphan-documents', fatal: false });
    expect((await run([[preset, { allow: ['NOTES.md'] }], [rules['no-orphan-documents'], 'warn']])).map((message) => message.ruleId)).not.toContain(
      'no-orphan-documents',
    );
    // Listed before the preset, the rule still reads the preset's options when it runs.
    expect((await run([[rules['no-orphan-documents'], 'warn'], [preset, { allow: ['NOTES.md'] }]])).map((message) => message.ruleId)).not.toContain(
      'no-orphan-documents',
    );
  });

  it('turns a rule, the link check or the comment check off', async () => {
    expect(await run([preset, [rules['no-orphan-documents'], false], [links, false], [lintCommentReason, false]])).toEqual([]);
  });
});

describe('docs-lint with a .remarkrc.js that downgrades a rule', { timeout: 90_000 }, () => {
  const root = tempRepo({ [notes]: '# Notes\n\nLoose notes.\n' });
  const presetUrl = pathToFileURL(join(packageDir, 'src', 'index.ts')).href;
  writeFileSync(
    join(root, '.remarkrc.js'),
    `import preset, { rules } from '${presetUrl}';\nexport default { plugins: [preset, [rules['no-orphan-documents'], 'warn']] };\n`,
  );
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');

  it.concurrent('exits 0 on warnings alone, and 1 on the same warnings with --frail', async () => {
    const [plain, frail] = await Promise.all([runCli([], root), runCli(['--frail'], root)]);
    expect(plain.stderr).toMatch(/docs\/operations\/NOTES\.md\n\s*1:1\s+warning\s+Unexpected document .* no-orphan-documents/u);
    expect(plain.code).toBe(0);
    expect(frail.stderr).toMatch(/1:1\s+warning\s+Unexpected document/u);
    expect(frail.code).toBe(1);
  });
});
