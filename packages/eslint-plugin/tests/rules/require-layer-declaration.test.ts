import rule from '../../src/rules/require-layer-declaration.js';
import { at, fixtures, ruleTester, settings, eslintRule } from '../helpers.js';

ruleTester.run('require-layer-declaration', eslintRule(rule), {
  valid: [
    { code: 'export {};', filename: at('src/core/new.ts'), settings: settings() },
    { code: 'export {};', filename: at('src/rollbacks/new.ts') },
    { code: '/* @layer 3 */\nexport {};', filename: at('src/orphan/new.ts') },
    { code: 'export {};', filename: at('src/generated/new.ts'), settings: settings({}, { unlayered: ['src/generated/**'] }) },
    // Outside the source roots.
    { code: 'export {};', filename: at('scripts/new.ts'), settings: { bookiji: { root: fixtures } } },
    { code: 'export {};', filename: at('src/orphan/new.ts'), settings: { bookiji: { root: fixtures } }, options: [{ sourceRoots: ['lib/**'] }] },
  ],
  invalid: [
    {
      code: 'export {};',
      filename: at('src/orphan/new.ts'),
      settings: { bookiji: { root: fixtures } },
      errors: [
        {
          message:
            "Unexpected source file in no layer, expected a `/* @layer N */` tag, a glob in settings.bookiji.layers (or settings.bookiji.unlayered) or a folder named after a layer such as `layer-0`: the contract sorts Bookiji's operations into Layers 0, 1, 2, 3, 4, 5 (docs/operations/OPERATIONAL_LAYERS.md, Layer Overview).",
          line: 1,
          column: 1,
        },
      ],
    },
    { code: 'export {};', filename: at('lib/new.ts'), settings: { bookiji: { root: fixtures } }, options: [{ sourceRoots: ['lib/**'] }], errors: [{ messageId: 'undeclaredLayer' }] },
    // A tag naming no layer is reported, and leaves the file in none.
    { code: '/* @layer 7 */\nexport {};', filename: at('src/orphan/new.ts'), settings: { bookiji: { root: fixtures } }, errors: [{ messageId: 'unknownLayerTag', line: 1 }, { messageId: 'undeclaredLayer', line: 2 }] },
  ],
});
