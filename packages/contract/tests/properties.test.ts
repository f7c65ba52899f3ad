import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseContract } from '@bookiji/contract';
import { ownContract } from './helpers.js';

const word = fc.stringMatching(/^[A-Za-z0-9 &—–\-:*`|()]{0,24}$/u);
const block = fc.oneof(
  word.map((text) => `# ${text}`),
  fc.tuple(fc.integer({ min: 0, max: 9 }), word).map(([n, name]) => `## Layer ${n} — ${name}`),
  fc.tuple(word, word).map(([label, value]) => `**${label}**: ${value}`),
  // Fields on consecutive lines or after hard breaks, and documents named as links.
  fc.array(fc.tuple(word, word, fc.constantFrom('\n', '  \n', '\\\n', '\r\n')), { maxLength: 4 }).map((fields) =>
    fields.map(([label, value, end]) => `**${label}**: ${value}${end}`).join(''),
  ),
  fc.tuple(word, word).map(([text, url]) => `- [${text}](${url.replaceAll(' ', '')})`),
  fc.array(word, { maxLength: 4 }).map((items) => items.map((item) => `- ${item}`).join('\n')),
  fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), word, word), { maxLength: 5 }).map(
    (rows) => `| Layer | Status | Purpose |\n|---|---|---|\n${rows.map(([n, status, name]) => `| Layer ${n} | ${status} | ${name} |`).join('\n')}`,
  ),
  fc.string({ maxLength: 40 }),
);
const document = fc.array(block, { maxLength: 14 }).map((blocks) => blocks.join('\n\n'));

describe('parseContract on arbitrary input', () => {
  it('never throws and every diagnostic has a position inside the text', () => {
    fc.assert(
      fc.property(document, (text) => {
        const { diagnostics } = parseContract(text);
        const lines = text.split('\n').length;
        for (const diagnostic of diagnostics) {
          expect(diagnostic.line).toBeGreaterThanOrEqual(1);
          expect(diagnostic.line).toBeLessThanOrEqual(lines);
          expect(diagnostic.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives a deep-equal model for the same bytes', () => {
    fc.assert(
      fc.property(document, (text) => {
        expect(parseContract(text)).toEqual(parseContract(text));
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on the real contract cut at any point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ownContract.length }), (cut) => {
        const result = parseContract(ownContract.slice(0, cut));
        expect(Array.isArray(result.contract.layers)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
