import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeRefusal, MAX_CONTAINER_WORK, MAX_INLINE_WORK, MAX_NESTING, parseBounded, parseContract, parseHazard, pointsOf, pointAt } from '@bookiji/contract';
import { scan } from '../src/bounds.js';

// Shapes measured to make the Markdown parser (micromark 4.0.3, mdast-util-from-markdown 2.1.0) run for
// seconds to minutes, each found by the pre-scan before any parsing, at a position.

const refusalOf = (text: string) => {
  const started = performance.now();
  const refusal = parseHazard(text);
  return { refusal, ms: performance.now() - started };
};

describe('the pre-scan refuses what the parser would take minutes on', () => {
  it.each([
    ['a few thousand nested block quotes (6 KB)', `# Title\n\n${'> '.repeat(3000)}x\n`, { line: 3, column: 2 * MAX_NESTING + 1 }],
    ['a 20 KB list nested on one line', `${'- '.repeat(10_000)}x\n`, { line: 1, column: 2 * MAX_NESTING + 1 }],
    ['ordered items nested on one line', `${'1. '.repeat(5000)}x\n`, { line: 1, column: 3 * MAX_NESTING + 2 }],
    ['a staircase of nested items', Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}- a`).join('\n'), { line: MAX_NESTING + 2, column: 2 * MAX_NESTING + 3 }],
  ])('%s: nesting', (_name, text, at) => {
    const { refusal, ms } = refusalOf(text);
    expect(refusal).toMatchObject({ kind: 'nesting', at });
    expect(ms).toBeLessThan(1000);
  });

  it.each([
    ['a 28 KB run of nested emphasis', `${'*a **b '.repeat(2000)}c${' d** e*'.repeat(2000)}`],
    ['emphasis that never closes', '*a **b '.repeat(4000)],
    ['nested links', `${'[a '.repeat(2000)}${'](b)'.repeat(2000)}`],
    ['nested images', `${'![a '.repeat(2000)}${'](b)'.repeat(2000)}`],
    ['backtick runs that close nothing', Array.from({ length: 800 }, (_, i) => '`'.repeat(i + 1)).join(' ')],
    ['nested emphasis around many lines', `${'*a '.repeat(500)}${'x\n'.repeat(20_000)}${' a*'.repeat(500)}`],
    ['nested emphasis around character references', `${'*a '.repeat(500)}${'&amp;'.repeat(20_000)}${' a*'.repeat(500)}`],
  ])('%s: inline work', (_name, text) => {
    const { refusal, ms } = refusalOf(text);
    expect(refusal).toMatchObject({ kind: 'inline', at: { line: 1, column: 1 } });
    expect(ms).toBeLessThan(1000);
  });

  it.each([
    ['a list item after each nested list', '- a\n  - b\n'.repeat(4000)],
    ['items of two on each line', '- - x\n'.repeat(4000)],
    ['a nested block quote in each item', '- > x\n'.repeat(4000)],
    ['a paragraph after each nested list', '- a\n  - b\n\npara\n\n'.repeat(4000)],
    ['twenty lists opened on each line', `${'- '.repeat(20)}x\n\ny\n\n`.repeat(1000)],
    ['setext headings', 'x\n---\n\n'.repeat(6000)],
    ['front matter look-alikes and headings, as the fuzz test found them', '---\ntitle: x\n---\n# ## Layer 4 — Policy Evolution'.repeat(6000)],
  ])('%s: container work', (_name, text) => {
    const { refusal, ms } = refusalOf(text);
    expect(refusal?.kind).toBe('containers');
    expect(ms).toBeLessThan(1000);
  });

  it('places a refusal in the block or on the line that crosses the limit', () => {
    const calm = '# Title\n\nSome *text* with a [link](x).\n\n';
    const text = `${calm}${'*a '.repeat(3000)}b${' a*'.repeat(3000)}\n`;
    expect(parseHazard(text)).toMatchObject({ kind: 'inline', at: { line: 5, column: 1 } });
    const nested = `${calm}${'- a\n  - b\n'.repeat(4000)}`;
    const refusal = parseHazard(nested);
    expect(refusal?.kind).toBe('containers');
    expect(refusal!.at.column).toBe(1);
    expect(nested.split('\n')[refusal!.at.line - 1]).toBe('- a');
  });

  it('describes each refusal in words that name the limit', () => {
    expect(describeRefusal({ kind: 'nesting', at: { line: 1, column: 1 }, depth: 150 })).toContain(`150 containers deep`);
    expect(describeRefusal({ kind: 'inline', at: { line: 1, column: 1 }, work: MAX_INLINE_WORK + 1 })).toContain(String(MAX_INLINE_WORK));
    expect(describeRefusal({ kind: 'containers', at: { line: 1, column: 1 }, work: MAX_CONTAINER_WORK + 1 })).toContain(String(MAX_CONTAINER_WORK));
  });
});

