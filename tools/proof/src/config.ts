/**
 * The shape of a repository's `proof.config.ts`. This module imports nothing,
 * so a configuration can `import type` from it and be type-checked on its own.
 */

/** What passing means for a step: exit code 0, and where given, an output rule. */
export interface PassRule {
  readonly exitCode: 0;
  /** `'empty'`: the step also prints nothing at all, on stdout or stderr. */
  readonly output?: 'empty';
}

export interface ProofStep {
  /** Lower-case words joined by hyphens, unique in the configuration. */
  readonly id: string;
  /** One line a human reads in the live list and in `--list`. */
  readonly title: string;
  /** The program and its arguments. Never a shell string: no shell runs it. */
  readonly command: readonly [string, ...string[]];
  /** After this many seconds the step and every process it started are killed. */
  readonly timeoutSeconds: number;
  readonly pass: PassRule;
  /**
   * `true`: nothing after this step is worth running when it fails (a dirty
   * tree, an install that does not match the lockfile), so its failure stops
   * the run at once; the steps after it are reported as not run. A
   * precondition runs alone: it is in no parallel set.
   */
  readonly precondition?: boolean;
}

export interface ProofEnvironment {
  /** Variables passed through from the operator's environment; every other one is dropped. */
  readonly allow: readonly string[];
  /** Variables given fixed values for every step. */
  readonly set?: Readonly<Record<string, string>>;
}

export interface ProofConfig {
  /** The steps, in the order the report lists them. */
  readonly steps: readonly ProofStep[];
  /**
   * Sets of step ids that may run at the same time. Each set names steps that
   * follow one another in `steps`; every other step runs alone.
   */
  readonly parallel?: readonly (readonly string[])[];
  readonly environment: ProofEnvironment;
}

/** The file a repository keeps its proof configuration in, at its root. */
export const CONFIG_FILE = 'proof.config.ts';

/**
 * Variables the runner sets itself for every step, so every run sees the same
 * clock zone, collation and plain output whatever the operator's shell holds.
 */
export const FIXED_ENVIRONMENT: Readonly<Record<string, string>> = Object.freeze({
  TZ: 'UTC',
  LC_ALL: 'C',
  NO_COLOR: '1',
  TERM: 'dumb',
});

/** Set per run from the commit's time; listed so a configuration cannot override it. */
export const RESERVED_VARIABLES: readonly string[] = Object.freeze([...Object.keys(FIXED_ENVIRONMENT), 'SOURCE_DATE_EPOCH']);

const STEP_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ConfigProblem {
  /** Where in the configuration, e.g. `steps[2].timeoutSeconds`. */
  readonly path: string;
  readonly message: string;
}

