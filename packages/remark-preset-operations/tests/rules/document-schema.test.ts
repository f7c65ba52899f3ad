import { describe, expect, it } from 'vitest';
import type { DocumentSchema } from '@bookiji/remark-preset-operations';
import { lintRule, tempRepo } from '../helpers.js';

const rule = 'document-schema';
const path = 'docs/operations/incidents/SEVERITY_MODEL.md';

const severity = `# Severity Model

## Severity levels

| Level | Criteria | Response |
| --- | --- | --- |
| SEV-1 | Bookings lost | Now |
| SEV-2 | Bookings delayed | Soon |

## Badges

**Owner**: Incident Commander
`;

const schema = (parts: Omit<DocumentSchema, 'path'>): { documents: DocumentSchema[] } => ({ documents: [{ path, ...parts }] });
const check = (text: string, parts: Omit<DocumentSchema, 'path'>, files: Record<string, string> = {}) =>
  lintRule(rule, tempRepo({ [path]: text, ...files }), path, schema(parts));

describe('document-schema: headings', () => {
  const headings = [
    { depth: 1, text: 'Severity model' },
    { depth: 2, text: 'Severity levels' },
    { depth: 2, pattern: '^Badg' },
  ];

  it('passes headings present in order, with others between', async () => {
    expect(await check(severity.replace('## Badges', '## Notes\n\n## Badges'), { headings })).toEqual([]);
  });

  it('reports a missing heading after the heading it should follow', async () => {
    expect(await check(severity.replace('## Badges', '## Other'), { headings })).toEqual([
      expect.objectContaining({ line: 3, reason: 'Missing heading `## /^Badg/`, expected after `## Severity levels`' }),
    ]);
  });

  it('reports a heading out of order at the heading', async () => {
    const text = '# Severity Model\n\n## Badges\n\n## Severity levels\n';
    expect(await check(text, { headings })).toEqual([expect.objectContaining({ line: 3, reason: expect.stringContaining('Unexpected position of heading `## /^Badg/`') })]);
  });

  it('applies to the documents its path or glob matches only', async () => {
    const root = tempRepo();
    const options = { documents: [{ path: 'docs/operations/incidents/*.md', headings: [{ depth: 2, text: 'Never there' }] }] };
    expect(await lintRule(rule, root, path, options)).toHaveLength(1);
    expect(await lintRule(rule, root, 'docs/operations/ROLLBACKS.md', options)).toEqual([]);
  });
});

describe('document-schema: tables', () => {
  const table = { under: 'Severity levels', columns: ['Level', 'Criteria'], rows: { column: 'Level', values: ['SEV-1', 'SEV-2'] } };

  it('passes a table with the columns and rows', async () => {
    expect(await check(severity, { tables: [table] })).toEqual([]);
  });

  it('reports a wrong column at the table', async () => {
    expect(await check(severity.replace('| Level | Criteria |', '| Level | Cause |'), { tables: [table] })).toEqual([
      expect.objectContaining({ line: 5, reason: 'Unexpected column `Cause` in the table under `Severity levels`, expected `Criteria` as column 2' }),
    ]);
  });

  it('reports a missing row and a missing table', async () => {
    expect(await check(severity.replace('| SEV-2 |', '| SEV-3 |'), { tables: [table] })).toEqual([
      expect.objectContaining({ line: 5, reason: expect.stringContaining('Missing row `SEV-2`') }),
    ]);
    expect(await check('# Severity Model\n\n## Severity levels\n\nNone.\n', { tables: [table] })).toEqual([
      expect.objectContaining({ line: 3, reason: expect.stringContaining('Missing table under `Severity levels`') }),
    ]);
  });
});

