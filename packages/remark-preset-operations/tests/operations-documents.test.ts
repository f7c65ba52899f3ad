import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readContract } from '@bookiji/contract';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import preset, { operationsOptions, type Options } from '@bookiji/remark-preset-operations';
import { runEngine } from './helpers.js';

// The repository's own operations documents, checked with the repository's own
// configuration (the root .remarkrc.js: document schemas, traceability map and
// the proof's step ids). Damage tests edit a copy and expect the message at the
// line where the damage is.

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const operations = 'docs/operations';
const contractPath = `${operations}/OPERATIONAL_LAYERS.md`;
const severity = `${operations}/incidents/SEVERITY_MODEL.md`;
const commander = `${operations}/incidents/INCIDENT_COMMANDER.md`;
const template = `${operations}/incidents/POSTMORTEM_TEMPLATE.md`;
const postmortem = `${operations}/incidents/postmortems/2026-10-14-calendar-sync-double-booking.md`;
const changelog = `${operations}/CHANGELOG.md`;
const rollbacks = `${operations}/ROLLBACKS.md`;
const releaseConfidence = `${operations}/RELEASE_CONFIDENCE.md`;
const runbook = `${operations}/PROOF_RUNBOOK.md`;

let options: Options;
beforeAll(async () => {
  const config = (await import(join(repositoryRoot, '.remarkrc.js'))) as { default: { plugins: unknown[] } };
  expect(config.default.plugins, 'the root .remarkrc.js loads the preset').toContain(preset);
  const entry = config.default.plugins.find((plugin): plugin is [unknown, Options] => Array.isArray(plugin) && plugin[0] === operationsOptions);
  expect(entry, 'the root .remarkrc.js gives the preset its options').toBeDefined();
  options = entry![1];
}, 60_000);

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the repository's documents: docs/ and the guards README that covers Layer 0. */
function repositoryCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docs-lint-operations-'));
  made.push(dir);
  cpSync(join(repositoryRoot, 'docs'), join(dir, 'docs'), { recursive: true });
  mkdirSync(join(dir, 'packages', 'guards'), { recursive: true });
  cpSync(join(repositoryRoot, 'packages', 'guards', 'README.md'), join(dir, 'packages', 'guards', 'README.md'));
  return dir;
}

/** Replaces the first `search` (which must be there) in a file of the copy. */
function damage(root: string, path: string, search: string | RegExp, replacement: string): void {
  const text = readFileSync(join(root, path), 'utf8');
  const next = text.replace(search, replacement);
  if (next === text) throw new Error(`${path} has no ${String(search)}`);
  writeFileSync(join(root, path), next);
}

/** The 1-based line of the first line of `path` that starts with `prefix`. */
function lineOf(root: string, path: string, prefix: string): number {
  const index = readFileSync(join(root, path), 'utf8').split('\n').findIndex((line) => line.startsWith(prefix));
  if (index === -1) throw new Error(`${path} has no line starting with ${prefix}`);
  return index + 1;
}

