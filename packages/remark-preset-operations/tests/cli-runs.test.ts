import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { contractPath, packageDir, repositoryRoot, runCli, tempRepo } from './helpers.js';

const tsxLoader = pathToFileURL(createRequire(join(repositoryRoot, 'package.json')).resolve('tsx')).href;
const presetUrl = pathToFileURL(join(packageDir, 'src', 'index.ts')).href;
const broken = {
  'docs/operations/NOTES.md': '# Notes\n\nLoose notes.\n',
  'docs/operations/ROLLBACKS.md': '# Rollbacks\n\nThe bot will page the on-call.\n\n[here](#nope) and [there](incidents/SEVERITY_MODEL.md#nope)\n',
};
const expectedFindings = [
  /docs\/operations\/NOTES\.md\n\s*1:1\s+error\s+Unexpected document/u,
  /3:1\s+error\s+Unexpected `The bot will`/u,
  /5:1\s+error\s+Cannot find heading for `#nope`/u,
  /5:19\s+error\s+Cannot find heading for `#nope` in `incidents\/SEVERITY_MODEL\.md`/u,
];

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

// Each case starts the CLI from source, as a fresh clone does; on a busy machine that takes seconds.
describe.concurrent('docs-lint on whole repositories', { timeout: 120_000 }, () => {
  it('reports every finding of every file with a .remarkrc.js that uses the preset, run after run', async () => {
    // Errors found while other files were still being checked once let the run end with no report and exit 0.
    const root = tempRepo(broken);
    writeFileSync(join(root, '.remarkrc.js'), `import preset from '${presetUrl}';\nexport default { plugins: [preset] };\n`);
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    const results = await Promise.all([runCli([], root), runCli(['--quiet'], root), runCli([], root)]);
    for (const result of results) {
      for (const finding of expectedFindings) expect(result.stderr).toMatch(finding);
      expect(result.stderr).toMatch(/✖ 4 errors/u);
      expect(result.code).toBe(1);
    }
  });

  it('checks anchors in other documents without a configuration file', async () => {
    const result = await runCli([], tempRepo(broken));
    for (const finding of expectedFindings) expect(result.stderr).toMatch(finding);
    expect(result.code).toBe(1);
  });

  it('prints only the files with findings with --quiet', async () => {
    const result = await runCli(['--quiet'], tempRepo(broken));
    expect(result.stderr).not.toContain('no issues found');
    expect(result.stderr).toMatch(/docs\/operations\/ROLLBACKS\.md\n\s*3:1/u);
    expect(result.code).toBe(1);
  });

  it('checks the files a glob matches only, and leaves out files an ignore file names', async () => {
    const root = tempRepo(broken);
    const glob = await runCli(['docs/operations/incidents/**/*.md'], root);
    expect(glob.stderr).toContain('docs/operations/incidents/SEVERITY_MODEL.md: no issues found');
    expect(glob.stderr).not.toContain('ROLLBACKS.md');
    expect(glob.code).toBe(0);
    writeFileSync(join(root, '.remarkignore'), 'docs/operations/NOTES.md\ndocs/operations/ROLLBACKS.md\n');
    const ignored = await runCli([], root);
    expect(ignored.stderr).not.toMatch(/NOTES\.md|ROLLBACKS\.md/u);
    expect(ignored.code).toBe(0);
  });

  it("takes unified-args' other flags: --ignore-pattern leaves a file out, --silent shows errors only", async () => {
    const root = tempRepo(broken);
    writeFileSync(join(root, '.remarkrc.js'), `import preset, { rules } from '${presetUrl}';\nexport default { plugins: [preset, [rules['no-automation-phrases'], 'warn']] };\n`);
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    const result = await runCli(['--ignore-pattern', 'docs/operations/NOTES.md', '--silent'], root);
    expect(result.stderr).not.toContain('NOTES.md');
    expect(result.stderr).not.toMatch(/warning|no issues found/u);
    expect(result.stderr).toMatch(/5:1\s+error\s+Cannot find heading for `#nope`/u);
    expect(result.code).toBe(1);
  });

  it('exits 2 with one line when no Markdown document matches', async () => {
    const root = tempRepo();
    mkdirSync(join(root, 'empty'));
    const [glob, folder] = await Promise.all([runCli(['docs/nothing/*.md'], root), runCli(['empty'], root)]);
    expect(glob.stderr).toBe('docs-lint: No Markdown documents to check in `docs/nothing/*.md`\n');
    expect(glob.code).toBe(2);
    expect(folder.stderr).toBe('docs-lint: No Markdown documents to check in `empty`\n');
    expect(folder.code).toBe(2);
  });

  it('exits 2 with one line for each path or glob that names no Markdown document, beside ones that do', async () => {
    const root = tempRepo();
    writeFileSync(join(root, 'notes.txt'), '# Notes\n\nPlain text.\n');
    writeFileSync(join(root, 'settings.json'), '{ "docs": true }\n');
    const [typo, named, others, ext] = await Promise.all([
      runCli(['docs/operations/ROLLBACKS.md', 'docs/operatons/*.md'], root),
      runCli(['docs/operations/ROLLBACKS.md', 'settings.json'], root),
      runCli(['docs/operations/ROLLBACKS.md', '*.json'], root),
      runCli(['--ext', 'txt', 'docs/operations/ROLLBACKS.md', 'notes.txt'], root),
    ]);
    expect(typo.stderr).toContain('docs/operations/ROLLBACKS.md: no issues found');
    expect(typo.stderr).toContain('docs-lint: No Markdown documents to check in `docs/operatons/*.md`\n');
    expect(typo.code).toBe(2);
    expect(named.stderr).toContain('docs-lint: Unexpected `settings.json`, which names no Markdown document (`settings.json`): name Markdown documents, or add an extension with `--ext`\n');
    expect(named.stderr).not.toContain('settings.json: no issues found');
    expect(named.code).toBe(2);
    expect(others.stderr).toContain('docs-lint: Unexpected `*.json`, which names no Markdown document (`settings.json`): name Markdown documents, or add an extension with `--ext`\n');
    expect(others.code).toBe(2);
    expect(ext.stderr).toContain('notes.txt: no issues found');
    expect(ext.stderr).not.toContain('docs-lint:');
    expect(ext.code).toBe(0);
  });

  it('reports a file named twice once: its findings, or the failure to check it, and no "no issues found" beside them', async () => {
    const root = tempRepo(broken);
    const [twice, asGlob, json] = await Promise.all([
      runCli(['docs/operations/NOTES.md', './docs/operations/NOTES.md'], root),
      runCli(['docs/operations/ROLLBACKS.md', 'docs/operations/*.md'], root),
      runCli(['--report', 'json', 'docs/operations/NOTES.md', 'docs/operations/NOTES.md'], root),
    ]);
    expect(twice.stderr).toMatch(expectedFindings[0]!);
    expect(twice.stderr.match(/NOTES\.md/gu)).toHaveLength(2);
    expect(twice.stderr).not.toContain('no issues found');
    expect(twice.code).toBe(1);
    expect(asGlob.stderr.match(/Unexpected `The bot will`/gu)).toHaveLength(1);
    expect(asGlob.stderr).not.toContain('ROLLBACKS.md: no issues found');
    expect(asGlob.code).toBe(1);
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(1);
    const missing = tempRepo({ [contractPath]: null });
    writeFileSync(join(missing, 'a.md'), '# A\n\nText.\n');
    const failed = await runCli(['a.md', 'a.md'], missing);
    expect(failed.stderr).toBe('docs-lint: a.md: No docs/operations/OPERATIONAL_LAYERS.md in the folders above `a.md` or the working directory; set the `contract` option\n');
    expect(failed.code).toBe(2);
  });

  it('finds the contract and checks its folder when run from a sub-folder', async () => {
    const root = tempRepo(broken);
    const result = await runCli([], join(root, 'docs', 'operations', 'incidents'));
    expect(result.stderr).toMatch(/^\.\.\/NOTES\.md\n\s*1:1\s+error\s+Unexpected document `docs\/operations\/NOTES\.md`/mu);
    expect(result.stderr).toContain('../OPERATIONAL_LAYERS.md: no issues found');
    expect(result.code).toBe(1);
  });

  it('exits 2 with one line when there is no contract', async () => {
    const root = tempRepo({ [contractPath]: null });
    const result = await runCli(['docs/operations/ROLLBACKS.md'], root);
    expect(result.stderr).toBe(
      'docs-lint: docs/operations/ROLLBACKS.md: No docs/operations/OPERATIONAL_LAYERS.md in the folders above `docs/operations/ROLLBACKS.md` or the working directory; set the `contract` option\n',
    );
    expect(result.code).toBe(2);
    const nothing = await runCli([], mkdtempSync(join(tmpdir(), 'docs-lint-bare-')));
    expect(nothing.stderr).toBe('docs-lint: No docs/operations/ in this folder or above, and no paths given\n');
    expect(nothing.code).toBe(2);
  });

  it('checks again when a document changes with --watch', async () => {
    const root = tempRepo();
    const child = spawn(process.execPath, ['--conditions=@bookiji/source', '--import', tsxLoader, join(packageDir, 'src', 'cli.ts'), '--watch'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', CI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const seen = (text: string | RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => (typeof text === 'string' ? stderr.includes(text) : text.test(stderr)) && resolve();
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          check();
        });
        check();
      });
    try {
      await seen('docs/operations/ROLLBACKS.md: no issues found');
      // The watcher starts once the first run has reported: write until it has seen a change.
      const text = `${readFileSync(join(root, 'docs/operations/ROLLBACKS.md'), 'utf8')}\nThe bot will page the on-call.\n`;
      let reported = false;
      const finding = seen(/Unexpected `The bot will`/u).then(() => (reported = true));
      while (!reported) {
        writeFileSync(join(root, 'docs/operations/ROLLBACKS.md'), text);
        await Promise.race([finding, delay(500)]);
      }
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  });
});

