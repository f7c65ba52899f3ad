import { describe, expect, it } from 'vitest';
import { parseContract } from '@bookiji/contract';
import { lineOf, ownContract } from './helpers.js';

const base = parseContract(ownContract);

describe('the same contract written in the ways people write it parses to the same model', () => {
  const variants: Record<string, string> = {
    'en dashes': ownContract.replaceAll(/^(## Layer \d) — /gmu, '$1 – '),
    hyphens: ownContract.replaceAll(/^(## Layer \d) — /gmu, '$1 - '),
    'colons inside the bold label': ownContract.replaceAll(/\*\*(\w[\w ]*)\*\*:/gu, '**$1:**'),
    'extra blank lines': ownContract.replaceAll('\n\n', '\n\n\n\n'),
  };
  for (const [name, text] of Object.entries(variants)) {
    it(name, () => {
      expect(text).not.toBe(ownContract);
      const result = parseContract(text);
      expect(result.diagnostics).toEqual([]);
      const strip = (model: typeof base.contract) => JSON.parse(JSON.stringify(model, (key, value) => (key === 'locations' || key === 'position' ? undefined : value)));
      expect(strip(result.contract)).toEqual(strip(base.contract));
    });
  }

  it('CRLF line endings keep the model and the line numbers', () => {
    const result = parseContract(ownContract.replaceAll('\n', '\r\n'));
    expect(result.diagnostics).toEqual([]);
    expect(result.contract).toEqual(base.contract);
  });

  it('a byte-order mark keeps the model and the positions', () => {
    const result = parseContract(`\uFEFF${ownContract}`);
    expect(result.diagnostics).toEqual([]);
    expect(result.contract).toEqual(base.contract);
  });
});

describe('the model', () => {
  it('is frozen all the way down', () => {
    expect(Object.isFrozen(base)).toBe(true);
    expect(Object.isFrozen(base.contract.layers)).toBe(true);
    expect(Object.isFrozen(base.contract.layers[1]?.scope)).toBe(true);
    expect(Object.isFrozen(base.contract.layers[1]?.locations.documentation[0])).toBe(true);
    expect(() => {
      (base.contract.layers as unknown as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('orders layers by number whatever the order of the sections', () => {
    const layer0 = ownContract.slice(ownContract.indexOf('## Layer 0'), ownContract.indexOf('## Layer 1'));
    const moved = ownContract.replace(layer0, '').replace('## Why Layers', `${layer0}## Why Layers`);
    const result = parseContract(moved);
    expect(result.diagnostics).toEqual([]);
    expect(result.contract.layers.map((layer) => layer.number)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('points at where each documentation path and scope item is written', () => {
    const layer1 = base.contract.layers[1]!;
    const lines = ownContract.split('\n');
    layer1.documentation.forEach((path, index) => {
      const at = layer1.locations.documentation[index]!;
      expect(lines[at.line - 1]!.slice(at.column - 1)).toBe(`\`${path}\``);
    });
    layer1.scope.forEach((item, index) => {
      const at = layer1.locations.scope[index]!;
      expect(lines[at.line - 1]).toBe(`- ${item}`);
    });
  });

  it('follows a documentation-only change of status, and keeps every prohibition the text still states', () => {
    const activated = ownContract
      .replace('| Layer 4 | Defined (Dormant) |', '| Layer 4 | Active |')
      .replace(/(## Layer 4[^\n]*\n\n)\*\*Status\*\*: \*\*Defined but Dormant\*\*/u, '$1**Status**: Active');
    const result = parseContract(activated);
    const layer4 = result.contract.layers[4]!;
    expect(layer4.status).toBe('active');
    // A status change alone never lifts a written prohibition.
    expect(layer4.prohibitions).toContain('NO automation');
    expect(layer4.prohibitions).toContain('NO auto-approval');
    expect(layer4.ifImplemented).toContain("Every policy change needs a human's approval");
    expect(layer4).toMatchObject({ humanOnly: true, humanOnlyEvidence: 'NO automation' });
    const evidence = layer4.locations.humanOnlyEvidence!;
    expect(activated.split('\n')[evidence.line - 1]!.slice(evidence.column - 1)).toBe('NO automation');
    // The section still says NOT IMPLEMENTED: a person should resolve that, and the check says where.
    const line = lineOf(activated, '**Current Status**', lineOf(activated, '## Layer 4'));
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`)).toEqual([`${line}:21 layer-status-contradiction`]);

    const resolved = parseContract(activated.replace(/(## Layer 4[\s\S]*?\*\*Current Status\*\*: )\*\*NOT IMPLEMENTED\*\*/u, '$1In use since 2026-12-01'));
    expect(resolved.diagnostics).toEqual([]);
    expect(resolved.contract.layers[4]).toMatchObject({ status: 'active', humanOnly: true });
  });
});
