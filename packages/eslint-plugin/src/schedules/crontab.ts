import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Schedule } from './index.js';
import { shellTargets } from './shell.js';
import type { ShellScope } from './shell.js';

/**
 * A crontab kept in the repository: `crontab`, `*.crontab`, `*.cron`, or a
 * file of a `cron.d` folder (which names a user before the command) whose
 * name cron reads there: letters, digits, `_` and `-`, so a `README.md`
 * beside them is none, as cron skips it.
 */
export const crontabFile = /(?:^|\/)(?:crontab|[^/]+\.(?:crontab|cron)|cron\.d\/[A-Za-z0-9_-]+)$/;

/** `@daily` and the other nicknames cron takes for a schedule; `@reboot` runs at start, unattended as surely. */
const nickname = /^@(?:reboot|yearly|annually|monthly|weekly|daily|midnight|hourly|every\s+\S+)$/;
/** One time field: digits, names of months and days, and `* , - / ?` (and Quartz's `L W #`, which supercronic takes). */
const timeField = /^(?:[\d*?,\-/LW#]+|[A-Za-z]{3}(?:[-,][A-Za-z]{3})*(?:\/\d+)?)$/;
/** A field that can only be time, not a command: no letters but `L` and `W`. */
const numericField = /^[\d*?,\-/LW#]+$/;
/** `NAME=value`: a variable for the entries below, not an entry. */
const assignment = /^[A-Za-z_][A-Za-z0-9_]*\s*=/;

interface Entry {
  readonly line: number;
  readonly when: string;
  readonly command: string;
}

/** What a crontab holds: its entries, and the lines that are neither an entry, a variable, a comment nor blank, which cron would refuse. */
interface Crontab {
  readonly entries: readonly Entry[];
  readonly unread: readonly number[];
}

/** The text of a command before its first unescaped `%`: cron gives the rest to the command as its input. */
function commandOf(text: string): string {
  const at = text.search(/(?<!\\)%/);
  return (at === -1 ? text : text.slice(0, at)).replace(/\\%/g, '%').trim();
}

/**
 * The entries of a crontab: five time fields (six or seven where the first
 * or last fields are seconds or years, as supercronic reads them), or a
 * nickname (`@daily`), then, in a system crontab (`cron.d`, `/etc/crontab`),
 * a user, then the command. Comments, blank lines and variables are not
 * entries.
 */
export function readCrontab(text: string, withUser: boolean): Crontab {
  const entries: Entry[] = [];
  const unread: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const row = raw.trim();
    if (row === '' || row.startsWith('#') || assignment.test(row)) return;
    const fields = row.split(/\s+/);
    let time: string[];
    const first = fields[0] ?? '';
    if (first.startsWith('@')) time = fields.slice(0, first === '@every' ? 2 : 1);
    else {
      time = fields.slice(0, 5);
      // Seconds or years: more fields that cannot be a command's first word.
      while (time.length >= 5 && time.length < 7 && numericField.test(fields[time.length] ?? '')) time.push(fields[time.length]!);
    }
    const timed = first.startsWith('@') ? nickname.test(time.join(' ')) : time.length >= 5 && time.every((field) => timeField.test(field));
    const command = commandOf(fields.slice(time.length + (withUser ? 1 : 0)).join(' '));
    if (!timed || command === '') unread.push(index + 1);
    else entries.push({ line: index + 1, when: time.join(' '), command });
  });
  return { entries, unread };
}

/**
 * The entries of the crontabs kept in the repository (`crontab`,
 * `*.crontab`, `*.cron`, `cron.d/*`), as a container's cron (supercronic,
 * a Dockerfile's `crontab` line) or a server's runs them, tied to what each
 * command runs, read as a workflow step's `run:` is. The paths are the
 * machine's: one outside the repository is looked for by its last folders,
 * as the machine holds a copy of it. A URL a command requests is matched to
 * a route of the repository.
 */
export function crontabSchedules(root: string, files: readonly string[], scope: ShellScope, urlTargets: (urls: ReadonlySet<string>) => string[]): Schedule[] {
  const copied: ShellScope = { ...scope, copied: true };
  const schedules: Schedule[] = [];
  for (const file of files) {
    if (!crontabFile.test(file)) continue;
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    const folder = posix.basename(posix.dirname(file));
    const { entries, unread } = readCrontab(text, folder === 'cron.d' || (folder === 'etc' && posix.basename(file) === 'crontab'));
    for (const line of unread) {
      schedules.push({ kind: 'crontab', source: file, line, when: '?', what: `line ${line}`, runs: [], unresolved: `line ${line} of \`${file}\` is not a crontab entry (five time fields or \`@daily\` and the like, then the command), nor a variable or a comment: cron would refuse the file` });
    }
    for (const entry of entries) {
      const targets = shellTargets(entry.command, root, copied);
      schedules.push({
        kind: 'crontab',
        source: file,
        line: entry.line,
        when: entry.when,
        what: `entry \`${entry.command}\``,
        runs: [...new Set([...targets.files, ...urlTargets(targets.urls)])],
        unresolved: null,
      });
    }
  }
  return schedules;
}
