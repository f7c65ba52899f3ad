// A new user's project outside this repository: a contract of its own, an
// eslint.config.js with typescript-eslint's recommended config and the
// plugin's, and no settings at all.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contractText, eslintMajor, lintAsEditor, packageRoot, setStatus, tempDir, tempTree } from './helpers.js';

const require = createRequire(import.meta.url);
// Resolved here, since `--import` resolves from the working directory and the project has no tsx.
const tsx = pathToFileURL(require.resolve('tsx')).href;
const eslintFolder = dirname(require.resolve(eslintMajor === 10 ? 'eslint-v10/package.json' : 'eslint/package.json'));

const sources: Record<string, string> = {
  'src/policy-evolution/suggest.ts': 'export const suggest = (): number => 1;\n',
  'src/layer-4/plan.ts': 'export const plan = 2;\n',
  'src/incident-response/page.ts': "import { suggest } from '../policy-evolution/suggest.js';\nimport { plan } from '../layer-4/plan.js';\n\nsetInterval(() => console.log(suggest(), plan), 1000);\n",
  'src/rollbacks/deploy.ts': 'export const options = { autoApprove: true };\n',
};

interface ProjectOptions {
  /** Where the contract is, relative to the project. */
  readonly contractAt?: string;
  /** What follows the plugin's config in eslint.config.js, if anything. */
  readonly settings?: string;
}

/** The project, with the plugin, ESLint and typescript-eslint linked into its node_modules as a file: dependency links them. */
function project({ contractAt = 'docs/operations/OPERATIONAL_LAYERS.md', settings }: ProjectOptions = {}): { dir: string; contract: string; configFile: string } {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
    [contractAt]: contractText,
    'eslint.config.js': [
      "import { defineConfig } from 'eslint/config';",
      "import tseslint from 'typescript-eslint';",
      "import bookiji, { layerSettings } from '@bookiji/eslint-plugin';",
      '',
      `export default defineConfig(tseslint.configs.recommended, bookiji.configs.recommended${settings === undefined ? '' : `, ${settings}`});`,
      '',
    ].join('\n'),
    ...sources,
  };
  const dir = realpathSync(tempTree(files));
  mkdirSync(join(dir, 'node_modules/@bookiji'), { recursive: true });
  symlinkSync(packageRoot, join(dir, 'node_modules/@bookiji/eslint-plugin'), 'dir');
  symlinkSync(eslintFolder, join(dir, 'node_modules/eslint'), 'dir');
  symlinkSync(dirname(require.resolve('typescript-eslint/package.json')), join(dir, 'node_modules/typescript-eslint'), 'dir');
  return { dir, contract: join(dir, contractAt), configFile: join(dir, 'eslint.config.js') };
}

/** `eslint --cache --format json src` run in the project; each file's messages as `rule@line:column`. */
function eslintCli(dir: string): Record<string, string[]> {
  const result = spawnSync(process.execPath, ['--conditions=@bookiji/source', '--import', tsx, join(eslintFolder, 'bin/eslint.js'), '--cache', '--format', 'json', 'src'], { cwd: dir, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  const byFile: Record<string, string[]> = {};
  for (const file of JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string }[] }[]) {
    byFile[relative(dir, file.filePath)] = file.messages.map((m) =>
      m.message.includes('operational layers contract') ? `contract@${m.line}:${m.column}` : m.message.includes('whose digest the config does not carry') ? `digest@${m.line}:${m.column}` : `${m.ruleId}@${m.line}:${m.column}`,
    );
  }
  return byFile;
}

const dormant = {
  'src/incident-response/page.ts': ['@bookiji/no-dormant-layer-import@1:25', '@bookiji/no-dormant-layer-import@2:22', '@bookiji/no-background-execution@4:1'],
  'src/layer-4/plan.ts': ['@bookiji/no-dormant-layer-code@1:1'],
  'src/policy-evolution/suggest.ts': ['@bookiji/no-dormant-layer-code@1:1'],
  'src/rollbacks/deploy.ts': ['@bookiji/no-automated-decision@1:26'],
};
const layer4Active = {
  'src/incident-response/page.ts': ['@bookiji/layer-boundaries@1:25', '@bookiji/layer-boundaries@2:22', '@bookiji/no-background-execution@4:1'],
  'src/layer-4/plan.ts': [],
  'src/policy-evolution/suggest.ts': [],
  'src/rollbacks/deploy.ts': ['@bookiji/no-automated-decision@1:26'],
};
/** With no contract, one problem for the whole run, on whichever file ESLint lints first, and no rule reports anything else. */
function oneContractProblem(results: Record<string, string[]>): void {
  expect(Object.keys(results).sort()).toEqual(Object.keys(dormant));
  expect(Object.values(results).flat()).toEqual(['contract@1:1']);
}

