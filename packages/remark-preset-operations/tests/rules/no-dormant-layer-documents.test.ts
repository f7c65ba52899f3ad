import { describe, expect, it } from 'vitest';
import { contractPath, edit, lintRule, tempRepo } from '../helpers.js';

const rule = 'no-dormant-layer-documents';

describe('no-dormant-layer-documents', () => {
  it('passes documents of active layers', async () => {
    expect(await lintRule(rule, tempRepo(), 'docs/operations/ROLLBACKS.md')).toEqual([]);
  });

  it.each([
    ['docs/operations/layer-4/IDEAS.md'],
    ['docs/operations/LAYER_5.md'],
    ['docs/operations/strategic-reflection/2026.md'],
    ['docs/operations/POLICY_EVOLUTION.md'],
    // Any folder on the way counts, whatever the file's own name points at.
    ['docs/operations/layer-4/ROLLBACKS.md'],
  ])('reports %s, named for a dormant layer', async (path) => {
    const root = tempRepo({ [path]: '# Notes\n\nText.\n' });
    const messages = await lintRule(rule, root, path);
    expect(messages).toEqual([expect.objectContaining({ line: 1, reason: expect.stringMatching(/^Unexpected document .* for dormant Layer [45]/u) })]);
  });

  it('reports a document whose title or Layer field claims a dormant layer', async () => {
    const root = tempRepo({
      'docs/operations/incidents/postmortems/2026-02-01-review.md': '# Review\n\n**Layer**: Layer 5\n',
      'docs/operations/incidents/postmortems/2026-02-02-review.md': '# Strategic Reflection notes\n\nText.\n',
    });
    expect(await lintRule(rule, root, 'docs/operations/incidents/postmortems/2026-02-01-review.md')).toEqual([
      expect.objectContaining({ line: 3, reason: expect.stringContaining('declares itself part of') }),
    ]);
    expect(await lintRule(rule, root, 'docs/operations/incidents/postmortems/2026-02-02-review.md')).toEqual([
      expect.objectContaining({ line: 1, reason: expect.stringContaining('its title claims') }),
    ]);
  });

  it('does not mind a mention of a dormant layer in prose', async () => {
    const root = tempRepo({ 'docs/operations/RELEASE_CONFIDENCE.md': '# Release confidence\n\nLayer 4 is dormant, so nothing here serves it.\n' });
    expect(await lintRule(rule, root, 'docs/operations/RELEASE_CONFIDENCE.md')).toEqual([]);
  });

  it('never matches a layer the contract gives no name by its name', async () => {
    const root = tempRepo({ 'docs/operations/incidents/postmortems/2026-02-03-review.md': '# Review of the sync outage\n\nText.\n' });
    edit(root, contractPath, '## Layer 5 — Strategic Reflection', '## Layer 5 —');
    edit(root, contractPath, '| Layer 5 | Defined (Dormant) | Strategic Reflection |', '| Layer 5 | Defined (Dormant) | |');
    expect(await lintRule(rule, root, 'docs/operations/incidents/postmortems/2026-02-03-review.md')).toEqual([]);
    // By its number it still is.
    const numbered = tempRepo({ 'docs/operations/layer-5/NOTES.md': '# Notes\n' }, root);
    expect(await lintRule(rule, numbered, 'docs/operations/layer-5/NOTES.md')).toEqual([expect.objectContaining({ reason: expect.stringMatching(/dormant Layer 5/u) })]);
  });
});
