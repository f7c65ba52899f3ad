import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { eslintMajor, packageRoot } from './helpers.js';

/**
 * A config file as a team writes it in TypeScript (`eslint.config.ts`, or a
 * JavaScript one under `// @ts-check`), each way ESLint and typescript-eslint
 * offer to combine configs. It is never written to disk: the compiler reads
 * it from memory, beside the package's tests, so it finds the packages the
 * tests find.
 */
const configSource = `
import type { Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import bookiji, { layerSettings } from '@bookiji/eslint-plugin';

export const combined = defineConfig(tseslint.configs.recommended, bookiji.configs.recommended, layerSettings({ root: import.meta.dirname, layers: { 0: ['src/guards/**'] } }));
export const extended = defineConfig({ files: ['src/**'], extends: [bookiji.configs.strict] });
export const byHand = defineConfig({ plugins: { '@bookiji': bookiji }, rules: { '@bookiji/layer-boundaries': 'error' } });
export const helper = tseslint.config(tseslint.configs.recommended, bookiji.configs.recommended, layerSettings());
export const array: Linter.Config[] = [...tseslint.configs.recommended, bookiji.configs.recommended, { plugins: { '@bookiji': bookiji } }, layerSettings()];
`;

/** The type errors of the config above, with the types of the ESLint this run tests against (9, or 10 with BOOKIJI_ESLINT=10). */
function configTypeErrors(): string[] {
  const fileName = join(packageRoot, 'tests', 'eslint.config.in-memory.ts');
  const eslintTypes = (major: number): Record<string, string[]> => {
    if (major === 9) return {};
    // The package `eslint-v10` stands for `eslint` 10 in this repository: its types answer for every `eslint` import.
    const root = dirname(createRequire(join(packageRoot, 'package.json')).resolve('eslint-v10/package.json'));
    return { eslint: [join(root, 'lib/types/index.d.ts')], 'eslint/config': [join(root, 'lib/types/config-api.d.ts')] };
  };
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    // The plugin's sources, as its build declares them.
    customConditions: ['@bookiji/source'],
    paths: eslintTypes(eslintMajor),
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === fileName ? ts.createSourceFile(name, configSource, language) : getSourceFile(name, language, ...rest));
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  const source = program.getSourceFile(fileName);
  return ts.getPreEmitDiagnostics(program, source).map((diagnostic) => {
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : null;
    return `${where ? `${where.line + 1}:${where.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

describe(`the plugin's types, in a config file type-checked against ESLint ${eslintMajor}'s`, () => {
  it('let defineConfig, its extends, Linter.Config[] and typescript-eslint\'s config() take the plugin and its configs as they are', () => {
    expect(configTypeErrors()).toEqual([]);
  }, 60_000);
});
