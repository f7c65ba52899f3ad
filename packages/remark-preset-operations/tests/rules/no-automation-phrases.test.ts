import { describe, expect, it } from 'vitest';
import { lint, lintRule, tempRepo } from '../helpers.js';

const rule = 'no-automation-phrases';
const rollbacks = 'docs/operations/ROLLBACKS.md';
const check = (text: string, path = rollbacks, options = {}) => lintRule(rule, tempRepo({ [path]: text }), path, options);

describe('no-automation-phrases', () => {
  it('passes prose where people act', async () => {
    expect(await check('# Rollbacks\n\nThe on-call engineer decides and starts the rollback.\n')).toEqual([]);
  });

  it('reports prose that prescribes automation, at the phrase', async () => {
    expect(await check('# Rollbacks\n\nWhen errors rise, the system will automatically roll back the deploy.\n')).toEqual([
      expect.objectContaining({ line: 3, column: 35, reason: expect.stringMatching(/^Unexpected `automatically roll back`: Layer 2 .* is human-only \("Human-triggered only"\)/u) }),
    ]);
    expect(await check('# Incident Commander\n\nThe bot will page the commander.\n', 'docs/operations/incidents/INCIDENT_COMMANDER.md')).toHaveLength(1);
  });

  it('does not flag a phrase stated as a prohibition', async () => {
    expect(await check('# Rollbacks\n\nNothing here will automatically roll back a change.\n')).toEqual([]);
  });

  it('checks allowed postmortems as documents of their layer, and leaves other layers alone', async () => {
    expect(await check('# Postmortem\n\nWe will auto-approve fixes.\n', 'docs/operations/incidents/postmortems/2026-01-01-calendar-sync.md')).toHaveLength(1);
  });

  it('takes the phrase list from the options', async () => {
    expect(await check('# Rollbacks\n\nA robot flips the switch.\n', rollbacks, { automationPhrases: ['\\brobot\\b'] })).toHaveLength(1);
    expect(await check('# Rollbacks\n\nThe bot will page.\n', rollbacks, { automationPhrases: ['\\brobot\\b'] })).toEqual([]);
  });

  it('is silenced for one instance by a lint ignore comment with a reason', async () => {
    const text = [
      '# Rollbacks',
      '',
      '<!-- lint ignore no-automation-phrases reason="Quotes the vendor manual we reject." -->',
      'The vendor says its tool will auto-approve a rollback.',
      '',
      'Our tool will auto-approve too.',
      '',
    ].join('\n');
    const root = tempRepo({ [rollbacks]: text });
    const messages = await lint(root, rollbacks);
    expect(messages.map((message) => [message.ruleId, message.line])).toEqual([[rule, 6]]);
  });
});

describe('no-automation-phrases reads sentences, not text nodes', () => {
  const at = async (text: string) => (await check(text)).map((message) => [message.line, message.column, /^Unexpected `([^`]+)`/u.exec(message.reason)?.[1]]);

  it('points at the phrase on continuation lines of lists and quotes', async () => {
    expect(await at('# Rollbacks\n\n- Nothing here.\n  The bot will page you.\n\n> Quoted\n> then auto-approve it.\n')).toEqual([
      [4, 3, 'The bot will'],
      [7, 8, 'auto-approve'],
    ]);
  });

  it('points at the same place with CRLF line endings and a byte-order mark', async () => {
    const text = 'The bot will page.\n\n- x\n  then auto-approve it.\n';
    const expected = [
      [1, 1, 'The bot will'],
      [4, 8, 'auto-approve'],
    ];
    expect(await at(text)).toEqual(expected);
    expect(await at(`\uFEFF${text.replace(/\n/gu, '\r\n')}`)).toEqual(expected);
  });

  it('sees a negation in emphasis, and a phrase cut by emphasis', async () => {
    expect(await at('# Rollbacks\n\nWe **never** automatically roll back.\n')).toEqual([]);
    expect(await at('# Rollbacks\n\nThe pipeline will automatically *roll back* the release.\n')).toEqual([[3, 19, 'automatically roll back']]);
  });

  it('does not take a negation in a condition for a prohibition', async () => {
    expect(await at('# Rollbacks\n\nIf there is no answer in five minutes, the bot will page the deputy.\n')).toEqual([[3, 40, 'the bot will']]);
  });

  it('gives an allowed document the layer whose documents share its folder, by whole folder names', async () => {
    const postmortem = 'docs/operations/incidents/postmortems/2026-01-01-calendar-sync.md';
    const archived = 'docs/operations/incidents-archive/2024.md';
    const root = tempRepo({ [postmortem]: '# Postmortem\n\nThe bot will page.\n', [archived]: '# Archive\n\nThe bot will page.\n' });
    const layerOf = async (path: string) =>
      (await lintRule(rule, root, path, { allow: ['incidents/postmortems/*.md', 'incidents-archive/*.md'] })).map((message) => /Layer (\d)/u.exec(message.reason)?.[1]);
    expect(await layerOf(postmortem)).toEqual(['1']);
    // `incidents-archive/` is not inside Layer 1's `incidents/`: it sits beside Layer 2's documents.
    expect(await layerOf(archived)).toEqual(['2']);
  });
});
