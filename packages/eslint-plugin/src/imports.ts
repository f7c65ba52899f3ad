import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isRequire } from './automation/scope.js';

/** The text of a string literal or of a template literal with no expressions. */
export function staticString(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : null;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/**
 * Calls `onImport` for every way a module can be pulled in: static imports,
 * `export … from` and `export * from` (re-exports are imports too), `import()`
 * with a literal, `require()`, `import x = require()`, and `import('…')` types.
 * The node passed is the specifier, so the report points at it. `typeOnly`
 * is true for the forms TypeScript always erases: `import type`,
 * `export type … from`, `import type x = require()` and `import('…')` types.
 * With `sourceCode`, only Node's own `require` counts (see `isRequire`).
 */
export function importVisitors(onImport: (node: TSESTree.Node, specifier: string, typeOnly: boolean) => void, sourceCode?: Readonly<TSESLint.SourceCode>): TSESLint.RuleListener {
  const visit = (source: TSESTree.Node | null | undefined, typeOnly: boolean): void => {
    const specifier = staticString(source);
    if (source && specifier !== null) onImport(source, specifier, typeOnly);
  };
  return {
    ImportDeclaration: (node) => visit(node.source, node.importKind === 'type'),
    ExportNamedDeclaration: (node) => visit(node.source, node.exportKind === 'type'),
    ExportAllDeclaration: (node) => visit(node.source, node.exportKind === 'type'),
    ImportExpression: (node) => visit(node.source, false),
    CallExpression(node) {
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'require' || node.arguments.length !== 1) return;
      if (sourceCode === undefined || isRequire(sourceCode, node.callee)) visit(node.arguments[0], false);
    },
    TSImportEqualsDeclaration(node) {
      if (node.moduleReference.type === 'TSExternalModuleReference') visit(node.moduleReference.expression, node.importKind === 'type');
    },
    TSImportType(node) {
      // typescript-eslint 8.x adds `source` and deprecates `argument` (reading it warns); older 8.x parsers have only `argument`.
      const { source } = node as { source?: TSESTree.Node | null };
      if (source) return visit(source, true);
      const argument = (node as { argument?: TSESTree.Node }).argument;
      visit(argument?.type === 'TSLiteralType' ? argument.literal : argument, true);
    },
  };
}
