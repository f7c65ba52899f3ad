import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { isMap, isSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { Schedule } from './index.js';
import { shellTargets } from './shell.js';
import type { ShellScope } from './shell.js';
import { get, parseYamlDocuments, scalar } from './yaml.js';

/** A YAML document that declares a CronJob: `kind: CronJob` on a line of its own. */
const cronJobKind = /^\s*kind:\s*["']?CronJob["']?\s*(?:#.*)?$/m;
/** YAML files that are never manifests, and are large. */
const notManifests = new Set(['pnpm-lock.yaml']);
const yamlFile = /\.ya?ml$/;
/** A shell that runs the script after its `-c`. */
const shells = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash|zsh)$/;

/** A word of a container's `command` or `args`, quoted for `commands`, which splits a script into words. */
function quoted(word: string): string {
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** A container's `command` and `args` as one piece of shell: `sh -c '<script>'` is the script, any other list its words. */
function containerScript(command: readonly string[], args: readonly string[]): string {
  const words = [...command, ...args];
  const flag = words.indexOf('-c');
  if (words[0] !== undefined && shells.test(words[0]) && flag > 0 && words[flag + 1] !== undefined) return words[flag + 1]!;
  return words.map(quoted).join(' ');
}

/** A list of strings in YAML (`["node", "x.js"]`), or a lone string as one word; null when absent. */
function words(node: YamlNode | null): string[] | null {
  if (node === null) return null;
  if (isSeq(node)) return node.items.map((item) => scalar(item as YamlNode) ?? '');
  const one = scalar(node);
  return one === null ? null : [one];
}

interface CronJob {
  readonly source: string;
  readonly line: number;
  readonly name: string;
  readonly when: string;
  /** The containers' commands, or null when the manifest names no container (a patch of an overlay). */
  readonly containers: readonly { readonly name: string; readonly image: string; readonly script: string | null; readonly workingDir: string | null }[] | null;
}

/** The CronJobs of one manifest file; throws when it does not parse. */
function cronJobsOf(file: string, text: string): CronJob[] {
  const jobs: CronJob[] = [];
  for (const { contents: manifest, line } of parseYamlDocuments(file, text)) {
    if (scalar(get(manifest, 'kind')) !== 'CronJob') continue;
    const spec = get(manifest, 'spec');
    const schedule = get(spec, 'schedule');
    const suspended = scalar(get(spec, 'suspend')) === 'true';
    const pod = get(get(get(get(spec, 'jobTemplate'), 'spec'), 'template'), 'spec');
    const listed = [get(pod, 'initContainers'), get(pod, 'containers')].filter((node) => isSeq(node));
    const containers = listed.flatMap((node) =>
      (isSeq(node) ? node.items : []).filter((item) => isMap(item)).map((item) => {
        const container = item as YamlNode;
        const command = words(get(container, 'command'));
        const args = words(get(container, 'args'));
        return {
          name: scalar(get(container, 'name')) ?? '(unnamed)',
          image: scalar(get(container, 'image')) ?? '(no image)',
          script: command === null && args === null ? null : containerScript(command ?? [], args ?? []),
          workingDir: scalar(get(container, 'workingDir')),
        };
      }),
    );
    const when = scalar(schedule) ?? '?';
    jobs.push({
      source: file,
      line: line(schedule ?? manifest),
      name: scalar(get(get(manifest, 'metadata'), 'name')) ?? '(unnamed)',
      when: suspended ? `${when} (suspend: true)` : when,
      containers: listed.length === 0 ? null : containers,
    });
  }
  return jobs;
}

/**
 * The Kubernetes CronJobs of the repository's manifests (any `.yaml` or
 * `.yml` file with `kind: CronJob`, several documents to a file), tied to
 * what each container's `command` and `args` run, read as a workflow step's
 * `run:` is (`sh -c '…'` as its script; a URL it requests is matched to a
 * route of the repository). The paths are the image's: one
 * outside the repository is looked for by its last folders, as the image
 * holds a copy of it. A manifest with no containers (an overlay's patch)
 * runs what the CronJob of the same name elsewhere runs. A container with no
 * `command` or `args` runs its image's own, which is not in the repository,
 * and a template (Helm's `{{ … }}`) says what it makes only once rendered:
 * both are listed as not read, never skipped in silence.
 */
export function kubernetesSchedules(root: string, files: readonly string[], scope: ShellScope, urlTargets: (urls: ReadonlySet<string>) => string[]): Schedule[] {
  const copied: ShellScope = { ...scope, copied: true };
  const jobs: CronJob[] = [];
  const schedules: Schedule[] = [];
  for (const file of files) {
    const name = posix.basename(file);
    if (!yamlFile.test(name) || notManifests.has(name) || file.startsWith('.github/workflows/')) continue;
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    if (!cronJobKind.test(text)) continue;
    const line = text.slice(0, text.search(cronJobKind)).split('\n').length;
    const unread = (reason: string): void => {
      schedules.push({ kind: 'kubernetes', source: file, line, when: '?', what: 'CronJob', runs: [], unresolved: reason });
    };
    // A template may parse as YAML, with its `{{ … }}` read as maps: what it says is only known once rendered.
    if (/\{\{/.test(text)) {
      unread(`\`${file}\` is a template (\`{{ … }}\`): the CronJob it makes is not read; check the manifests it renders to (\`helm template\`) instead`);
      continue;
    }
    try {
      jobs.push(...cronJobsOf(file, text));
    } catch (error) {
      unread(`\`${file}\` does not parse (${((error as Error).message.split('\n')[0] ?? '').trim()})`);
    }
  }
  const byName = new Map<string, CronJob>();
  for (const job of jobs) if (job.containers !== null && !byName.has(job.name)) byName.set(job.name, job);
  for (const job of jobs) {
    const containers = job.containers ?? byName.get(job.name)?.containers ?? null;
    const runs = new Set<string>();
    const own: string[] = [];
    for (const container of containers ?? []) {
      if (container.script === null) {
        own.push(`\`${container.name}\` (\`${container.image}\`)`);
        continue;
      }
      const targets = shellTargets(container.workingDir === null ? container.script : `cd ${quoted(container.workingDir)}\n${container.script}`, root, copied);
      for (const file of [...targets.files, ...urlTargets(targets.urls)]) runs.add(file);
    }
    schedules.push({
      kind: 'kubernetes',
      source: job.source,
      line: job.line,
      when: job.when,
      what: `CronJob ${job.name}`,
      runs: [...runs],
      unresolved:
        containers === null
          ? `the CronJob names no container, and no other manifest of the repository has a CronJob \`${job.name}\` that does`
          : runs.size === 0 && own.length > 0
            ? `the container${own.length === 1 ? '' : 's'} ${own.join(', ')} run${own.length === 1 ? 's' : ''} the image's own command, which is not in the manifest`
            : null,
    });
  }
  return schedules;
}
