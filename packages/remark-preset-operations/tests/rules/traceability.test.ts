import { describe, expect, it } from 'vitest';
import type { Traceability } from '@bookiji/remark-preset-operations';
import { contractPath, lineOf, lintRule, tempRepo } from '../helpers.js';

const rule = 'traceability';

/** A complete map for the fixture contract: every scope item of Layers 0-3 to a heading that exists. */
function completeMap(): { layers: Record<string, Record<string, string>> } {
  const title = (path: string) => `${path}#${path.split('/').at(-1)!.replace('.md', '').toLowerCase().replace(/_/gu, '-')}`;
  return {
    layers: {
      '0': { "The safety mechanisms that run inside Bookiji's own code at run time, such as refusing a double booking or an over-refund before it reaches a customer.": title('docs/operations/ROLLBACKS.md') },
      '1': {
        'Severity model': title('docs/operations/incidents/SEVERITY_MODEL.md'),
        'Incident Commander model': title('docs/operations/incidents/INCIDENT_COMMANDER.md'),
        'Postmortem process': title('docs/operations/incidents/POSTMORTEM_TEMPLATE.md'),
        'Incident classification badges (informational only)': title('docs/operations/incidents/SEVERITY_MODEL.md'),
      },
      '2': {
        'Operations changelog discipline': title('docs/operations/CHANGELOG.md'),
        'Rollback guidance for code, config, database, third-party': title('docs/operations/ROLLBACKS.md'),
        'Human judgment only': title('docs/operations/ROLLBACKS.md'),
      },
      '3': {
        'Proof requirements for releases': title('docs/operations/RELEASE_CONFIDENCE.md'),
        'Proof runbook': title('docs/operations/PROOF_RUNBOOK.md'),
        'Binary pass/fail validation': title('docs/operations/RELEASE_CONFIDENCE.md'),
        'Human-run only': title('docs/operations/PROOF_RUNBOOK.md'),
      },
    },
  };
}

describe('traceability', () => {
  it('passes a map that covers every scope item with existing anchors', async () => {
    expect(await lintRule(rule, tempRepo(), contractPath, { traceability: completeMap() })).toEqual([]);
  });

  it('does nothing without a map', async () => {
    expect(await lintRule(rule, tempRepo(), contractPath)).toEqual([]);
  });

  it('reports an unmapped scope item at its line in the contract', async () => {
    const map = completeMap();
    delete map.layers['2']!['Human judgment only'];
    const root = tempRepo();
    expect(await lintRule(rule, root, contractPath, { traceability: map })).toEqual([
      expect.objectContaining({ line: lineOf(root, contractPath, '- Human judgment only'), reason: expect.stringContaining('`Human judgment only` of Layer 2 is not mapped') }),
    ]);
  });

  it('reports a missing file and a missing anchor', async () => {
    const map = completeMap();
    map.layers['3']!['Proof runbook'] = 'docs/operations/RUNBOOK.md#proof-runbook';
    map.layers['3']!['Binary pass/fail validation'] = 'docs/operations/RELEASE_CONFIDENCE.md#verdicts';
    const root = tempRepo();
    const messages = await lintRule(rule, root, contractPath, { traceability: map as Traceability });
    expect(messages.map((message) => message.reason)).toEqual([
      expect.stringContaining('mapped to `docs/operations/RUNBOOK.md`, which does not exist'),
      expect.stringContaining('has no heading `#verdicts`'),
    ]);
  });

  it('reports stale entries for scope items and layers the contract no longer has', async () => {
    const map = completeMap();
    map.layers['1']!['Pager rotation'] = 'docs/operations/incidents/SEVERITY_MODEL.md#severity-model';
    map.layers['4'] = { 'Suggestion generation': 'docs/operations/ROLLBACKS.md#rollbacks' };
    const root = tempRepo();
    const messages = await lintRule(rule, root, contractPath, { traceability: map });
    expect(messages).toEqual([
      expect.objectContaining({ line: lineOf(root, contractPath, '## Layer 1 —'), reason: expect.stringContaining('`Pager rotation` for Layer 1') }),
      expect.objectContaining({ line: lineOf(root, contractPath, '## Layer 4 —'), reason: expect.stringContaining('the contract has no active Layer 4') }),
    ]);
  });
});
