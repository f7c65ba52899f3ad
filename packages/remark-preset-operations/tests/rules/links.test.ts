import { describe, expect, it } from 'vitest';
import { lint, tempRepo } from '../helpers.js';

const path = 'docs/operations/ROLLBACKS.md';

describe('links (remark-validate-links)', () => {
  it('passes links to existing files and headings', async () => {
    const text = '# Rollbacks\n\nSee [severity](incidents/SEVERITY_MODEL.md) and [below](#when).\n\n## When\n';
    expect(await lint(tempRepo({ [path]: text }), path)).toEqual([]);
  });

  it('reports a missing file and a missing heading as errors with this preset\'s page', async () => {
    const text = '# Rollbacks\n\nSee [gone](GONE.md) and [nowhere](#nowhere).\n';
    const messages = await lint(tempRepo({ [path]: text }), path);
    expect(messages).toEqual([
      expect.objectContaining({ line: 3, column: 5, ruleId: 'missing-file', fatal: true }),
      expect.objectContaining({ line: 3, column: 25, ruleId: 'missing-heading', fatal: true }),
    ]);
  });

  it('reports a link with a `%` that starts no escape at the link, and checks the other links of the document', async () => {
    const text = '# Rollbacks\n\nSee [the 50% rule](50%-RULE.md) and [gone](GONE.md).\n\n[def]: 100%.md\n';
    const messages = await lint(tempRepo({ [path]: text }), path);
    expect(messages).toEqual([
      expect.objectContaining({ line: 3, column: 5, ruleId: 'malformed-url', fatal: true, reason: 'Unexpected `%` that starts no escape in the link `50%-RULE.md`, expected `%25` for a percent sign' }),
      expect.objectContaining({ line: 5, column: 1, ruleId: 'malformed-url', fatal: true }),
      expect.objectContaining({ line: 3, column: 37, ruleId: 'missing-file', fatal: true }),
    ]);
  });
});

