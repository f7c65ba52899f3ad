import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractPath, edit, lineOf, runEngine, tempRepo } from './helpers.js';

// unified-engine counts a file with a fatal message as done even while its own checks still run;
// the preset holds its errors until every file is done (src/held-errors.ts), or the run ends early.

describe('a run of unified-engine with errors in some files', () => {
  it('ends, with every error of every file, when errors come while other files are still checked', async () => {
    const root = tempRepo({
      'docs/operations/NOTES.md': '# Notes\n\nLoose notes.\n',
      'docs/operations/ROLLBACKS.md': '# Rollbacks\n\nThe bot will page the on-call.\n\n[here](#nope) and [there](incidents/SEVERITY_MODEL.md#nope)\n',
    });
    const ended = runEngine(root, ['docs/operations']).then((files) =>
      files.flatMap((file) => file.messages.filter((message) => message.fatal).map((message) => `${file.path}:${message.line} ${message.ruleId}`)).sort(),
    );
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('the run never ended'), 20_000).unref());
    expect(await Promise.race([ended, timeout])).toEqual([
      'docs/operations/NOTES.md:1 no-orphan-documents',
      'docs/operations/ROLLBACKS.md:3 no-automation-phrases',
      'docs/operations/ROLLBACKS.md:5 missing-heading',
      'docs/operations/ROLLBACKS.md:5 missing-heading-in-file',
    ]);
  });
});

describe('runs in one process', () => {
  // Nothing is kept between runs: each reads the contract and the documents again.
  const one = ['docs/operations/CHANGELOG.md'];
  const reasons = async (root: string) => (await runEngine(root, one)).flatMap((file) => file.messages.map((message) => message.reason));

  it('see a contract that moved away, and one that came back', async () => {
    const root = tempRepo();
    const text = readFileSync(join(root, contractPath));
    expect(await reasons(root)).toEqual([]);
    rmSync(join(root, contractPath));
    const missing = await reasons(root);
    expect(missing.length).toBeGreaterThan(0);
    for (const reason of missing) expect(reason).toMatch(/^No docs\/operations\/OPERATIONAL_LAYERS\.md in the folders above `docs\/operations\/CHANGELOG\.md`/u);
    writeFileSync(join(root, contractPath), text);
    expect(await reasons(root)).toEqual([]);
  });

  it('see a contract changed between them', async () => {
    const root = tempRepo();
    const check = async () => (await runEngine(root, [contractPath])).flatMap((file) => file.messages.filter((message) => message.ruleId === 'contract-well-formed').map((message) => message.line));
    expect(await check()).toEqual([]);
    edit(root, contractPath, '**Status**: Active', '**Status**: Sometimes');
    expect(await check()).toContain(lineOf(root, contractPath, '**Status**: Sometimes'));
    edit(root, contractPath, '**Status**: Sometimes', '**Status**: Active');
    expect(await check()).toEqual([]);
  });
});
