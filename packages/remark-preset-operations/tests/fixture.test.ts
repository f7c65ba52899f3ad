import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureRepo, lint } from './helpers.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownFiles(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  );
}

describe('the fixture repository', () => {
  it('passes every rule with the default options, file by file', async () => {
    const files = markdownFiles(join(fixtureRepo, 'docs')).map((path) => relative(fixtureRepo, path));
    expect(files.length).toBe(9);
    for (const path of files) {
      expect({ path, messages: await lint(fixtureRepo, path) }).toEqual({ path, messages: [] });
    }
  });
});