describe('a project outside the repository with the recommended config and no settings', () => {
  it('`eslint --cache` reports each rule, and a contract change alone invalidates the cached results', () => {
    const { dir, contract } = project();
    expect(eslintCli(dir)).toEqual(dormant);

    // Only the document changes: the files and eslint.config.js do not.
    setStatus(contract, 4, 'Active');
    expect(eslintCli(dir)).toEqual(layer4Active);

    rmSync(contract);
    oneContractProblem(eslintCli(dir));
  }, 120_000);

  it('`eslint --cache` follows a contract at another path given through `layerSettings()`', () => {
    const { dir, contract } = project({ contractAt: 'handbook/LAYERS.md', settings: "layerSettings({ contract: 'handbook/LAYERS.md' })" });
    expect(eslintCli(dir)).toEqual(dormant);

    // Only that contract changes: the default path has no contract at all.
    setStatus(contract, 4, 'Active');
    expect(eslintCli(dir)).toEqual(layer4Active);

    rmSync(contract);
    oneContractProblem(eslintCli(dir));
  }, 120_000);

  it('a contract at another path set without `layerSettings()` is reported, since `eslint --cache` would not follow it', () => {
    const { dir } = project({ contractAt: 'handbook/LAYERS.md', settings: "{ settings: { bookiji: { contract: 'handbook/LAYERS.md' } } }" });
    const results = eslintCli(dir);
    // Once for the run, on whichever file ESLint lints first.
    expect(Object.values(results).flat().filter((message) => message.startsWith('digest@'))).toEqual(['digest@1:1']);
    for (const [file, messages] of Object.entries(dormant)) expect(results[file]?.filter((message) => !message.startsWith('digest@')), file).toEqual(messages);
  }, 60_000);

  it('an editor\'s long-lived ESLint process follows the contract as it is edited', async () => {
    const { dir, contract, configFile } = project();
    const scratch = join(tempDir(), 'contract.md');
    writeFileSync(scratch, contractText);
    setStatus(scratch, 4, 'Active');
    const active = readFileSync(scratch, 'utf8');
    const lint = (path: string, write?: { path: string; text: string | null }) => ({ cwd: dir, configFile, filePath: join(dir, path), code: sources[path] ?? '', ...(write ? { write } : {}) });

    const responses = await lintAsEditor([
      lint('src/incident-response/page.ts'),
      lint('src/layer-4/plan.ts'),
      lint('src/incident-response/page.ts', { path: contract, text: active }),
      lint('src/layer-4/plan.ts'),
      lint('src/rollbacks/deploy.ts', { path: contract, text: contractText.replace('**Status**: Active', '**Status**: Sometimes') }),
      lint('src/rollbacks/deploy.ts', { path: contract, text: null }),
      lint('src/policy-evolution/suggest.ts', { path: contract, text: contractText }),
    ]);
    expect(responses.map((response) => response.messages.map(({ ruleId, line, column }) => `${ruleId}@${line}:${column}`))).toEqual([
      ['@bookiji/no-dormant-layer-import@1:25', '@bookiji/no-dormant-layer-import@2:22', '@bookiji/no-background-execution@4:1'],
      ['@bookiji/no-dormant-layer-code@1:1'],
      // Layer 4 is active now: its files are allowed, and Layer 1 importing them is an import from a higher layer.
      ['@bookiji/layer-boundaries@1:25', '@bookiji/layer-boundaries@2:22', '@bookiji/no-background-execution@4:1'],
      [],
      // A malformed contract, then none: one problem at line 1 under a rule of its own, whatever the number of rules.
      ['@bookiji/valid-settings@1:1', '@bookiji/no-automated-decision@1:26'],
      ['@bookiji/valid-settings@1:1'],
      ['@bookiji/no-dormant-layer-code@1:1'],
    ]);
    expect(responses[4]?.messages[0]?.message).toMatch(/^Unexpected 1 problem\(s\) in the operational layers contract `docs\/operations\/OPERATIONAL_LAYERS\.md` \(the first at line \d+, column 1: Unexpected status `Sometimes` for Layer 0, expected `Active` or `Defined but Dormant`\.\), expected a well-formed contract: `bookiji-layers explain <file>` lists every problem\.$/);
    expect(responses[5]?.messages[0]?.message).toBe(
      `Unexpected missing or unreadable operational layers contract at \`docs/operations/OPERATIONAL_LAYERS.md\` (no \`docs/operations/OPERATIONAL_LAYERS.md\` in \`${join(dir, 'src/rollbacks')}\` or any folder above it), expected a readable contract: every layer rule reads which layers are dormant or human-only from it, and checks nothing without it.`,
    );
    expect(responses[6]?.messages[0]?.message).toContain('in dormant Layer 4');
  }, 60_000);
});
