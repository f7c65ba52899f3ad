import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-dormant-layer-code.js';
import plugin from '../../src/index.js';
import { at, contractText, fixtures, jsRuleTester, Linter, ruleTester, settings, tempDir, eslintRule } from '../helpers.js';

const missingContractDir = tempDir();
const damagedDir = tempDir();
mkdirSync(join(damagedDir, 'docs/operations'), { recursive: true });
writeFileSync(join(damagedDir, 'docs/operations/OPERATIONAL_LAYERS.md'), contractText.replace('**Status**: Active', '**Status**: Sometimes'));

ruleTester.run('no-dormant-layer-code', eslintRule(rule), {
  valid: [
    { code: 'export const a = 1;', filename: at('src/core/a.ts'), settings: settings() },
    { code: 'export const a = 1;', filename: at('src/rollbacks/a.ts') },
    { code: 'export const a = 1;', filename: at('src/orphan/a.ts') },
    // With no contract, no layer is known to be dormant; `valid-settings` reports the missing contract.
    { code: 'export const a = 1;', filename: join(missingContractDir, 'src/layer-4/a.ts') },
    // A tag wins over the folder's name.
    { code: '/* @layer 2 */\nexport const a = 1;', filename: at('src/policy-evolution/a.ts') },
    // The tag must lead the file: later comments decide nothing.
    { code: 'export const a = 1;\n/* @layer 4 */', filename: at('src/core/a.ts') },
    // Globs win over path segments.
    { code: 'export const a = 1;', filename: at('src/policy-evolution/a.ts'), settings: settings({ 0: ['src/policy-evolution/**'] }) },
    // A file the settings place in no layer is in none, whatever its folder says.
    { code: 'export const a = 1;', filename: at('src/generated/a.ts'), settings: settings({}, { unlayered: ['src/generated/**'] }) },
    // A one-word part of a layer's name names it only as a whole folder name; a name pointing at two layers decides nothing.
    { code: 'export const a = 1;', filename: at('src/rollbacks-archive/a.ts') },
    { code: 'export const a = 1;', filename: at('src/strategic-reflection-vs-policy-evolution/a.ts') },
    { code: 'export const a = 1;', filename: at('src/layer-4-layer-5/a.ts') },
    // Folders inside node_modules never count, whatever lies below them.
    { code: 'export const a = 1;', filename: at('node_modules/pkg/layer-4/a.ts') },
    // The contract names its layers; a settings-named contract elsewhere carries its digest.
    { code: 'export const a = 1;', filename: at('src/a.ts'), settings: settings({}, { contract: at('docs/operations/OPERATIONAL_LAYERS.md'), contractDigests: { [at('docs/operations/OPERATIONAL_LAYERS.md')]: null } }) },
    // Disable comments work because the problem is on the first statement.
    { code: '// eslint-disable-next-line rule-to-test/no-dormant-layer-code\nexport const a = 1;', filename: at('src/policy-evolution/a.ts') },
  ],
  invalid: [
    {
      code: 'export const a = 1;',
      filename: at('src/policy-evolution/a.ts'),
      errors: [
        {
          message:
            'Unexpected code in dormant Layer 4 (Policy Evolution & Guardrail Improvement), expected none: the contract says "No implementation: no code, no tooling, no automation" (docs/operations/OPERATIONAL_LAYERS.md:90, Layer 4 — Policy Evolution & Guardrail Improvement), and this file is in Layer 4 by path segment `policy-evolution`.',
          line: 1,
          column: 1,
        },
      ],
    },
    { code: '\n\nexport const a = 1;', filename: at('src/layer-4/a.ts'), errors: [{ messageId: 'dormantCode', line: 3 }] },
    { code: 'const a = 1;', filename: at('src/layer5/deep/a.ts'), errors: [{ messageId: 'dormantCode', line: 1 }] },
    { code: 'const a = 1;', filename: at('src/strategic-reflection/a.ts'), errors: [{ messageId: 'dormantCode' }] },
    { code: 'const a = 1;', filename: at('src/Guardrail-Improvement/a.ts'), errors: [{ messageId: 'dormantCode' }] },
    // Folder names read as the contract reads them (the docs linter reads them the same way).
    {
      code: 'const a = 1;',
      filename: at('src/policy-evolution-and-guardrail-improvement/a.ts'),
      errors: [{ messageId: 'dormantCode', data: { layer: 4, name: 'Policy Evolution & Guardrail Improvement', section: 'docs/operations/OPERATIONAL_LAYERS.md:90, Layer 4 — Policy Evolution & Guardrail Improvement', words: 'No implementation: no code, no tooling, no automation', reason: 'path segment `policy-evolution-and-guardrail-improvement`' } }],
    },
    { code: 'const a = 1;', filename: at('src/old-policy-evolution-notes/a.ts'), errors: [{ messageId: 'dormantCode', data: { layer: 4, name: 'Policy Evolution & Guardrail Improvement', section: 'docs/operations/OPERATIONAL_LAYERS.md:90, Layer 4 — Policy Evolution & Guardrail Improvement', words: 'No implementation: no code, no tooling, no automation', reason: 'path segment `old-policy-evolution-notes`' } }] },
    { code: 'const a = 1;', filename: at('src/Policy_Evolution_Guardrail_Improvement/a.ts'), errors: [{ messageId: 'dormantCode' }] },
    { code: 'const a = 1;', filename: at('src/layer_4-notes/a.ts'), errors: [{ messageId: 'dormantCode' }] },
    { code: 'const a = 1;', filename: at('src/strategic-reflection-drafts/a.ts'), errors: [{ messageId: 'dormantCode' }] },
    // The deepest folder that names a layer decides.
    { code: 'const a = 1;', filename: at('src/rollbacks/policy-evolution/a.ts'), errors: [{ messageId: 'dormantCode' }] },
    // A tag wins over settings globs.
    { code: '/* @layer 4 */\nexport const a = 1;', filename: at('src/core/a.ts'), settings: settings(), errors: [{ messageId: 'dormantCode', line: 2 }] },
    { code: '/**\n * Reflection notes.\n * @layer 5\n */\nexport {};', filename: at('src/core/a.ts'), errors: [{ messageId: 'dormantCode', line: 5 }] },
    { code: '// @layer 5\nexport {};', filename: at('src/a.tsx'), errors: [{ messageId: 'dormantCode' }] },
    { code: '#!/usr/bin/env node\n// @layer 4\nconsole.log(1);', filename: at('src/a.ts'), errors: [{ messageId: 'dormantCode', line: 3 }] },
    // A file with no statement is reported on the file.
    { code: '// @layer 4\n', filename: at('src/a.ts'), errors: [{ messageId: 'dormantCode', line: 1, column: 1 }] },
    { code: 'export const a = 1;', filename: at('src/orphan/util.ts'), settings: settings({ 5: ['src/orphan/**'] }), errors: [{ messageId: 'dormantCode' }] },
    // Misconfiguration is reported, never ignored.
    {
      code: '/* @layer 9 */\nexport const a = 1;',
      filename: at('src/a.ts'),
      errors: [{ message: "Unexpected layer tag `@layer 9`, expected `@layer N` with N one of the contract's layers (0, 1, 2, 3, 4, 5) in `docs/operations/OPERATIONAL_LAYERS.md`.", line: 1, column: 1 }],
    },
    { code: '  /** @layer two */ export const a = 1;', filename: at('src/a.ts'), errors: [{ messageId: 'unknownLayerTag', line: 1, column: 3 }] },
    // A contract with problems still says which layers are dormant; its problems are `valid-settings`' to report.
    { code: 'export const a = 1;', filename: join(damagedDir, 'src/layer-4/a.ts'), errors: [{ messageId: 'dormantCode' }] },
  ],
});

jsRuleTester.run('no-dormant-layer-code (JavaScript)', eslintRule(rule), {
  valid: [{ code: 'export const a = 1;', filename: at('src/core/a.js') }],
  invalid: [
    { code: "'use strict';\nmodule.exports = 1;", filename: at('src/policy-evolution/a.cjs'), errors: [{ messageId: 'dormantCode', line: 1 }] },
    { code: '/* @layer 4 */ export default 1;', filename: at('src/a.mjs'), errors: [{ messageId: 'dormantCode' }] },
  ],
});

describe('settings.bookiji', () => {
  const linter = new Linter({ cwd: fixtures });
  const lint = (bookiji: unknown) =>
    linter.verify('export const a = 1;', [{ plugins: { '@bookiji': plugin as never }, rules: { '@bookiji/no-dormant-layer-code': 'error' }, settings: { bookiji: bookiji } }], at('src/a.js'));

  it('accept every documented key', () => {
    const messages = lint({ root: fixtures, layers: { 0: ['src/core/**'] }, unlayered: ['src/generated/**'], contract: 'docs/operations/OPERATIONAL_LAYERS.md', contractDigests: { 'docs/operations/OPERATIONAL_LAYERS.md': null } });
    expect(messages).toEqual([]);
  });
});
