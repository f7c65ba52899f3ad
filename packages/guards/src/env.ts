import type { KillSwitchSource, SourceEntry, SourceProblem, SourceReading } from './kill-switch-source.js';
import { failedReading } from './kill-switch-source.js';

// Environment variables are the default source: the operator sets them in the
// deployment, and code cannot change them behind the operator's back. This
// module imports nothing from Node, so it also runs where `process.env` is
// provided by the platform (edge runtimes) or passed in.

export const DEFAULT_ENV_PREFIX = 'KILL_SWITCH_';

export interface EnvironmentSourceOptions {
  /** The variables to read; `process.env` by default, read afresh on each refresh. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Variable name prefix, `KILL_SWITCH_` by default. */
  readonly prefix?: string;
}

const ENGAGED = new Set(['1', 'true', 'on']);
const RELEASED = new Set(['0', 'false', 'off']);

/** The variable that holds a switch: `payments-capture` → `KILL_SWITCH_PAYMENTS_CAPTURE`. */
export function killSwitchVariable(id: string, prefix: string = DEFAULT_ENV_PREFIX): string {
  return prefix + id.toUpperCase().replaceAll('-', '_');
}

/**
 * Reads kill switches from environment variables named `KILL_SWITCH_<ID>`
 * (upper case, hyphens as underscores). `1`, `true` and `on` engage a switch;
 * `0`, `false` and `off` release it (any case, surrounding spaces ignored);
 * an unset variable leaves it released. Any other value, the empty string
 * included, is malformed and the switch fails in its declared direction; so
 * does a variable spelled otherwise (`KILL_SWITCH_payments_capture`) or a
 * second variable for the same switch.
 */
export function environmentSource(options: EnvironmentSourceOptions = {}): KillSwitchSource {
  const prefix = options.prefix ?? DEFAULT_ENV_PREFIX;
  const name = 'environment';
  return {
    name,
    read(): SourceReading {
      const env = options.env ?? processEnv();
      if (env === undefined) {
        return failedReading({
          source: name,
          message: 'Unexpected runtime without `process.env`, expected environment variables; pass `env` or use another kill switch source',
        });
      }
      const entries = new Map<string, SourceEntry>();
      const variables = new Map<string, string[]>();
      for (const [variable, raw] of Object.entries(env)) {
        if (!variable.startsWith(prefix) || raw === undefined) continue;
        const id = variable.slice(prefix.length).toLowerCase().replaceAll('_', '-');
        const seen = variables.get(id) ?? [];
        seen.push(variable);
        variables.set(id, seen);
        const canonical = killSwitchVariable(id, prefix);
        const value = raw.trim().toLowerCase();
        let message: string | null = null;
        // Two spellings of one switch could disagree, and which one wins
        // would depend on the platform's variable order: neither is trusted.
        if (seen.length > 1) message = `Unexpected variables ${seen.map((other) => `\`${other}\``).join(' and ')} for one switch, expected only \`${canonical}\``;
        else if (variable !== canonical) message = `Unexpected variable name \`${variable}\`, expected \`${canonical}\` (upper case, hyphens as underscores)`;
        else if (!ENGAGED.has(value) && !RELEASED.has(value)) {
          message = `Unexpected value ${JSON.stringify(raw)} in \`${variable}\`, expected \`1\` to engage or \`0\` to release the switch`;
        }
        if (message === null) {
          entries.set(id, { engaged: ENGAGED.has(value), flip: null, origin: `environment variable \`${variable}\`` });
        } else {
          const problem: SourceProblem = { source: name, switchId: id, variable, message };
          entries.set(id, { problem });
        }
      }
      return { entries, failure: null, problems: [] };
    },
  };
}

function processEnv(): Readonly<Record<string, string | undefined>> | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
}