describe('the committed bin', () => {
  it('says in one line that the package needs a build, and exits 2, before the first build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-lint-bin-'));
    made.push(dir);
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(packageDir, 'bin', 'docs-lint.js'), join(dir, 'bin', 'docs-lint.js'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(dir, 'bin', 'docs-lint.js')], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toBe(
      'docs-lint: @bookiji/remark-preset-operations is not built; run `pnpm --filter @bookiji/remark-preset-operations build` first\n',
    );
    expect(result.code).toBe(2);
  });

  it('is the package bin, and imports the CLI the build emits', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    expect(manifest.bin).toEqual({ 'docs-lint': './bin/docs-lint.js' });
    expect(manifest.files).toContain('bin');
    expect(readFileSync(join(packageDir, 'bin', 'docs-lint.js'), 'utf8')).toContain("await import('../dist/cli.js')");
    const build = JSON.parse(readFileSync(join(packageDir, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
    expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
  });
});

describe("the repository's .remarkrc.js", () => {
  it('says in one line that the proof package needs a build when its built step list is missing', { timeout: 90_000 }, async () => {
    const root = tempRepo();
    copyFileSync(join(repositoryRoot, '.remarkrc.js'), join(root, '.remarkrc.js'));
    copyFileSync(join(repositoryRoot, 'package.json'), join(root, 'package.json'));
    mkdirSync(join(root, 'docs', 'lint'), { recursive: true });
    writeFileSync(join(root, 'docs', 'lint', 'document-schemas.json'), JSON.stringify({ documents: [{ path: 'docs/operations/PROOF_RUNBOOK.md', idList: { under: 'Proof steps', ids: [] } }] }));
    const scope = join(root, 'node_modules', '@bookiji');
    mkdirSync(join(scope, 'proof'), { recursive: true });
    writeFileSync(join(scope, 'proof', 'package.json'), JSON.stringify({ name: '@bookiji/proof', type: 'module', exports: { './step-ids': './dist/step-ids.js' } }));
    symlinkSync(packageDir, join(scope, 'remark-preset-operations'), 'dir');
    const result = await runCli([], root);
    expect(result.stderr).toBe(
      'docs-lint: Cannot parse file `.remarkrc.js`: Cannot import `.remarkrc.js`: Cannot read the proof steps: @bookiji/proof is not built; run `npx pnpm build` first\n',
    );
    expect(result.code).toBe(2);
  });
});
