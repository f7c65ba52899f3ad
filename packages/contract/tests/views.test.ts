import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractRoot, layerOfName, layerOfPath, parseContract, restrictionOf } from '@bookiji/contract';
import { ownContract } from './helpers.js';

const { contract } = parseContract(ownContract);
const layerNumber = (name: string) => layerOfName(contract, name)?.number ?? null;

describe('which layer a name points at', () => {
  it('reads numbers, full names with or without `and`, and two-word parts anywhere in the name', () => {
    expect(layerNumber('layer-4')).toBe(4);
    expect(layerNumber('layer4')).toBe(4);
    expect(layerNumber('Layer_5_notes.md')).toBe(5);
    expect(layerNumber('policy-evolution-and-guardrail-improvement')).toBe(4);
    expect(layerNumber('policy-evolution-guardrail-improvement')).toBe(4);
    expect(layerNumber('old-policy-evolution-notes')).toBe(4);
    expect(layerNumber('strategic_reflection')).toBe(5);
    expect(layerNumber('incident-response')).toBe(1);
  });

  it('reads a one-word part only as the whole name, and a name that points at two layers as none', () => {
    expect(layerNumber('rollbacks')).toBe(2);
    expect(layerNumber('learning')).toBe(1);
    expect(layerNumber('machine-learning')).toBe(null);
    expect(layerNumber('layer-2-to-layer-4')).toBe(null);
    expect(layerNumber('player4')).toBe(null);
    expect(layerNumber('src')).toBe(null);
  });

  it('skips a layer without a name', () => {
    const nameless = parseContract('# C\n\n## Overview\n\n| Layer | Status | Purpose |\n|---|---|---|\n| Layer 0 | Active | Safety |\n| Layer 1 | Dormant | |\n\n## Layer 0 — Safety\n\n**Status**: Active\n\n## Layer 1\n\n**Status**: Dormant\n\n**Last Updated**: 2024-01-01\n');
    expect(nameless.diagnostics.map((d) => d.ruleId)).toContain('layer-missing-name');
    expect(layerOfName(nameless.contract, 'anything-at-all')).toBe(null);
    expect(layerOfName(nameless.contract, 'layer-1')?.number).toBe(1);
  });

  it('takes the deepest folder of a path, the file too when asked, and nothing under node_modules', () => {
    expect(layerOfPath(contract, 'src/layer-1/strategic-reflection/x.ts')).toMatchObject({ segment: 'strategic-reflection' });
    expect(layerOfPath(contract, 'src/layer-1/strategic-reflection.ts')?.layer.number).toBe(1);
    // A folder that names a layer decides for its files; a file's own name counts only where no folder names one.
    expect(layerOfPath(contract, 'src/layer-1/strategic-reflection.ts', { includeFile: true })?.layer.number).toBe(1);
    expect(layerOfPath(contract, 'layer-4/ROLLBACKS.md', { includeFile: true })?.layer.number).toBe(4);
    expect(layerOfPath(contract, 'notes/strategic-reflection.md', { includeFile: true })?.layer.number).toBe(5);
    expect(layerOfPath(contract, 'notes/strategic-reflection.md')).toBe(null);
    expect(layerOfPath(contract, 'node_modules/layer-4/index.js')).toBe(null);
  });
});

describe('restrictions and the repository root', () => {
  it('says which layers forbid automation and why', () => {
    expect(contract.layers.map((layer) => restrictionOf(layer))).toEqual([null, 'human-only', 'human-only', 'human-only', 'dormant', 'dormant']);
  });

  it('finds the root a contract names its documents from', () => {
    const root = mkdtempSync(join(tmpdir(), 'contract-root-'));
    mkdirSync(join(root, 'docs/operations'), { recursive: true });
    expect(contractRoot(join(root, 'docs/operations/OPERATIONAL_LAYERS.md'))).toBe(root);
    mkdirSync(join(root, 'handbook/ops'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{}');
    expect(contractRoot(join(root, 'handbook/ops/layers.md'))).toBe(root);
    expect(contractRoot(join(root, 'handbook/ops/layers.md'), 'ops/layers.md')).toBe(join(root, 'handbook'));
  });
});
