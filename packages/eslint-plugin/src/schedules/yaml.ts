import { isMap, isScalar } from 'yaml';
import type { Node as YamlNode, YAMLMap } from 'yaml';

/** The value of `key` in a YAML map, as a node; null when `map` is no map or has no such key. */
export function get(map: YamlNode | null | undefined, key: string): YamlNode | null {
  return isMap(map) ? ((map as YAMLMap).get(key, true) as YamlNode | undefined) ?? null : null;
}

/** A scalar node's value as a string; null for anything else, and for an empty value. */
export function scalar(node: YamlNode | null): string | null {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : null;
}