describe('document-schema: fields', () => {
  it('passes a field with an allowed value, literal or from another document', async () => {
    const files = { 'docs/operations/incidents/postmortems/2026-01-01-calendar-sync.md': '# Postmortem\n\n## Badges\n\n**Severity**: SEV-2\n' };
    const root = tempRepo({ [path]: severity, ...files });
    const options = {
      documents: [
        { path: 'docs/operations/incidents/postmortems/*.md', fields: [{ name: 'Severity', under: 'Badges', values: { from: { document: path, under: 'Severity levels', column: 'Level' } } }] },
      ],
    };
    expect(await lintRule(rule, root, 'docs/operations/incidents/postmortems/2026-01-01-calendar-sync.md', options)).toEqual([]);
    const wrong = tempRepo({ [path]: severity, 'docs/operations/incidents/postmortems/2026-01-01-calendar-sync.md': '# Postmortem\n\n## Badges\n\n**Severity**: SEV-9\n' });
    expect(await lintRule(rule, wrong, 'docs/operations/incidents/postmortems/2026-01-01-calendar-sync.md', options)).toEqual([
      expect.objectContaining({ line: 5, column: 15, reason: 'Unexpected `Severity` value `SEV-9`, expected one of `SEV-1`, `SEV-2`' }),
    ]);
  });

  it('reports a missing required field, and ignores a missing optional one', async () => {
    expect(await check(severity, { fields: [{ name: 'Owner', under: 'Badges', values: ['Incident Commander'] }, { name: 'Deputy', required: false }] })).toEqual([]);
    expect(await check(severity, { fields: [{ name: 'Reviewer', under: 'Badges' }] })).toEqual([
      expect.objectContaining({ line: 10, reason: 'Missing field `**Reviewer**:` under `Badges`' }),
    ]);
  });

  it('accepts several values with multiple', async () => {
    const text = '# Doc\n\n**Kind**: code, config\n';
    expect(await check(text, { fields: [{ name: 'Kind', values: ['code', 'config'], multiple: true }] })).toEqual([]);
    expect(await check(text, { fields: [{ name: 'Kind', values: ['code', 'config'] }] })).toHaveLength(1);
  });
});

describe('document-schema: entries', () => {
  const entries = { depth: 2, pattern: '^(\\d{4}-\\d{2}-\\d{2}) — .+$', order: 'newest-first' as const, noFutureDates: true, minimum: 1, fields: [{ name: 'Risk', values: ['low', 'high'] }] };
  const log = (first: string, second: string) => `# Changelog\n\n## ${first} — A\n\n**Risk**: low\n\n## ${second} — B\n\n**Risk**: high\n`;

  it('passes dated entries, newest first, with their fields', async () => {
    expect(await check(log('2026-02-01', '2026-01-01'), { entries })).toEqual([]);
  });

  it('reports dates out of order, in the future, or not calendar dates', async () => {
    expect(await check(log('2026-01-01', '2026-02-01'), { entries })).toEqual([expect.objectContaining({ line: 7, reason: expect.stringContaining('expected newest first') })]);
    expect(await check(log('2999-01-01', '2026-01-01'), { entries })).toEqual([expect.objectContaining({ line: 3, reason: expect.stringContaining('after today') })]);
    expect(await check(log('2026-02-30', '2026-01-01'), { entries })).toEqual([expect.objectContaining({ line: 3, reason: expect.stringContaining('calendar date') })]);
  });

  it('reports an entry without a field, a bad heading, and too few entries', async () => {
    expect(await check('# Changelog\n\n## 2026-01-01 — A\n\nText.\n', { entries })).toEqual([expect.objectContaining({ line: 3, reason: expect.stringContaining('Missing field `**Risk**:`') })]);
    expect(await check('# Changelog\n\n## Someday\n', { entries: { ...entries, fields: [] } })).toEqual([
      expect.objectContaining({ line: 3, reason: expect.stringContaining('Unexpected entry heading `Someday`') }),
    ]);
    expect(await check('# Changelog\n', { entries: { ...entries, minimum: 2 } })).toEqual([expect.objectContaining({ reason: expect.stringContaining('at least 2 entries') })]);
  });
});

