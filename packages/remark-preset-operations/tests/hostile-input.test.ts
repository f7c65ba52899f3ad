import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from '@bookiji/contract';
import { rules } from '@bookiji/remark-preset-operations';
import { contractPath, edit, lint, lintRule, runCli, tempRepo } from './helpers.js';

// Inputs found by running the linter over an outside team's documents, CommonMark and GFM
// examples, random bytes and mutated copies of docs/operations/: each was a crash, a hang or a
// quadratic run, and each is a positioned finding now.

const rollbacks = 'docs/operations/ROLLBACKS.md';

/** The findings of a document, and how long the preset took on it. */
async function timed(text: string, path = rollbacks) {
  const started = performance.now();
  const messages = await lint(tempRepo({ [path]: text }), path, undefined, text);
  return { messages, ms: performance.now() - started };
}

describe('documents nested past the bounds', () => {
  it.each([
    ['a few thousand nested block quotes (6 KB)', `${'> '.repeat(3000)}x\n`, 2 * MAX_NESTING + 1],
    ['a 20 KB list nested on one line', `${'- '.repeat(10_000)}x\n`, 2 * MAX_NESTING + 1],
  ])('%s: one text-document finding where the nesting passes the limit, no stack overflow', async (_name, text, column) => {
    const { messages, ms } = await timed(`# Rollbacks\n\n${text}`);
    expect(messages).toEqual([
      expect.objectContaining({ ruleId: 'text-document', line: 3, column, reason: expect.stringMatching(/^Unexpected line nested \d+ containers deep .*: the document was not checked$/u) }),
    ]);
    expect(ms).toBeLessThan(10_000);
  });

  it('a tree nested past the limit by emphasis, which the pre-scan lets through: found after parsing, at its node', async () => {
    const { messages } = await timed(`# Rollbacks\n\n${'_a *b '.repeat(60)}c${' d* e_'.repeat(60)}\n`);
    expect(messages).toEqual([expect.objectContaining({ ruleId: 'text-document', line: 3, reason: expect.stringContaining(`nested more than ${MAX_NESTING} levels deep`) })]);
  });

  it('a rule set on its own, without the preset: the deep tree is skipped, not walked', async () => {
    const file = new VFile({ path: rollbacks, cwd: tempRepo(), value: `${'> '.repeat(3000)}x\n` });
    const processor = unified().use(remarkParse).use(rules['no-automation-phrases']).use(rules['text-document']);
    await processor.run(processor.parse(file), file);
    expect(file.messages.map((message) => [message.ruleId, message.line])).toEqual([['text-document', 1]]);
  });
});

