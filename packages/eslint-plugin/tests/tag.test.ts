import fc from 'fast-check';
import type { TSESTree } from '@typescript-eslint/utils';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { viewFor } from '../src/fs-view.js';
import { tagFromComments, tagFromText, tagOfFile } from '../src/tag.js';
import { tempDir } from './helpers.js';

function viaParser(code: string) {
  const parser = tseslint.parser as unknown as { parseForESLint(code: string, options: object): { ast: TSESTree.Program } };
  const ast = parser.parseForESLint(code, { comment: true, tokens: true, range: true, loc: true, ecmaFeatures: { jsx: true } }).ast;
  const comments = ast.comments ?? [];
  const first = ast.tokens?.[0];
  return tagFromComments(comments, first ? first.range[0] : code.length);
}

describe('the leading @layer tag', () => {
  const cases: [string, number | null | undefined][] = [
    ['/* @layer 2 */\nexport {};', 2],
    ['// @layer 0\nexport {};', 0],
    ['/**\n * Notes.\n * @layer 5\n */\nexport {};', 5],
    ['#!/usr/bin/env node\n// @layer 4\nrun();', 4],
    ['\uFEFF// @layer 3\nx;', 3],
    ['export {};\n/* @layer 4 */', undefined],
    ['/* license */\n\n// more\n/* @layer 1 */ x();', 1],
    ['/* @layer */ x;', null],
    ['/* @layer two */ x;', null],
    ['/* @layers 2 */ x;', undefined],
    ['/* email@layer 2 */ x;', undefined],
    ['', undefined],
  ];
  for (const [code, layer] of cases) {
    it(`reads ${JSON.stringify(code)} the same with and without a parser`, () => {
      const fromText = tagFromText(code);
      expect(fromText?.layer).toBe(layer);
      expect(viaParser(code)).toEqual(fromText);
    });
  }

  it('agrees with the parser on any run of leading comments', () => {
    const comment = fc.oneof(
      fc.constantFrom('// note', '/* block */', '/** doc\n * text\n */', '// @layer 3', '/* @layer 5 */', '/* @layer x */', '\n', '  '),
      fc.string({ unit: fc.constantFrom('a', ' ', '@', 'l', 'y', '1', '*') }).map((text) => `// ${text}`),
    );
    fc.assert(
      fc.property(fc.array(comment, { maxLength: 6 }), fc.constantFrom('export {};', 'x();', ''), (comments, code) => {
        const source = `${comments.join('\n')}\n${code}`;
        expect(viaParser(source)).toEqual(tagFromText(source));
      }),
    );
  });
});

describe('the tag of a file on disk', () => {
  it('is found after leading comments longer than the head read first, and changes with the file', () => {
    const file = join(tempDir(), 'long.ts');
    const license = `/*\n${' * Licensed under the terms in LICENSE.\n'.repeat(300)} */\n`;
    writeFileSync(file, `${license}// @layer 5\nexport {};\n`);
    expect(tagOfFile(file, viewFor(null))?.layer).toBe(5);
    writeFileSync(file, `${license}// @layer 2 and a longer line\nexport {};\n`);
    expect(tagOfFile(file, viewFor(null))?.layer).toBe(2);
    writeFileSync(file, 'export {};\n// @layer 4\n');
    expect(tagOfFile(file, viewFor(null))).toBeNull();
    expect(tagOfFile(join(file, '..', 'missing.ts'), viewFor(null))).toBeUndefined();
  });
});

describe('the bytes one view reads of a file', () => {
  it('are read once, for the tag and for whatever asks next in the same view', () => {
    const file = join(tempDir(), 'shared.ts');
    writeFileSync(file, '// @layer 3\nexport const x = 1;\n');
    const view = viewFor(null);
    expect(tagOfFile(file, view)?.layer).toBe(3);
    writeFileSync(file, '// @layer 1\nexport const changed = true;\n');
    expect(view.bytes(file)?.toString('utf8')).toBe('// @layer 3\nexport const x = 1;\n');
    expect(view.bytes(file)).toBe(view.bytes(file));
    const next = viewFor(null);
    expect(next.bytes(file)?.toString('utf8')).toBe('// @layer 1\nexport const changed = true;\n');
    expect(tagOfFile(file, next)?.layer).toBe(1);
  });

  it('are none for a folder, a missing file or one over the size read whole, whose tag is still read from its head', () => {
    const dir = tempDir();
    const view = viewFor(null);
    expect(view.bytes(dir)).toBeUndefined();
    expect(view.bytes(join(dir, 'missing.ts'))).toBeUndefined();
    const large = join(dir, 'large.ts');
    const comments = `/*\n${' * Generated file: do not edit.\n'.repeat(200)} */\n`;
    writeFileSync(large, `${comments}// @layer 2\n${'export const value = 1;\n'.repeat(30_000)}`);
    expect(view.bytes(large)).toBeUndefined();
    expect(tagOfFile(large, view)?.layer).toBe(2);
    writeFileSync(large, `export const first = 0;\n// @layer 2\n${'export const value = 1;\n'.repeat(30_000)}`);
    expect(tagOfFile(large, viewFor(null))).toBeNull();
  });
});
