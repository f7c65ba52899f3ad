import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Stats } from 'node:fs';
import { isIsoDateTime } from './domain-guards.js';
import type { JsonPosition } from './json.js';
import { parseJson } from './json.js';
import type { KillSwitchSource, SourceEntry, SourceProblem, SourceReading } from './kill-switch-source.js';
import { failedReading } from './kill-switch-source.js';

// A JSON file the operator edits by hand, where every flip records who made
// it, when and why:
//
//   {
//     "switches": {
//       "payments-capture": {
//         "engaged": true,
//         "who": "dana@bookiji.example",
//         "when": "2025-12-27T09:14:00Z",
//         "why": "Card processor double-charges, INC-2041"
//       }
//     }
//   }

export interface FileSourceOptions {
  /**
   * Re-read the file when it changes, so a flip takes effect without a
   * restart. On by default; the watcher polls the file's status and never
   * keeps the process alive.
   */
  readonly watch?: boolean;
  /** How often the watcher looks at the file, in milliseconds; 1000 by default. */
  readonly intervalMs?: number;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const ENTRY_KEYS = ['engaged', 'who', 'when', 'why'];

/** Reads kill switches from a JSON file (see the format above). */
export function fileSource(path: string, options: FileSourceOptions = {}): KillSwitchSource {
  const name = `file ${path}`;
  const source: KillSwitchSource = {
    name,
    read(): SourceReading {
      let text: string;
      try {
        text = strictUtf8.decode(readFileSync(path));
      } catch (error) {
        const code = (error as { code?: string }).code;
        const message =
          code === 'ENOENT'
            ? `Unexpected missing kill switch file \`${path}\`, expected a file; create it holding {"switches": {}}`
            : error instanceof TypeError
              ? `Unexpected bytes that are not UTF-8 in kill switch file \`${path}\`, expected UTF-8 JSON`
              : `Unexpected error reading kill switch file \`${path}\` (${code ?? (error as Error).message}), expected a readable file`;
        return failedReading({ source: name, file: path, message });
      }
      return parseSwitchFile(text, path);
    },
  };
  if (options.watch === false) return source;
  const interval = options.intervalMs ?? 1000;
  return {
    ...source,
    watch(onChange) {
      const listener = (current: Stats, previous: Stats) => {
        if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size || current.ino !== previous.ino) onChange();
      };
      watchFile(path, { interval, persistent: false }, listener);
      return () => unwatchFile(path, listener);
    },
  };
}

/** Parses the text of a kill switch file. Pure: every problem comes back with its line and column. */
export function parseSwitchFile(text: string, file: string): SourceReading {
  const name = `file ${file}`;
  // A byte order mark is not JSON, but editors write one and do not count it as a column.
  const parsed = parseJson(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const problem = (message: string, position: JsonPosition | undefined, switchId?: string): SourceProblem => ({
    source: name,
    file,
    line: position?.line ?? 1,
    column: position?.column ?? 1,
    message: `${message} (${file}:${position?.line ?? 1}:${position?.column ?? 1})`,
    ...(switchId === undefined ? {} : { switchId }),
  });
  if (!parsed.ok) return failedReading(problem(`${parsed.message} in kill switch file`, parsed.position));
  const { value, positions, duplicates } = parsed;
  const topDuplicate = duplicates.find((duplicate) => duplicate.pointer === '/switches');
  if (topDuplicate !== undefined) return failedReading(problem('Unexpected second `switches` in the kill switch file, expected one', topDuplicate.position));
  const root = positions.get('');
  if (!isObject(value)) return failedReading(problem(`Unexpected ${kind(value)} at the top of the kill switch file, expected an object with \`switches\``, root));
  if (!Object.hasOwn(value, 'switches')) {
    return failedReading(problem('Unexpected kill switch file without `switches`, expected {"switches": {...}}', root));
  }
  const switches = value['switches'];
  if (!isObject(switches)) {
    return failedReading(problem(`Unexpected ${kind(switches)} for \`switches\`, expected an object of switch ids`, positions.get('/switches')));
  }
  const problems: SourceProblem[] = [];
  for (const key of Object.keys(value)) {
    if (key !== 'switches') {
      problems.push(problem(`Unexpected key \`${key}\` in the kill switch file, expected only \`switches\``, positions.get(pointer(key))));
    }
  }
  const entries = new Map<string, SourceEntry>();
  for (const [id, entry] of Object.entries(switches)) {
    const at = pointer('switches', id);
    const entryPosition = positions.get(at);
    // Two entries for one switch, or two values for one field, could say
    // opposite things: the switch takes its fail direction.
    const twice = duplicates.find((duplicate) => duplicate.pointer === at || duplicate.pointer.startsWith(`${at}/`));
    if (twice !== undefined) {
      const field = twice.pointer === at ? null : twice.pointer.slice(at.length + 1).split('/')[0]!.replaceAll('~1', '/').replaceAll('~0', '~');
      const message =
        field === null
          ? `Unexpected second entry for switch \`${id}\`, expected one entry per switch`
          : `Unexpected second \`${field}\` in switch \`${id}\`, expected each field once`;
      entries.set(id, { problem: problem(message, twice.position, id) });
      continue;
    }
    if (!isObject(entry)) {
      entries.set(id, { problem: problem(`Unexpected ${kind(entry)} for switch \`${id}\`, expected {"engaged", "who", "when", "why"}`, entryPosition, id) });
      continue;
    }
    const fault: readonly [string, string] | null =
      typeof entry['engaged'] !== 'boolean'
        ? ['engaged', `Unexpected ${kind(entry['engaged'])} for \`engaged\` of switch \`${id}\`, expected \`true\` or \`false\``]
        : !nonBlank(entry['who'])
          ? ['who', `Unexpected ${kind(entry['who'])} for \`who\` of switch \`${id}\`, expected who flipped it`]
          : typeof entry['when'] !== 'string' || !isIsoDateTime(entry['when'])
            ? ['when', `Unexpected ${kind(entry['when'])} for \`when\` of switch \`${id}\`, expected an ISO 8601 date-time with an offset, such as \`2025-12-27T09:14:00Z\``]
            : !nonBlank(entry['why'])
              ? ['why', `Unexpected ${kind(entry['why'])} for \`why\` of switch \`${id}\`, expected why it was flipped`]
              : null;
    if (fault !== null) {
      const [field, message] = fault;
      entries.set(id, { problem: problem(message, positions.get(`${at}/${field}`) ?? entryPosition, id) });
      continue;
    }
    for (const key of Object.keys(entry)) {
      if (!ENTRY_KEYS.includes(key)) {
        problems.push(problem(`Unexpected key \`${key}\` in switch \`${id}\`, expected only \`engaged\`, \`who\`, \`when\` and \`why\``, positions.get(`${at}/${escape(key)}`), id));
      }
    }
    entries.set(id, {
      engaged: entry['engaged'] as boolean,
      flip: Object.freeze({ who: entry['who'] as string, when: entry['when'] as string, why: entry['why'] as string }),
      origin: `${file}:${entryPosition?.line ?? 1}:${entryPosition?.column ?? 1}`,
    });
  }
  return { entries, failure: null, problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function kind(value: unknown): string {
  if (value === undefined) return 'missing value';
  if (value === null) return '`null`';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'object';
  return `${typeof value} \`${String(value)}\``;
}

function escape(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function pointer(...keys: string[]): string {
  return keys.map((key) => `/${escape(key)}`).join('');
}
