import { LineCounter, isMap, isScalar, parseAllDocuments, parseDocument } from 'yaml';
import type { Document, Node as YamlNode, YAMLMap } from 'yaml';

/** The value of `key` in a YAML map, as a node; null when `map` is no map or has no such key. */
export function get(map: YamlNode | null | undefined, key: string): YamlNode | null {
  return isMap(map) ? ((map as YAMLMap).get(key, true) as YamlNode | undefined) ?? null : null;
}

/** A scalar node's value as a string; null for anything else, and for an empty value. */
export function scalar(node: YamlNode | null): string | null {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : null;
}

/** A parsed YAML file: the file it came from, its document and top node, and the 1-based line a node starts on. */
export interface Yaml {
  readonly source: string;
  readonly document: Document;
  readonly contents: YamlNode | null;
  readonly line: (node: YamlNode | null) => number;
}

/** Parses a YAML file (with `merge`, `<<` merge keys are resolved), throwing its first error: a file that does not parse is reported by the caller. */
export function parseYaml(source: string, text: string, options: { readonly merge?: boolean } = {}): Yaml {
  const lines = new LineCounter();
  return parsed(source, parseDocument(text, { lineCounter: lines, merge: options.merge === true }), lines);
}

/** Parses a YAML file of several documents (`---` between them), throwing the first error of any. */
export function parseYamlDocuments(source: string, text: string): Yaml[] {
  const lines = new LineCounter();
  return parseAllDocuments(text, { lineCounter: lines }).map((document) => parsed(source, document, lines));
}

function parsed(source: string, document: Document, lines: LineCounter): Yaml {
  if (document.errors.length > 0) throw document.errors[0]!;
  return { source, document, contents: document.contents as YamlNode | null, line: (node) => lines.linePos(node?.range?.[0] ?? 0).line };
}
