import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ownContract } from './helpers.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
// `--import tsx` resolves from the working directory, which these tests move.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, ['--conditions=@bookiji/source', '--import', tsx, cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function repository(contract: string, documents: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'contract-cli-'));
  const path = join(root, 'docs', 'operations', 'OPERATIONAL_LAYERS.md');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, contract);
  for (const document of documents) {
    mkdirSync(dirname(join(root, document)), { recursive: true });
    writeFileSync(join(root, document), '# Document\n');
  }
  return root;
}

const allDocuments = [...ownContract.matchAll(/`(docs\/operations\/[^`]+)`/gu)].map((match) => match[1]!);

describe('bookiji-contract', () => {
  it('prints the layer map and exits 0 when the contract is well-formed and its documents exist', () => {
    const root = repository(ownContract, allDocuments);
    const { code, stdout } = run([], join(root, 'docs'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Layer 4 {2}dormant {2}Policy Evolution & Guardrail Improvement/mu);
    expect(stdout).toContain('docs/operations/ROLLBACKS.md  [present]');
    expect(stdout).toContain('no problems');
  });

  it('exits 1 naming each missing document at its line in the contract', () => {
    const root = repository(ownContract, allDocuments.filter((document) => !document.endsWith('ROLLBACKS.md')));
    const { code, stdout } = run([], root);
    expect(code).toBe(1);
    const line = ownContract.split('\n').findIndex((text) => text.includes('ROLLBACKS.md')) + 1;
    expect(stdout).toContain(`docs/operations/OPERATIONAL_LAYERS.md:${line}:3  document-missing  Layer 2 names \`docs/operations/ROLLBACKS.md\``);
  });

  it('exits 1 with positioned diagnostics for a damaged contract', () => {
    const root = repository(ownContract.replace('**Last Updated**: 2025-12-27', '**Last Updated**: soon'), allDocuments);
    const { code, stdout } = run([], root);
    expect(code).toBe(1);
    expect(stdout).toMatch(/OPERATIONAL_LAYERS\.md:\d+:19 {2}last-updated-invalid/u);
  });

  it('exits 2 with one line for a usage mistake, without a stack trace', () => {
    const { code, stderr } = run(['--nope'], tmpdir());
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /u);
  });

  it('exits 2 with one line when the path given cannot be read', () => {
    const missing = join(tmpdir(), 'no-such-folder', 'OPERATIONAL_LAYERS.md');
    const { code, stdout, stderr } = run([missing], tmpdir());
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`bookiji-contract: Cannot read the contract at \`${missing}\` (ENOENT).\n`);
    expect(run([join(tmpdir())], tmpdir()).code).toBe(2);
  });

  it('exits 2 when no contract can be found', () => {
    const { code, stderr } = run([], mkdtempSync(join(tmpdir(), 'empty-')));
    expect(code).toBe(2);
    expect(stderr).toContain('no docs/operations/OPERATIONAL_LAYERS.md');
  });

  it('prints the model as JSON', () => {
    const root = repository(ownContract, allDocuments);
    const { code, stdout } = run(['--json', join(root, 'docs/operations/OPERATIONAL_LAYERS.md')], tmpdir());
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { contract: { layers: { status: string }[] }; missingDocuments: string[] };
    expect(parsed.contract.layers.map((layer) => layer.status)).toEqual(['active', 'active', 'active', 'active', 'dormant', 'dormant']);
    expect(parsed.missingDocuments).toEqual([]);
  });
});
