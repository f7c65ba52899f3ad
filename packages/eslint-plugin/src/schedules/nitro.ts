import { join, posix } from 'node:path';
import { closingBracket, onlySeparators } from './brackets.js';
import type { Schedule } from './index.js';
import { positionOf } from '../position.js';

/** A Nitro or Nuxt config, whose `scheduledTasks` run the app's tasks on a cron: `nitro.config.ts`, `nuxt.config.ts` (`.js`, `.mjs`, …). */
export const nitroConfig = /^(?:nitro|nuxt)\.config\.[cm]?[jt]s$/;

const taskSource = /\.(?:[cm]?[jt]s)$/;

interface ScheduledTask {
  readonly cron: string;
  readonly task: string;
  readonly line: number;
}

/**
 * The `scheduledTasks` of a Nitro or Nuxt config (at the top level, or under
 * Nuxt's `nitro`), each task tied to its file: `cms:update` is
 * `server/tasks/cms/update.ts` (Nuxt, and Nitro with `srcDir: 'server'`) or
 * `tasks/cms/update.ts` (Nitro) in the config's folder. Read as written:
 * tasks that are computed or spread in are listed as not read.
 */
export function nitroSchedules(file: string, text: string, root: string, files: readonly string[]): Schedule[] {
  const key = /\bscheduledTasks\s*:\s*\{/.exec(text);
  if (key === null) return [];
  const start = key.index + key[0].length;
  const end = closingBracket(text, start, '{', '}');
  const line = positionOf(text, key.index).line;
  const tasks = end === null ? null : readTasks(text, start, end);
  if (tasks === null) {
    return [{ kind: 'nitro', source: file, line, when: '?', what: 'scheduledTasks', runs: [], unresolved: `the \`scheduledTasks\` of \`${file}\` are not written out as \`'cron': ['task', …]\`: they are not read` }];
  }
  const project = posix.dirname(file);
  const prefix = project === '.' ? '' : `${project}/`;
  return tasks.map(({ cron, task, line: at }): Schedule => {
    const path = task.split(':').join('/');
    const candidates = [`${prefix}server/tasks/${path}`, `${prefix}tasks/${path}`];
    const found = files.find((candidate) => taskSource.test(candidate) && !candidate.endsWith('.d.ts') && candidates.includes(candidate.replace(taskSource, '')));
    return {
      kind: 'nitro',
      source: file,
      line: at,
      when: cron,
      what: `scheduledTasks task ${task}`,
      runs: found === undefined ? [] : [join(root, found)],
      unresolved: found === undefined ? `${project === '.' ? 'no file' : `no file of \`${project}\``} defines the task \`${task}\` (looked for server/tasks/${path}.ts and tasks/${path}.ts)` : null,
    };
  });
}

/** The entries between `start` and `end`: `'cron': 'task'` or `'cron': ['task', …]`; null when anything else is there. */
function readTasks(text: string, start: number, end: number): ScheduledTask[] | null {
  const body = text.slice(start, end);
  const tasks: ScheduledTask[] = [];
  const entry = /(['"`])([^'"`\n]+)\1\s*:\s*(?:\[([^\]]*)\]|(['"`])([^'"`\n]+)\4)/g;
  let rest = body;
  for (const match of body.matchAll(entry)) {
    const names = match[3] === undefined ? [match[5]!] : [...match[3].matchAll(/(['"`])([^'"`\n]+)\1/g)].map((name) => name[2]!);
    if (match[3] !== undefined && !onlySeparators(match[3].replace(/(['"`])[^'"`\n]+\1/g, ''))) return null;
    for (const task of names) tasks.push({ cron: match[2]!, task, line: positionOf(text, start + match.index).line });
    rest = rest.replace(match[0], '');
  }
  return onlySeparators(rest) ? tasks : null;
}

