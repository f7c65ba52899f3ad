import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

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
 * The node passed is the specifier, so the report points at it.
 */
export function importVisitors(onImport: (node: TSESTree.Node, specifier: string) => void): TSESLint.RuleListener {
  const visit = (source: TSESTree.Node | null | undefined): void => {
    const specifier = staticString(source);
    if (source && specifier !== null) onImport(source, specifier);
  };
  return {
    ImportDeclaration: (node) => visit(node.source),
    ExportNamedDeclaration: (node) => visit(node.source),
    ExportAllDeclaration: (node) => visit(node.source),
    ImportExpression: (node) => visit(node.source),
    CallExpression(node) {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) visit(node.arguments[0]);
    },
    TSImportEqualsDeclaration(node) {
      if (node.moduleReference.type === 'TSExternalModuleReference') visit(node.moduleReference.expression);
    },
    TSImportType(node) {
      // typescript-eslint 8.x adds `source` and deprecates `argument` (reading it warns); older 8.x parsers have only `argument`.
      const { source } = node as { source?: TSESTree.Node | null };
      if (source) return visit(source);
      const argument = (node as { argument?: TSESTree.Node }).argument;
      visit(argument?.type === 'TSLiteralType' ? argument.literal : argument);
    },
  };
}
