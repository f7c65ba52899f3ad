import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eslintMajor, fixtures, lintAsEditor, packageRoot } from './helpers.js';

const repository = resolve(packageRoot, '../..');

describe('the editor path: the ESLint language server lints unsaved text with its path', () => {
  it('reports the plugin\'s problems with line and column, with the repository\'s own config', async () => {
    const configFile = join(repository, 'eslint.config.js');
    const [unsaved, proof, guards] = await lintAsEditor([
      { cwd: repository, configFile, filePath: join(repository, 'packages/guards/src/unsaved-draft.ts'), code: 'import { readFileSync } from "node:fs";\n\n/* @layer 5 */\nexport const x = readFileSync;\n' },
      { cwd: repository, configFile, filePath: join(repository, 'tools/proof/src/unsaved-draft.ts'), code: 'export function watch(run: () => void): void {\n  setInterval(run, 1000);\n}\n' },
      { cwd: repository, configFile, filePath: join(repository, 'packages/guards/src/unsaved-draft.ts'), code: '/* @layer 4 */\nexport const suggestion = 1;\n' },
    ]);
    expect(unsaved?.version.split('.')[0]).toBe(String(eslintMajor));
    // The tag is not leading (code comes first), so the file stays in Layer 0 by its glob.
    expect(unsaved?.messages).toEqual([]);
    expect(proof?.messages).toEqual([
      expect.objectContaining({ ruleId: '@bookiji/no-background-execution', line: 2, column: 3, message: expect.stringContaining('in human-only Layer 3 (Release Confidence & Proof)') }),
    ]);
    expect(guards?.messages).toEqual([
      expect.objectContaining({ ruleId: '@bookiji/no-dormant-layer-code', line: 2, column: 1, message: expect.stringContaining('by tag `@layer 4` at line 1') }),
    ]);
  }, 60_000);

  it('reports each rule in a project laid out like the repository, whatever the editor\'s working directory', async () => {
    const configFile = join(fixtures, 'eslint.config.js');
    const responses = await lintAsEditor([
      { cwd: fixtures, configFile, filePath: join(fixtures, 'src/policy-evolution/draft.ts'), code: 'export const draft = 1;\n' },
      { cwd: fixtures, configFile, filePath: join(fixtures, 'src/incident-response/draft.ts'), code: "import { suggestPolicy } from '../policy-evolution/suggest.js';\n\nsetInterval(() => suggestPolicy('x'), 5);\n" },
      // Another working directory, as when the editor opens a parent folder: the contract is still found from the file upward.
      { cwd: join(fixtures, 'src'), configFile, filePath: join(fixtures, 'src/rollbacks/draft.ts'), code: 'export const options = { autoRollback: true };\n' },
    ]);
    expect(responses.map((response) => response.messages.map(({ ruleId, line, column }) => `${ruleId}@${line}:${column}`))).toEqual([
      ['@bookiji/no-dormant-layer-code@1:1'],
      ['@bookiji/no-dormant-layer-import@1:31', '@bookiji/no-background-execution@3:1'],
      ['@bookiji/no-automated-decision@1:26'],
    ]);
  }, 60_000);
});