describe('ordinary documents', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const markdown = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.name === 'node_modules' || entry.name === 'dist') return [];
      const path = join(dir, entry.name);
      return entry.isDirectory() ? markdown(path) : entry.name.endsWith('.md') ? [path] : [];
    });

  it("stay far below the limits: every Markdown file of the repository, the Acme handbook's included", () => {
    // The docs linter's page on text-document shows a document nested past the limit, on purpose.
    const files = [...markdown(join(root, 'docs')), ...markdown(join(root, 'packages'))].filter((file) => !file.endsWith(join('docs', 'rules', 'text-document.md')));
    expect(files.length).toBeGreaterThan(60);
    for (const file of files) {
      const { work, containerWork, refusal } = scan(readFileSync(file, 'utf8'));
      expect({ file, refusal, inline: work < MAX_INLINE_WORK / 100, containers: containerWork < MAX_CONTAINER_WORK / 20 }).toEqual({ file, refusal: null, inline: true, containers: true });
    }
  });

  it('are parsed as before, tables, front matter and nesting of a few levels included', () => {
    const text = '---\ntitle: A page\n---\n\n# Title\n\n| a | b |\n| --- | --- |\n| *x* | [y](z) |\n\n- a\n  - b\n    > c\n';
    const parsed = parseBounded(text);
    expect(parsed.refusal).toBeNull();
    expect(parsed.tree!.children.map((node) => node.type)).toEqual(['yaml', 'heading', 'table', 'list']);
  });

  it('with a table of many rows, each row its own block', () => {
    const table = `| a | b |\n|---|---|\n${'| **a** [b](c) | `x` |\n'.repeat(3000)}`;
    expect(scan(table).work).toBeLessThan(MAX_INLINE_WORK / 10);
    // The same rows without a table's delimiter row are one paragraph, and far more work.
    expect(scan(table.replace('|---|---|\n', '')).refusal?.kind).toBe('inline');
  });
});

describe('a tree nested deeper than the limit, which the pre-scan lets through', () => {
  it('is dropped, with the position of its first node past the limit', () => {
    const text = `# Title\n\n${'*'.repeat(1)}${'_a *b '.repeat(60)}c${' d* e_'.repeat(60)}\n`;
    const parsed = parseBounded(text);
    expect(parsed.refusal).toMatchObject({ kind: 'tree-depth', at: { line: 3 } });
    expect(parsed.tree).toBeNull();
  });
});

describe('the contract', () => {
  it('is a positioned diagnostic when its inline markup is past the limit', () => {
    const result = parseContract(`# Contract\n\n${'*a **b '.repeat(2000)}c${' d** e*'.repeat(2000)}\n`);
    expect(result.diagnostics.map((d) => [d.ruleId, d.line, d.column])).toEqual([['contract-too-complex', 3, 1]]);
  });
});

describe('pointsOf', () => {
  it('places every offset as pointAt does, on LF, CRLF and CR line endings', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'é', '\n', '\r', '\r\n', '😀', ' '), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const at = pointsOf(text);
        for (let offset = 0; offset <= text.length; offset++) expect(at(offset)).toEqual(pointAt(text, offset));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parsing stays bounded', () => {
  // Units that documents repeat, among them each shape above: whatever a document repeats, parseBounded refuses it or parses it in bounded time.
  const unit = fc.array(
    fc.constantFrom('- ', '  ', '1. ', '> ', '*a ', ' a*', '**', '_', '[', '](b)', '`', '``', '&amp;', '\\!', '| a |', '|---|', '# ', 'x', '\n', '\n\n', '[a]: b\n', '<', '~~~\n', '    '),
    { minLength: 1, maxLength: 8 },
  );
  it('refuses a document or parses it within seconds, whatever it repeats', () => {
    fc.assert(
      fc.property(unit, fc.integer({ min: 1, max: 3000 }), (parts, times) => {
        const text = parts.join('').repeat(times);
        const started = performance.now();
        const parsed = parseBounded(text);
        const ms = performance.now() - started;
        // Generous for a busy two-core machine: the limits keep the parse near two seconds on an idle one.
        expect(ms, JSON.stringify({ unit: parts.join(''), times, refusal: parsed.refusal })).toBeLessThan(15_000);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25), seed: Number(process.env.FUZZ_SEED ?? 20_261_201) },
    );
  }, 600_000);
});
