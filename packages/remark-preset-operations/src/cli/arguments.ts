import { parseArgs } from 'node:util';

/**
 * The flags unified-args reads (its documented CLI, the same as remark-cli's),
 * so that docs-lint can tell paths from flag values and refuse a mistake in one
 * line before unified-args runs. `--output` is left out: docs-lint reports on
 * documents and never rewrites them.
 */
const FLAGS = {
  color: { type: 'boolean' },
  config: { type: 'boolean' },
  ext: { type: 'string', short: 'e' },
  'file-path': { type: 'string' },
  frail: { type: 'boolean', short: 'f' },
  help: { type: 'boolean', short: 'h' },
  ignore: { type: 'boolean' },
  'ignore-path': { type: 'string', short: 'i' },
  'ignore-path-resolve-from': { type: 'string' },
  'ignore-pattern': { type: 'string' },
  inspect: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'rc-path': { type: 'string', short: 'r' },
  report: { type: 'string' },
  setting: { type: 'string', short: 's' },
  silent: { type: 'boolean', short: 'S' },
  'silently-ignore': { type: 'boolean' },
  stdout: { type: 'boolean' },
  tree: { type: 'boolean', short: 't' },
  'tree-in': { type: 'boolean' },
  'tree-out': { type: 'boolean' },
  use: { type: 'string', short: 'u' },
  verbose: { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  watch: { type: 'boolean', short: 'w' },
} as const;

type Flag = keyof typeof FLAGS;

export const REPORTS = ['json', 'sarif'] as const;
export type Report = 'default' | (typeof REPORTS)[number];

export class UsageError extends Error {}

/** What docs-lint needs to know of its arguments; unified-args reads them for everything else. */
export interface Arguments {
  /** Paths and globs given. */
  readonly paths: readonly string[];
  readonly report: Report;
  /** Options given with the report (`--report json=pretty:2`), for the reporter. */
  readonly reportOptions: string | undefined;
  /** Whether `--help` or `--version` asks for no run at all. */
  readonly informational: boolean;
  /** `--stdout` or `--no-stdout`, when given. */
  readonly stdout: boolean | undefined;
  /** Whether the run prints syntax trees (`--inspect`, `--tree`, `--tree-out`), which need no compiler. */
  readonly printsTrees: boolean;
  /** Whether a path to read standard input as is given. */
  readonly filePath: boolean;
  /** Where `--` ends the flags, if it does: what follows it is paths. */
  readonly endOfFlags: number | undefined;
  /** Extensions given with `--ext` (comma-separated, as unified-args reads them). */
  readonly extensions: readonly string[];
}

const isFlag = (name: string): name is Flag => Object.hasOwn(FLAGS, name);

/** Reads the arguments once; a mistake is a UsageError with a one-line message. */
export function readArguments(argv: readonly string[]): Arguments {
  const { tokens } = parseArgs({ args: [...argv], options: FLAGS, strict: false, allowPositionals: true, tokens: true });
  const paths: string[] = [];
  const given = new Map<Flag, string | boolean>();
  const extensions: string[] = [];
  let endOfFlags: number | undefined;
  for (const token of tokens) {
    if (token.kind === 'positional') paths.push(token.value);
    if (token.kind === 'option-terminator') endOfFlags = token.index;
    if (token.kind !== 'option') continue;
    const negated = token.name.startsWith('no-') && isFlag(token.name.slice(3)) ? (token.name.slice(3) as Flag) : undefined;
    if (token.name === 'output' || token.name === 'o') throw new UsageError('Unexpected `--output`: docs-lint reports on documents and never rewrites them');
    const name = negated ?? token.name;
    if (!isFlag(name)) throw new UsageError(`Unknown option \`${token.rawName}\` (see \`docs-lint --help\`)`);
    if (FLAGS[name].type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`Unexpected value for \`${token.rawName}\`, which takes none (see \`docs-lint --help\`)`);
      given.set(name, negated === undefined);
    } else {
      if (negated !== undefined || token.value === undefined || token.value === '' || (!token.inlineValue && token.value.startsWith('-'))) {
        throw new UsageError(`Missing value for \`${token.rawName}\` (see \`docs-lint --help\`)`);
      }
      given.set(name, token.value);
      if (name === 'ext') extensions.push(...token.value.split(',').filter(Boolean));
    }
  }
  const report = given.get('report') as string | undefined;
  const [reportName = 'default', reportOptions] = report === undefined ? [] : splitOnce(report);
  if (reportName !== 'default' && !(REPORTS as readonly string[]).includes(reportName)) {
    throw new UsageError(`Unexpected report \`${reportName}\`, expected ${REPORTS.map((name) => `\`${name}\``).join(' or ')}`);
  }
  if (given.has('file-path') && paths.length > 0) throw new UsageError('Unexpected paths with `--file-path`, which names the document read from standard input');
  return {
    paths,
    report: reportName as Report,
    reportOptions,
    informational: given.get('help') === true || given.get('version') === true,
    stdout: given.get('stdout') as boolean | undefined,
    printsTrees: given.get('inspect') === true || given.get('tree') === true || given.get('tree-out') === true,
    filePath: given.has('file-path'),
    endOfFlags,
    extensions,
  };
}

function splitOnce(value: string): [string, string | undefined] {
  const index = value.indexOf('=');
  return index === -1 ? [value, undefined] : [value.slice(0, index), value.slice(index + 1)];
}
