import { describe, expect, it } from 'vitest';
import { parseContract } from '@bookiji/contract';
import { lineOf, ownContract, withoutSection } from './helpers.js';

const file = 'docs/operations/OPERATIONAL_LAYERS.md';
const parse = (text: string) => parseContract(text, { file });
const summary = (text: string) => parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`);

describe('damaged contracts give positioned diagnostics', () => {
  it('a layer missing from the overview table is reported at its section heading', () => {
    const text = ownContract.replace('| Layer 2 | Active | Change Management & Rollbacks |\n', '');
    const { contract, diagnostics } = parse(text);
    expect(summary(text)).toEqual([`${lineOf(text, '## Layer 2')}:1 layer-missing-from-overview`]);
    expect(diagnostics[0]?.file).toBe(file);
    expect(diagnostics[0]?.message).toContain('Layer 2');
    // The section still provides the layer.
    expect(contract.layers.find((layer) => layer.number === 2)?.status).toBe('active');
  });

  it('statuses that disagree are reported at the section status line', () => {
    const text = ownContract.replace('| Layer 4 | Defined (Dormant) |', '| Layer 4 | Active |');
    const statusLine = lineOf(text, '**Status**', lineOf(text, '## Layer 4'));
    expect(summary(text)).toEqual([`${statusLine}:1 layer-status-mismatch`]);
    expect(parse(text).diagnostics[0]?.message).toMatch(/Layer 4 is `dormant` in its section but `active` in the overview/u);
  });

  it('a section without a status is reported at its heading and the layer is not active', () => {
    const heading = lineOf(ownContract, '## Layer 3');
    const statusLine = lineOf(ownContract, '**Status**', heading);
    const text = ownContract
      .split('\n')
      .filter((_, index) => index + 1 !== statusLine)
      .join('\n');
    expect(summary(text)).toEqual([`${heading}:1 layer-missing-status`]);
    // The overview table still says Active, so the model keeps that.
    expect(parse(text).contract.layers[3]?.status).toBe('active');
  });

  it('a deleted layer section is reported at its overview row, and the layer keeps what the table says', () => {
    const text = withoutSection(ownContract, '## Layer 5');
    expect(summary(text)).toEqual([`${lineOf(text, '| Layer 5')}:1 layer-missing-section`]);
    const layer5 = parse(text).contract.layers.find((layer) => layer.number === 5);
    expect(layer5).toMatchObject({ number: 5, name: 'Strategic Reflection', status: 'dormant', scope: [] });
  });

  it('a Last Updated that is not a date is reported at its value', () => {
    const text = ownContract.replace('**Last Updated**: 2025-12-27', '**Last Updated**: last Tuesday');
    const line = lineOf(text, '**Last Updated**');
    expect(summary(text)).toEqual([`${line}:19 last-updated-invalid`]);
    expect(parse(text).contract.lastUpdated).toBeNull();
  });

  it('an impossible calendar date is not a date', () => {
    const text = ownContract.replace('2025-12-27', '2025-02-30');
    expect(summary(text)).toEqual([`${lineOf(text, '**Last Updated**')}:19 last-updated-invalid`]);
  });

  it('a missing Last Updated is reported', () => {
    const text = ownContract.replace('**Last Updated**: 2025-12-27', '');
    expect(parse(text).diagnostics.map((d) => d.ruleId)).toEqual(['last-updated-missing']);
  });

  it('an unknown status is reported where it is written', () => {
    const text = ownContract.replace('| Layer 1 | Active |', '| Layer 1 | Paused |');
    expect(summary(text)).toEqual([`${lineOf(text, '| Layer 1')}:1 layer-unknown-status`]);
  });

  it('a section that duplicates a layer is reported at the second heading', () => {
    const section = ownContract.slice(ownContract.indexOf('## Layer 1'), ownContract.indexOf('## Layer 2'));
    const text = ownContract.replace('## Layer 2', `${section}## Layer 2`);
    const second = lineOf(text, '## Layer 1', lineOf(text, '## Layer 1') + 1);
    expect(summary(text)).toEqual([`${second}:1 layer-duplicate`]);
  });

  it('a layer named differently in the table and the heading is reported', () => {
    const text = ownContract.replace('| Layer 0 | Active | Execution Safety |', '| Layer 0 | Active | Runtime Safety |');
    expect(summary(text)).toEqual([`${lineOf(text, '## Layer 0')}:1 layer-name-mismatch`]);
  });

  it('an empty file is one diagnostic at 1:1', () => {
    expect(summary('')).toEqual(['1:1 contract-empty']);
    expect(summary('\n\n  \r\n')).toEqual(['1:1 contract-empty']);
  });

  it('random bytes give diagnostics, never an exception', () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 256);
    const text = new TextDecoder().decode(bytes);
    const { contract, diagnostics } = parse(text);
    expect(diagnostics.map((d) => d.ruleId)).toContain('contract-not-text');
    expect(contract.layers).toEqual([]);
  });

  it('text without any contract structure reports the missing overview and date', () => {
    expect(parse('# Notes\n\nNothing here yet.\n').diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`)).toEqual([
      '1:1 overview-missing',
      '4:1 last-updated-missing',
    ]);
  });
});

describe('a contract nested thousands deep', () => {
  it('is one positioned diagnostic, not a crash', () => {
    const text = `# Contract\n\n${'> '.repeat(7000)}x\n`;
    const result = parseContract(text);
    expect(result.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['contract-too-deep', 3]]);
    expect(result.contract.layers).toEqual([]);
  });

  it('is read when it nests no more than documents do', () => {
    const text = `${ownContract}\n${'> '.repeat(20)}a quote\n`;
    expect(parseContract(text).diagnostics).toEqual([]);
  });
});