export type ConfigResult = { readonly ok: true; readonly config: ProofConfig } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return '`null`';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `\`${JSON.stringify(value)}\``;
  if (typeof value === 'object') return 'an object';
  return `\`${String(value)}\``;
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], path: string, problems: ConfigProblem[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.push({ path: path === '' ? key : `${path}.${key}`, message: `Unexpected key \`${key}\`, expected one of ${allowed.map((k) => `\`${k}\``).join(', ')}` });
    }
  }
}

/**
 * Checks a loaded configuration's values beyond what its types say: unique
 * ids, known ids in `parallel`, positive timeouts. Pure, so every rule is
 * tested without a file.
 */
export function validateConfig(value: unknown): ConfigResult {
  const problems: ConfigProblem[] = [];
  if (!isRecord(value)) {
    return { ok: false, problems: [{ path: 'default export', message: `Unexpected ${describe(value)}, expected an object with \`steps\` and \`environment\`` }] };
  }
  checkKeys(value, ['steps', 'parallel', 'environment'], '', problems);

  const ids: string[] = [];
  const preconditions = new Set<string>();
  if (!Array.isArray(value.steps) || value.steps.length === 0) {
    problems.push({ path: 'steps', message: `Unexpected ${describe(value.steps)}, expected a non-empty array of steps` });
  } else {
    value.steps.forEach((step: unknown, index: number) => {
      const at = `steps[${index}]`;
      if (!isRecord(step)) {
        problems.push({ path: at, message: `Unexpected ${describe(step)}, expected a step object` });
        return;
      }
      checkKeys(step, ['id', 'title', 'command', 'timeoutSeconds', 'pass', 'precondition'], at, problems);
      if (typeof step.id !== 'string' || !STEP_ID.test(step.id)) {
        problems.push({ path: `${at}.id`, message: `Unexpected ${describe(step.id)}, expected lower-case words joined by hyphens` });
      } else if (ids.includes(step.id)) {
        problems.push({ path: `${at}.id`, message: `Unexpected second step \`${step.id}\`, expected unique ids` });
      } else {
        ids.push(step.id);
        if (step.precondition === true) preconditions.add(step.id);
      }
      if (typeof step.title !== 'string' || step.title.trim() === '') {
        problems.push({ path: `${at}.title`, message: `Unexpected ${describe(step.title)}, expected a one-line title` });
      }
      if (!Array.isArray(step.command) || step.command.length === 0 || !step.command.every((part) => typeof part === 'string')) {
        problems.push({ path: `${at}.command`, message: `Unexpected ${describe(step.command)}, expected an argument vector: a non-empty array of strings` });
      } else if (step.command[0] === '') {
        problems.push({ path: `${at}.command[0]`, message: 'Unexpected empty program name, expected a program' });
      }
      if (typeof step.timeoutSeconds !== 'number' || !Number.isFinite(step.timeoutSeconds) || step.timeoutSeconds <= 0) {
        problems.push({ path: `${at}.timeoutSeconds`, message: `Unexpected ${describe(step.timeoutSeconds)}, expected a number of seconds above 0` });
      }
      if (step.precondition !== undefined && typeof step.precondition !== 'boolean') {
        problems.push({ path: `${at}.precondition`, message: `Unexpected ${describe(step.precondition)}, expected \`true\`, \`false\` or no precondition` });
      }
      if (!isRecord(step.pass)) {
        problems.push({ path: `${at}.pass`, message: `Unexpected ${describe(step.pass)}, expected \`{ exitCode: 0 }\`` });
      } else {
        checkKeys(step.pass, ['exitCode', 'output'], `${at}.pass`, problems);
        if (step.pass.exitCode !== 0) {
          problems.push({ path: `${at}.pass.exitCode`, message: `Unexpected ${describe(step.pass.exitCode)}, expected \`0\`` });
        }
        if (step.pass.output !== undefined && step.pass.output !== 'empty') {
          problems.push({ path: `${at}.pass.output`, message: `Unexpected ${describe(step.pass.output)}, expected \`'empty'\` or no output rule` });
        }
      }
    });
  }

  if (value.parallel !== undefined) {
    if (!Array.isArray(value.parallel)) {
      problems.push({ path: 'parallel', message: `Unexpected ${describe(value.parallel)}, expected an array of arrays of step ids` });
    } else {
      const grouped = new Set<string>();
      value.parallel.forEach((group: unknown, index: number) => {
        const at = `parallel[${index}]`;
        if (!Array.isArray(group) || group.length < 2 || !group.every((id) => typeof id === 'string')) {
          problems.push({ path: at, message: `Unexpected ${describe(group)}, expected at least two step ids` });
          return;
        }
        const positions: number[] = [];
        group.forEach((id: string, item: number) => {
          const position = ids.indexOf(id);
          if (position === -1) {
            problems.push({ path: `${at}[${item}]`, message: `Unexpected unknown step \`${id}\`, expected one of ${ids.map((known) => `\`${known}\``).join(', ')}` });
          } else if (preconditions.has(id)) {
            problems.push({ path: `${at}[${item}]`, message: `Unexpected precondition \`${id}\` in a parallel set, expected it to run alone, so its failure stops the run before anything else starts` });
          } else if (grouped.has(id)) {
            problems.push({ path: `${at}[${item}]`, message: `Unexpected step \`${id}\` in a second parallel set, expected each step in one set at most` });
          } else {
            grouped.add(id);
            positions.push(position);
          }
        });
        if (positions.length === group.length) {
          const sorted = [...positions].sort((a, b) => a - b);
          const consecutive = sorted.every((position, item) => item === 0 || position === (sorted[item - 1] ?? 0) + 1);
          if (!consecutive) {
            problems.push({ path: at, message: 'Unexpected steps that do not follow one another, expected a parallel set of consecutive steps' });
          }
        }
      });
    }
  }

  if (!isRecord(value.environment)) {
    problems.push({ path: 'environment', message: `Unexpected ${describe(value.environment)}, expected \`{ allow: [...] }\`` });
  } else {
    const environment = value.environment;
    checkKeys(environment, ['allow', 'set'], 'environment', problems);
    if (!Array.isArray(environment.allow) || !environment.allow.every((name) => typeof name === 'string' && VARIABLE_NAME.test(name))) {
      problems.push({ path: 'environment.allow', message: `Unexpected ${describe(environment.allow)}, expected an array of variable names` });
    } else {
      for (const name of environment.allow as string[]) {
        if (RESERVED_VARIABLES.includes(name)) {
          problems.push({ path: 'environment.allow', message: `Unexpected \`${name}\`, expected a variable the runner does not set itself (${RESERVED_VARIABLES.join(', ')})` });
        }
      }
    }
    if (environment.set !== undefined) {
      if (!isRecord(environment.set)) {
        problems.push({ path: 'environment.set', message: `Unexpected ${describe(environment.set)}, expected an object of variable names to strings` });
      } else {
        for (const [name, setting] of Object.entries(environment.set)) {
          if (!VARIABLE_NAME.test(name) || RESERVED_VARIABLES.includes(name)) {
            problems.push({ path: `environment.set.${name}`, message: `Unexpected variable \`${name}\`, expected a variable name the runner does not set itself` });
          } else if (typeof setting !== 'string') {
            problems.push({ path: `environment.set.${name}`, message: `Unexpected ${describe(setting)}, expected a string` });
          }
        }
      }
    }
  }

  return problems.length === 0 ? { ok: true, config: value as unknown as ProofConfig } : { ok: false, problems };
}

/**
 * The order steps run in: batches in declared order, each batch one step or
 * one parallel set. The report keeps the declared order whatever this is.
 */
export function planBatches(config: ProofConfig, selected?: ReadonlySet<string>): readonly (readonly ProofStep[])[] {
  const batches: ProofStep[][] = [];
  const setOf = new Map<string, number>();
  (config.parallel ?? []).forEach((group, index) => group.forEach((id) => setOf.set(id, index)));
  let previousSet: number | undefined;
  for (const step of config.steps) {
    if (selected && !selected.has(step.id)) continue;
    const set = setOf.get(step.id);
    const last = batches[batches.length - 1];
    if (set !== undefined && set === previousSet && last) last.push(step);
    else batches.push([step]);
    previousSet = set;
  }
  return batches;
}