describe('document-schema: fields on consecutive lines and fields outside any entry', () => {
  const entries = {
    depth: 2,
    pattern: '^(\\d{4}-\\d{2}-\\d{2}) — .+$',
    fields: [
      { name: 'Kind', values: ['code', 'config'] },
      { name: 'Risk', values: ['low', 'high'] },
    ],
  };

  it('reads fields on consecutive lines as fields in paragraphs of their own', async () => {
    const together = '# Changelog\n\n## 2026-01-02 — B\n\n**Kind**: config\n**Risk**: low\n\n## 2026-01-01 — A\n\n**Kind**: code\n\n**Risk**: high\n';
    expect(await check(together, { entries })).toEqual([]);
    expect(await check(together.replace('**Risk**: low', '**Risk**: lowish'), { entries })).toEqual([
      expect.objectContaining({ line: 6, column: 11, reason: 'Unexpected `Risk` value `lowish`, expected one of `low`, `high`' }),
    ]);
  });

  it("reports an entry's fields left before the first entry, and not bold prose", async () => {
    const text = '# Changelog\n\n**What must be recorded.** Every change.\n\n**Kind**: config\n**Risk**: low\n\n## 2026-01-01 — A\n\n**Kind**: code\n**Risk**: high\n';
    expect(await check(text, { entries })).toEqual([
      expect.objectContaining({ line: 5, column: 1, reason: 'Unexpected field `**Kind**:` before the first entry, expected it under an entry heading (level 2) of its own' }),
      expect.objectContaining({ line: 6, column: 1, reason: 'Unexpected field `**Risk**:` before the first entry, expected it under an entry heading (level 2) of its own' }),
    ]);
  });

  it('reports a field a second time in one entry, where an entry heading went missing', async () => {
    const text = '# Changelog\n\n## 2026-01-02 — B\n\n**Kind**: config\n**Risk**: low\n\n**Kind**: code\n**Risk**: high\n';
    expect(await check(text, { entries })).toEqual([
      expect.objectContaining({ line: 8, reason: 'Unexpected second `**Kind**:` in the entry `2026-01-02 — B`, expected one per entry (is an entry heading missing above it?)' }),
      expect.objectContaining({ line: 9, reason: expect.stringContaining('Unexpected second `**Risk**:`') }),
    ]);
  });
});

describe('document-schema: id lists', () => {
  const idList = { under: 'Proof steps', ids: ['clean-tree', 'frozen-install', 'docs-lint'] };
  const runbook = (items: string[]) => `# Proof runbook\n\n## Proof steps\n\n${items.map((item, index) => `${index + 1}. ${item}`).join('\n')}\n`;

  it('passes the ids in order', async () => {
    expect(await check(runbook(['`clean-tree`: clean.', '`frozen-install`: install.', '`docs-lint`: lint.']), { idList })).toEqual([]);
  });

  it('reports a wrong, missing or extra id at the item', async () => {
    expect(await check(runbook(['`clean-tree`: clean.', '`docs-lint`: lint.', '`frozen-install`: install.']), { idList })).toEqual([
      expect.objectContaining({ line: 6, reason: 'Unexpected `docs-lint` at position 2 under `Proof steps`, expected `frozen-install`' }),
      expect.objectContaining({ line: 7, reason: 'Unexpected `frozen-install` at position 3 under `Proof steps`, expected `docs-lint`' }),
    ]);
    expect(await check(runbook(['`clean-tree`: clean.', '`frozen-install`: install.']), { idList })).toEqual([
      expect.objectContaining({ line: 6, reason: expect.stringContaining('Missing item `docs-lint` at position 3') }),
    ]);
    expect(await check(runbook(['`clean-tree`', '`frozen-install`', '`docs-lint`', 'no id']), { idList })).toEqual([
      expect.objectContaining({ line: 8, reason: expect.stringContaining('without an inline-code id') }),
    ]);
  });
});
