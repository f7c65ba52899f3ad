import { describe, expect, it } from 'vitest';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { importVisitors } from '../src/imports.js';

function specifiersOfImportType(node: object): string[] {
  const seen: string[] = [];
  // The visitor of `import()` types reads the node alone.
  const visitors = importVisitors((_site, specifier) => seen.push(specifier), { sourceCode: {} as TSESLint.SourceCode, filename: '/project/src/page.ts' }, null);
  (visitors.TSImportType as (node: TSESTree.TSImportType) => void)(node as TSESTree.TSImportType);
  return seen;
}

describe('import() types', () => {
  it('read `source`, never the deprecated `argument`, when the parser gives `source`', () => {
    const node = {
      type: 'TSImportType',
      source: { type: 'Literal', value: '../policy-evolution/suggest.js' },
      get argument(): never {
        throw new Error('read the deprecated `argument`');
      },
    };
    expect(specifiersOfImportType(node)).toEqual(['../policy-evolution/suggest.js']);
  });

  it('fall back to `argument` on parsers that have no `source`', () => {
    const node = { type: 'TSImportType', argument: { type: 'TSLiteralType', literal: { type: 'Literal', value: '../layer-5/notes.js' } } };
    expect(specifiersOfImportType(node)).toEqual(['../layer-5/notes.js']);
  });
});
