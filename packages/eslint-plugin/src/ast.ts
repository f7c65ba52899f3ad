import type { TSESTree } from '@typescript-eslint/utils';

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

export function isFunction(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return node?.type === 'ArrowFunctionExpression' || node?.type === 'FunctionDeclaration' || node?.type === 'FunctionExpression';
}

/** The name of a non-computed (or string-keyed) property or key, or null. */
export function keyName(node: TSESTree.Node, computed: boolean): string | null {
  if (!computed && node.type === 'Identifier') return node.name;
  if (!computed && node.type === 'PrivateIdentifier') return node.name;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/** How a callee is named: `f()` gives `{ name: 'f' }`, `a.b.f()` gives `{ object: 'b', name: 'f' }`. */
export function calleeName(callee: TSESTree.Node): { readonly object: string | null; readonly name: string } | null {
  let node = callee;
  while (node.type === 'TSNonNullExpression' || node.type === 'TSAsExpression' || node.type === 'ChainExpression') node = node.expression;
  if (node.type === 'Identifier') return { object: null, name: node.name };
  if (node.type === 'MemberExpression') {
    const name = keyName(node.property, node.computed);
    if (name === null) return null;
    const object = node.object.type === 'Identifier' ? node.object.name : node.object.type === 'ThisExpression' ? 'this' : node.object.type === 'MemberExpression' ? keyName(node.object.property, node.object.computed) : null;
    return { object, name };
  }
  return null;
}

/** The name a function is known by: its own id, the variable, property or method that holds it. */
export function functionName(node: FunctionNode): string | null {
  if (node.id) return node.id.name;
  const parent = node.parent;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && parent.value === node) {
    return keyName(parent.key, parent.computed);
  }
  if (parent.type === 'AssignmentExpression' && parent.right === node) {
    if (parent.left.type === 'Identifier') return parent.left.name;
    if (parent.left.type === 'MemberExpression') return keyName(parent.left.property, parent.left.computed);
  }
  return null;
}

/** The functions around a node, innermost first. */
export function enclosingFunctions(node: TSESTree.Node): FunctionNode[] {
  const functions: FunctionNode[] = [];
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) functions.push(current);
  return functions;
}

/** The name a function or member expression argument refers to: `tick` or `this.tick`. */
export function referenceName(node: TSESTree.Node): string | null {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') return keyName(node.property, node.computed);
  return null;
}

/** Calls `visit` on `root` and on every node below it. */
export function walk(root: TSESTree.Node, visit: (node: TSESTree.Node) => void, visitorKeys: Readonly<Record<string, readonly string[] | undefined>>): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    visit(node);
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item === 'object' && 'type' in item) stack.push(item as TSESTree.Node);
      } else if (child && typeof child === 'object' && 'type' in child) stack.push(child as TSESTree.Node);
    }
  }
}
