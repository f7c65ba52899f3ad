/**
 * The part of JSON Schema the options schema uses, checked without a schema
 * compiler: the CLI loads this on every run, and compiling a schema costs more
 * than linting a handful of documents. An unknown keyword is a programming
 * error and throws.
 */
export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly minLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly enum?: readonly unknown[];
  readonly oneOf?: readonly JsonSchema[];
}

/** A problem at a path of the value, written as `documents[2].tables[0].columns`. */
export interface SchemaProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const known = new Set(['type', 'description', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'minItems', 'minLength', 'minimum', 'maximum', 'pattern', 'enum', 'oneOf']);

export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`), '');
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function typeProblem(schema: JsonSchema, value: unknown): string | null {
  switch (schema.type) {
    case undefined:
      return null;
    case 'object':
      return isObject(value) ? null : 'must be object';
    case 'array':
      return Array.isArray(value) ? null : 'must be array';
    case 'string':
      return typeof value === 'string' ? null : 'must be string';
    case 'integer':
      return Number.isInteger(value) ? null : 'must be integer';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be boolean';
  }
}

/** The first problem of `value` against `schema`, depth first, or null. */
export function check(schema: JsonSchema, value: unknown, path: (string | number)[] = []): SchemaProblem | null {
  for (const keyword of Object.keys(schema)) if (!known.has(keyword)) throw new Error(`Unsupported JSON Schema keyword \`${keyword}\``);
  const problem = (message: string, at: readonly (string | number)[] = path): SchemaProblem => ({ path: at, message });
  if (schema.oneOf) {
    const matching = schema.oneOf.map((candidate) => check(candidate, value, path));
    const passed = matching.filter((result) => result === null).length;
    if (passed > 1) return problem('must match exactly one schema in oneOf');
    if (passed === 0) {
      // The closest alternative: the one that got deepest before failing.
      return matching.reduce((best, result) => ((result?.path.length ?? 0) > (best?.path.length ?? 0) ? result : best)) ?? problem('must match a schema in oneOf');
    }
  }
  const wrongType = typeProblem(schema, value);
  if (wrongType) return problem(wrongType);
  if (schema.enum && !schema.enum.includes(value)) return problem(`must be equal to one of the allowed values (${schema.enum.map((item) => JSON.stringify(item)).join(', ')})`);
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return problem(`must NOT have fewer than ${schema.minLength} characters`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return problem(`must match pattern "${schema.pattern}"`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return problem(`must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) return problem(`must be <= ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return problem(`must NOT have fewer than ${schema.minItems} items`);
    if (schema.items) {
      for (const [index, item] of value.entries()) {
        const found = check(schema.items, item, [...path, index]);
        if (found) return found;
      }
    }
  }
  if (isObject(value)) {
    for (const name of schema.required ?? []) if (!(name in value)) return problem('required', [...path, name]);
    for (const [name, item] of Object.entries(value)) {
      if (schema.propertyNames) {
        const found = check(schema.propertyNames, name, [...path, name]);
        if (found) return problem(`property name ${found.message}`, found.path);
      }
      const property = schema.properties?.[name];
      if (property) {
        const found = check(property, item, [...path, name]);
        if (found) return found;
      } else if (schema.additionalProperties === false) {
        return problem('unknown option', [...path, name]);
      } else if (typeof schema.additionalProperties === 'object') {
        const found = check(schema.additionalProperties, item, [...path, name]);
        if (found) return found;
      }
    }
  }
  return null;
}
