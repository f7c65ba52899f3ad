import { describe, expect, it } from 'vitest';
import { parseContract } from '@bookiji/contract';
import { ownContract } from './helpers.js';

const file = 'docs/operations/OPERATIONAL_LAYERS.md';
const parse = (text: string) => parseContract(text, { file });
const summary = (text: string) => parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`);

/** A small contract as someone might write their own: two layers, an overview table, a date. */
function contract(sections: string, table = '| Layer 0 | Active | Safety |\n| Layer 1 | Defined (Dormant) | Reflection |'): string {
  return `# Our contract\n\n## Layer Overview\n\n| Layer | Status | Purpose |\n|---|---|---|\n${table}\n\n${sections}\n\n**Last Updated**: 2024-01-02\n`;
}

const dormantSection = '## Layer 1 — Reflection\n\n**Status**: Dormant\n\n**Explicit Prohibitions**:\n- ❌ NO automation\n- ❌ NO tooling';

describe('contracts written by hand in other reasonable ways', () => {
  it('fields on consecutive lines, without blank lines between them, are separate fields', () => {
    const text = contract(
      `## Layer 0 — Safety\n**Status**: Active\n**Purpose**: Keep things safe.\n**Key Principle**: No automation.\n**Scope**:\n- Guards\n- Kill switches\n\n${dormantSection}`,
    );
    const { contract: model, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(model.layers[0]).toMatchObject({
      status: 'active',
      purpose: 'Keep things safe.',
      keyPrinciple: 'No automation.',
      scope: ['Guards', 'Kill switches'],
      humanOnly: true,
    });
    expect(model.layers[0]?.locations.status).toEqual({ line: 11, column: 1 });
    expect(model.layers[0]?.locations.scope).toEqual([
      { line: 15, column: 1 },
      { line: 16, column: 1 },
    ]);
  });

  it('a bad date on the line after another field is reported at the date itself', () => {
    const text = ownContract.replace('**Last Updated**: 2025-12-27', '**Reviewed by**: the operations group\n**Last Updated**: soon');
    const line = text.split('\n').findIndex((candidate) => candidate.startsWith('**Last Updated**')) + 1;
    expect(summary(text)).toEqual([`${line}:19 last-updated-invalid`]);
  });

  it('fields separated by hard line breaks are separate fields, with CRLF line endings too', () => {
    const text = contract(`## Layer 0 — Safety\n\n**Status**: Active  \n**Purpose**: Keep things safe.\\\n**Key Principle**: Guards first.\n\n${dormantSection}`).replaceAll('\n', '\r\n');
    const { contract: model, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(model.layers[0]).toMatchObject({ status: 'active', purpose: 'Keep things safe.', keyPrinciple: 'Guards first.' });
  });

  it('a layer heading in lower case is still a layer section', () => {
    const text = contract(`## layer 0 — Safety\n\n**Status**: Active\n\n${dormantSection}`);
    expect(summary(text)).toEqual([]);
    expect(parse(text).contract.layers.map((layer) => [layer.number, layer.name, layer.status])).toEqual([
      [0, 'Safety', 'active'],
      [1, 'Reflection', 'dormant'],
    ]);
  });

  it('a status with a note after it keeps its meaning; `Inactive` and `Not active` are not active', () => {
    const noted = contract(`## Layer 0 — Safety\n\n**Status**: Active (since 2024)\n\n${dormantSection}`, '| Layer 0 | ✅ Active — in use | Safety |\n| Layer 1 | Dormant | Reflection |');
    expect(summary(noted)).toEqual([]);
    expect(parse(noted).contract.layers.map((layer) => layer.status)).toEqual(['active', 'dormant']);

    for (const status of ['Inactive', 'Not active']) {
      const text = contract(`## Layer 0 — Safety\n\n**Status**: ${status}\n\n${dormantSection}`, '| Layer 0 | Dormant | Safety |\n| Layer 1 | Dormant | Reflection |');
      expect(summary(text)).toEqual(['12:1 layer-unknown-status']);
      expect(parse(text).contract.layers[0]?.status).toBe('dormant');
    }
  });

  it('documents named as Markdown links are repository paths, read from the contract folder as GitHub reads them', () => {
    const text = contract(
      [
        '## Layer 0 — Safety',
        '',
        '**Status**: Active',
        '',
        '**Documentation**:',
        '- [Severity model](incidents/SEVERITY_MODEL.md)',
        '- [Rollbacks](./ROLLBACKS.md#code) and [the guards](/packages/guards/README.md)',
        '- [`docs/operations/CHANGELOG.md`](CHANGELOG.md)',
        '- [Runbook](https://example.com/runbook.md), [above](#layer-overview), [mail](mailto:ops@example.com)',
        '',
        dormantSection,
      ].join('\n'),
    );
    const { contract: model, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(model.layers[0]?.documentation).toEqual([
      'docs/operations/incidents/SEVERITY_MODEL.md',
      'docs/operations/ROLLBACKS.md',
      'packages/guards/README.md',
      'docs/operations/CHANGELOG.md',
    ]);
    expect(model.layers[0]?.locations.documentation).toEqual([
      { line: 15, column: 3 },
      { line: 16, column: 3 },
      { line: 16, column: 40 },
      { line: 17, column: 3 },
    ]);
    // A layer whose only link points elsewhere names no repository document, and keeps the prose.
    expect(parse(contract(`## Layer 0 — Safety\n\n**Status**: Active\n\n**Documentation**: See [the wiki](https://example.com).\n\n${dormantSection}`)).contract.layers[0]).toMatchObject({
      documentation: [],
      documentationNote: 'See the wiki.',
    });
  });

  it('an overview table without a Status column names the missing status for each layer', () => {
    const text = `# C\n\n## Overview\n\n| Layer | Purpose |\n|---|---|\n| Layer 0 | Safety |\n\n## Layer 0 — Safety\n\n**Status**: Active\n\n**Last Updated**: 2024-01-02\n`;
    const { diagnostics } = parse(text);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`)).toEqual(['7:1 layer-unknown-status']);
    expect(diagnostics[0]?.message).toBe('Layer 0 has no status in the overview table, expected `Active` or `Defined (Dormant)`.');
  });

  it('the Layer column may hold just the number', () => {
    const text = contract(`## Layer 0 — Safety\n\n**Status**: Active\n\n${dormantSection}`, '| 0 | Active | Safety |\n| 1 | Dormant | Reflection |');
    expect(summary(text)).toEqual([]);
    expect(parse(text).contract.overview.map((row) => [row.number, row.name])).toEqual([
      [0, 'Safety'],
      [1, 'Reflection'],
    ]);
    const bad = contract(`## Layer 0 — Safety\n\n**Status**: Active\n\n${dormantSection}`, '| Layer 0 | Active | Safety |\n| 1st | Dormant | Reflection |');
    expect(parse(bad).diagnostics.find((d) => d.ruleId === 'overview-row-invalid')?.message).toBe(
      'Unexpected overview row `1st`, expected `Layer N` in the `Layer` column.',
    );
  });

  it('a layer heading without a name takes the name from the overview table', () => {
    const text = contract(`## Layer 0\n\n**Status**: Active\n\n## Layer 1 —\n\n**Status**: Dormant`);
    expect(summary(text)).toEqual([]);
    expect(parse(text).contract.layers.map((layer) => [layer.number, layer.name, layer.status])).toEqual([
      [0, 'Safety', 'active'],
      [1, 'Reflection', 'dormant'],
    ]);
  });

  it('layers under third-level headings are reported as missing sections, not read silently', () => {
    const text = contract(`## Layers\n\n### Layer 0 — Safety\n\n**Status**: Active\n\n${dormantSection}`);
    expect(summary(text)).toEqual(['7:1 layer-missing-section']);
  });
});
