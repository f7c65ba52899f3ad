import { describe, expect, it } from 'vitest';
import { contractPath, lintRule, tempRepo } from '../helpers.js';

const rule = 'no-orphan-documents';

describe('no-orphan-documents', () => {
  it('passes documents the contract names and allowed postmortems', async () => {
    const root = tempRepo();
    expect(await lintRule(rule, root, 'docs/operations/CHANGELOG.md')).toEqual([]);
    expect(await lintRule(rule, root, 'docs/operations/incidents/postmortems/2026-01-01-calendar-sync.md')).toEqual([]);
    expect(await lintRule(rule, root, contractPath)).toEqual([]);
  });

  it('reports a document that is neither named nor allowed', async () => {
    const root = tempRepo({ 'docs/operations/NOTES.md': '# Notes\n' });
    expect(await lintRule(rule, root, 'docs/operations/NOTES.md')).toEqual([
      expect.objectContaining({ line: 1, column: 1, reason: expect.stringMatching(/^Unexpected document `docs\/operations\/NOTES\.md`/u) }),
    ]);
  });

  it('takes the allow-list from the options', async () => {
    const root = tempRepo({ 'docs/operations/drills/2026-03.md': '# Drill\n' });
    expect(await lintRule(rule, root, 'docs/operations/drills/2026-03.md', { allow: ['drills/*.md'] })).toEqual([]);
    expect(await lintRule(rule, root, 'docs/operations/incidents/postmortems/2026-01-01-calendar-sync.md', { allow: ['drills/*.md'] })).toHaveLength(1);
  });

  it('reports files that are not Markdown on the contract, since the linter never reads them', async () => {
    const root = tempRepo({ 'docs/operations/diagram.png': new Uint8Array([137, 80, 78, 71]) });
    expect(await lintRule(rule, root, contractPath)).toEqual([
      expect.objectContaining({ line: 1, reason: expect.stringContaining('`docs/operations/diagram.png`') }),
    ]);
  });

  it('ignores files outside docs/operations/', async () => {
    const root = tempRepo({ 'README.md': '# Readme\n' });
    expect(await lintRule(rule, root, 'README.md')).toEqual([]);
  });
});
