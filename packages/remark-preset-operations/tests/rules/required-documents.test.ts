import { describe, expect, it } from 'vitest';
import { contractPath, edit, lineOf, lintRule, tempRepo } from '../helpers.js';

describe('required-documents', () => {
  it('passes when every document an active layer names exists', async () => {
    expect(await lintRule('required-documents', tempRepo(), contractPath)).toEqual([]);
  });

  it('reports a missing document at the line where the contract names it', async () => {
    const root = tempRepo({ 'docs/operations/ROLLBACKS.md': null });
    const messages = await lintRule('required-documents', root, contractPath);
    expect(messages).toEqual([
      expect.objectContaining({ line: lineOf(root, contractPath, '`docs/operations/ROLLBACKS.md`'), reason: expect.stringMatching(/^Missing document `docs\/operations\/ROLLBACKS\.md`: active Layer 2/u) }),
    ]);
  });

  it('reports a document outside docs/operations/ or not Markdown', async () => {
    const root = tempRepo({ 'notes/ROLLBACKS.txt': 'text' });
    edit(root, contractPath, '`docs/operations/ROLLBACKS.md`', '`notes/ROLLBACKS.txt`');
    const messages = await lintRule('required-documents', root, contractPath);
    expect(messages).toEqual([expect.objectContaining({ reason: expect.stringContaining('expected a Markdown file under `docs/operations/`') })]);
  });

  it('asks nothing of dormant layers', async () => {
    const root = tempRepo();
    edit(root, contractPath, '**Current Status**: **NOT IMPLEMENTED**', '**Documentation**:\n- `docs/operations/POLICY.md`\n\n**Current Status**: **NOT IMPLEMENTED**');
    expect(await lintRule('required-documents', root, contractPath)).toEqual([]);
  });
});
