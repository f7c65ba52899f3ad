import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../src/rules/no-dormant-layer-import.js';
import { at, contractText, jsRuleTester, ruleTester, tempDir, eslintRule } from '../helpers.js';

/** A small workspace: an app, a package in a dormant layer linked into its node_modules, and an installed package. */
const workspace = tempDir();
function write(path: string, text: string): void {
  mkdirSync(join(workspace, path, '..'), { recursive: true });
  writeFileSync(join(workspace, path), text);
}
write('docs/operations/OPERATIONAL_LAYERS.md', contractText);
write('packages/app/src/index.ts', 'export {};\n');
write('packages/reflection/package.json', JSON.stringify({ name: '@acme/reflection', exports: { '.': { source: './src/index.ts', default: './dist/index.js' } } }));
write('packages/reflection/src/index.ts', '/* @layer 5 */\nexport const notes = [];\n');
write('packages/core/package.json', JSON.stringify({ name: '@acme/core', main: './index.js' }));
write('packages/core/index.js', 'export const core = 1;\n');
write('node_modules/left-pad/layer-4/index.js', 'module.exports = 1;\n');
write('node_modules/left-pad/package.json', JSON.stringify({ name: 'left-pad', main: './layer-4/index.js' }));
mkdirSync(join(workspace, 'packages/app/node_modules/@acme'), { recursive: true });
symlinkSync(join(workspace, 'packages/reflection'), join(workspace, 'packages/app/node_modules/@acme/reflection'), 'dir');
symlinkSync(join(workspace, 'packages/core'), join(workspace, 'packages/app/node_modules/@acme/core'), 'dir');
const app = join(workspace, 'packages/app/src/index.ts');

const inLayer1 = at('src/incident-response/new.ts');
const dormantImport = { messageId: 'dormantImport' } as const;

ruleTester.run('no-dormant-layer-import', eslintRule(rule), {
  valid: [
    { code: "import { page } from './page.js';", filename: inLayer1 },
    { code: "import { readFileSync } from 'node:fs'; import path from 'path';", filename: inLayer1 },
    { code: "import x from 'not-installed';", filename: inLayer1 },
    { code: "const name = '../policy-evolution/suggest.js'; await import(name);", filename: inLayer1 },
    { code: 'await import(`../${"policy-evolution"}/suggest.js`);', filename: inLayer1 },
    { code: "const m = require(process.env.M ?? '');", filename: inLayer1 },
    // A dormant-looking folder inside an installed package is not part of this repository.
    { code: "import pad from 'left-pad';", filename: app },
    { code: "import { core } from '@acme/core';", filename: app },
    // The target's own tag wins over its folder.
    { code: "import { a } from '../policy-evolution/retagged.js';", filename: at('src/rollbacks/tagged.ts') },
    // A local function named `require` loads nothing.
    { code: "function load(require: (id: string) => unknown) {\n  return require('../policy-evolution/suggest');\n}", filename: inLayer1 },
  ],
  invalid: [
    {
      code: "import { suggestPolicy } from '../policy-evolution/suggest.js';",
      filename: inLayer1,
      errors: [
        {
          message:
            'Unexpected import of `../policy-evolution/suggest.js`, which is in dormant Layer 4 (Policy Evolution & Guardrail Improvement) by path segment `policy-evolution`, expected no use of a dormant layer: the contract says "No implementation: no code, no tooling, no automation" (docs/operations/OPERATIONAL_LAYERS.md:90, Layer 4 — Policy Evolution & Guardrail Improvement).',
          line: 1,
          column: 31,
        },
      ],
    },
    // Type-only imports too: the types are code of the dormant layer, and the importer builds on them.
    { code: "import type { Suggestion } from '../policy-evolution/suggest.js';", filename: inLayer1, errors: [dormantImport] },
    { code: "import type suggest = require('../policy-evolution/suggest');\nexport type * from '../policy-evolution/suggest.js';", filename: inLayer1, errors: [dormantImport, dormantImport] },
    { code: "import { type Suggestion } from '../policy-evolution/suggest';", filename: inLayer1, errors: [dormantImport] },
    { code: "import '../policy-evolution/suggest.js';", filename: inLayer1, errors: [dormantImport] },
    { code: "export { suggestPolicy } from '../policy-evolution/suggest.js';", filename: inLayer1, errors: [dormantImport] },
    { code: "export type { Suggestion } from '../policy-evolution/suggest.js';", filename: inLayer1, errors: [dormantImport] },
    { code: "export * from '../policy-evolution/suggest.js';", filename: inLayer1, errors: [dormantImport] },
    { code: "export * as suggest from '../policy-evolution/suggest.js';", filename: inLayer1, errors: [dormantImport] },
    { code: "const m = await import('../policy-evolution/suggest.js');", filename: inLayer1, errors: [dormantImport] },
    { code: 'const m = await import(`../policy-evolution/suggest.js`);', filename: inLayer1, errors: [dormantImport] },
    { code: "const m = require('../policy-evolution/suggest');", filename: inLayer1, errors: [dormantImport] },
    { code: 'const m = require(`../policy-evolution/suggest`);', filename: inLayer1, errors: [dormantImport] },
    { code: "import suggest = require('../policy-evolution/suggest');", filename: inLayer1, errors: [dormantImport] },
    { code: "export import suggest = require('../policy-evolution/suggest');", filename: inLayer1, errors: [dormantImport] },
    { code: "type S = import('../policy-evolution/suggest.js').Suggestion;", filename: inLayer1, errors: [dormantImport] },
    // A folder that does not exist yet still names its layer.
    { code: "import { plan } from './layer-4/plan.js';", filename: at('src/new.ts'), errors: [dormantImport] },
    // tsconfig `paths` aliases.
    { code: "import { suggestPolicy } from '@ops/policy-evolution/suggest';", filename: inLayer1, errors: [dormantImport] },
    // The target's own `@layer` tag.
    {
      code: "import { reviewCadence } from '../reflection.js';",
      filename: inLayer1,
      errors: [{ messageId: 'dormantImport', data: { source: '../reflection.js', layer: 5, name: 'Strategic Reflection', words: 'No implementation: no code, no tooling, no automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:123, Layer 5 — Strategic Reflection', reason: 'tag `@layer 5` at line 1' } }],
    },
    // Workspace packages, through their package.json exports.
    { code: "import { notes } from '@acme/reflection';", filename: app, errors: [dormantImport] },
    {
      code: "import a from '../policy-evolution/suggest.js';\nexport * from '../reflection.js';",
      filename: at('src/core/guard.ts'),
      errors: [
        { messageId: 'dormantImport', line: 1 },
        { messageId: 'dormantImport', line: 2 },
      ],
    },
  ],
});

jsRuleTester.run('no-dormant-layer-import (JavaScript)', eslintRule(rule), {
  valid: [{ code: "import { page } from './page.js';", filename: at('src/incident-response/new.js') }],
  invalid: [
    { code: "const { suggestPolicy } = require('../policy-evolution/suggest.js');", filename: at('src/incident-response/new.cjs'), languageOptions: { sourceType: 'commonjs' }, errors: [dormantImport] },
    { code: "export * from '../reflection.js';", filename: at('src/incident-response/new.mjs'), errors: [dormantImport] },
  ],
});
