import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '@bookiji/remark-preset-operations';
import { lint, lintRule, runEngine, tempRepo } from '../helpers.js';

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

describe('text-document positions, on the bytes and line endings the file has', () => {
  const invalidAt = async (bytes: Buffer) => (await lintRule(rule, tempRepo(), path, undefined, bytes)).map((message) => [message.line, message.column]);
  const bad = Buffer.from([0xc3, 0x28]);
  const text = (ending: string) => Buffer.from(['# Rollbacks', '', 'ab'].join(ending));

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('counts lines at %s endings', async (_name, ending) => {
    expect(await invalidAt(Buffer.concat([text(ending), bad]))).toEqual([[3, 3]]);
  });

  it('counts columns after a byte-order mark as remark does', async () => {
    expect(await invalidAt(Buffer.concat([Buffer.from('\uFEFFab'), bad]))).toEqual([[1, 3]]);
  });

  it('finds a bad byte at the start, in the middle and at the end', async () => {
    expect(await invalidAt(Buffer.concat([Buffer.from([0xff]), Buffer.from('# Rollbacks\n')]))).toEqual([[1, 1]]);
    expect(await invalidAt(Buffer.concat([Buffer.from('# Roll'), Buffer.from([0xe2, 0x28, 0xa1]), Buffer.from('backs\n')]))).toEqual([[1, 7]]);
    // A sequence cut short by the end of the file.
    expect(await invalidAt(Buffer.concat([Buffer.from('# Rollbacks\n\nEUR '), Buffer.from([0xe2, 0x82])]))).toEqual([[3, 5]]);
  });

  it('takes a U+FFFD the file really has for text, in the engine as outside it', async () => {
    const replacement = Buffer.from('# Rollbacks\n\nA \uFFFD stands for a character the sender lost.\n');
    expect(await lintRule(rule, tempRepo(), path, undefined, replacement)).toEqual([]);
    const root = tempRepo({ [path]: replacement });
    const [file] = await runEngine(root, [path]);
    expect(file!.messages.filter((message) => message.ruleId === rule)).toEqual([]);
    const [broken] = await runEngine(tempRepo({ [path]: Buffer.concat([replacement, Buffer.from([0xff])]) }), [path]);
    expect(broken!.messages.filter((message) => message.ruleId === rule).map((message) => [message.line, message.column])).toEqual([[4, 1]]);
  });

  it('places a NUL byte on CR line endings', async () => {
    expect((await lintRule(rule, tempRepo(), path, undefined, Buffer.from('# Rollbacks\r\rab\u0000'))).map((message) => [message.line, message.column])).toEqual([[3, 3]]);
  });
});
