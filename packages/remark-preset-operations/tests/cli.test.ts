import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageDir, runCli, tempRepo } from './helpers.js';

const orphan = { 'docs/operations/NOTES.md': '# Notes\n\nLoose notes.\n' };
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /mu);

// Each case starts the CLI from source, as a fresh clone does; on a busy machine that takes seconds.
describe.concurrent('docs-lint', { timeout: 90_000 }, () => {
  it('exits 0 on a clean repository, checking docs/operations/ by default', async () => {
    const result = await runCli([], tempRepo());
    expect(result.stderr).toContain('docs/operations/ROLLBACKS.md: no issues found');
    expect(result.code).toBe(0);
  });

  it('exits 1 and names the file, position and rule when a document breaks a rule', async () => {
    const result = await runCli([], tempRepo(orphan));
    expect(result.stderr).toMatch(/docs\/operations\/NOTES\.md\n\s*1:1\s+error\s+Unexpected document .* operations:no-orphan-documents/u);
    expect(result.code).toBe(1);
  });

  it('exits 2 with one line for a usage mistake', async () => {
    const result = await runCli(['--frobnicate'], tempRepo());
    expect(result.stderr).toBe('docs-lint: Unknown option `--frobnicate` (see `docs-lint --help`)\n');
    expect(result.code).toBe(2);
  });

  it('exits 2 with one line for every flag mistake it can see before the run', async () => {
    const root = tempRepo();
    const results = await Promise.all([
      runCli(['--output'], root),
      runCli(['--rc-path'], root),
      runCli(['--quiet=yes'], root),
      runCli(['--file-path', 'docs/operations/ROLLBACKS.md', 'docs/operations'], root),
      runCli(['--setting', '{not json'], root),
    ]);
    expect(results.map((result) => result.stderr)).toEqual([
      'docs-lint: Unexpected `--output`: docs-lint reports on documents and never rewrites them\n',
      'docs-lint: Missing value for `--rc-path` (see `docs-lint --help`)\n',
      'docs-lint: Unexpected value for `--quiet`, which takes none (see `docs-lint --help`)\n',
      'docs-lint: Unexpected paths with `--file-path`, which names the document read from standard input\n',
      // unified-args reads a setting's JSON5 itself, and says so in its own words.
      expect.stringMatching(/^Error: Cannot parse `\{not json` as JSON\n$/u),
    ]);
    for (const result of results) expect(result.code).toBe(2);
  });

  it('exits 2 with one line for a path that does not exist', async () => {
    const result = await runCli(['docs/nowhere'], tempRepo());
    expect(result.stderr).toMatch(/^docs-lint: docs\/nowhere: No such file or folder: ENOENT[^\n]*\n$/u);
    expect(result.code).toBe(2);
  });

  it('exits 2 with one line naming the option for a configuration mistake in .remarkrc.js', async () => {
    const root = tempRepo();
    const preset = pathToFileURL(join(packageDir, 'src', 'index.ts')).href;
    writeFileSync(
      join(root, '.remarkrc.js'),
      `import preset, { operationsOptions } from '${preset}';\nexport default { plugins: [preset, [operationsOptions, { documents: [{ path: 'a.md', tables: [{ under: 'X', columns: 'Level' }] }] }]] };\n`,
    );
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    const result = await runCli([], root);
    noStack(result.stderr);
    expect(result.stderr).toBe('docs-lint: Invalid option `documents[0].tables[0].columns`: must be array\n');
    expect(result.code).toBe(2);
  });

  it('exits 2 for an unknown report format', async () => {
    const result = await runCli(['--report', 'xml'], tempRepo());
    expect(result.stderr).toBe('docs-lint: Unexpected report `xml`, expected `json` or `sarif`\n');
    expect(result.code).toBe(2);
  });

  it('prints a JSON report on stdout with --report json', async () => {
    const result = await runCli(['--report', 'json'], tempRepo(orphan));
    const report = JSON.parse(result.stdout) as { path: string; messages: { ruleId: string; source: string; line: number; url: string }[] }[];
    const notes = report.find((file) => file.path === 'docs/operations/NOTES.md');
    expect(notes?.messages).toEqual([expect.objectContaining({ ruleId: 'no-orphan-documents', source: 'operations', line: 1, url: expect.stringMatching(/docs\/rules\/no-orphan-documents\.md$/u) })]);
    expect(result.code).toBe(1);
  });

  it('keeps a failure out of the JSON report: one line on stderr, exit 2', async () => {
    const result = await runCli(['--report', 'json', 'docs/operations/ROLLBACKS.md', 'docs/nowhere.md'], tempRepo());
    expect((JSON.parse(result.stdout) as { path: string }[]).map((file) => file.path)).toEqual(['docs/operations/ROLLBACKS.md']);
    expect(result.stderr).toMatch(/^docs-lint: docs\/nowhere\.md: No such file or folder[^\n]*\n$/u);
    expect(result.code).toBe(2);
  });

  it('prints a SARIF 2.1.0 log on stdout with --report sarif', async () => {
    const result = await runCli(['--report', 'sarif'], tempRepo(orphan));
    const log = JSON.parse(result.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('@bookiji/remark-preset-operations');
    expect(run.results).toEqual([
      expect.objectContaining({
        ruleId: 'operations:no-orphan-documents',
        level: 'error',
        locations: [{ physicalLocation: expect.objectContaining({ artifactLocation: expect.objectContaining({ uri: 'docs/operations/NOTES.md' }), region: expect.objectContaining({ startLine: 1 }) }) }],
      }),
    ]);
    expect(run.tool.driver.rules).toEqual([expect.objectContaining({ id: 'operations:no-orphan-documents', helpUri: expect.stringMatching(/no-orphan-documents\.md$/u) })]);
    expect(result.code).toBe(1);
  });

  it('emits workflow-command annotations on GitHub Actions', async () => {
    const result = await runCli([], tempRepo(orphan), { GITHUB_ACTIONS: 'true' });
    expect(result.stdout).toMatch(/^::error file=docs\/operations\/NOTES\.md,line=1,col=1,title=no-orphan-documents::Unexpected document `docs\/operations\/NOTES\.md`/mu);
    expect(result.code).toBe(1);
  });

  it('reports bad bytes with positions and exits 1, not 2', async () => {
    const bytes = Buffer.concat([Buffer.from('# Rollbacks\n\n'), Buffer.from([0xc3, 0x28])]);
    const root = tempRepo({ 'docs/operations/ROLLBACKS.md': bytes });
    const result = await runCli(['docs/operations/ROLLBACKS.md'], root);
    expect(result.stderr).toMatch(/3:1\s+error\s+Unexpected byte that is not UTF-8/u);
    expect(result.code).toBe(1);
  });

  it('writes a document back out with --stdout, tables included', async () => {
    const root = tempRepo();
    const result = await runCli(['--stdout', 'docs/operations/OPERATIONAL_LAYERS.md'], root);
    expect(result.stderr).not.toMatch(/Cannot handle/u);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\| Layer +\|/mu);
  });

  it('prints usage with --help and the version with --version', async () => {
    const help = await runCli(['--help'], tempRepo());
    expect(help.stdout).toMatch(/^Usage: docs-lint \[options\] \[path \| glob \.\.\.\]/u);
    expect(help.stdout).toContain('2  usage or configuration mistake');
    expect(help.code).toBe(0);
  });
});
