import type { JSONSchema } from '@typescript-eslint/utils';

/**
 * A call that schedules or consumes work, by its path from the module:
 * `schedule` (an export), `schedules.task` (a member of one),
 * `Inngest#createFunction` (a method of an instance made with `new`),
 * `default#work` (of an instance of the default export). With `withOption`,
 * only a call with an object argument that has that key counts:
 * `{ "path": "Queue#add", "withOption": "repeat" }`.
 */
export type ScheduleCall = string | { readonly path: string; readonly withOption?: string };

/**
 * A module whose use runs code by itself. A name alone: any use counts.
 * With `imports`: importing those exports counts (`default` for the default
 * export). With `calls`: calling those paths counts, wherever the value came
 * from (an import, a variable, an instance, another file of the project).
 */
export type SchedulerModule =
  | string
  | { readonly name: string; readonly imports?: readonly string[]; readonly calls?: readonly ScheduleCall[] };

export interface ModuleOptions {
  readonly modules?: readonly SchedulerModule[];
  readonly extraModules?: readonly SchedulerModule[];
}

const triggerTasks = ['task', 'schemaTask', 'schedules.task', 'schedules.create'];
/** The frameworks Upstash Workflow serves a workflow from, each its own entry point of `@upstash/workflow`. */
const upstashWorkflowEntries = ['nextjs', 'h3', 'svelte', 'solidjs', 'hono', 'cloudflare', 'astro', 'express', 'tanstack', 'react-router'];
/** Cloud Functions for Firebase, 1st gen: `functions.pubsub.schedule('every 5 minutes').onRun(handler)`, also after `region(…)`, `runWith(…)` or both, in either order. */
const firebaseChains = ['', 'region().', 'runWith().', 'region().runWith().', 'runWith().region().'].flatMap((prefix) => [`${prefix}pubsub.schedule().onRun`, `${prefix}pubsub.schedule().timeZone().onRun`, `${prefix}pubsub.topic().onPublish`, `${prefix}tasks.taskQueue().onDispatch`]);

/** Schedulers, queues, workers and job frameworks, and the calls that hand work to the background after a response. */
export const defaultSchedulerModules: readonly SchedulerModule[] = [
  'node-cron',
  'cron',
  'croner',
  'node-schedule',
  'agenda',
  '@hokify/agenda',
  'bree',
  'toad-scheduler',
  'bull',
  'bee-queue',
  { name: 'bullmq', imports: ['Worker', 'Queue', 'QueueScheduler'], calls: [{ path: 'Queue#add', withOption: 'repeat' }, 'Queue#upsertJobScheduler'] },
  { name: 'p-queue', imports: ['default'] },
  { name: 'worker_threads', imports: ['Worker'] },
  { name: 'next/server', calls: ['after', 'unstable_after'] },
  { name: '@vercel/functions', calls: ['waitUntil'] },
  { name: 'inngest', calls: ['Inngest#createFunction'] },
  { name: '@trigger.dev/sdk', calls: triggerTasks },
  { name: '@trigger.dev/sdk/v3', calls: triggerTasks },
  { name: '@upstash/qstash', calls: ['Client#schedules.create'] },
  { name: 'graphile-worker', calls: ['run', 'runOnce', 'makeWorkerUtils'] },
  { name: 'pg-boss', calls: ['default#schedule', 'default#work', 'PgBoss#schedule', 'PgBoss#work'] },
  { name: '@temporalio/worker', calls: ['Worker.create'] },
  { name: '@temporalio/client', calls: ['Client#schedule.create', 'ScheduleClient#create'] },
  // The Workflow DevKit: `start(workflow, args)` runs a `"use workflow"` function in the background.
  { name: 'workflow/api', calls: ['start'] },
  // NestJS's decorators: `@Cron('0 3 * * *')` and the like on a method, and queue and message consumers.
  { name: '@nestjs/schedule', calls: ['Cron', 'Interval', 'Timeout'] },
  { name: '@nestjs/bullmq', calls: ['Processor'] },
  { name: '@nestjs/bull', calls: ['Processor', 'Process'] },
  { name: '@nestjs/microservices', calls: ['EventPattern', 'MessagePattern'] },
  // Upstash Workflow: `serve(async (context) => …)` runs a durable workflow through QStash, step by step, retried, sleeping for days.
  ...upstashWorkflowEntries.map((entry) => ({ name: `@upstash/workflow/${entry}`, calls: ['serve', 'serveMany', 'servePagesRouter', 'createWorkflow'] })),
  // Netlify's scheduled functions of the first API: `export const handler = schedule('@daily', fn)`.
  { name: '@netlify/functions', calls: ['schedule'] },
  // Cloud Functions for Firebase: scheduled functions, task queue and Pub/Sub consumers, 2nd gen and 1st.
  { name: 'firebase-functions/scheduler', calls: ['onSchedule'] },
  { name: 'firebase-functions/v2/scheduler', calls: ['onSchedule'] },
  { name: 'firebase-functions/tasks', calls: ['onTaskDispatched'] },
  { name: 'firebase-functions/v2/tasks', calls: ['onTaskDispatched'] },
  { name: 'firebase-functions/pubsub', calls: ['onMessagePublished'] },
  { name: 'firebase-functions/v2/pubsub', calls: ['onMessagePublished'] },
  { name: 'firebase-functions/v2', calls: ['scheduler.onSchedule', 'tasks.onTaskDispatched', 'pubsub.onMessagePublished'] },
  { name: 'firebase-functions', calls: firebaseChains },
  { name: 'firebase-functions/v1', calls: firebaseChains },
  // Azure Functions (the Node.js v4 model): timer triggers, and consumers of queues, topics and event streams.
  { name: '@azure/functions', calls: ['app.timer', 'app.storageQueue', 'app.serviceBusQueue', 'app.serviceBusTopic', 'app.eventHub'] },
  // Message brokers' consumers: each message runs the handler, with no person to start it. Producing a message is not listed.
  { name: 'kafkajs', calls: ['Kafka#consumer().run'] },
  { name: 'amqplib', calls: ['connect().createChannel().consume', 'connect().createConfirmChannel().consume'] },
  { name: 'sqs-consumer', imports: ['Consumer'] },
  { name: '@google-cloud/pubsub', calls: ['PubSub#subscription().on', 'PubSub#topic().subscription().on'] },
  // RxJS's `interval(ms)` emits for ever, as `setInterval` runs; a one-shot `timer(ms)` is not listed.
  { name: 'rxjs', calls: ['interval'] },
];

