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

describe('text-document positions, every combination', () => {
  // Line endings × byte-order mark × where the byte is × which byte: the finding is at the byte, on
  // the line a reader of the file counts; the U+FFFD the file really has on line 3 is text.
  const endings = [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const;
  const bytes = [
    ['a byte that is not UTF-8', Buffer.from([0xff])],
    ['a NUL byte', Buffer.from([0x00])],
  ] as const;
  const places = [
    ['at the start', 'start', [1, 1]],
    ['in the middle', 'middle', [4, 3]],
    ['at the end', 'end', [5, 3]],
  ] as const;
  const cases = endings.flatMap(([endingName, ending]) =>
    [false, true].flatMap((bom) =>
      bytes.flatMap(([byteName, byte]) =>
        places.map(([placeName, place, at]) => ({ name: `${byteName} ${placeName}, ${endingName}${bom ? ', with a byte-order mark' : ''}`, ending, bom, byte, place, at })),
      ),
    ),
  );

  const documentOf = ({ ending, bom, byte, place }: (typeof cases)[number]): Buffer => {
    const lines = ['# Rollbacks', '', 'A \uFFFD stands for a character the sender lost.', 'ab', 'cd'].map((line) => Buffer.from(line));
    if (place === 'middle') lines[3] = Buffer.concat([lines[3]!, byte, Buffer.from('z')]);
    const parts: Buffer[] = [];
    lines.forEach((line, index) => parts.push(...(index > 0 ? [Buffer.from(ending)] : []), line));
    return Buffer.concat([...(bom ? [Buffer.from('\uFEFF')] : []), ...(place === 'start' ? [byte] : []), ...parts, ...(place === 'end' ? [byte] : [])]);
  };

  it.each(cases)('$name', async (testCase) => {
    const value = documentOf(testCase);
    const outside = (await lintRule(rule, tempRepo(), path, undefined, value)).map((message) => [message.line, message.column]);
    const [file] = await runEngine(tempRepo({ [path]: value }), [path]);
    const inEngine = file!.messages.filter((message) => message.ruleId === rule).map((message) => [message.line, message.column]);
    expect({ outside, inEngine }).toEqual({ outside: [testCase.at], inEngine: [testCase.at] });
  });

  it('takes the file for text when its only U+FFFD is real, on every line ending, with and without a byte-order mark', async () => {
    for (const [, ending] of endings) {
      for (const bom of [false, true]) {
        const value = Buffer.from(`${bom ? '\uFEFF' : ''}${['# Rollbacks', '', 'A \uFFFD stays.', 'ab'].join(ending)}`);
        expect(await lintRule(rule, tempRepo(), path, undefined, value)).toEqual([]);
        const [file] = await runEngine(tempRepo({ [path]: value }), [path]);
        expect(file!.messages.filter((message) => message.ruleId === rule)).toEqual([]);
      }
    }
  });
});
