import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { sarifReport } from '../../src/reporters/sarif.js';

function fileWith(path: string, messages: { reason: string; line: number; column: number; ruleId: string; source: string; fatal: boolean; url?: string }[]): VFile {
  const file = new VFile({ path, cwd: '/repo' });
  for (const { reason, line, column, ruleId, source, fatal, url } of messages) {
    const message = file.message(reason, { place: { line, column }, ruleId, source });
    message.fatal = fatal;
    if (url) message.url = url;
  }
  return file;
}

describe('SARIF report', () => {
  const files = [
    fileWith('docs/operations/NOTES.md', [
      { reason: 'Unexpected document', line: 1, column: 1, ruleId: 'no-orphan-documents', source: 'operations', fatal: true, url: 'https://example.com/no-orphan-documents.md' },
      { reason: 'Cannot find file `GONE.md`', line: 3, column: 5, ruleId: 'missing-file', source: 'remark-validate-links:missing-file', fatal: true },
      { reason: 'A warning', line: 4, column: 2, ruleId: 'no-orphan-documents', source: 'operations', fatal: false },
    ]),
  ];
  const log = JSON.parse(sarifReport(files, { cwd: '/repo', toolName: '@bookiji/remark-preset-operations', toolVersion: '0.1.0' })) as {
    version: string;
    $schema: string;
    runs: { tool: { driver: { name: string; version: string; rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
  };

  it('is a SARIF 2.1.0 log with one run of this tool', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/u);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.tool.driver).toEqual(expect.objectContaining({ name: '@bookiji/remark-preset-operations', version: '0.1.0' }));
  });

  it('names each rule once as `source:rule-id`, without repeating a rule id the source already holds', () => {
    expect(log.runs[0]!.tool.driver.rules).toEqual([
      { id: 'operations:no-orphan-documents', helpUri: 'https://example.com/no-orphan-documents.md' },
      { id: 'remark-validate-links:missing-file' },
    ]);
  });

  it('gives each message a result with its level, text and repository-relative location', () => {
    expect(log.runs[0]!.results.map((result) => [result.ruleId, result.level, result.message.text, result.locations[0]!.physicalLocation.artifactLocation.uri, result.locations[0]!.physicalLocation.region.startLine, result.locations[0]!.physicalLocation.region.startColumn])).toEqual([
      ['operations:no-orphan-documents', 'error', 'Unexpected document', 'docs/operations/NOTES.md', 1, 1],
      ['remark-validate-links:missing-file', 'error', 'Cannot find file `GONE.md`', 'docs/operations/NOTES.md', 3, 5],
      ['operations:no-orphan-documents', 'warning', 'A warning', 'docs/operations/NOTES.md', 4, 2],
    ]);
  });
});
