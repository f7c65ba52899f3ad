import { describe, expect, it } from 'vitest';
import { contractPath, edit, lineOf, lintRule, tempRepo } from '../helpers.js';

describe('contract-well-formed', () => {
  it('passes a well-formed contract', async () => {
    expect(await lintRule('contract-well-formed', tempRepo(), contractPath)).toEqual([]);
  });

  it('surfaces a contract diagnostic at its line and column, with the diagnostic id', async () => {
    const root = tempRepo();
    edit(root, contractPath, '| Layer 1 | Active |', '| Layer 1 | Sleeping |');
    const messages = await lintRule('contract-well-formed', root, contractPath);
    expect(messages).toContainEqual(
      expect.objectContaining({ line: lineOf(root, contractPath, '| Layer 1 |'), column: 1, reason: expect.stringMatching(/`Sleeping`.*\(layer-unknown-status\)$/u) }),
    );
  });

  it('reports only on the contract, not on other documents', async () => {
    const root = tempRepo();
    edit(root, contractPath, '**Last Updated**: 2025-12-27', '**Last Updated**: soon');
    expect(await lintRule('contract-well-formed', root, 'docs/operations/ROLLBACKS.md')).toEqual([]);
  });
});