const callSchema: JSONSchema.JSONSchema4 = {
  anyOf: [
    { type: 'string', minLength: 1, description: 'The path of the call from the module: `schedule`, `schedules.task`, `Inngest#createFunction` (`#` is an instance made with `new`).' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: {
        path: { type: 'string', minLength: 1, description: 'The path of the call from the module.' },
        withOption: { type: 'string', minLength: 1, description: 'Only a call with an object argument that has this key counts, such as `repeat`.' },
      },
    },
  ],
};

const moduleSchema: JSONSchema.JSONSchema4 = {
  anyOf: [
    { type: 'string', minLength: 1, description: 'A module name; any use of it counts.' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, description: 'The module name (a `node:` prefix is ignored).' },
        imports: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          uniqueItems: true,
          description: 'Importing these exports counts; `default` is the default export.',
        },
        calls: {
          type: 'array',
          items: callSchema,
          description: 'Calling these paths counts, wherever the value came from.',
        },
      },
    },
  ],
};

/** The `modules` and `extraModules` options both rules take. */
export const moduleOptionSchemas = {
  modules: {
    type: 'array',
    items: moduleSchema,
    description: 'The scheduler, queue, worker and job modules, replacing the default list.',
  },
  extraModules: {
    type: 'array',
    items: moduleSchema,
    description: 'More modules, on top of `modules` (or the default list).',
  },
} satisfies Record<string, JSONSchema.JSONSchema4>;

/** Deno's name for a package of the npm registry: `npm:name@version/subpath`. */
const npmSpecifier = /^npm:(@[^/@]+\/[^/@]+|[^/@]+)(?:@[^/]*)?(\/.*)?$/;
/** JSR's: `jsr:@scope/name@version/subpath`. */
const jsrSpecifier = /^jsr:(@[^/@]+\/[^/@]+)(?:@[^/]*)?(\/.*)?$/;
/**
 * The CDNs that serve npm packages as ES modules to URL imports, and the
 * package and subpath in their URLs: `https://esm.sh/bullmq@5?target=deno`,
 * `https://cdn.jsdelivr.net/npm/hono@4/+esm`, `https://ga.jspm.io/npm:bullmq@5/…`.
 */
