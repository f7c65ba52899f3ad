import { readFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { FsView } from '../fs-view.js';
import { resolveFile } from '../resolve.js';
import type { Schedule } from './index.js';
import { positionOf } from '../position.js';

/** A migration of a Supabase project: `supabase/migrations/<version>_<name>.sql`, in a folder of its own or at the root. */
const migrationFile = /^(?:(.+)\/)?supabase\/migrations\/[^/]+\.sql$/;
/** An Edge Function's URL, however its host is written (a literal, a vault secret, a setting): `…/functions/v1/<name>`. */
const functionUrl = /\/functions\/v1\/([A-Za-z0-9_-]+)/g;

/** The index just past a comment, quoted string, quoted identifier or dollar-quoted string that starts at `at`, or `at` when none does. */
function skipQuoted(sql: string, at: number): number {
  const char = sql[at];
  if (char === '-' && sql[at + 1] === '-') {
    const end = sql.indexOf('\n', at);
    return end === -1 ? sql.length : end + 1;
  }
  if (char === '/' && sql[at + 1] === '*') {
    const end = sql.indexOf('*/', at + 2);
    return end === -1 ? sql.length : end + 2;
  }
  if (char === "'" || char === '"') {
    let index = at + 1;
    for (;;) {
      const end = sql.indexOf(char, index);
      if (end === -1) return sql.length;
      // A doubled quote is the quote itself.
      if (sql[end + 1] !== char) return end + 1;
      index = end + 2;
    }
  }
  if (char === '$') {
    const tag = /^\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$/.exec(sql.slice(at, at + 64))?.[0];
    if (tag === undefined) return at;
    const end = sql.indexOf(tag, at + tag.length);
    return end === -1 ? sql.length : end + tag.length;
  }
  return at;
}

interface CronCall {
  readonly fn: 'schedule' | 'schedule_in_database' | 'unschedule';
  readonly args: readonly string[];
  readonly at: number;
}

/** Every `cron.schedule(…)`, `cron.schedule_in_database(…)` and `cron.unschedule(…)` outside comments and strings, with the text of each argument. */
function cronCalls(sql: string): CronCall[] {
  const calls: CronCall[] = [];
  const call = /^cron\s*\.\s*(schedule_in_database|schedule|unschedule)\s*\(/i;
  let index = 0;
  while (index < sql.length) {
    const skipped = skipQuoted(sql, index);
    if (skipped !== index) {
      index = skipped;
      continue;
    }
    const match = /[A-Za-z0-9_.]/.test(sql[index - 1] ?? '') ? null : call.exec(sql.slice(index, index + 40));
    if (match === null) {
      index += 1;
      continue;
    }
    const args: string[] = [];
    let start = index + match[0].length;
    let depth = 0;
    let at = start;
    while (at < sql.length) {
      const past = skipQuoted(sql, at);
      if (past !== at) {
        at = past;
        continue;
      }
      const char = sql[at];
      if (char === '(') depth += 1;
      else if (char === ')' && depth > 0) depth -= 1;
      else if ((char === ',' && depth === 0) || char === ')') {
        args.push(sql.slice(start, at).trim());
        start = at + 1;
        if (char === ')') break;
      }
      at += 1;
    }
    calls.push({ fn: (match[1]?.toLowerCase() ?? 'schedule') as CronCall['fn'], args, at: index });
    index = at + 1;
  }
  return calls;
}

/** The value of a string argument (`'x'`, `$$x$$`, `$tag$x$tag$`, also named: `job_name := 'x'`), or null. */
function stringValue(arg: string | undefined): string | null {
  const value = arg?.replace(/^[A-Za-z_][A-Za-z_0-9]*\s*(?::=|=>)\s*/, '') ?? '';
  if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) return value.slice(1, -1).replaceAll("''", "'");
  const tag = /^\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$/.exec(value)?.[0];
  if (tag !== undefined && value.endsWith(tag) && value.length >= tag.length * 2) return value.slice(tag.length, -tag.length);
  return null;
}

/**
 * The Edge Functions whose `supabase/config.toml` names an `entrypoint` other
 * than `functions/<name>/index.ts`, absolute; a config that cannot be read
 * names none, and the functions keep their default place.
 */
function functionEntrypoints(supabase: string): Map<string, string> {
  const entrypoints = new Map<string, string>();
  let config: { functions?: Record<string, { entrypoint?: unknown } | undefined> };
  try {
    config = parseToml(readFileSync(join(supabase, 'config.toml'), 'utf8')) as typeof config;
  } catch {
    return entrypoints;
  }
  for (const [name, settings] of Object.entries(config.functions ?? {})) {
    if (typeof settings?.entrypoint === 'string') entrypoints.set(name, resolve(supabase, settings.entrypoint));
  }
  return entrypoints;
}


/**
 * The pg_cron jobs a Supabase project's migrations leave scheduled, in the
 * order the migrations run (by file name): `cron.schedule` adds a job, or
 * replaces the job of the same name, and `cron.unschedule('name')` removes
 * it. A job that calls an Edge Function (`net.http_post` to
 * `…/functions/v1/<name>`) runs `supabase/functions/<name>/index.ts`, or
 * the `entrypoint` that `supabase/config.toml` gives the function; one that
 * runs SQL alone runs no file of the repository. `cron.schedule_in_database`
 * schedules as `cron.schedule` does, in another database.
 */
export function supabaseSchedules(root: string, files: readonly string[], view: FsView): Schedule[] {
  const projects = new Map<string, string[]>();
  for (const file of files) {
    const match = migrationFile.exec(file);
    if (match === null) continue;
    const project = match[1] ?? '';
    projects.set(project, [...(projects.get(project) ?? []), file]);
  }
  const schedules: Schedule[] = [];
  for (const [project, migrations] of projects) {
    const entrypoints = functionEntrypoints(join(root, project, 'supabase'));
    const jobs = new Map<string, Schedule>();
    let unnamed = 0;
    for (const file of [...migrations].sort()) {
      let text: string;
      try {
        text = readFileSync(join(root, file), 'utf8');
      } catch {
        continue;
      }
      for (const { fn, args, at } of cronCalls(text)) {
        if (fn === 'unschedule') {
          const name = stringValue(args[0]);
          if (name !== null) jobs.delete(`name\0${name}`);
          continue;
        }
        // `schedule_in_database` always takes the job's name first; `schedule` only when given three arguments.
        const named = fn === 'schedule_in_database' || args.length >= 3;
        const name = named ? stringValue(args[0]) : null;
        const when = stringValue(args[named ? 1 : 0]) ?? '?';
        const command = stringValue(args[named ? 2 : 1]) ?? args[named ? 2 : 1] ?? '';
        const functions = [...new Set([...command.matchAll(functionUrl)].map((match) => match[1] as string))];
        const runs: string[] = [];
        const missing: string[] = [];
        for (const fn of functions) {
          const entrypoint = entrypoints.get(fn);
          const folder = posix.join(project, 'supabase/functions', fn);
          const target = entrypoint === undefined ? resolveFile(join(root, folder, 'index'), view) : view.stat(entrypoint)?.isFile() ? entrypoint : null;
          if (target !== null) runs.push(target);
          else missing.push(entrypoint === undefined ? `no \`${folder}/index.ts\`` : `no \`${relative(root, entrypoint).split(sep).join('/')}\`, the \`entrypoint\` of \`${posix.join(project, 'supabase/config.toml')}\``);
        }
        const schedule: Schedule = {
          kind: 'supabase',
          source: file,
          line: positionOf(text, at).line,
          when,
          what: `cron job ${name === null ? '(unnamed)' : `'${name}'`}${functions.length === 0 ? ' (SQL only)' : ` calls function ${functions.join(', ')}`}`,
          runs,
          unresolved: missing.length === 0 ? null : `the Edge Function is not in the repository: ${missing.join(', ')}`,
        };
        jobs.set(name === null ? `unnamed\0${(unnamed += 1)}` : `name\0${name}`, schedule);
      }
    }
    schedules.push(...jobs.values());
  }
  return schedules;
}
