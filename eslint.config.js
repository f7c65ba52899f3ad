// @ts-check
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import bookiji from '@bookiji/eslint-plugin';

export default defineConfig(
  globalIgnores(['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/fixtures/**', 'bench/.work/**', 'reports/**']),
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  bookiji.configs.recommended,
  {
    settings: {
      bookiji: {
        // Each package runs `eslint .` from its own folder: the globs are relative to this one.
        root: import.meta.dirname,
        layers: {
          0: ['packages/guards/**', 'packages/eslint-plugin/**'],
          3: ['tools/proof/**', 'packages/remark-preset-operations/**'],
        },
        unlayered: ['packages/contract/**'],
      },
    },
  },
  {
    files: ['packages/eslint-plugin/src/rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
  },
);
