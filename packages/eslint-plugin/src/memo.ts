/**
 * A function of JSON-like input worked out once per content. ESLint hands
 * every file of a configuration the same settings object, and the same
 * options object to a rule set to `'error'`, so the object is looked up
 * first; a rule given options gets them merged into a new object for each
 * file, and the editor's server makes a new ESLint instance per validation,
 * so the content (with `scope`, such as a working directory) is the key
 * then. `make` gets that key. At most `limit` contents are kept: a
 * long-lived editor server may see many over time.
 */
export function memoByContent<Input, Output>(make: (input: Input, scope: string, key: string) => Output, limit: number): (input: Input, scope?: string) => Output {
  const byObject = new WeakMap<object, { readonly scope: string; readonly output: Output }>();
  const byContent = new Map<string, Output>();
  return (input, scope = '') => {
    const object = input !== null && typeof input === 'object' ? input : null;
    const same = object === null ? undefined : byObject.get(object);
    if (same !== undefined && same.scope === scope) return same.output;
    const key = `${scope}\0${JSON.stringify(input ?? {}) ?? ''}`;
    let output = byContent.get(key);
    if (output === undefined) {
      output = make(input, scope, key);
      if (byContent.size >= limit) byContent.delete(byContent.keys().next().value as string);
      byContent.set(key, output);
    }
    if (object !== null) byObject.set(object, { scope, output });
    return output;
  };
}

/** The value `map` holds for `key`, made and stored on the first ask: for the nested per-run tables, keyed by object, then by path. */
export function getOrAdd<Key, Value>(map: { get(key: Key): Value | undefined; set(key: Key, value: Value): unknown }, key: Key, make: () => Value): Value {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
