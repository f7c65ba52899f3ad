import { describe, expect, it } from 'vitest';
import { compiledPerConfig, createRule, docsBase } from '../src/create-rule.js';

describe('options compiled once per configuration', () => {
  it('compiles the same options once, whether ESLint hands the same object again or a new object with the same content', () => {
    const compiled: unknown[] = [];
    const compile = compiledPerConfig((options: { readonly names: readonly string[] }) => {
      compiled.push(options);
      return new RegExp(options.names.join('|'));
    });
    const defaults = { names: ['ban', 'suspend'] };
    const first = compile(defaults);
    expect(compile(defaults)).toBe(first);
    // A rule given options gets them merged into a new object for every file.
    expect(compile({ names: ['ban', 'suspend'] })).toBe(first);
    expect(compiled).toHaveLength(1);
    const other = compile({ names: ['deploy'] });
    expect(other).not.toBe(first);
    expect(other.test('deploy')).toBe(true);
    expect(compiled).toHaveLength(2);
  });
});

describe('a rule made by createRule', () => {
  it('gets its docs URL from its name and hands the options on as ESLint gives them', () => {
    const seen: unknown[] = [];
    const rule = createRule<[{ readonly flag: boolean }], 'problem'>({
      name: 'example-rule',
      meta: { type: 'problem', docs: { description: 'An example', recommended: false }, schema: [], defaultOptions: [{ flag: true }], messages: { problem: 'A problem' } },
      create(_context, options) {
        seen.push(options);
        return {};
      },
    });
    expect(rule.meta.docs?.url).toBe(`${docsBase}example-rule.md`);
    const file = { filename: '/repo/src/a.ts', sourceCode: { ast: { type: 'Program' } } };
    const options = [{ flag: false }] as const;
    rule.create({ ...file, options } as never);
    expect(seen[0]).toBe(options);
    // Set to `'error'` on an ESLint that does not merge `meta.defaultOptions` (before 9.15).
    rule.create({ ...file, options: [] } as never);
    expect(seen[1]).toEqual([{ flag: true }]);
  });

  it('runs on source files and text with no file, and not on other files or trees', () => {
    const files: string[] = [];
    const rule = createRule<[], 'problem'>({
      name: 'example-rule',
      meta: { type: 'problem', docs: { description: 'An example', recommended: false }, schema: [], messages: { problem: 'A problem' } },
      create(context) {
        files.push(context.filename);
        return {};
      },
    });
    const lint = (filename: string, type = 'Program') => rule.create({ filename, options: [], sourceCode: { ast: { type } } } as never);
    for (const filename of ['/r/a.ts', '/r/a.tsx', '/r/a.mjs', '/r/A.vue', '/r/A.svelte', '/r/A.astro', '/r/a.gts', '/r/docs/a.md/0.ts', '<input>', '<text>']) lint(filename);
    for (const filename of ['/r/a.json', '/r/a.yaml', '/r/a.md', '/r/a.css', '/r/a.mdx']) lint(filename);
    lint('/r/data.json.ts', 'Document');
    expect(files).toEqual(['/r/a.ts', '/r/a.tsx', '/r/a.mjs', '/r/A.vue', '/r/A.svelte', '/r/A.astro', '/r/a.gts', '/r/docs/a.md/0.ts', '<input>', '<text>']);
  });
});
