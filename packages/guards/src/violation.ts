/**
 * The operational layer this package enforces. The contract defines Layer 0,
 * Execution Safety, as the guards written into the code itself; a test checks
 * this number against the contract's layer that names `packages/guards`.
 */
export const LAYER = 0;

/** A value that survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Details attached to a violation, made JSON-safe when the violation is built. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** Every code this package gives a violation, stable across releases. */
export type ViolationCode =
  | 'invariant'
  | 'guard'
  | 'booking-overlap'
  | 'booking-interval-invalid'
  | 'booking-duration'
  | 'refund-exceeds-capture'
  | 'idempotency-key'
  | 'kill-switch-engaged'
  | 'kill-switch-unknown'
  | 'kill-switch-definition'
  | 'kill-switch-source';

/** What an `onViolation` subscriber receives, and what a violation serialises to. */
export interface ViolationRecord {
  readonly code: ViolationCode;
  readonly layer: typeof LAYER;
  readonly message: string;
  readonly details: JsonObject;
  /** ISO 8601 time at which the violation was raised. */
  readonly time: string;
}

/**
 * The common shape of everything this package throws. Subclasses exist so
 * callers can tell a broken invariant from rejected input or an engaged switch
 * with `instanceof`.
 */
export abstract class SafetyViolation extends Error {
  readonly code: ViolationCode;
  readonly layer: typeof LAYER = LAYER;
  readonly details: JsonObject;
  readonly time: string;

  protected constructor(code: ViolationCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(message);
    this.code = code;
    this.details = toJsonObject(details);
    this.time = new Date().toISOString();
  }

  toRecord(): ViolationRecord {
    return Object.freeze({ code: this.code, layer: this.layer, message: this.message, details: this.details, time: this.time });
  }

  /** Loggers that call `JSON.stringify` on errors get the record, not `{}`. */
  toJSON(): ViolationRecord {
    return this.toRecord();
  }
}

/** A hard invariant did not hold: the program is in a state it must never reach. */
export class InvariantViolation extends SafetyViolation {
  override readonly name = 'InvariantViolation';

  constructor(message: string, details?: Readonly<Record<string, unknown>>, code: ViolationCode = 'invariant') {
    super(code, message, details);
  }
}

/** One reason untrusted input was refused, with where in the input it sits. */
export interface GuardIssue {
  /** Keys from the input's root to the offending value; empty for the root. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Untrusted input was refused at a boundary. Lists every issue found. */
export class GuardViolation extends SafetyViolation {
  override readonly name = 'GuardViolation';
  readonly issues: readonly GuardIssue[];

  constructor(label: string, issues: readonly GuardIssue[], details?: Readonly<Record<string, unknown>>) {
    const frozen = Object.freeze(issues.map((issue) => Object.freeze({ path: Object.freeze([...issue.path]), message: issue.message })));
    super('guard', formatGuardMessage(label, frozen), { ...details, label, issues: frozen });
    this.issues = frozen;
  }
}

/** Renders a path the way a reader finds it in the input: `items[0].price`. */
export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text === '' ? '(root)' : text;
}

function formatGuardMessage(label: string, issues: readonly GuardIssue[]): string {
  if (issues.length === 1 && issues[0]) {
    const only = issues[0];
    return only.path.length === 0 ? `${label}: ${only.message}` : `${label}: \`${formatPath(only.path)}\`: ${only.message}`;
  }
  const listed = issues.map((issue) => `\`${formatPath(issue.path)}\`: ${issue.message}`).join('; ');
  return `${label}: ${issues.length} issues: ${listed}`;
}

// ---------------------------------------------------------------------------
// JSON-safe details

const MAX_DEPTH = 8;

/**
 * Copies details into plain JSON: bigints become strings, dates ISO strings,
 * errors their name, message and cause, objects with `toJSON` what it
 * returns, non-finite numbers strings, cycles `[Circular]`, and a value that
 * throws when read `[Unreadable: ...]`. A violation must always be loggable,
 * whatever was passed: details never replace the violation with their own
 * error.
 */
