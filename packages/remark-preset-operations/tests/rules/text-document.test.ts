import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '@bookiji/remark-preset-operations';
import { lint, lintRule, tempRepo } from '../helpers.js';

const rule = 'text-document';
const path = 'docs/operations/ROLLBACKS.md';

describe('text-document', () => {
  it('passes UTF-8 text', async () => {
    expect(await lintRule(rule, tempRepo(), path, undefined, Buffer.from('# Rollbacks\n\nÜber 9 € — fine.\n'))).toEqual([]);
  });

  it('reports the first byte that is not UTF-8 at its position', async () => {
    const bytes = Buffer.concat([Buffer.from('# Rollbacks\n\nab'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    expect(await lintRule(rule, tempRepo(), path, undefined, bytes)).toEqual([
      expect.objectContaining({ line: 3, column: 3, reason: expect.stringContaining('not UTF-8') }),
    ]);
  });

  it('reports a NUL byte', async () => {
    expect(await lintRule(rule, tempRepo(), path, undefined, Buffer.from('# Rollbacks\n\x00\x01\x02'))).toEqual([
      expect.objectContaining({ line: 2, column: 1, reason: expect.stringContaining('NUL byte') }),
    ]);
  });

  it('reports a document too large to parse, and the other rules skip it', async () => {
    const big = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 'a');
    expect(await lint(tempRepo(), path, undefined, big)).toEqual([
      expect.objectContaining({ ruleId: rule, line: 1, column: 1, reason: expect.stringContaining(`${MAX_DOCUMENT_BYTES + 1} bytes`) }),
    ]);
  });
});
