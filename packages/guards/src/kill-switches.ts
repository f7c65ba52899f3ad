import { environmentSource } from './env.js';
import type { FlipRecord, KillSwitchSource, SourceEntry, SourceProblem, SourceReading } from './kill-switch-source.js';
import { KILL_SWITCH_ID_PATTERN, failedReading } from './kill-switch-source.js';
import { InvariantViolation, SafetyViolation, raise, report, toJsonObject } from './violation.js';

/**
 * Which way a switch goes when its source cannot be trusted: `closed` means
 * engaged (the guarded operation stops), `open` means released (it goes on).
 * Safety switches fail closed.
 */
export type FailMode = 'closed' | 'open';

export interface KillSwitchDefinition {
  readonly id: string;
  /** What engaging the switch stops, for the operator reading the list. */
  readonly description: string;
  readonly failMode: FailMode;
}

/**
 * Why a switch is in its state: `flipped` when the source holds a valid value
 * for it, `not-set` when the source was read and holds nothing for it
 * (released), `fail-mode` when the source or its entry could not be trusted
 * and the switch took its fail direction.
 */
export type KillSwitchBasis = 'flipped' | 'not-set' | 'fail-mode';

export interface KillSwitchState extends KillSwitchDefinition {
  readonly engaged: boolean;
  readonly basis: KillSwitchBasis;
  /** Who, when and why, when the source records it. */
  readonly flip: FlipRecord | null;
  /** Where the value was set, when `basis` is `flipped`. */
  readonly origin: string | null;
  /** What went wrong, when `basis` is `fail-mode`. */
  readonly problem: SourceProblem | null;
}

/** What an operator needs to see: every switch, and everything wrong with the source. */
export interface KillSwitchReport {
  readonly source: string;
  /** ISO 8601 time of the last read of the source, or null before the first. */
  readonly readAt: string | null;
  readonly switches: readonly KillSwitchState[];
  readonly problems: readonly SourceProblem[];
}

/** Thrown by `assertNotEngaged` when the switch is engaged. */
export class KillSwitchEngaged extends SafetyViolation {
  override readonly name = 'KillSwitchEngaged';
  readonly switchId: string;
  readonly state: KillSwitchState;

  constructor(state: KillSwitchState) {
    super('kill-switch-engaged', engagedMessage(state), { ...state });
    this.switchId = state.id;
    this.state = state;
  }
}

function engagedMessage(state: KillSwitchState): string {
  const head = `Kill switch \`${state.id}\` is engaged`;
  if (state.basis === 'fail-mode') return `${head}: it fails closed and its source cannot be trusted (${state.problem?.message ?? 'unknown problem'})`;
  if (state.flip !== null) return `${head}: ${state.flip.why} (${state.flip.who}, ${state.flip.when})`;
  return `${head} by ${state.origin ?? 'its source'}`;
}

export interface KillSwitchRegistry {
  /** Registers a switch. Defining the same id again with the same settings is harmless; with others it throws. */
  define(definition: KillSwitchDefinition): KillSwitchDefinition;
  /** True when the switch is engaged. Constant time, no allocation; an unknown id throws. */
  isEngaged(id: string): boolean;
  /** Throws `KillSwitchEngaged` when the switch is engaged; an unknown id throws. */
  assertNotEngaged(id: string): void;
  /** The state of one switch, or undefined when no switch has this id. */
  get(id: string): KillSwitchState | undefined;
  /** The state of every switch and every problem with the source, for an operator. */
  list(): KillSwitchReport;
  /** Reads the source again now. Sources that can watch do this by themselves. */
  refresh(): KillSwitchReport;
  /** Replaces the source; the next check reads it. */
  useSource(source: KillSwitchSource): void;
  /** Stops watching the source. */
  close(): void;
}

export interface KillSwitchRegistryOptions {
  /** Where operators flip the switches; environment variables by default. */
  readonly source?: KillSwitchSource;
}

/** Creates a registry of kill switches reading from one source. */
export function createKillSwitches(options: KillSwitchRegistryOptions = {}): KillSwitchRegistry {
  return new Registry(options.source ?? environmentSource());
}

