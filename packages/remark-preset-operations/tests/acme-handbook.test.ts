import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonFindings, packageDir, runCli } from './helpers.js';

// An outside team's incident-response handbook (MkDocs, its own names and folders, front matter,
// admonitions, snippets, HTML), adopted with a contract, a .remarkrc.mjs and a schema file:
// fixtures/acme-handbook. The README's section on adopting the linter walks through it.

const fixture = join(packageDir, 'fixtures', 'acme-handbook');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the handbook with the preset installed, as `npm install` leaves it; `change` edits it first. */
function handbook(change: (dir: string) => void = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'acme-handbook-'));
  made.push(dir);
  cpSync(fixture, dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules', '@bookiji'), { recursive: true });
  symlinkSync(packageDir, join(dir, 'node_modules', '@bookiji', 'remark-preset-operations'), 'dir');
  change(dir);
  return dir;
}

const replace = (dir: string, path: string, search: string, replacement: string) => {
  const text = readFileSync(join(dir, path), 'utf8');
  if (!text.includes(search)) throw new Error(`${path} has no ${search}`);
  writeFileSync(join(dir, path), text.replace(search, replacement));
};

describe.concurrent('the Acme handbook', { timeout: 120_000 }, () => {
  it('passes docs-lint as it is: every page checked, none taken for a malformed or orphaned operations document', async () => {
    const result = await runCli(['docs', '--report', 'json'], handbook());
    const files = JSON.parse(result.stdout) as { path: string; messages: unknown[] }[];
    expect(jsonFindings(result.stdout)).toEqual([]);
    expect(files.map((file) => file.path)).toEqual(expect.arrayContaining(['docs/operations-contract.md', 'docs/SUMMARY.md', 'docs/_snippets/escalation-contacts.md', 'docs/index.md']));
    expect(files.length).toBe(40);
    expect(result.code).toBe(0);
  });

  it('fails, at the contract, when a document it requires is removed', async () => {
    const result = await runCli(['docs', '--report', 'json'], handbook((dir) => rmSync(join(dir, 'docs/incident-response/severity-levels.md'))));
    expect(jsonFindings(result.stdout)).toContainEqual(
      expect.stringMatching(
        /^docs\/operations-contract\.md:43:3 required-documents Missing document `docs\/incident-response\/severity-levels\.md` \(for the contract's `docs\/operations\/incidents\/SEVERITY_MODEL\.md`, mapped by `documentPaths`\): active Layer 1/u,
      ),
    );
    expect(result.code).toBe(1);
  });

  it('fails, naming the heading and the schema that wants it, when a required heading is renamed', async () => {
    const result = await runCli(['docs/change-management', '--report', 'json'], handbook((dir) => replace(dir, 'docs/change-management/release-checklist.md', '## Shipping', '## Deploying')));
    expect(jsonFindings(result.stdout)).toEqual([
      'docs/change-management/release-checklist.md:13:1 document-schema Missing heading `## Shipping`, expected after `## Before merging` (schema `docs/change-management/release-checklist.md` at `operations-schemas.json:73:5`)',
    ]);
    expect(result.code).toBe(1);
  });

  it('checks the pages that stand for the contract’s documents as documents of their layer', async () => {
    const result = await runCli(
      ['docs/change-management', '--report', 'json'],
      handbook((dir) => replace(dir, 'docs/change-management/rollback-guide.md', 'Post the rollback\nin `#deploys` as usual.', 'The pipeline will automatically roll back.')),
    );
    expect(jsonFindings(result.stdout)).toEqual([expect.stringMatching(/^docs\/change-management\/rollback-guide\.md:\d+:\d+ no-automation-phrases Unexpected `automatically roll back`: Layer 2/u)]);
  });

  it('says in one line where a schema file is wrong: file, line and column', async () => {
    const result = await runCli(['docs'], handbook((dir) => replace(dir, 'operations-schemas.json', '{ "depth": 2, "text": "Choosing a level" }', '{ "depth": "2", "text": "Choosing a level" }')));
    expect(result.stderr).toBe('docs-lint: operations-schemas.json:9:20: Invalid schema `documents[0].headings[2].depth`: must be integer\n');
    expect(result.code).toBe(2);
    const syntax = await runCli(['docs'], handbook((dir) => replace(dir, 'operations-schemas.json', '"documents": [', '"documents": [,')));
    expect(syntax.stderr).toMatch(/^docs-lint: operations-schemas\.json:3:17: Invalid JSON \(ValueExpected\)/u);
    expect(syntax.code).toBe(2);
  });

  it('reports a mapping of a document the contract does not name', async () => {
    const result = await runCli(['docs/operations-contract.md', '--report', 'json'], handbook((dir) => replace(dir, '.remarkrc.mjs', "'docs/operations/ROLLBACKS.md':", "'docs/operations/ROLLBACK.md':")));
    expect(jsonFindings(result.stdout)).toEqual(
      expect.arrayContaining([
        'docs/operations-contract.md:1:1 required-documents Unexpected `documentPaths` entry `docs/operations/ROLLBACK.md`, expected a document the contract names',
        expect.stringMatching(/^docs\/operations-contract\.md:64:3 required-documents Missing document `docs\/operations\/ROLLBACKS\.md`/u),
      ]),
    );
  });
});
