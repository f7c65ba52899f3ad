import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction } from '../ast.js';
import type { FunctionNode } from '../ast.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Reference = TSESLint.Scope.Reference;
export type Variable = TSESLint.Scope.Variable;

/**
 * Every reference of a file by its identifier, built the first time the file
 * is asked: one lookup per identifier, where finding the identifier's scope
 * first (`getScope` walks up its ancestors) cost more than the rules' checks.
 */
const fileReferences = new WeakMap<SourceCode, Map<TSESTree.Node, Reference>>();

function referencesOf(sourceCode: SourceCode): Map<TSESTree.Node, Reference> {
  let map = fileReferences.get(sourceCode);
  if (map === undefined) {
    map = new Map();
    for (const scope of sourceCode.scopeManager?.scopes ?? []) {
      for (const reference of scope.references) map.set(reference.identifier, reference);
    }
    fileReferences.set(sourceCode, map);
  }
  return map;
}

/** The reference an identifier makes; null when it is no reference (a declaration, a property key). */
export function referenceOf(sourceCode: SourceCode, id: TSESTree.Identifier): Reference | null {
  return referencesOf(sourceCode).get(id) ?? null;
}

/**
 * Whether an identifier is the global of its name: a reference that resolves
 * to no variable (it passes through every scope) or to one with no
 * definition (a global the configuration declares). A variable, parameter or
 * import of the same name is not the global.
 */
export function isGlobalReference(sourceCode: SourceCode, id: TSESTree.Identifier): boolean {
  const reference = referenceOf(sourceCode, id);
  if (reference === null) return false;
  return reference.resolved === null || reference.resolved.defs.length === 0;
}

/** The variable an identifier refers to, when it is declared in the file. */
export function variableOf(sourceCode: SourceCode, id: TSESTree.Identifier): Variable | null {
  const resolved = referenceOf(sourceCode, id)?.resolved ?? null;
  return resolved !== null && resolved.defs.length > 0 ? resolved : null;
}

/** Whether an identifier refers to a parameter of a function around it (plain or destructured). */
export function isParameter(sourceCode: SourceCode, id: TSESTree.Identifier): boolean {
  const variable = variableOf(sourceCode, id);
  return variable !== null && variable.defs.length === 1 && variable.defs[0]?.type === 'Parameter';
}

/**
 * The function a reference names, when the file declares it once and never
 * assigns it again: `function tick() {}` or `const tick = () => {}`.
 */
export function localFunction(sourceCode: SourceCode, id: TSESTree.Identifier): FunctionNode | null {
  const variable = variableOf(sourceCode, id);
  if (variable === null || variable.defs.length !== 1) return null;
  const def = variable.defs[0];
  if (def === undefined) return null;
  if (def.type === 'FunctionName' && isFunction(def.node as TSESTree.Node)) return def.node as FunctionNode;
  if (def.type !== 'Variable') return null;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== 'Identifier' || !isFunction(declarator.init)) return null;
  if (variable.references.some((reference) => reference.isWrite() && reference.identifier !== declarator.id)) return null;
  return declarator.init;
}

/** Whether an identifier is Node's `require`: the global, or a constant made by `createRequire` from `node:module`. */
export function isRequire(sourceCode: SourceCode, id: TSESTree.Identifier): boolean {
  const reference = referenceOf(sourceCode, id);
  if (reference === null) return false;
  const variable = reference.resolved;
  if (variable === null || variable.defs.length === 0) return id.name === 'require';
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.type !== 'Variable') return false;
  const init = (def.node as TSESTree.VariableDeclarator).init;
  if (init?.type !== 'CallExpression') return false;
  const callee = init.callee.type === 'MemberExpression' && !init.callee.computed ? init.callee.property : init.callee;
  if (callee.type !== 'Identifier' || callee.name !== 'createRequire') return false;
  const root = init.callee.type === 'MemberExpression' ? init.callee.object : init.callee;
  if (root.type !== 'Identifier') return false;
  const binding = variableOf(sourceCode, root)?.defs[0];
  if (binding?.type !== 'ImportBinding') return false;
  const declaration = (binding.node as TSESTree.Node).parent;
  return declaration?.type === 'ImportDeclaration' && (declaration.source.value === 'module' || declaration.source.value === 'node:module');
}
