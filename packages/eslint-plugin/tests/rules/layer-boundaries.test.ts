import rule from '../../src/rules/layer-boundaries.js';
import { at, jsRuleTester, ruleTester, settings, eslintRule } from '../helpers.js';

const upward = { messageId: 'upwardImport' } as const;

ruleTester.run('layer-boundaries', eslintRule(rule), {
  valid: [
    // Downward and sideways.
    { code: "import { maxRefundCents } from '../core/limits.js';", filename: at('src/release-confidence/new.ts'), settings: settings() },
    { code: "import { resolveIncident } from '../rollbacks/actions.js';", filename: at('src/release-confidence/new.ts') },
    { code: "import { page } from './page.js';", filename: at('src/incident-response/new.ts') },
    // Files in no layer, on either side, are not this rule's business.
    { code: "import { page } from '../incident-response/page.js';", filename: at('src/orphan/new.ts') },
    { code: "import { nothing } from '../orphan/util.js';", filename: at('src/core/new.ts'), settings: settings() },
    // Dormant targets are reported by no-dormant-layer-import instead.
    { code: "import { suggestPolicy } from '../policy-evolution/suggest.js';", filename: at('src/core/new.ts'), settings: settings() },
    // Once the target's tag puts it in Layer 2, Layer 2 may use it.
    { code: "import { a } from '../policy-evolution/retagged.js';", filename: at('src/rollbacks/new.ts') },
    // With `allowTypeImports`, the forms TypeScript always erases.
    {
      code: "import type { Suggestion } from '../release-confidence/proof.js';\nexport type { Proof } from '../release-confidence/proof.js';\nexport type * from '../release-confidence/proof.js';\ntype P = typeof import('../release-confidence/proof.js');\nimport type proof = require('../release-confidence/proof');",
      filename: at('src/rollbacks/new.ts'),
      options: [{ allowTypeImports: true }],
    },
    // A local function named `require` loads nothing.
    { code: "function load(require: (id: string) => unknown) {\n  return require('../release-confidence/proof');\n}", filename: at('src/incident-response/new.ts') },
  ],
  invalid: [
    {
      code: "import { page } from '../incident-response/page.js';",
      filename: at('src/core/new.ts'),
      settings: settings(),
      errors: [
        {
          message:
            'Unexpected import of `../incident-response/page.js` (Layer 1, Incident Response & Learning, by path segment `incident-response`) from Layer 0 (Execution Safety), expected Layer 0 or below: the contract says "Layers 0 to 3 work together, and each builds on the layers below it." (docs/operations/OPERATIONAL_LAYERS.md, Layer Interaction Rules).',
          line: 1,
          column: 22,
        },
      ],
    },
    { code: "import type { Suggestion } from '../release-confidence/proof.js';", filename: at('src/rollbacks/new.ts'), errors: [upward] },
    { code: "export * from '../release-confidence/proof.js';", filename: at('src/rollbacks/new.ts'), errors: [upward] },
    { code: "export { runProof } from '../release-confidence/proof';", filename: at('src/incident-response/new.ts'), errors: [upward] },
    { code: "const p = require('../release-confidence/proof');", filename: at('src/incident-response/new.ts'), errors: [upward] },
    { code: "import p = require('../release-confidence/proof');", filename: at('src/incident-response/new.ts'), errors: [upward] },
    { code: "const p = await import('../release-confidence/proof.js');", filename: at('src/incident-response/new.ts'), errors: [upward] },
    { code: "type P = typeof import('../release-confidence/proof.js');", filename: at('src/incident-response/new.ts'), errors: [upward] },
    // The importing file's tag sets its layer.
    { code: "/* @layer 0 */\nimport { resolveIncident } from '../rollbacks/actions.js';", filename: at('src/release-confidence/new.ts'), errors: [{ messageId: 'upwardImport', line: 2 }] },
    // The target's tag sets its layer.
    { code: "import { a } from '../policy-evolution/retagged.js';", filename: at('src/incident-response/new.ts'), errors: [upward] },
    { code: "import { a } from '@ops/rollbacks/actions';", filename: at('src/incident-response/new.ts'), errors: [upward] },
    // By default a type-only import is reported too: the lower layer would not compile without the higher one.
    { code: "export type { Proof } from '../release-confidence/proof.js';\nimport type proof = require('../release-confidence/proof');", filename: at('src/rollbacks/new.ts'), errors: [upward, upward] },
    { code: "import type { Suggestion } from '../release-confidence/proof.js';", filename: at('src/rollbacks/new.ts'), options: [{ allowTypeImports: false }], errors: [upward] },
    // With `allowTypeImports`, an import whose names are each marked `type` still loads the module under `verbatimModuleSyntax`, and a value import is a value import.
    {
      code: "import { type Suggestion } from '../release-confidence/proof.js';\nimport { runProof, type Proof } from '../release-confidence/proof.js';\nimport '../release-confidence/proof.js';",
      filename: at('src/rollbacks/new.ts'),
      options: [{ allowTypeImports: true }],
      errors: [
        { messageId: 'upwardImport', line: 1 },
        { messageId: 'upwardImport', line: 2 },
        { messageId: 'upwardImport', line: 3 },
      ],
    },
    { code: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst proof = require('../release-confidence/proof');", filename: at('src/incident-response/new.ts'), errors: [{ messageId: 'upwardImport', line: 3 }] },
  ],
});

jsRuleTester.run('layer-boundaries (JavaScript)', eslintRule(rule), {
  valid: [{ code: "import { resolveIncident } from '../rollbacks/actions.js';", filename: at('src/release-confidence/new.js') }],
  invalid: [{ code: "import { runProof } from '../release-confidence/proof.js';", filename: at('src/rollbacks/new.js'), errors: [upward] }],
});
