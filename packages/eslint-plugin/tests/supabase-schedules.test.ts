import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewFor } from '../src/fs-view.js';
import { supabaseSchedules } from '../src/schedules/supabase.js';
import { tempTree } from './helpers.js';

describe('supabaseSchedules', () => {
  it('reads the pg_cron jobs the migrations of each Supabase project leave, in the order the migrations run', () => {
    const files = {
      // A project in a folder of its own; its migrations are read by name, so the later one replaces the job.
      'apps/api/supabase/migrations/20240102_later.sql': "select cron.schedule(job_name := 'remind', schedule := '0 9 * * *', command := $$ select net.http_post(url := 'https://x.supabase.co/functions/v1/remind-v2') $$);\n",
      'apps/api/supabase/migrations/20240101_first.sql': "SELECT Cron.Schedule('remind', '0 8 * * *', 'select net.http_post(url := ''https://x.supabase.co/functions/v1/remind'')');\n-- unnamed, with the job id only\nselect cron.schedule('*/5 * * * *', $$ vacuum $$);\nselect cron.unschedule(42);\n",
      'apps/api/supabase/functions/remind-v2/index.ts': "Deno.serve(() => new Response('ok'));\n",
      // Not a migration of a Supabase project.
      'db/migrations/001.sql': "select cron.schedule('elsewhere', '* * * * *', $$ select 1 $$);\n",
    };
    const root = tempTree(files);
    const schedules = supabaseSchedules(root, Object.keys(files), viewFor(null));
    expect(schedules).toEqual([
      {
        kind: 'supabase',
        source: 'apps/api/supabase/migrations/20240102_later.sql',
        line: 1,
        when: '0 9 * * *',
        what: "cron job 'remind' calls function remind-v2",
        runs: [join(root, 'apps/api/supabase/functions/remind-v2/index.ts')],
        unresolved: null,
      },
      { kind: 'supabase', source: 'apps/api/supabase/migrations/20240101_first.sql', line: 3, when: '*/5 * * * *', what: 'cron job (unnamed) (SQL only)', runs: [], unresolved: null },
    ]);
  });

  it('says when the Edge Function a job calls is not in the repository', () => {
    const files = { 'supabase/migrations/1_jobs.sql': "select cron.schedule('sweep', '@hourly', $$ select net.http_post(url := project_url() || '/functions/v1/sweep') $$);\n" };
    const [schedule] = supabaseSchedules(tempTree(files), Object.keys(files), viewFor(null));
    expect(schedule).toMatchObject({ what: "cron job 'sweep' calls function sweep", runs: [], unresolved: 'the Edge Function is not in the repository: no `supabase/functions/sweep/index.ts`' });
  });

  it("takes a function's entrypoint from supabase/config.toml, and reads cron.schedule_in_database as a job", () => {
    const files = {
      'supabase/config.toml': '[functions.legacy]\nentrypoint = "./functions/legacy/main.js"\nverify_jwt = false\n\n[functions.moved]\nentrypoint = "./functions/moved/gone.ts"\n',
      'supabase/functions/legacy/main.js': "Deno.serve(() => new Response('ok'));\n",
      'supabase/migrations/1_jobs.sql': [
        "select cron.schedule('legacy', '0 * * * *', $$ select net.http_post(url := 'https://x.supabase.co/functions/v1/legacy') $$);",
        "select cron.schedule_in_database('moved', '*/5 * * * *', $$ select net.http_post(url := 'https://x.supabase.co/functions/v1/moved') $$, 'analytics');",
        '',
      ].join('\n'),
    };
    const root = tempTree(files);
    expect(supabaseSchedules(root, Object.keys(files), viewFor(null))).toEqual([
      { kind: 'supabase', source: 'supabase/migrations/1_jobs.sql', line: 1, when: '0 * * * *', what: "cron job 'legacy' calls function legacy", runs: [join(root, 'supabase/functions/legacy/main.js')], unresolved: null },
      {
        kind: 'supabase',
        source: 'supabase/migrations/1_jobs.sql',
        line: 2,
        when: '*/5 * * * *',
        what: "cron job 'moved' calls function moved",
        runs: [],
        unresolved: 'the Edge Function is not in the repository: no `supabase/functions/moved/gone.ts`, the `entrypoint` of `supabase/config.toml`',
      },
    ]);
  });
});
