import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import remarkParse from 'remark-parse';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import preset, { lintCommentReason, links, operationsOptions, rules } from '@bookiji/remark-preset-operations';
import { packageDir, repositoryRoot, runCli, runEngine, runEngineWith, runNode, tempRepo } from './helpers.js';

// A configuration lists the preset and may then set single rules, as people do with
// any remark-lint preset: `[rule, 'warn']` to downgrade, `[rule, false]` to turn off,
// `[rule, ['warn', options]]` for a severity and options of the rule's own.

const rollbacks = 'docs/operations/ROLLBACKS.md';
const text = '# Rollbacks\n\n<!-- lint ignore no-orphan-documents -->\nThe bot will page the on-call. A robot flips the switch. See [gone](GONE.md).\n';
const root = tempRepo({ [rollbacks]: text });

type Found = { ruleId: string; fatal: boolean | null | undefined };
const found = (file: VFile): Found[] =>
  file.messages.map((message) => ({ ruleId: message.ruleId ?? '', fatal: message.fatal })).sort((a, b) => a.ruleId.localeCompare(b.ruleId));

/** The messages of ROLLBACKS.md with a processor set up by `plugins`, outside unified-engine. */
async function run(plugins: PluggableList): Promise<Found[]> {
  const file = new VFile({ path: rollbacks, cwd: root, value: text });
  const processor = unified().use(remarkParse).use(plugins);
  await processor.run(processor.parse(file), file);
  return found(file);
}

/** The messages of ROLLBACKS.md in a run of unified-engine, with `plugins` after the preset. */
async function runInEngine(plugins: PluggableList): Promise<Found[]> {
  const [file] = await runEngine(root, [rollbacks], {}, plugins);
  return found(file!);
}

const all = [
  { ruleId: 'lint-comment-reason', fatal: true },
  { ruleId: 'missing-file', fatal: true },
  { ruleId: 'no-automation-phrases', fatal: true },
];

/** The messages of ROLLBACKS.md in a run of unified-engine, with `plugins` before the preset. */
async function runInEngineBefore(plugins: PluggableList): Promise<Found[]> {
  // An absolute path: unified-engine reads a given file's relative path from the process's working
  // directory, not from the file's `cwd`, and this test runs from the repository root and the package alike.
  const file = new VFile({ path: join(root, rollbacks), cwd: root, value: text });
  const [checked] = await runEngineWith(root, [file], [...plugins, preset]);
  return found(checked!);
}

describe.each([
  ['outside unified-engine', (plugins: PluggableList) => run([preset, ...plugins]), (plugins: PluggableList) => run([...plugins, preset])],
  ['in unified-engine', runInEngine, runInEngineBefore],
])('a configuration sets single rules of the preset, %s', (_where, lint, lintBefore) => {
  it('reports every finding as an error with the preset alone', async () => {
    expect(await lint([])).toEqual(all);
  });

  it('downgrades a rule to a warning', async () => {
    expect(await lint([[rules['no-automation-phrases'], 'warn']])).toContainEqual({ ruleId: 'no-automation-phrases', fatal: false });
    expect(await lint([[rules['no-automation-phrases'], ['warn']]])).toContainEqual({ ruleId: 'no-automation-phrases', fatal: false });
  });

  it("gives a rule options of its own over the preset's with a severity", async () => {
    const messages = await lint([[rules['no-automation-phrases'], ['warn', { automationPhrases: ['\\brobot\\b'] }]]]);
    expect(messages.filter((message) => message.ruleId === 'no-automation-phrases')).toEqual([{ ruleId: 'no-automation-phrases', fatal: false }]);
  });

  it('turns a rule, the link check or the comment check off with false', async () => {
    expect(await lint([[rules['no-automation-phrases'], false]])).toEqual(all.filter((message) => message.ruleId !== 'no-automation-phrases'));
    expect(await lint([[links, false]])).toEqual(all.filter((message) => message.ruleId !== 'missing-file'));
    expect(await lint([[lintCommentReason, false]])).toEqual(all.filter((message) => message.ruleId !== 'lint-comment-reason'));
    expect(await lint([[rules['no-automation-phrases'], false], [links, false], [lintCommentReason, false]])).toEqual([]);
  });

  it('gives every rule the options of operationsOptions, after the preset or before it', async () => {
    const quiet = { automationPhrases: ['\\bnothing like this\\b'] };
    const automation = expect.objectContaining({ ruleId: 'no-automation-phrases' });
    expect(await lint([[operationsOptions, quiet]])).not.toContainEqual(automation);
    expect(await lintBefore([[operationsOptions, quiet]])).not.toContainEqual(automation);
    expect(await lintBefore([[operationsOptions, { automationPhrases: ['\\bthe bot\\b'] }]])).toContainEqual(automation);
  });
});

