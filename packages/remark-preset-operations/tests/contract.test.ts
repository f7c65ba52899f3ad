import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractPath, edit, lineOf, lint, lintRule, repositoryRoot, tempRepo } from './helpers.js';

const seedPath = join(repositoryRoot, '..', 'shared', 'seeds', 'OPERATIONAL_LAYERS.seed.md');
const seedPresent = existsSync(seedPath);
const documents = [
  contractPath,
  'docs/operations/incidents/SEVERITY_MODEL.md',
  'docs/operations/incidents/INCIDENT_COMMANDER.md',
  'docs/operations/incidents/POSTMORTEM_TEMPLATE.md',
  'docs/operations/CHANGELOG.md',
  'docs/operations/ROLLBACKS.md',
  'docs/operations/RELEASE_CONFIDENCE.md',
  'docs/operations/PROOF_RUNBOOK.md',
];

describe.skipIf(!seedPresent)('the seed contract (../shared/seeds/OPERATIONAL_LAYERS.seed.md) as written', () => {
  it('passes as the contract of a repository with the documents it names', async () => {
    const root = tempRepo();
    copyFileSync(seedPath, join(root, contractPath));
    for (const path of documents) expect({ path, messages: await lint(root, path) }).toEqual({ path, messages: [] });
  });
});

if (!seedPresent) {
  it.skip(`seed contract check skipped: ${seedPath} is absent (it sits beside the checkout in ../shared)`, () => {});
}

describe("the project's own contract", () => {
  it('raises no contract or required-document message', async () => {
    const messages = await lint(repositoryRoot, contractPath);
    expect(messages.filter((message) => ['contract-well-formed', 'required-documents', 'text-document'].includes(message.ruleId))).toEqual([]);
  });
});

describe('damaged contracts fail at the right line', () => {
  const cases: { name: string; damage: (root: string) => void; line: (root: string) => number; id: string }[] = [
    {
      name: 'a layer missing from the overview',
      damage: (root) => edit(root, contractPath, '| Layer 2 | Active | Change Management & Rollbacks |\n', ''),
      line: (root) => lineOf(root, contractPath, '## Layer 2 —'),
      id: 'layer-missing-from-overview',
    },
    {
      name: 'statuses that disagree',
      damage: (root) => edit(root, contractPath, '## Layer 3 — Release Confidence & Proof\n\n**Status**: Active', '## Layer 3 — Release Confidence & Proof\n\n**Status**: **Defined but Dormant**'),
      line: (root) => lineOf(root, contractPath, '## Layer 3 —') + 2,
      id: 'layer-status-mismatch',
    },
    {
      name: 'a section without a status',
      damage: (root) => edit(root, contractPath, '## Layer 1 — Incident Response & Learning\n\n**Status**: Active\n\n', '## Layer 1 — Incident Response & Learning\n\n'),
      line: (root) => lineOf(root, contractPath, '## Layer 1 —'),
      id: 'layer-missing-status',
    },
    {
      name: 'Layer 5 deleted',
      damage: (root) => edit(root, contractPath, /## Layer 5 — Strategic Reflection[\s\S]*?\n---\n/u, ''),
      line: (root) => lineOf(root, contractPath, '| Layer 5 |'),
      id: 'layer-missing-section',
    },
    {
      name: 'a non-date Last Updated',
      damage: (root) => edit(root, contractPath, '**Last Updated**: 2025-12-27', '**Last Updated**: last week'),
      line: (root) => lineOf(root, contractPath, '**Last Updated**'),
      id: 'last-updated-invalid',
    },
  ];

  for (const { name, damage, line, id } of cases) {
    it(name, async () => {
      const root = tempRepo();
      damage(root);
      const messages = await lintRule('contract-well-formed', root, contractPath);
      expect(messages.map((message) => ({ line: message.line, id: /\(([\w-]+)\)$/u.exec(message.reason)?.[1], fatal: message.fatal }))).toContainEqual({
        line: line(root),
        id,
        fatal: true,
      });
    });
  }
});

describe('activating a layer is a documentation-only change', () => {
  it('marking Layer 4 active with a documentation path makes its document required', async () => {
    const root = tempRepo();
    edit(root, contractPath, '| Layer 4 | Defined (Dormant) |', '| Layer 4 | Active |');
    edit(
      root,
      contractPath,
      '## Layer 4 — Policy Evolution & Guardrail Improvement\n\n**Status**: **Defined but Dormant**\n',
      '## Layer 4 — Policy Evolution & Guardrail Improvement\n\n**Status**: Active\n\n**Documentation**:\n- `docs/operations/POLICY_EVOLUTION.md`\n',
    );
    // The section's `NOT IMPLEMENTED` goes with the decision, or the contract check asks a person to settle it.
    edit(root, contractPath, '**Current Status**: **NOT IMPLEMENTED**', '**Current Status**: In use');
    const at = lineOf(root, contractPath, '`docs/operations/POLICY_EVOLUTION.md`');
    const messages = await lint(root, contractPath);
    expect(messages).toContainEqual(
      expect.objectContaining({ ruleId: 'required-documents', line: at, reason: expect.stringContaining('`docs/operations/POLICY_EVOLUTION.md`') }),
    );
    expect(messages.filter((message) => message.ruleId === 'contract-well-formed')).toEqual([]);

    const withDocument = tempRepo({ 'docs/operations/POLICY_EVOLUTION.md': '# Policy evolution\n\nPeople review each suggestion.\n' }, root);
    expect(await lintRule('required-documents', withDocument, contractPath)).toEqual([]);
    expect(await lint(withDocument, 'docs/operations/POLICY_EVOLUTION.md')).toEqual([]);
    expect(readFileSync(join(withDocument, contractPath), 'utf8')).toContain('| Layer 4 | Active |');
  });
});

describe('a contract too large to parse', () => {
  it('is reported once, on the contract, and read as an empty contract by the other documents', async () => {
    const root = tempRepo();
    const path = join(root, contractPath);
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n${'Filler text. '.repeat(45_000)}\n`);
    expect(await lint(root, contractPath)).toEqual([
      expect.objectContaining({ ruleId: 'text-document', line: 1, column: 1, reason: expect.stringMatching(/^Unexpected document of \d+ bytes, expected at most 524288 bytes/u) }),
    ]);
    expect((await lint(root, 'docs/operations/ROLLBACKS.md')).map((message) => message.ruleId)).toEqual(['no-orphan-documents']);
  });
});
