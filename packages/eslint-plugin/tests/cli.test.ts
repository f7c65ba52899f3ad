import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contractText, fixtures, packageRoot, tempDir } from './helpers.js';

const cli = join(packageRoot, 'src/cli.ts');
// Resolved here, since `--import tsx` resolves from the working directory and the temp repositories have no node_modules.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function run(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--conditions=@bookiji/source', '--import', tsx, cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function repository(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  spawnSync('git', ['init', '-q'], { cwd: dir });
  spawnSync('git', ['add', '.'], { cwd: dir });
  return dir;
}

describe('bookiji-layers dormant', () => {
  it('exits 0 when no tracked source file is in a dormant layer, and 1 listing those that are', () => {
    const dir = repository({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText,
      'src/rollbacks/undo.ts': 'export {};\n',
      'src/layer-4/notes.md': 'Not a source file.\n',
    });
    const clean = run(dir, 'dormant');
    expect(clean.stdout).toBe('No file belongs to a dormant layer (1 tracked source file checked, 0 ignored by the ESLint config).\n');
    expect(clean.stderr).toMatch(/^bookiji-layers: cannot read the ESLint config in .*; using tags and path segments only\n$/);
    expect(clean.code).toBe(0);

    writeFileSync(join(dir, 'src/reflect.mts'), '// @layer 5\nexport {};\n');
    mkdirSync(join(dir, 'src/policy-evolution'));
    writeFileSync(join(dir, 'src/policy-evolution/suggest.js'), 'export {};\n');
    writeFileSync(join(dir, 'src/policy-evolution/untracked.ts'), 'export {};\n');
    mkdirSync(join(dir, 'src/old-policy-evolution-notes'));
    writeFileSync(join(dir, 'src/old-policy-evolution-notes/draft.ts'), 'export {};\n');
    spawnSync('git', ['add', 'src/reflect.mts', 'src/policy-evolution/suggest.js', 'src/old-policy-evolution-notes/draft.ts'], { cwd: dir });
    const dirty = run(dir, 'dormant');
    expect(dirty.stdout).toBe(
      [
        'src/old-policy-evolution-notes/draft.ts: Layer 4 (Policy Evolution & Guardrail Improvement; dormant, human-only), decided by path segment `old-policy-evolution-notes`',
        'src/policy-evolution/suggest.js: Layer 4 (Policy Evolution & Guardrail Improvement; dormant, human-only), decided by path segment `policy-evolution`',
        'src/reflect.mts: Layer 5 (Strategic Reflection; dormant, human-only), decided by tag `@layer 5` at line 1',
        '3 files in a dormant layer (4 tracked source files checked, 0 ignored by the ESLint config).',
        '',
      ].join('\n'),
    );
    expect(dirty.code).toBe(1);
    expect(run(dir, 'dormant', 'src/rollbacks').code).toBe(0);

    rmSync(join(dir, 'docs'), { recursive: true });
    const noContract = run(dir, 'dormant');
    expect(noContract.stderr).toContain('cannot read the contract `docs/operations/OPERATIONAL_LAYERS.md`');
    expect(noContract.code).toBe(3);
  }, 60_000);

  it('uses the settings of the ESLint config found in the working directory', () => {
    const result = run(fixtures, 'dormant', '--json');
    const report = JSON.parse(result.stdout) as { dormant: { file: string; decidedBy: string }[] };
    expect(report.dormant.map((entry) => `${entry.file} ${entry.decidedBy}`)).toEqual([
      'src/policy-evolution/suggest.ts path segment `policy-evolution`',
      'src/reflection.ts tag `@layer 5` at line 1',
    ]);
    expect(result.code).toBe(1);
  }, 60_000);
});

describe('bookiji-layers explain', () => {
  it('says which layer each file is in and what decided it', () => {
    const result = run(fixtures, 'explain', 'src/core/guard.ts', 'src/generated/schema.ts', 'src/mistagged.ts', 'src/orphan/util.ts');
    expect(result.stdout).toBe(
      [
        'src/core/guard.ts: Layer 0 (Execution Safety; active), decided by glob `src/core/**` in settings.bookiji.layers',
        'src/generated/schema.ts: no layer, decided by glob `src/generated/**` in settings.bookiji.unlayered',
        'src/mistagged.ts: no layer, decided by no tag, glob or path segment',
        '  problem: src/mistagged.ts:1: tag `@layer 9` names no layer of the contract',
        'src/orphan/util.ts: no layer, decided by no tag, glob or path segment',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);
  }, 60_000);

  it('lists every problem of a malformed contract, as the lint message about it says', () => {
    const dir = repository({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText.replace('**Status**: Active', '**Status**: Sometimes').replace('| Layer 5 | Defined (Dormant) |', '| Layer 5 | Paused |'),
      'src/rollbacks/undo.ts': 'export {};\n',
    });
    const result = run(dir, 'explain', 'src/rollbacks/undo.ts');
    const problems = result.stdout.split('\n').filter((line) => line.startsWith('  problem: '));
    expect(problems).toEqual([
      expect.stringMatching(/^  problem: docs\/operations\/OPERATIONAL_LAYERS\.md:\d+:1: Unexpected status `Paused` for Layer 5 in the overview/),
      expect.stringMatching(/^  problem: docs\/operations\/OPERATIONAL_LAYERS\.md:\d+:1: Unexpected status `Sometimes` for Layer 0, /),
    ]);
    expect(result.code).toBe(0);
  }, 60_000);

  it('exits 2 on usage errors, with one line and the usage', () => {
    for (const args of [['explain'], ['explain', 'no/such/file.ts'], ['watch'], ['dormant', '--fast']]) {
      const result = run(fixtures, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^bookiji-layers: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});
