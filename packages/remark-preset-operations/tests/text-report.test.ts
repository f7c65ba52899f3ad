import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { textReport } from '../src/cli/text-report.js';

function file(path: string, messages: { reason: string; line: number; column: number; ruleId: string; fatal?: boolean }[]): VFile {
  const vfile = new VFile({ path });
  for (const { reason, line, column, ruleId, fatal } of messages) {
    const message = vfile.message(reason, { place: { line, column }, ruleId, source: 'operations' });
    message.fatal = fatal ?? true;
  }
  return vfile;
}

describe('the report a person reads', () => {
  const long = `Unexpected \`${'x'.repeat(180)}\``;
  const files = [
    file('docs/a.md', [
      { reason: 'Unexpected `The bot will`', line: 18, column: 1, ruleId: 'no-automation-phrases' },
      { reason: long, line: 9, column: 12, ruleId: 'links', fatal: false },
    ]),
    file('docs/b.md', []),
    file('docs/c.md', []),
  ];

  it('aligns place and severity but never pads a message to the longest one', () => {
    const report = textReport(files);
    expect(report).toBe(
      [
        'docs/a.md',
        `  9:12  warning  ${long}  operations:links`,
        '  18:1  error    Unexpected `The bot will`  operations:no-automation-phrases',
        '',
        'docs/b.md: no issues found',
        'docs/c.md: no issues found',
        '',
        '✖ 1 error, ⚠ 1 warning',
      ].join('\n'),
    );
    const widths = report.split('\n').map((line) => line.length);
    expect(Math.max(...widths)).toBe(`  9:12  warning  ${long}  operations:links`.length);
  });

  it('leaves clean files out when quiet, and warnings too when silent', () => {
    expect(textReport(files, { quiet: true })).not.toContain('no issues found');
    const silent = textReport(files, { silent: true });
    expect(silent).not.toContain('warning');
    expect(silent).toContain('✖ 1 error');
  });
});
