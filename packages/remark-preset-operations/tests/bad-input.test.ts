import { describe, expect, it } from 'vitest';
import { lint, tempRepo } from './helpers.js';

const path = 'docs/operations/ROLLBACKS.md';
const clean = '# Rollbacks\n\nPeople roll back.\n\n## When\n\nSee [below](#when).\n';

/** Every input gets a clean pass or positioned messages, never an exception. */
describe('bad input', () => {
  it('an empty file passes', async () => {
    expect(await lint(tempRepo(), path, undefined, '')).toEqual([]);
  });

  it('a binary file gets a positioned message', async () => {
    const bytes = new Uint8Array(4096).map((_, index) => (index * 31) % 256);
    const messages = await lint(tempRepo(), path, undefined, bytes);
    expect(messages[0]).toEqual(expect.objectContaining({ ruleId: 'text-document', line: 1, column: 1 }));
  });

  it('a non-UTF-8 (Latin-1) file gets a message at the first bad byte', async () => {
    const latin1 = Buffer.from('# Rollbacks\n\nCafé\n', 'latin1');
    expect(await lint(tempRepo(), path, undefined, latin1)).toEqual([expect.objectContaining({ ruleId: 'text-document', line: 3, column: 4 })]);
  });

  it('a 10 MB file gets one message, quickly, instead of a parse that never ends', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, '# Heading\n\nText with a [link](#heading).\n\n');
    const started = Date.now();
    const messages = await lint(tempRepo(), path, undefined, big);
    expect(messages).toEqual([expect.objectContaining({ ruleId: 'text-document', line: 1, column: 1 })]);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('CRLF line endings and a byte-order mark pass, with the same positions as LF', async () => {
    expect(await lint(tempRepo(), path, undefined, clean.replace(/\n/gu, '\r\n'))).toEqual([]);
    expect(await lint(tempRepo(), path, undefined, `\uFEFF${clean}`)).toEqual([]);
    const broken = '# Rollbacks\n\nSee [gone](#gone).\n';
    const lf = await lint(tempRepo(), path, undefined, broken);
    const crlf = await lint(tempRepo(), path, undefined, `\uFEFF${broken.replace(/\n/gu, '\r\n')}`);
    expect(crlf.map((message) => [message.ruleId, message.line])).toEqual(lf.map((message) => [message.ruleId, message.line]));
    expect(lf).toEqual([expect.objectContaining({ ruleId: 'missing-heading', line: 3 })]);
  });
});
