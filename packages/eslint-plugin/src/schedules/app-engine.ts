import { isSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { Schedule } from './index.js';
import { get, parseYaml, scalar } from './yaml.js';

/** App Engine's cron jobs: `cron.yaml`, deployed beside the app. */
export const appEngineCron = /^cron\.ya?ml$/;

/**
 * The jobs of an App Engine `cron.yaml`: App Engine requests each job's `url`
 * of the app (of its `target` service) on its `schedule`. Each is tied to
 * the route file that serves the URL; a service that routes in code (an
 * Express app) has no such file, and its jobs are listed as not tied.
 */
export function appEngineSchedules(file: string, text: string, urlTargets: (urls: ReadonlySet<string>) => string[]): Schedule[] {
  // A `cron.yaml` of another tool (a Kubernetes manifest, several documents) is not App Engine's.
  if (!/^cron\s*:/m.test(text)) return [];
  const yaml = parseYaml(file, text);
  const jobs = get(yaml.contents, 'cron');
  if (!isSeq(jobs)) return [];
  return (jobs.items as YamlNode[]).map((job): Schedule => {
    const url = scalar(get(job, 'url'));
    const target = scalar(get(job, 'target'));
    const runs = url === null ? [] : [...new Set(urlTargets(new Set([url.split(/[?#]/)[0]!])))];
    return {
      kind: 'app-engine',
      source: file,
      line: yaml.line(job),
      when: scalar(get(job, 'schedule')) ?? '?',
      what: `cron url ${url ?? '(none)'}${target === null ? '' : ` of service ${target}`}`,
      runs,
      unresolved:
        runs.length > 0
          ? null
          : url === null
            ? 'the job names no `url`'
            : `no route file serves \`${url}\` (looked for app/**/route.ts, pages/api and api/); routes an app declares in code (Express and the like) are not read`,
    };
  });
}
