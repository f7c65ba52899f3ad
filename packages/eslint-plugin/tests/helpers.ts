import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';
import type * as eslint9 from 'eslint';
import type { Rule } from 'eslint';
import { lintAsEditor as lintThroughServer } from './support/language-server.js';
import type { EditorRequest, EditorResponse } from './support/language-server.js';

/**
 * The ESLint under test: the root's ESLint 9 by default, ESLint 10 with
 * BOOKIJI_ESLINT=10 (the `test:eslint10` script), so one suite covers both.
 */
export const eslintMajor = process.env.BOOKIJI_ESLINT === '10' ? 10 : 9;
export const { ESLint, Linter, RuleTester } = (eslintMajor === 10 ? await import('eslint-v10') : await import('eslint')) as unknown as typeof eslint9;

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const packageRoot = resolve(import.meta.dirname, '..');
export const fixtures = join(packageRoot, 'fixtures');
export const contractText = readFileSync(join(fixtures, 'docs/operations/OPERATIONAL_LAYERS.md'), 'utf8');

/** An absolute path in the fixture tree; the file need not exist. */
export function at(path: string): string {
  return join(fixtures, path);
}

/** Settings as a project would write them, relative to the fixture tree. */
export function settings(layers: Record<string, string[]> = { 0: ['src/core/**'] }, extra: Record<string, unknown> = {}) {
  return { bookiji: { root: fixtures, layers, ...extra } };
}

export const ruleTester = new RuleTester({
  languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
});

/** ESLint's own parser (espree), for plain JavaScript. */
export const jsRuleTester = new RuleTester({ languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } });

const temps: string[] = [];
afterAll(async () => {
  const { rmSync } = await import('node:fs');
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bookiji-eslint-'));
  temps.push(dir);
  return dir;
}

/** A fresh folder holding the files given, by relative path. */
export function tempTree(files: Readonly<Record<string, string>>): string {
  const dir = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A copy of the fixture tree in a temp folder, for tests that change files. */
export function fixtureCopy(): string {
  const dir = tempDir();
  cpSync(fixtures, dir, { recursive: true });
  return dir;
}

/**
 * Rewrites a layer's status in both places the contract states it, as a person
 * changing it would; activating a layer also drops its `NOT IMPLEMENTED`
 * current status, which would contradict it. Its prohibitions stay.
 */
export function setStatus(contractPath: string, layer: number, status: 'Active' | 'Dormant'): void {
  const text = readFileSync(contractPath, 'utf8');
  const overview = new RegExp(`(\\| Layer ${layer} \\| )[^|]+(\\|)`);
  const section = new RegExp(`(## Layer ${layer} [^\\n]*\\n\\n\\*\\*Status\\*\\*: )[^\\n]+((?:\\n(?!## )[^\\n]*)*)`);
  const next = text
    .replace(overview, `$1${status === 'Active' ? 'Active' : 'Defined (Dormant)'} $2`)
    .replace(section, (_whole, head: string, rest: string) =>
      `${head}${status === 'Active' ? 'Active' : '**Defined but Dormant**'}${status === 'Active' ? rest.replace(/\n\*\*Current Status\*\*: [^\n]*\n/, '\n') : rest}`,
    );
  if (next === text) throw new Error(`Layer ${layer}'s status was not found in ${contractPath}`);
  writeFileSync(contractPath, next);
}

/** typescript-eslint's rule types and ESLint's differ in name only; RuleTester takes the rule as ESLint types it. */
export function eslintRule(rule: unknown): Rule.RuleModule {
  return rule as Rule.RuleModule;
}

export type { EditorRequest, EditorResponse } from './support/language-server.js';

/**
 * Runs the requests one after the other in one session of the ESLint
 * language server editors run (tests/support/language-server.ts), with the
 * ESLint under test and workspace packages resolved to their sources as on a
 * fresh clone.
 */
export function lintAsEditor(requests: readonly EditorRequest[]): Promise<EditorResponse[]> {
  return lintThroughServer(requests, eslintMajor);
}
