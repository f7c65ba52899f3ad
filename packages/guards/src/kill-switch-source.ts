// The contract between the kill switch registry and the places an operator
// flips switches: environment variables, a JSON file, or memory in tests.

/** Who flipped a switch, when, and why, as a file source records it. */
export interface FlipRecord {
  readonly who: string;
  /** ISO 8601 date-time of the flip. */
  readonly when: string;
  readonly why: string;
}

/** Something wrong with a source, said in one sentence, with where it is. */
export interface SourceProblem {
  readonly message: string;
  /** The source's name: `environment`, `file <path>`, `memory`. */
  readonly source: string;
  /** The switch the problem concerns, when it concerns one. */
  readonly switchId?: string;
  readonly file?: string;
  /** 1-based, as editors show it. */
  readonly line?: number;
  /** 1-based, as editors show it. */
  readonly column?: number;
  readonly variable?: string;
}

/** What a source holds for one switch id. */
export type SourceEntry =
  | {
      readonly engaged: boolean;
      readonly flip: FlipRecord | null;
      /** Where the value was set, for messages: `KILL_SWITCH_X`, `switches.json:4:5`. */
      readonly origin: string;
    }
  | { readonly problem: SourceProblem };

/** One complete read of a source. */
export interface SourceReading {
  /** Entries by switch id; ids that no code defines are reported, not used. */
  readonly entries: ReadonlyMap<string, SourceEntry>;
  /** Set when the source could not be read at all: every switch fails in its direction. */
  readonly failure: SourceProblem | null;
  /** Problems that do not stop any switch being read, such as unexpected keys. */
  readonly problems: readonly SourceProblem[];
}

/**
 * A place where operators flip kill switches. `read` must not throw (the
 * registry treats a throw as a failed read). `watch`, when present, calls
 * `onChange` when the operator may have flipped something and returns a
 * function that stops watching.
 */
export interface KillSwitchSource {
  readonly name: string;
  read(): SourceReading;
  watch?(onChange: () => void): () => void;
}

/** Kill switch ids: lower-case words joined by hyphens, such as `payments-capture`. */
export const KILL_SWITCH_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** A reading with no entries: every defined switch is not engaged. */
export function emptyReading(): SourceReading {
  return { entries: new Map(), failure: null, problems: [] };
}

/** A reading of a source that could not be read. */
export function failedReading(problem: SourceProblem): SourceReading {
  return { entries: new Map(), failure: problem, problems: [] };
}
