import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseContract } from '@bookiji/contract';
import { contractPath, lint, tempRepo } from './helpers.js';

const word = fc.stringMatching(/^[A-Za-z0-9 `*_[\]()#|:.-]{0,24}$/u);
const block = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 6 }), word).map(([depth, text]) => `${'#'.repeat(depth)} ${text}`),
  fc.array(word, { minLength: 1, maxLength: 4 }).map((cells) => `| ${cells.join(' | ')} |\n|${cells.map(() => '---').join('|')}|\n| ${cells.join(' | ')} |`),
  fc.array(word, { minLength: 1, maxLength: 4 }).map((items) => items.map((item, index) => (index % 2 ? `${index}. ${item}` : `- ${item}`)).join('\n')),
  word.map((text) => `**${text}**: ${text}`),
  fc.constantFrom('<!-- lint ignore no-automation-phrases -->', '<!-- lint disable -->', '**Status**: Active', '## Layer 4 — Policy', '| Layer 9 | Active | X |', '<!-- lint skip -->', '[a](50%.md)', '[b]: %zz'),
  fc.string({ maxLength: 60 }),
);
const markdown = fc.array(block, { maxLength: 12 }).map((blocks) => blocks.join('\n\n'));

describe('no input throws', () => {
  it('the preset, on any document of the repository, with schemas that look for everything', async () => {
    const root = tempRepo();
    const options = {
      documents: [
        {
          path: 'docs/operations/**/*.md',
          headings: [{ depth: 1, text: 'A' }, { depth: 2, pattern: '^Layer' }],
          tables: [{ under: 'A', columns: ['Layer'], rows: { column: 'Layer', values: ['x'] } }],
          fields: [{ name: 'Status', values: ['Active'] }],
          entries: { depth: 2, pattern: '^(\\d{4}-\\d{2}-\\d{2})', order: 'newest-first' as const, noFutureDates: true, minimum: 1 },
          idList: { under: 'A', ids: ['a'] },
        },
      ],
    };
    await fc.assert(
      fc.asyncProperty(markdown, fc.constantFrom(contractPath, 'docs/operations/ROLLBACKS.md', 'docs/operations/layer-4/X.md'), async (text, path) => {
        const messages = await lint(root, path, options, text);
        for (const message of messages) expect(message.line).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('the contract parser', () => {
    fc.assert(
      fc.property(markdown, (text) => {
        expect(() => parseContract(text)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});