const npmCdnUrl =
  /^https?:\/\/(?:esm\.sh\/(?:v\d+\/|stable\/)?\*?|cdn\.skypack\.dev\/|esm\.run\/|unpkg\.com\/|cdn\.jsdelivr\.net\/npm\/|ga\.jspm\.io\/npm:)(@[^/@?#]+\/[^/@?#]+|[^/@?#]+)(?:@[^/?#]*)?(\/[^?#]*)?/;
/** Deno's own registries, by URL: `https://deno.land/x/name@version/path`, `https://deno.land/std@version/path`. */
const denoLandUrl = /^https?:\/\/deno\.land\/(x\/[^/@?#]+|std)(?:@[^/?#]*)?(\/[^?#]*)?/;

/**
 * The module a specifier names, as the lists write it, without the version
 * that Deno's ways of naming a package carry:
 * - `node:fs` is `fs`;
 * - `npm:name@version/subpath`, and the same package from an npm CDN
 *   (`https://esm.sh/name@version/subpath`), are `name/subpath`;
 * - `jsr:@scope/name@version/subpath` is `jsr:@scope/name/subpath`;
 * - `https://deno.land/x/name@version/mod.ts` is `https://deno.land/x/name/mod.ts`.
 */
export function moduleKey(name: string): string {
  if (name.startsWith('node:')) return name.slice('node:'.length);
  const npm = npmSpecifier.exec(name) ?? npmCdnUrl.exec(name);
  if (npm !== null) return `${npm[1]}${subpath(npm[2])}`;
  const jsr = jsrSpecifier.exec(name);
  if (jsr !== null) return `jsr:${jsr[1]}${subpath(jsr[2])}`;
  const deno = denoLandUrl.exec(name);
  if (deno !== null) return `https://deno.land/${deno[1]}${subpath(deno[2])}`;
  return name;
}

/** A subpath as the key keeps it: none for the package itself, and none for a CDN's `/+esm`. */
function subpath(path: string | undefined): string {
  return path === undefined || path === '/' || path === '/+esm' ? '' : path;
}

/**
 * What a file that imports the module `key` names in its text, for a quick
 * look before the file is parsed: the package (`bullmq`, `@hono/hono`,
 * `deno.land/x/hono`), which every way of writing its specifier holds.
 */
export function mentionOf(key: string): string {
  if (key.startsWith('jsr:')) return key.slice('jsr:'.length);
  const deno = /^https:\/\/(deno\.land\/(?:x\/[^/]+|std))/.exec(key);
  return deno === null ? key : (deno[1] ?? key);
}

/**
 * A path as the module's users reach it: a default import of a CommonJS
 * module is the module object (`import cron from 'node-cron'; cron.schedule`
 * and `require('node-cron').schedule` are both `schedule`), and an instance
 * of a default export is `#work` however the class was imported.
 */
export function normalizePath(path: string): string {
  const rest = /^default(?=$|[.#(])/.test(path) ? path.slice('default'.length) : path;
  return rest.startsWith('.') ? rest.slice(1) : rest;
}

/** The export a path starts from: `Queue` for `Queue#add`. */
export function firstSegment(path: string): string {
  return /^[^.#(]*/.exec(path)?.[0] ?? '';
}

export interface CompiledCall {
  /** The path as matched (see `normalizePath`). */
  readonly path: string;
  /** The path as the options write it, for messages. */
  readonly display: string;
  readonly withOption: string | null;
}

export interface CompiledModule {
  readonly name: string;
  /** Any use of the module counts. */
  readonly whole: boolean;
  readonly imports: ReadonlySet<string>;
  readonly calls: readonly CompiledCall[];
}

/** The modules of the options, by name. */
export function compileModules(options: ModuleOptions): ReadonlyMap<string, CompiledModule> {
  const modules = new Map<string, CompiledModule>();
  for (const entry of [...(options.modules ?? defaultSchedulerModules), ...(options.extraModules ?? [])]) {
    if (typeof entry === 'string') {
      modules.set(moduleKey(entry), { name: moduleKey(entry), whole: true, imports: new Set(), calls: [] });
      continue;
    }
    const calls = (entry.calls ?? []).map((call) =>
      typeof call === 'string' ? { path: normalizePath(call), display: call, withOption: null } : { path: normalizePath(call.path), display: call.path, withOption: call.withOption ?? null },
    );
    modules.set(moduleKey(entry.name), {
      name: moduleKey(entry.name),
      whole: entry.imports === undefined && entry.calls === undefined,
      imports: new Set(entry.imports ?? []),
      calls,
    });
  }
  return modules;
}

/** HTTP frameworks whose route and middleware callbacks run on a request. */
export const defaultRequestModules: readonly string[] = [
  'express',
  'fastify',
  'hono',
  'koa',
  '@koa/router',
  'koa-router',
  'h3',
  'elysia',
  'itty-router',
  'next-connect',
  '@hapi/hapi',
  'restify',
  'polka',
  '@trpc/server',
  // Serverless HTTP functions: Azure Functions' `app.http` and `app.get` and the like, Firebase's `onRequest` and `onCall`.
  '@azure/functions',
  'firebase-functions/https',
  'firebase-functions/v2/https',
  // Deno's: Hono and Oak from JSR and deno.land/x, and the standard library's `serve` before `Deno.serve` replaced it.
  'jsr:@hono/hono',
  'https://deno.land/x/hono/mod.ts',
  'jsr:@oak/oak',
  'https://deno.land/x/oak/mod.ts',
  'https://deno.land/std/http/server.ts',
];

/** Model SDKs whose answers are a tool's verdict. */
export const defaultModelModules: readonly string[] = [
  'openai',
  '@anthropic-ai/sdk',
  'ai',
  '@google/generative-ai',
  '@google/genai',
  '@mistralai/mistralai',
  'cohere-ai',
  '@huggingface/inference',
  'replicate',
  'groq-sdk',
  'ollama',
  '@aws-sdk/client-bedrock-runtime',
  'langchain',
  '@langchain/core',
  '@langchain/openai',
  '@langchain/anthropic',
];
