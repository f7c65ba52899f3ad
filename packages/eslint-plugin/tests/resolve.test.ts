import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewFor } from '../src/fs-view.js';
import { resolveFile } from '../src/resolve.js';
import { tempDir } from './helpers.js';

describe('resolveFile', () => {
  // Every kind of candidate: a `.js` name for `.ts` source, both present, an index, declarations only, a folder with no index, other extensions.
  const files = ['a.ts', 'b.tsx', 'c.js', 'c.ts', 'd/index.ts', 'e.d.ts', 'f.mjs', 'f.mts', 'g/readme.md', 'h.json', 'i.jsx', 'j/index.js', 'k.cjs', 'l.ts', 'l/index.ts'];
  const names = ['a', 'a.js', 'a.ts', 'b', 'b.js', 'b.jsx', 'c', 'c.js', 'd', 'd/index', 'd/index.js', 'e', 'e.js', 'f', 'f.mjs', 'g', 'h', 'h.json', 'i', 'i.js', 'j', 'k', 'k.cjs', 'l', 'missing', 'missing.js', 'missing/deeper', 'g/missing'];

  it('finds the same file whether it looks at the folder or at the likeliest file first', () => {
    const root = tempDir();
    for (const file of files) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), '');
    }
    const found = names.map((name): [string, string | null] => [name, resolveFile(join(root, name), viewFor(null), 'folder')]);
    expect(names.map((name) => [name, resolveFile(join(root, name), viewFor(null), 'file')])).toEqual(found);
    const shown = Object.fromEntries(found.map(([name, path]) => [name, path === null ? null : path.slice(root.length + 1)]));
    expect(shown).toMatchObject({ a: 'a.ts', 'a.js': 'a.ts', b: 'b.tsx', 'b.jsx': 'b.tsx', c: 'c.ts', 'c.js': 'c.ts', d: 'd/index.ts', e: 'e.d.ts', f: 'f.mts', 'f.mjs': 'f.mts', g: null, h: null, 'h.json': 'h.json', i: 'i.jsx', j: 'j/index.js', k: 'k.cjs', l: 'l.ts', missing: null, 'missing/deeper': null });
  });
});
