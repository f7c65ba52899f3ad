import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewFor, wholeFileBytes } from '../src/fs-view.js';
import { tempDir } from './helpers.js';

describe('FsView', () => {
  it('reads a file whole at any size up to wholeFileBytes, and nothing larger', () => {
    const root = tempDir();
    const sizes = { empty: 0, small: 100, large: 300 * 1024, limit: wholeFileBytes, over: wholeFileBytes + 1 };
    const contents = Object.fromEntries(Object.entries(sizes).map(([name, size]) => [name, Buffer.from(Array.from({ length: size }, (_, at) => at % 251))]));
    for (const [name, content] of Object.entries(contents)) writeFileSync(join(root, name), content);
    const view = viewFor(null);
    for (const name of ['empty', 'small', 'large', 'limit']) expect(view.bytes(join(root, name))?.equals(contents[name] as Buffer), name).toBe(true);
    expect(view.bytes(join(root, 'over'))).toBeUndefined();
    expect(view.bytes(join(root, 'missing'))).toBeUndefined();
  });
});
