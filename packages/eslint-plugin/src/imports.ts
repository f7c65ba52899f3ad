import { dirname } from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { relativeSpecifier } from './auto-imports.js';
import { isRequire } from './automation/scope.js';
import type { FileContext } from './file-context.js';
import { componentOfTag, componentScriptSources, isComponentFile } from './components.js';
import { positionOf } from './position.js';

/** The text of a string literal or of a template literal with no expressions. */
export function staticString(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : null;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/** Where a report about an import goes: the specifier's node, or the value of a component's `<script src>` attribute. */
export type ImportSite = { readonly node: TSESTree.Node } | { readonly loc: TSESTree.SourceLocation };

/**
 * The modules a linted component's `<script src>` elements load, with where
 * each value is, read from its text once per file for the three rules that
 * check imports. Keyed by the file's SourceCode, as ESLint hands it to each rule.
 */
const scriptSourcesOfFile = new WeakMap<object, readonly { readonly specifier: string; readonly loc: TSESTree.SourceLocation }[]>();

function scriptSourcesOf(sourceCode: Readonly<TSESLint.SourceCode>, filename: string): readonly { readonly specifier: string; readonly loc: TSESTree.SourceLocation }[] {
  let sources = scriptSourcesOfFile.get(sourceCode);
  if (sources === undefined) {
    sources = componentScriptSources(sourceCode.text, filename).map(({ specifier, offset }) => {
      const start = positionOf(sourceCode.text, offset);
      return { specifier, loc: { start, end: { line: start.line, column: start.column + specifier.length } } };
    });
    scriptSourcesOfFile.set(sourceCode, sources);
  }
  return sources;
}

/** What the rules read of the template vue-eslint-parser gives a Vue component (`Program.templateBody`). */
interface TemplateNode {
  readonly type: string;
  readonly rawName?: string;
  readonly startTag?: TemplateNode & { readonly attributes: readonly TemplateNode[]; readonly loc: TSESTree.SourceLocation };
  readonly children?: readonly TemplateNode[];
  readonly value?: TemplateNode | null;
  readonly references?: readonly { readonly id: TSESTree.Identifier; readonly variable: object | null }[];
}

/**
 * The names a component's template uses that nothing in the template
 * declares (`v-for` and slot variables do): the identifiers of its
 * expressions, and the tags of its components (`DraftPanel` for
 * `<DraftPanel>` and `<draft-panel>`), each with where it is.
 */
function templateNames(template: TemplateNode): { readonly name: string; readonly node?: TSESTree.Node; readonly loc?: TSESTree.SourceLocation }[] {
  const names: { name: string; node?: TSESTree.Node; loc?: TSESTree.SourceLocation }[] = [];
  const visit = (node: TemplateNode | null | undefined): void => {
    if (!node) return;
    if (node.type === 'VExpressionContainer') for (const reference of node.references ?? []) if (reference.variable === null) names.push({ name: reference.id.name, node: reference.id });
    const component = node.type === 'VElement' && node.rawName !== undefined ? componentOfTag(node.rawName) : null;
    if (component !== null && node.startTag && node.rawName !== undefined) {
      const { line, column } = node.startTag.loc.start;
      names.push({ name: component, loc: { start: { line, column: column + 1 }, end: { line, column: column + 1 + node.rawName.length } } });
    }
    for (const attribute of node.startTag?.attributes ?? []) visit(attribute.value);
    for (const child of node.children ?? []) visit(child);
  };
  visit(template);
  return names;
}

interface AutoImportUse {
  readonly site: ImportSite;
  readonly specifier: string;
  readonly typeOnly: boolean;
  readonly name: string;
}

/** The uses of auto-imported names of each linted file, worked out once for the rules that check imports. Keyed by the file's SourceCode. */
const autoImportUsesOfFile = new WeakMap<object, readonly AutoImportUse[]>();

/**
 * The uses of the names the project's build imports by itself (see
 * `autoImportsFor`) in a file that does not declare them: its unresolved
 * references, those that resolve to a global the config declares
 * (unplugin-auto-import can write them for ESLint), and in a Vue component,
 * what its template uses that its script does not declare.
 */
function autoImportUsesOf(sourceCode: Readonly<TSESLint.SourceCode>, file: Pick<FileContext, 'diskFile' | 'autoImports'>, component: boolean): readonly AutoImportUse[] {
  const known = autoImportUsesOfFile.get(sourceCode);
  if (known !== undefined) return known;
  const uses: AutoImportUse[] = [];
  const scope = sourceCode.scopeManager?.globalScope;
  const autoImports = scope ? file.autoImports() : null;
  if (scope && autoImports !== null) {
    const specifierOf = (target: string): string => relativeSpecifier(dirname(file.diskFile), target);
    const configured = scope.variables.filter((variable) => variable.defs.length === 0 && variable.references.length > 0).flatMap((variable) => variable.references);
    for (const reference of [...scope.through, ...configured]) {
      const target = autoImports.target(reference.identifier.name);
      if (target === null) continue;
      const typeOnly = (reference as { isValueReference?: boolean }).isValueReference === false;
      uses.push({ site: { node: reference.identifier }, specifier: specifierOf(target), typeOnly, name: reference.identifier.name });
    }
    // A Vue component's template (vue-eslint-parser's `templateBody`).
    const template = component ? (sourceCode.ast as { templateBody?: TemplateNode | null }).templateBody : null;
    if (template) {
      const declared = new Set([scope, ...scope.childScopes.filter((child) => child.type === 'module')].flatMap((top) => top.variables.filter((variable) => variable.defs.length > 0).map((variable) => variable.name)));
      for (const use of templateNames(template)) {
        const target = declared.has(use.name) ? null : autoImports.target(use.name);
        if (target !== null) uses.push({ site: use.node ? { node: use.node } : { loc: use.loc as TSESTree.SourceLocation }, specifier: specifierOf(target), typeOnly: false, name: use.name });
      }
    }
  }
  autoImportUsesOfFile.set(sourceCode, uses);
  return uses;
}

/**
 * Calls `onImport` for every way a module can be pulled in: static imports,
 * `export … from` and `export * from` (re-exports are imports too), `import()`
 * with a literal, `require()` (Node's own: see `isRequire`), `import x =
 * require()`, `import('…')` types, in a single-file component the module a
 * `<script src="…">` loads, and a name the project's build imports by itself
 * (see `autoImportsFor`; only given the `file` to find them for). The site passed is the specifier, so the report
 * points at it; for an auto-imported name it is the name where it is used,
 * the specifier is the path to its module from the file, and `autoImported`
 * is the name. `typeOnly` is true for the forms TypeScript always erases:
 * `import type`, `export type … from`, `import type x = require()`,
 * `import('…')` types, and an auto-imported name used only as a type.
 */
export function importVisitors(
  onImport: (site: ImportSite, specifier: string, typeOnly: boolean, autoImported: string | null) => void,
  context: { readonly sourceCode: Readonly<TSESLint.SourceCode>; readonly filename: string },
  file: Pick<FileContext, 'diskFile' | 'autoImports'> | null,
): TSESLint.RuleListener {
  const { sourceCode, filename } = context;
  const visit = (source: TSESTree.Node | null | undefined, typeOnly: boolean): void => {
    const specifier = staticString(source);
    if (source && specifier !== null) onImport({ node: source }, specifier, typeOnly, null);
  };
  const component = isComponentFile(filename);
  return {
    // Once the tree is walked: the component parsers put no `<script>` element in it, so its `src` is read from the text;
    // and the scope analysis has every reference the auto-imported names are found by.
    'Program:exit'(): void {
      if (component) for (const { specifier, loc } of scriptSourcesOf(sourceCode, filename)) onImport({ loc }, specifier, false, null);
      if (file !== null) for (const use of autoImportUsesOf(sourceCode, file, component)) onImport(use.site, use.specifier, use.typeOnly, use.name);
    },
    ImportDeclaration: (node) => visit(node.source, node.importKind === 'type'),
    ExportNamedDeclaration: (node) => visit(node.source, node.exportKind === 'type'),
    ExportAllDeclaration: (node) => visit(node.source, node.exportKind === 'type'),
    ImportExpression: (node) => visit(node.source, false),
    CallExpression(node) {
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'require' || node.arguments.length !== 1) return;
      if (isRequire(sourceCode, node.callee)) visit(node.arguments[0], false);
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
