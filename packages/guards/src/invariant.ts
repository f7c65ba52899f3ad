import { InvariantViolation, raise } from './violation.js';

/** A message, or a function that builds it only when the invariant fails. */
export type Message = string | (() => string);

/**
 * Asserts a hard invariant. When `condition` is falsy it reports and throws an
 * `InvariantViolation` carrying the message and JSON-safe details; after the
 * call the compiler knows `condition` holds.
 *
 * The message is kept in every environment, production included: a hard
 * invariant that fails must say what broke.
 */
export function invariant(condition: unknown, message: Message, details?: Readonly<Record<string, unknown>>): asserts condition {
  if (condition) return;
  raise(new InvariantViolation(buildMessage(message), details));
}

/** Builds a lazy message without letting a faulty builder hide the violation. */
export function buildMessage(message: Message): string {
  if (typeof message === 'string') return message;
  try {
    return String(message());
  } catch (error) {
    return `Invariant failed, and its message could not be built (${error instanceof Error ? error.message : String(error)})`;
  }
}
