import { describe, expect, it } from 'vitest';
import { runEngine, tempRepo } from './helpers.js';

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