describe('documents the Markdown parser would take minutes on', () => {
  it.each([
    ['a 28 KB run of nested emphasis', `${'*a **b '.repeat(2000)}c${' d** e*'.repeat(2000)}\n`, /^Unexpected inline markup that would take the Markdown parser too long/u],
    ['nested links', `${'[a '.repeat(2000)}${'](b)'.repeat(2000)}\n`, /^Unexpected inline markup/u],
    ['a list item after each of four thousand nested lists', '- a\n  - b\n'.repeat(4000), /^Unexpected nested list items, block quotes and setext headings that would take the Markdown parser too long/u],
  ])('%s: refused before parsing, with a positioned finding', async (_name, text, reason) => {
    const { messages, ms } = await timed(`# Rollbacks\n\n${text}`);
    expect(messages).toEqual([expect.objectContaining({ ruleId: 'text-document', reason: expect.stringMatching(reason) })]);
    expect(messages[0]!.line).toBeGreaterThanOrEqual(3);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('no-automation-phrases on a 160 KB paragraph', () => {
  it('is linear: every match found and placed, in seconds', async () => {
    const { messages, ms } = await timed(`# Rollbacks\n\n${'the bot will page '.repeat(9000)}\n`);
    const found = messages.filter((message) => message.ruleId === 'no-automation-phrases');
    expect(found).toHaveLength(9000);
    expect(found.slice(0, 2).map((message) => [message.line, message.column])).toEqual([
      [3, 1],
      [3, 19],
    ]);
    expect([found.at(-1)!.line, found.at(-1)!.column]).toEqual([3, 8999 * 18 + 1]);
    expect(ms).toBeLessThan(20_000);
  });

  it('places a phrase after a NUL byte, which the parser reads as U+FFFD, inside the line', async () => {
    const { messages } = await timed('\u0000The bot will page the on-call.');
    expect(messages.map((message) => [message.ruleId, message.line, message.column]).sort()).toEqual([
      ['no-automation-phrases', 1, 2],
      ['text-document', 1, 1],
    ]);
  });

  it('reads a negation in the same clause, and only there, at any length', async () => {
    const negated = `# Rollbacks\n\n${'Nothing here means the bot will page anyone '.repeat(2000)}\n`;
    expect((await timed(negated)).messages.filter((message) => message.ruleId === 'no-automation-phrases')).toEqual([]);
    const broken = `# Rollbacks\n\n${'Nothing is certain, but the bot will page. '.repeat(2000)}\n`;
    expect((await timed(broken)).messages.filter((message) => message.ruleId === 'no-automation-phrases')).toHaveLength(2000);
  });
});

describe('a contract with a dormant layer that has no name', () => {
  it('is a contract finding, and documents are not taken for that layer', async () => {
    const root = tempRepo();
    edit(root, contractPath, '| Layer 5 | Defined (Dormant) | Strategic Reflection |', '| Layer 5 | Defined (Dormant) | |');
    edit(root, contractPath, '## Layer 5 — Strategic Reflection', '## Layer 5');
    const contract = await lintRule('contract-well-formed', root, contractPath);
    expect(contract.map((message) => message.reason)).toContainEqual(expect.stringContaining('(layer-missing-name)'));
    for (const path of [rollbacks, 'docs/operations/incidents/SEVERITY_MODEL.md', 'docs/operations/CHANGELOG.md']) {
      expect(await lintRule('no-dormant-layer-documents', root, path)).toEqual([]);
    }
    // By number, the nameless layer is still found.
    const titled = 'docs/operations/incidents/postmortems/2026-03-01-review.md';
    writeFileSync(join(root, titled), '# Layer 5 review\n\nText.\n');
    expect(await lintRule('no-dormant-layer-documents', root, titled)).toEqual([expect.objectContaining({ line: 1, reason: expect.stringContaining('dormant Layer 5') })]);
  });
});

describe('a contract checked as an editor holds it, unsaved', () => {
  it('has its findings in the text checked, not in the file on disk', async () => {
    const messages = await lint(tempRepo(), contractPath, undefined, '# Contract\n\n## Layer 1 — Incident Response\n');
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message.line).toBeLessThanOrEqual(4);
  });
});

describe('a malformed lint comment', () => {
  it('is a positioned finding', async () => {
    expect(await lintRule('lint-comment-reason', tempRepo(), rollbacks, undefined, '# Rollbacks\n\n<!-- lint foo -->\nPeople roll back.\n')).toEqual([
      expect.objectContaining({ line: 3, column: 1, reason: 'Unexpected `lint foo`, expected `lint ignore`, `lint disable` or `lint enable`' }),
    ]);
  });
});

describe('docs-lint on hostile documents', { timeout: 120_000 }, () => {
  it('exits 1 with one positioned finding per document, no stack trace, in bounded time', async () => {
    const root = tempRepo({
      'docs/operations/ROLLBACKS.md': `# Rollbacks\n\n${'> '.repeat(3000)}x\n`,
      'docs/operations/CHANGELOG.md': `${'- '.repeat(10_000)}x\n`,
      'docs/operations/RELEASE_CONFIDENCE.md': `${'*a **b '.repeat(2000)}c${' d** e*'.repeat(2000)}\n`,
      'docs/operations/PROOF_RUNBOOK.md': '# Proof Runbook\n\n<!-- lint foo -->\nText.\n',
    });
    const started = performance.now();
    const result = await runCli(['--report', 'json'], root);
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /u);
    const findings = (JSON.parse(result.stdout) as { path: string; messages: { ruleId: string; line: number; column: number }[] }[]).flatMap((file) =>
      file.messages.map((message) => `${file.path} ${message.line}:${message.column} ${message.ruleId}`),
    );
    expect(findings.sort()).toEqual(
      [
        'docs/operations/CHANGELOG.md 1:201 text-document',
        'docs/operations/PROOF_RUNBOOK.md 3:1 lint-comment-reason',
        'docs/operations/RELEASE_CONFIDENCE.md 1:1 text-document',
        'docs/operations/ROLLBACKS.md 3:201 text-document',
      ].sort(),
    );
  });
});