interface Found {
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

async function lintFile(root: string, path: string): Promise<Found[]> {
  const file = new VFile({ path, cwd: root, value: readFileSync(join(root, path)) });
  const processor = unified().use(remarkParse).use(preset).use(operationsOptions, options);
  await processor.run(processor.parse(file), file);
  return file.messages.map((message) => ({ ruleId: message.ruleId ?? '', line: message.line ?? 0, column: message.column ?? 0, reason: message.reason }));
}

/** Every document of the folder in one run, as the CLI reads them (so links across documents are checked too). */
async function lintFolder(root: string, files: (string | VFile)[] = [operations]): Promise<Map<string, Found[]>> {
  return new Map(
    (await runEngine(root, files, options)).map((file) => [
      file.path,
      file.messages.map((message) => ({ ruleId: message.ruleId ?? '', line: message.line ?? 0, column: message.column ?? 0, reason: message.reason })),
    ]),
  );
}

describe("the repository's operations documents", () => {
  it('pass every rule with the repository configuration, links across documents included', async () => {
    const results = await lintFolder(repositoryRoot);
    expect([...results.keys()].sort()).toEqual(
      [contractPath, severity, commander, template, postmortem, changelog, rollbacks, releaseConfidence, runbook].sort(),
    );
    for (const [path, messages] of results) expect({ path, messages }).toEqual({ path, messages: [] });
  }, 60_000);

  it('are every document the active layers of the contract name', () => {
    const named = readContract(join(repositoryRoot, contractPath)).contract.layers.filter((layer) => layer.status === 'active').flatMap((layer) => layer.documentation);
    expect(named.sort()).toEqual([severity, commander, template, changelog, rollbacks, releaseConfidence, runbook].sort());
  });
});

const seedPath = join(repositoryRoot, '..', 'shared', 'seeds', 'OPERATIONAL_LAYERS.seed.md');
const seedPresent = existsSync(seedPath);

describe.skipIf(!seedPresent)('the seed contract as written (../shared/seeds/OPERATIONAL_LAYERS.seed.md), as the contract of a copy of this repository', () => {
  it('passes every rule with the repository configuration', async () => {
    const root = repositoryCopy();
    copyFileSync(seedPath, join(root, contractPath));
    const results = await lintFolder(root);
    expect([...results.values()].flat().map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.reason}`)).toEqual([]);
  }, 60_000);
});

if (!seedPresent) {
  it.skip(`seed contract check skipped: ${seedPath} is absent (it sits beside the checkout in ../shared)`, () => {});
}

interface Damage {
  readonly name: string;
  readonly path: string;
  readonly apply: (root: string) => void;
  /** Where the message must be: the line of the first line starting with `prefix`, and the column when given. */
  readonly at: { readonly prefix: string; readonly column?: number };
  readonly reason: RegExp;
  readonly rule?: string;
}

const damages: Damage[] = [
  {
    name: 'the severity model without a required section',
    path: severity,
    apply: (root) => damage(root, severity, /^## Changing severity$/mu, '## When severity changes'),
    at: { prefix: '## Declaring an incident' },
    reason: /^Missing heading `## Changing severity`, expected after `## Declaring an incident`$/u,
  },
  {
    name: 'the severity model with a level missing from its table',
    path: severity,
    apply: (root) => damage(root, severity, /^\| SEV-3 \|.*\n/mu, ''),
    at: { prefix: '| Level |', column: 1 },
    reason: /^Missing row `SEV-3` in column `Level` of the table under `Severity levels`$/u,
  },
  {
    name: 'the Incident Commander model without the hand-over section',
    path: commander,
    apply: (root) => damage(root, commander, /^## Handing over command$/mu, '## Passing it on'),
    at: { prefix: '## Recording decisions' },
    reason: /^Missing heading `## Handing over command`/u,
  },
  {
    name: 'the postmortem template without "Where we were lucky"',
    path: template,
    apply: (root) => damage(root, template, /^### Where we were lucky$/mu, '### Luck'),
    at: { prefix: '### What went poorly' },
    reason: /^Missing heading `### Where we were lucky`/u,
  },
  {
    name: 'the worked postmortem with a severity badge the severity model does not define',
    path: postmortem,
    apply: (root) => damage(root, postmortem, '**Severity**: SEV-2', '**Severity**: SEV-0'),
    at: { prefix: '**Severity**:', column: '**Severity**: '.length + 1 },
    reason: /^Unexpected `Severity` value `SEV-0`, expected one of `SEV-1`, `SEV-2`, `SEV-3`, `SEV-4`/u,
  },
  {
    name: 'the worked postmortem with an affected area badge outside the list',
    path: postmortem,
    apply: (root) => damage(root, postmortem, '**Affected area**: calendar-sync, booking', '**Affected area**: calendar-sync, search'),
    at: { prefix: '**Affected area**:', column: '**Affected area**: '.length + 1 },
    reason: /^Unexpected `Affected area` value `search`, expected values from `booking`/u,
  },
  {
    name: 'the changelog with an entry whose date is not a calendar date',
    path: changelog,
    apply: (root) => damage(root, changelog, /^## 2026-11-25 — Operations toolchain/mu, '## 2026-11-31 — Operations toolchain'),
    at: { prefix: '## 2026-11-31 — ', column: 1 },
    reason: /^Unexpected entry date `2026-11-31`, expected a calendar date as `YYYY-MM-DD`$/u,
  },
  {
    name: 'the changelog with an entry dated in the future',
    path: changelog,
    apply: (root) => damage(root, changelog, /^## 2026-11-25 — Operations toolchain/mu, '## 2999-01-01 — Operations toolchain'),
    at: { prefix: '## 2999-01-01 — ' },
    reason: /^Unexpected entry date `2999-01-01`: it is after today/u,
  },
  {
    name: 'the changelog with its dates out of order',
    path: changelog,
    apply: (root) => {
      const text = readFileSync(join(root, changelog), 'utf8');
      writeFileSync(join(root, changelog), `${text.trimEnd()}\n\n## 2026-12-01 — An entry added at the bottom\n\n**Kind**: config\n\n**Risk**: low\n\n**Triggered by**: Priya Nair\n\n**Rollback**: Set it back.\n\n**Links**: none\n`);
    },
    at: { prefix: '## 2026-12-01 — ' },
    reason: /^Unexpected entry date `2026-12-01` after an entry dated `\d{4}-\d{2}-\d{2}`, expected newest first$/u,
  },
  {
    name: 'the changelog with an entry of a kind the discipline does not know',
    path: changelog,
    apply: (root) => damage(root, changelog, /(## 2026-11-25 — Operations toolchain[^\n]*\n\n)\*\*Kind\*\*: code/u, '$1**Kind**: deploy'),
    at: { prefix: '**Kind**: deploy', column: '**Kind**: '.length + 1 },
    reason: /^Unexpected `Kind` value `deploy`, expected one of `code`, `config`/u,
  },
  {
    name: 'the rollback procedures without the database procedure',
    path: rollbacks,
    apply: (root) => damage(root, rollbacks, /^### Database$/mu, '### Data'),
    at: { prefix: '### Config' },
    reason: /^Missing heading `### Database`, expected after `### Config`$/u,
  },
  {
    name: 'release confidence without "No waivers"',
    path: releaseConfidence,
    apply: (root) => damage(root, releaseConfidence, /^## No waivers$/mu, '## Waivers'),
    at: { prefix: '### Verifying a report later' },
    reason: /^Missing heading `## No waivers`/u,
  },
  {
    name: "the runbook whose step list differs from the proof configuration's ids",
    path: runbook,
    apply: (root) => {
      const text = readFileSync(join(root, runbook), 'utf8');
      const first = /^1\. `clean-tree`/mu.exec(text);
      const second = /^2\. `frozen-install`/mu.exec(text);
      if (!first || !second) throw new Error('the runbook no longer starts with clean-tree and frozen-install');
      writeFileSync(join(root, runbook), text.replace('1. `clean-tree`', '1. `frozen-install`').replace('2. `frozen-install`', '2. `clean-tree`'));
    },
    at: { prefix: '1. `frozen-install`', column: 1 },
    reason: /^Unexpected `frozen-install` at position 1 under `Proof steps`, expected `clean-tree`$/u,
  },
];

describe('a damaged copy of each operations document fails at the line of the damage', () => {
  for (const { name, path, apply, at, reason, rule = 'document-schema' } of damages) {
    it(name, async () => {
      const root = repositoryCopy();
      expect(await lintFile(root, path)).toEqual([]);
      apply(root);
      const messages = (await lintFile(root, path)).filter((message) => message.ruleId === rule);
      const line = lineOf(root, path, at.prefix);
      expect(messages).toContainEqual(expect.objectContaining({ line, ...(at.column === undefined ? {} : { column: at.column }), reason: expect.stringMatching(reason) }));
    });
  }
});

describe('traceability between the contract and the documents, both ways', () => {
  it('a scope item added to an active layer without a mapped heading fails at the item', async () => {
    const root = repositoryCopy();
    damage(root, contractPath, '- Postmortem process\n', '- Postmortem process\n- Paging policy\n');
    const messages = (await lintFile(root, contractPath)).filter((message) => message.ruleId === 'traceability');
    expect(messages).toEqual([
      expect.objectContaining({
        line: lineOf(root, contractPath, '- Paging policy'),
        reason: 'Scope item `Paging policy` of Layer 1 is not mapped to the heading that covers it in the traceability map',
      }),
    ]);
  });

  it('a renamed heading breaks the anchor that maps a scope item to it', async () => {
    const root = repositoryCopy();
    damage(root, severity, /^## Severity levels$/mu, '## Levels');
    const messages = (await lintFile(root, contractPath)).filter((message) => message.ruleId === 'traceability');
    expect(messages).toEqual([
      expect.objectContaining({
        line: lineOf(root, contractPath, '- Severity model'),
        reason: expect.stringMatching(/^Scope item `Severity model` of Layer 1 is mapped to `docs\/operations\/incidents\/SEVERITY_MODEL\.md#severity-levels`, but .* has no heading `#severity-levels`$/u),
      }),
    ]);
  });

  it('a renamed heading breaks the links other documents make to it', async () => {
    const root = repositoryCopy();
    damage(root, commander, /^## The first minutes$/mu, '## First steps');
    const messages = (await lintFolder(root)).get(changelog) ?? [];
    expect(messages).toContainEqual(
      expect.objectContaining({ ruleId: 'missing-heading-in-file', line: lineOf(root, changelog, 'This document belongs to Layer 2'), reason: expect.stringContaining('#the-first-minutes') }),
    );
  }, 60_000);

  it('an entry for a scope item the contract dropped is reported as stale', async () => {
    const root = repositoryCopy();
    damage(root, contractPath, '- Human-run only\n', '');
    const messages = (await lintFile(root, contractPath)).filter((message) => message.ruleId === 'traceability');
    expect(messages).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^Unexpected traceability entry `Human-run only` for Layer 3/u) })]);
  });
});

describe('the traceability map is checked against the documents as the run reads them', () => {
  // Once every document of the run is checked, against the headings the run read in each (as links across documents
  // are checked); a document the run does not check is read from disk. Each document is parsed once.
  const traceabilityOf = (results: Map<string, Found[]>) => (results.get(contractPath) ?? []).filter((message) => message.ruleId === 'traceability');

  it('sees a heading renamed on disk between two runs in one process', async () => {
    const root = repositoryCopy();
    expect(traceabilityOf(await lintFolder(root))).toEqual([]);
    damage(root, severity, /^## Severity levels$/mu, '## Levels');
    expect(traceabilityOf(await lintFolder(root))).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/but `docs\/operations\/incidents\/SEVERITY_MODEL\.md` has no heading `#severity-levels`$/u) }),
    ]);
  }, 60_000);

  it('reads a document the run checks as the run reads it, and one it does not check from disk', async () => {
    const root = repositoryCopy();
    const intact = readFileSync(join(root, severity), 'utf8');
    const renamed = intact.replace(/^## Severity levels$/mu, '## Levels');
    // Given renamed, intact on disk: the run's text counts.
    const given = await lintFolder(root, [contractPath, new VFile({ path: join(root, severity), value: renamed })]);
    expect(traceabilityOf(given)).toEqual([expect.objectContaining({ line: lineOf(root, contractPath, '- Severity model'), reason: expect.stringMatching(/has no heading `#severity-levels`$/u) })]);
    // Not in the run, renamed on disk: the disk counts.
    writeFileSync(join(root, severity), renamed);
    expect(traceabilityOf(await lintFolder(root, [contractPath]))).toEqual([expect.objectContaining({ reason: expect.stringMatching(/has no heading `#severity-levels`$/u) })]);
    // In the run, intact as given: the run's text counts again.
    const intactGiven = await lintFolder(root, [contractPath, new VFile({ path: join(root, severity), value: intact })]);
    expect(traceabilityOf(intactGiven)).toEqual([]);
  }, 60_000);
});