class Registry implements KillSwitchRegistry {
  readonly #definitions = new Map<string, KillSwitchDefinition>();
  // The hot path reads only this map; it is rebuilt whole on every read of
  // the source, so a check never sees half of one reading and half of another.
  #states = new Map<string, KillSwitchState>();
  #source: KillSwitchSource;
  #reading: SourceReading | null = null;
  #readAt: string | null = null;
  #stopWatching: (() => void) | null = null;

  constructor(source: KillSwitchSource) {
    this.#source = source;
  }

  define(definition: KillSwitchDefinition): KillSwitchDefinition {
    const checked = checkDefinition(definition);
    const existing = this.#definitions.get(checked.id);
    if (existing !== undefined) {
      if (existing.description === checked.description && existing.failMode === checked.failMode) return existing;
      raise(
        new InvariantViolation(
          `Unexpected second definition of kill switch \`${checked.id}\` with other settings, expected one definition per id`,
          { existing, definition: checked },
          'kill-switch-definition',
        ),
      );
    }
    this.#definitions.set(checked.id, checked);
    if (this.#reading !== null) this.#states.set(checked.id, evaluate(checked, this.#reading));
    return checked;
  }

  isEngaged(id: string): boolean {
    const state = this.#states.get(id);
    return state === undefined ? this.#stateOf(id).engaged : state.engaged;
  }

  assertNotEngaged(id: string): void {
    const state = this.#states.get(id) ?? this.#stateOf(id);
    if (state.engaged) raise(new KillSwitchEngaged(state));
  }

  get(id: string): KillSwitchState | undefined {
    return this.#definitions.has(id) ? (this.#states.get(id) ?? this.#stateOf(id)) : undefined;
  }

  list(): KillSwitchReport {
    if (this.#reading === null) this.refresh();
    const reading = this.#reading!;
    return Object.freeze({
      source: this.#source.name,
      readAt: this.#readAt,
      switches: Object.freeze([...this.#definitions.keys()].sort().map((id) => this.#states.get(id)!)),
      problems: Object.freeze(problemsOf(reading, this.#definitions, this.#source.name)),
    });
  }

  refresh(): KillSwitchReport {
    let reading: SourceReading;
    try {
      const raw: unknown = this.#source.read();
      if (isReading(raw)) {
        reading = raw;
      } else {
        const found = raw instanceof Promise ? 'promise' : raw === null ? '`null`' : typeof raw;
        reading = failedReading({
          source: this.#source.name,
          message: `Unexpected ${found} from kill switch source ${this.#source.name}, expected \`read\` to return { entries, failure, problems } synchronously`,
        });
      }
    } catch (error) {
      reading = failedReading({
        source: this.#source.name,
        message: `Unexpected error reading kill switches from ${this.#source.name}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    const states = new Map<string, KillSwitchState>();
    for (const definition of this.#definitions.values()) states.set(definition.id, evaluate(definition, reading));
    this.#reading = reading;
    this.#readAt = new Date().toISOString();
    this.#states = states;
    const source = this.#source;
    if (this.#stopWatching === null && source.watch) {
      this.#stopWatching = source.watch(() => {
        if (this.#source === source) this.refresh();
      });
    }
    const listed = this.list();
    for (const problem of listed.problems) {
      report({ code: 'kill-switch-source', layer: 0, message: problem.message, details: toJsonObject({ ...problem }), time: this.#readAt });
    }
    return listed;
  }

  useSource(source: KillSwitchSource): void {
    this.close();
    this.#source = source;
    this.#reading = null;
    this.#readAt = null;
    this.#states = new Map();
  }

  close(): void {
    this.#stopWatching?.();
    this.#stopWatching = null;
  }

  #stateOf(id: string): KillSwitchState {
    if (!this.#definitions.has(id)) {
      const known = [...this.#definitions.keys()].sort();
      raise(
        new InvariantViolation(
          `Unexpected kill switch id \`${id}\`, expected ${known.length === 0 ? 'a switch defined with `defineKillSwitch`' : `one of ${known.map((k) => `\`${k}\``).join(', ')}`}`,
          { id, known },
          'kill-switch-unknown',
        ),
      );
    }
    this.refresh();
    return this.#states.get(id)!;
  }
}

/** A custom source that returns something else (often a promise from an `async read`) counts as unreadable. */
function isReading(value: unknown): value is SourceReading {
  if (typeof value !== 'object' || value === null) return false;
  const { entries, failure, problems } = value as Partial<Record<keyof SourceReading, unknown>>;
  return entries instanceof Map && (failure === null || (typeof failure === 'object' && failure !== null)) && Array.isArray(problems);
}

function checkDefinition(definition: KillSwitchDefinition): KillSwitchDefinition {
  const { id, description, failMode } = definition ?? ({} as KillSwitchDefinition);
  const fault =
    typeof id !== 'string' || !KILL_SWITCH_ID_PATTERN.test(id)
      ? `Unexpected kill switch id ${JSON.stringify(id)}, expected lower-case words joined by hyphens, such as \`payments-capture\``
      : typeof description !== 'string' || description.trim() === ''
        ? `Unexpected empty description for kill switch \`${id}\`, expected what engaging it stops`
        : failMode !== 'closed' && failMode !== 'open'
          ? `Unexpected fail mode ${JSON.stringify(failMode)} for kill switch \`${id}\`, expected \`closed\` or \`open\``
          : null;
  if (fault !== null) raise(new InvariantViolation(fault, { definition }, 'kill-switch-definition'));
  return Object.freeze({ id, description, failMode });
}

function evaluate(definition: KillSwitchDefinition, reading: SourceReading): KillSwitchState {
  const failed = (problem: SourceProblem): KillSwitchState =>
    Object.freeze({ ...definition, engaged: definition.failMode === 'closed', basis: 'fail-mode', flip: null, origin: null, problem });
  if (reading.failure !== null) return failed(reading.failure);
  const entry: SourceEntry | undefined = reading.entries.get(definition.id);
  if (entry === undefined) return Object.freeze({ ...definition, engaged: false, basis: 'not-set', flip: null, origin: null, problem: null });
  if ('problem' in entry) return failed(entry.problem);
  return Object.freeze({ ...definition, engaged: entry.engaged, basis: 'flipped', flip: entry.flip, origin: entry.origin, problem: null });
}

function problemsOf(reading: SourceReading, definitions: ReadonlyMap<string, KillSwitchDefinition>, source: string): SourceProblem[] {
  const problems: SourceProblem[] = [];
  if (reading.failure !== null) problems.push(reading.failure);
  problems.push(...reading.problems);
  const known = [...definitions.keys()].sort();
  for (const [id, entry] of reading.entries) {
    if ('problem' in entry) {
      problems.push(entry.problem);
    } else if (!definitions.has(id)) {
      problems.push({
        source,
        switchId: id,
        message: `Unexpected kill switch \`${id}\` in ${entry.origin}, expected ${known.length === 0 ? 'a defined switch' : `one of ${known.map((k) => `\`${k}\``).join(', ')}`}; it has no effect`,
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// The process-wide registry, reading environment variables unless told otherwise.

let shared: KillSwitchRegistry | undefined;

function sharedRegistry(): KillSwitchRegistry {
  return (shared ??= createKillSwitches());
}

/** Registers a kill switch in the process-wide registry. */
export function defineKillSwitch(definition: KillSwitchDefinition): KillSwitchDefinition {
  return sharedRegistry().define(definition);
}

/** True when the switch is engaged. Constant time, no allocation; an unknown id throws. */
export function isEngaged(id: string): boolean {
  return sharedRegistry().isEngaged(id);
}

/** Throws `KillSwitchEngaged` when the switch is engaged; an unknown id throws. */
export function assertNotEngaged(id: string): void {
  sharedRegistry().assertNotEngaged(id);
}

/** The state of every switch in the process-wide registry, for an operator. */
export function listKillSwitches(): KillSwitchReport {
  return sharedRegistry().list();
}

/** Reads the process-wide registry's source again now. */
export function refreshKillSwitches(): KillSwitchReport {
  return sharedRegistry().refresh();
}

/** Points the process-wide registry at another source, such as a switch file. */
export function useKillSwitchSource(source: KillSwitchSource): void {
  sharedRegistry().useSource(source);
}

/** The process-wide registry itself, for code that takes a registry (the OpenFeature provider). */
export function killSwitches(): KillSwitchRegistry {
  return sharedRegistry();
}