export function toJsonObject(value: Readonly<Record<string, unknown>> | undefined): JsonObject {
  if (value === undefined) return Object.freeze({});
  const converted = toJson(value, new Set(), 0);
  return converted !== null && typeof converted === 'object' && !Array.isArray(converted)
    ? (converted as JsonObject)
    : Object.freeze({ value: converted });
}

function toJson(value: unknown, seen: Set<object>, depth: number): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'undefined':
      return null;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    default:
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(object);
  try {
    return objectToJson(object, seen, depth);
  } catch (error) {
    return `[Unreadable: ${errorText(error)}]`;
  } finally {
    seen.delete(object);
  }
}

function objectToJson(object: object, seen: Set<object>, depth: number): JsonValue {
  const next = (item: unknown) => toJson(item, seen, depth + 1);
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof Error) {
    const error: Record<string, JsonValue> = { name: object.name, message: object.message };
    if ('cause' in object && object.cause !== undefined) error['cause'] = next(object.cause);
    return Object.freeze(error);
  }
  if (Array.isArray(object)) return Object.freeze(object.map(next));
  if (object instanceof Map) return Object.freeze([...object].map(([key, item]) => Object.freeze([next(key), next(item)])));
  if (object instanceof Set) return Object.freeze([...object].map(next));
  if (object instanceof RegExp) return object.toString();
  if (ArrayBuffer.isView(object) && !(object instanceof DataView)) return Object.freeze(Array.from(object as unknown as ArrayLike<unknown>, next));
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return next(toJSON.call(object));
  const result: Record<string, JsonValue> = {};
  for (const key of Object.keys(object)) {
    let item: unknown;
    try {
      item = (object as Record<string, unknown>)[key];
    } catch (error) {
      result[key] = `[Unreadable: ${errorText(error)}]`;
      continue;
    }
    if (item === undefined || typeof item === 'function') continue;
    result[key] = next(item);
  }
  return Object.freeze(result);
}

function errorText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown error';
  }
}

// ---------------------------------------------------------------------------
// Observation

/** Receives every violation this package raises or reports. */
export type ViolationSubscriber = (record: ViolationRecord) => void;

const subscribers: ViolationSubscriber[] = [];
let dispatching = false;

/**
 * Subscribes to every violation this package raises, and to every kill switch
 * source problem it reports, before the violation is thrown. Returns a
 * function that unsubscribes. Subscribers observe only: what they return is
 * ignored, and one that throws is reported on `console.error` without
 * stopping the others or replacing the violation.
 */
export function onViolation(subscriber: ViolationSubscriber): () => void {
  subscribers.push(subscriber);
  return () => {
    const index = subscribers.indexOf(subscriber);
    if (index !== -1) subscribers.splice(index, 1);
  };
}

/** Delivers a record to every subscriber, frozen so no subscriber can change what the next one sees. Never throws. */
export function report(record: ViolationRecord): void {
  // A subscriber that trips a guard itself would otherwise recurse forever;
  // its own violation still throws, it is just not observed a second time.
  if (dispatching || subscribers.length === 0) return;
  dispatching = true;
  const frozen = Object.isFrozen(record) ? record : Object.freeze({ ...record });
  try {
    for (const subscriber of [...subscribers]) {
      try {
        subscriber(frozen);
      } catch (error) {
        try {
          console.error(`@bookiji/guards: a violation subscriber threw while observing \`${record.code}\`:`, error);
        } catch {
          // A console that throws must not mask the violation either.
        }
      }
    }
  } finally {
    dispatching = false;
  }
}

/** Reports a violation to the subscribers, then throws it. */
export function raise(violation: SafetyViolation): never {
  report(violation.toRecord());
  throw violation;
}
