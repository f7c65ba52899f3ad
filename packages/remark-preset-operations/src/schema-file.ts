import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pointsOf } from '@bookiji/contract';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { OperationsConfigurationError, validateDocumentSchemas, type DocumentSchema } from './options.js';

/** Document schemas read from a file, with where each one is declared (`path:line:column`), for messages that name it. */
export interface SchemaFile {
  readonly documents: readonly DocumentSchema[];
  readonly declaredAt: ReadonlyMap<DocumentSchema, string>;
}

/** A JSON pointer's parts as jsonc-parser's path (`/documents/0` → `['documents', 0]`). */
function pathOf(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/gu, '/').replace(/~0/gu, '~'))
    .map((part) => (/^\d+$/u.test(part) ? Number(part) : part));
}

/**
 * Reads a file of document schemas: `{ "documents": [ … ] }`, JSON (comments
 * allowed). A mistake is a configuration error that names the file, the line
 * and the column: a syntax error where it is, a schema error at the value the
 * schema rejects.
 */
export function readSchemaFile(path: string, cwd: string): SchemaFile {
  const absolute = resolve(cwd, path);
  const shown = relative(cwd, absolute) || path;
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new OperationsConfigurationError(`Invalid option \`documents\`: cannot read \`${path}\` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const at = pointsOf(text);
  const where = (offset: number) => {
    const point = at(offset);
    return `${shown}:${point.line}:${point.column}`;
  };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true });
  if (errors[0] || !tree) {
    const error = errors[0];
    throw new OperationsConfigurationError(`${where(error?.offset ?? 0)}: Invalid JSON (${error ? printParseErrorCode(error.error) : 'empty file'}), expected a JSON object \`{ "documents": [ … ] }\``);
  }
  const value = parse(text, [], { allowTrailingComma: true }) as unknown;
  const documentsNode = findNodeAtLocation(tree, ['documents']);
  if (tree.type !== 'object' || !documentsNode) throw new OperationsConfigurationError(`${where(tree.offset)}: Missing \`documents\`, expected a JSON object \`{ "documents": [ … ] }\``);
  const problem = validateDocumentSchemas((value as { documents: unknown }).documents);
  if (problem) {
    const node: JsonNode | undefined = findNodeAtLocation(tree, ['documents', ...pathOf(problem.pointer)]) ?? documentsNode;
    // An unknown property is pointed at by its name, not its value.
    const place = problem.property && node?.type === 'object' ? (node.children?.find((child) => child.children?.[0]?.value === problem.property)?.offset ?? node.offset) : node.offset;
    throw new OperationsConfigurationError(`${where(place)}: ${problem.message}`);
  }
  const documents = (value as { documents: DocumentSchema[] }).documents;
  const declaredAt = new Map<DocumentSchema, string>();
  documents.forEach((schema, index) => declaredAt.set(schema, where(findNodeAtLocation(tree, ['documents', index])!.offset)));
  return { documents, declaredAt };
}
