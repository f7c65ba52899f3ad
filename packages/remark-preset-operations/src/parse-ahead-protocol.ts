import type { MessagePort } from 'node:worker_threads';

/**
 * Who holds each document: one Int32 per document in a buffer both threads
 * share, followed by one more that holds the index the main thread took last.
 */
export const Claim = {
  /** Nobody has taken it yet. */
  free: 0,
  /** The main thread parses it itself. */
  main: 1,
  /** The worker is parsing it. */
  worker: 2,
  /** The worker posted its tree. */
  delivered: 3,
  /** The worker could not read it or it is too large: the main thread deals with it. */
  skipped: 4,
} as const;

/** What the main thread sends the worker. */
export interface ParseAheadData {
  /** Absolute paths of the documents. */
  readonly paths: readonly string[];
  /** `paths.length + 1` Int32s: the claims, then the main thread's last index (-1 before its first). */
  readonly claims: SharedArrayBuffer;
  /** Documents larger than this are left to the main thread (see size.ts). */
  readonly maxBytes: number;
  /** Where the worker posts each tree (a `ParsedAhead`). */
  readonly port: MessagePort;
}

export interface ParsedAhead {
  readonly index: number;
  readonly text: string;
  readonly tree: unknown;
}
