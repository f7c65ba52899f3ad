import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, ENTRY_POINTS, type BundleResult } from '../scripts/bundle.js';
import { jsonFindings, packageDir, repositoryRoot, runCli, runNode, tempRepo } from './helpers.js';

// The package as it is published: package.json, docs/ and a dist/ of the bundle, beside the package's own
// node_modules (nothing of which the bundle loads).
let packageCopy: string;
let built: BundleResult;
let cli: string;

beforeAll(async () => {
  const cache = join(packageDir, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  packageCopy = mkdtempSync(join(cache, 'bundle-test-'));
  copyFileSync(join(packageDir, 'package.json'), join(packageCopy, 'package.json'));
  symlinkSync(join(packageDir, 'docs'), join(packageCopy, 'docs'), 'dir');
  built = await bundle({ outdir: join(packageCopy, 'dist') });
  cli = join(packageCopy, 'dist', 'cli.js');
});

afterAll(() => {
  rmSync(packageCopy, { recursive: true, force: true });
});

const runBuilt = (args: readonly string[], cwd: string, env: Record<string, string> = {}) => runNode([cli, ...args], cwd, env);

/** A repository with a broken link, an automation phrase and a schema mistake. */
function repositoryWithFindings(): string {
  const root = tempRepo();
  const template = join(root, 'docs/operations/incidents/POSTMORTEM_TEMPLATE.md');
  writeFileSync(template, `${readFileSync(template, 'utf8')}\nSee the [missing model](./MISSING.md#levels).\n\nThe bot will page the deputy.\n`);
  const contract = join(root, 'docs/operations/OPERATIONAL_LAYERS.md');
  writeFileSync(contract, readFileSync(contract, 'utf8').replace(/\*\*Last Updated\*\*:[^\n]*/u, '**Last Updated**: soon'));
  return root;
}

describe('the bundle', () => {
  it('holds every module it runs: its files import nothing but Node built-ins', () => {
    expect(built.externalImports).toEqual([]);
    const outputs = Object.keys(built.metafile.outputs).map((path) => path.slice(path.lastIndexOf('dist/') + 'dist/'.length));
    for (const entry of ENTRY_POINTS) expect(outputs).toContain(entry.replace(/^src\//u, '').replace(/\.ts$/u, '.js'));
    expect([...built.packages.keys()]).toEqual(expect.arrayContaining([expect.stringMatching(/^unified-args@/u), expect.stringMatching(/^micromark@/u)]));
  });

  it("checks options with the schema compiled ahead of time, as the sources' compiled at start-up do", async () => {
    const code = Object.keys(built.metafile.outputs).filter((path) => path.endsWith('.js')).map((path) => readFileSync(join(packageDir, path), 'utf8')).join('\n');
    expect(code).not.toMatch(/\bcompileSchema\b/u);
    const cases: [string, string][] = [
      ["{ documents: [{ path: 'a.md', headings: [{ depth: 7, text: 'A' }] }] }", 'Invalid option `documents[0].headings[0].depth`: must be <= 6'],
      ["{ documents: [{ path: 'b.md', entries: { depth: 2 } }] }", 'Invalid option `documents[0].entries.pattern`: required'],
      ["{ documents: [{ path: 'c.md', fields: [{ name: 'Kind', values: 'code' }] }] }", 'Invalid option `documents[0].fields[0].values`: must be array'],
      ['{ alow: [] }', 'Invalid option `alow`: unknown option'],
    ];
    for (const [options, message] of cases) {
      const root = tempRepo();
      const configuration = (url: string) => `import preset, { operationsOptions } from ${JSON.stringify(url)};\nexport default { plugins: [preset, [operationsOptions, ${options}]] };\n`;
      writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
      writeFileSync(join(root, '.remarkrc.js'), configuration(pathToFileURL(join(packageCopy, 'dist', 'index.js')).href));
      const fromBundle = await runBuilt([], root);
      writeFileSync(join(root, '.remarkrc.js'), configuration(pathToFileURL(join(packageDir, 'src', 'index.ts')).href));
      const fromSources = await runCli([], root);
      expect(fromBundle.stderr).toBe(`docs-lint: ${message}\n`);
      expect(fromSources.stderr).toBe(fromBundle.stderr);
      expect([fromBundle.code, fromSources.code]).toEqual([2, 2]);
    }
  });

  it('reports what the sources report, with the same exit code', async () => {
    const root = repositoryWithFindings();
    const fromBundle = await runBuilt(['--report', 'json'], root);
    const fromSources = await runCli(['--report', 'json'], root);
    expect(fromBundle.code).toBe(1);
    expect(fromSources.code).toBe(1);
    const findings = jsonFindings(fromBundle.stdout);
    expect(findings).toEqual(jsonFindings(fromSources.stdout));
    for (const rule of ['missing-heading-in-file', 'no-automation-phrases', 'contract-well-formed']) expect(findings.join('\n')).toContain(` ${rule} `);
  });

  it('loads the parts a run asks for: remark-stringify, the reporter, the SARIF and GitHub reports', async () => {
    const root = tempRepo();
    const usage = await runBuilt(['--no-such-flag'], root);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
    expect(usage.stderr).toMatch(/no-such-flag/u);

    const stdout = await runBuilt(['--stdout', 'docs/operations/OPERATIONAL_LAYERS.md'], root);
    expect(stdout.code, stdout.stderr).toBe(0);
    expect(stdout.stdout).toMatch(/^# /mu);

    const findingsRoot = repositoryWithFindings();
    const sarif = await runBuilt(['--report', 'sarif'], findingsRoot);
    expect(sarif.code).toBe(1);
    expect((JSON.parse(sarif.stdout) as { version: string }).version).toBe('2.1.0');

    const annotated = await runBuilt([], findingsRoot, { GITHUB_ACTIONS: 'true' });
    expect(annotated.code).toBe(1);
    expect(annotated.stdout).toMatch(/^::error file=docs\/operations\/incidents\/POSTMORTEM_TEMPLATE\.md,line=\d+,col=\d+,title=no-automation-phrases::/mu);
  });

  it('serves remark-cli through a .remarkrc.js: the same findings', async () => {
    const findingsRoot = repositoryWithFindings();
    const config = `import preset from ${JSON.stringify(pathToFileURL(join(packageCopy, 'dist', 'index.js')).href)};\nexport default { plugins: [preset] };\n`;
    writeFileSync(join(findingsRoot, '.remarkrc.js'), config);
    const remarkCli = join(repositoryRoot, 'node_modules', 'remark-cli', 'cli.js');
    expect(existsSync(remarkCli)).toBe(true);

    // remark-cli's default report (`line:column[-line:column]  error  reason  rule-id  source`) and docs-lint's own
    // (`line:column  error  reason  source:rule-id`) lay out their columns differently: place, severity and reason compared.
    const positions = (report: string) =>
      [...report.matchAll(/^\s*(\d+:\d+)(?:-\d+:\d+)?\s+(error|warning)\s+(\S.{0,19})/gmu)].map((match) => `${match[1]} ${match[2]} ${match[3]!.split(/\s{2}/u)[0]}`).sort();
    const viaRemark = await runNode([remarkCli, '--no-color', '--no-stdout', 'docs/operations'], findingsRoot);
    const viaDocsLint = await runBuilt(['--no-config'], findingsRoot);
    expect(viaRemark.code).toBe(1);
    expect(positions(viaRemark.stderr).length, viaRemark.stderr).toBeGreaterThan(0);
    expect(positions(viaRemark.stderr)).toEqual(positions(viaDocsLint.stderr));
  });
});
