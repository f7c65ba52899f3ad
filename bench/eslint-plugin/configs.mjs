// The three flat configs the benchmark compares, for the generated tree at `root`.
// Plain JavaScript run by plain node, so the plugin loads from its built dist as
// the repository's eslint.config.js loads it, with no source transform on the way.
// Each variant loads only the plugins it uses: loading one is part of its cost.
import tseslint from 'typescript-eslint';
import { appSettings, packages } from './trees.mjs';

export { appSettings, packages };

export const variants = ['typescript-eslint', 'with-bookiji', 'with-boundaries'];

/** The config of a variant for the tree at `root`: `packages` (the layered packages tree) or `app` (the application tree). */
export async function configFor(variant, root, tree = 'packages') {
  const base = [...tseslint.configs.recommended];
  if (variant === 'typescript-eslint') return base;
  if (variant === 'with-bookiji') {
    const { default: bookiji } = await import('@bookiji/eslint-plugin');
    if (tree === 'app') return [...base, bookiji.configs.recommended, { settings: { bookiji: { root, ...appSettings } } }];
    const layers = {};
    for (const pkg of packages) layers[pkg.layer] = [`packages/${pkg.name}/**`];
    return [...base, bookiji.configs.recommended, { settings: { bookiji: { root, layers } } }];
  }
  if (tree === 'app') throw new Error(`no ${variant} variant for the application tree`);
  const { default: boundaries } = await import('eslint-plugin-boundaries');
  const type = (layer) => `layer-${layer}`;
  return [
    ...base,
    {
      plugins: { boundaries },
      settings: {
        'boundaries/root-path': root,
        'boundaries/elements': packages.map((pkg) => ({ type: type(pkg.layer), pattern: `packages/${pkg.name}/**`, partialMatch: false })),
        'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
      },
      rules: {
        'boundaries/dependencies': [
          'error',
          {
            default: 'allow',
            policies: packages
              .filter((pkg) => packages.some((other) => other.layer > pkg.layer))
              .map((pkg) => ({
                from: { element: { type: type(pkg.layer) } },
                disallow: { to: { element: { types: { anyOf: packages.filter((other) => other.layer > pkg.layer).map((other) => type(other.layer)) } } } },
              })),
          },
        ],
      },
    },
  ];
}
