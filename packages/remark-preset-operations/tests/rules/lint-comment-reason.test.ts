import { describe, expect, it } from 'vitest';
import { lint, lintRule, tempRepo } from '../helpers.js';

const rule = 'lint-comment-reason';
const path = 'docs/operations/ROLLBACKS.md';
const check = (text: string) => lintRule(rule, tempRepo(), path, undefined, text);

describe('lint-comment-reason', () => {
  it('passes an ignore comment with a reason', async () => {
    expect(await check('# Rollbacks\n\n<!-- lint ignore no-automation-phrases reason="Quotes the vendor\'s manual." -->\nText.\n')).toEqual([]);
  });

  it('reports an ignore comment without a reason', async () => {
    expect(await check('# Rollbacks\n\n<!-- lint ignore no-automation-phrases -->\nText.\n')).toEqual([
      expect.objectContaining({ line: 3, column: 1, reason: expect.stringContaining('without a reason') }),
    ]);
  });

  it('cannot be silenced by the comment it reports', async () => {
    expect(await check('# Rollbacks\n\n<!-- lint ignore -->\nText.\n')).toHaveLength(1);
  });

  it('reports a disable of the automation rule, which is silenced one instance at a time', async () => {
    const messages = await check('# Rollbacks\n\n<!-- lint disable no-automation-phrases reason="Too many." -->\n');
    expect(messages).toEqual([expect.objectContaining({ line: 3, reason: expect.stringContaining('expected `lint ignore no-automation-phrases`') })]);
  });

  it('reports a lint comment remark cannot read', async () => {
    expect(await check('# Rollbacks\n\n<!-- lint ignore no-automation-phrases: it quotes -->\n')).toEqual([
      expect.objectContaining({ line: 3, reason: expect.stringContaining('cannot read') }),
    ]);
  });

  it('reports a lint comment with an unknown keyword at the comment, and the document is still checked', async () => {
    const root = tempRepo();
    const messages = await lint(root, path, undefined, '# Rollbacks\n\n<!-- lint skip no-automation-phrases -->\nThe bot will page the deputy.\n');
    expect(messages.map((message) => [message.ruleId, message.line, message.column, message.fatal])).toEqual([
      ['no-automation-phrases', 4, 1, true],
      ['lint-comment-reason', 3, 1, true],
    ]);
    expect(messages[1]?.reason).toBe('Unexpected `lint skip`, expected `lint ignore`, `lint disable` or `lint enable`');
  });
});