describe('a rule given a severity it does not know', () => {
  it('is a configuration error', async () => {
    await expect(run([preset, [rules['no-automation-phrases'], [7]]])).rejects.toThrow(/Incorrect severity `7`/u);
  });
});

describe('docs-lint with a .remarkrc.js that sets single rules', { timeout: 90_000 }, () => {
  const presetUrl = pathToFileURL(join(packageDir, 'src', 'index.ts')).href;
  const repository = (plugins: string) => {
    const dir = tempRepo({ [rollbacks]: text });
    writeFileSync(
      join(dir, '.remarkrc.js'),
      `import preset, { lintCommentReason, links, rules } from '${presetUrl}';\nexport default { plugins: [preset, ${plugins}] };\n`,
    );
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    return dir;
  };

  it.concurrent('exits 0 on warnings alone, and 1 on the same warnings with --frail', async () => {
    const dir = repository(`[rules['no-automation-phrases'], 'warn'], [links, 'warn'], [lintCommentReason, ['warn']]`);
    const [plain, frail] = await Promise.all([runCli([rollbacks], dir), runCli(['--frail', rollbacks], dir)]);
    expect(plain.stderr).toMatch(/4:1\s+warning\s+Unexpected `The bot will`/u);
    expect(plain.stderr).toMatch(/warning\s+Cannot find file `GONE\.md`/u);
    expect(plain.stderr).toMatch(/3:1\s+warning\s+Unexpected `lint ignore` without a reason/u);
    expect(plain.code, plain.stderr).toBe(0);
    expect(frail.stderr).toMatch(/4:1\s+warning\s+Unexpected `The bot will`/u);
    expect(frail.code).toBe(1);
  });

  it.concurrent('turns checks off with false: no finding, exit 0', async () => {
    const dir = repository(`[rules['no-automation-phrases'], false], [links, false], [lintCommentReason, false]`);
    const result = await runCli([rollbacks], dir);
    expect(result.stderr).toContain('docs/operations/ROLLBACKS.md: no issues found');
    expect(result.code).toBe(0);
  });
});

describe('remark-cli with the same .remarkrc.js as docs-lint', { timeout: 90_000 }, () => {
  const presetUrl = pathToFileURL(join(packageDir, 'src', 'index.ts')).href;
  const require = createRequire(join(repositoryRoot, 'package.json'));
  // remark-cli exports nothing but its bin: found as a package manager links it, under the root's node_modules.
  const remarkCli = join(repositoryRoot, 'node_modules', 'remark-cli', 'cli.js');
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  /** `line:column severity` and the start of the reason of each finding in vfile-reporter's report (the two lay out their last columns differently). */
  const findings = (report: string) =>
    report
      .replace(/\u001b\[[\d;]*m/gu, '')
      .split('\n')
      .map((line) => /^\s*(\d+:\d+)(?:-\d+:\d+)?\s+(warning|error)\s+(\S.{0,29})/u.exec(line))
      .flatMap((match) => (match ? [`${match[1]} ${match[2]} ${match[3]!.split(/\s{2}/u)[0]!.trim()}`] : []));

  it.concurrent.each([
    ['a rule off, one a warning with options of its own, the link check off', "[rules['no-automation-phrases'], ['warn', { automationPhrases: ['\\\\brobot\\\\b'] }]], [links, false], [lintCommentReason, 'warn']"],
    ['every check an error', ''],
  ])('%s: the same findings, severities and exit codes', async (_name, plugins) => {
    const dir = tempRepo({ [rollbacks]: text });
    writeFileSync(join(dir, '.remarkrc.js'), `import preset, { lintCommentReason, links, rules } from '${presetUrl}';\nexport default { plugins: [preset, ${plugins}] };\n`);
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const [remark, docsLint] = await Promise.all([
      runNode(['--conditions=@bookiji/source', '--import', tsxLoader, remarkCli, rollbacks, '--frail', '--no-stdout', '--no-color'], dir),
      runCli([rollbacks, '--frail'], dir),
    ]);
    expect(findings(remark.stderr).length).toBeGreaterThan(0);
    expect(findings(remark.stderr)).toEqual(findings(docsLint.stderr));
    expect(remark.code).toBe(docsLint.code);
  });
});
