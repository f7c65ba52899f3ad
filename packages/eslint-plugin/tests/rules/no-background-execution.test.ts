import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule, { defaultSchedulerModules } from '../../src/rules/no-background-execution.js';
import { at, contractText, jsRuleTester, packageRoot, ruleTester, settings, eslintRule, setStatus, tempDir } from '../helpers.js';
import { project } from './support.js';

const layer1 = at('src/incident-response/new.ts');
const background = { messageId: 'backgroundExecution' } as const;

/** A repository whose contract marks Layer 4 Active while its section still lists `❌ NO automation` (and, with `stillSaysNotImplemented`, `NOT IMPLEMENTED`). */
function activeLayer4(stillSaysNotImplemented: boolean): string {
  const dir = tempDir();
  const contract = join(dir, 'docs/operations/OPERATIONAL_LAYERS.md');
  mkdirSync(join(dir, 'docs/operations'), { recursive: true });
  writeFileSync(contract, contractText);
  setStatus(contract, 4, 'Active');
  if (stillSaysNotImplemented) writeFileSync(contract, contractText.replace('| Layer 4 | Defined (Dormant) |', '| Layer 4 | Active |').replace('**Status**: **Defined but Dormant**', '**Status**: Active'));
  return dir;
}
const active = activeLayer4(false);
const activeButNotImplemented = activeLayer4(true);

/** An application whose clients are made in `lib/` (no layer) and used in `rollbacks/` (Layer 2, human-only). */
const app = project({
  'lib/queue.ts': "import { Queue } from 'bullmq';\nexport const emailQueue = new Queue('email', { connection });\n",
  'lib/inngest.ts': "import { Inngest } from 'inngest';\nexport const inngest = new Inngest({ id: 'booking' });\nexport default inngest;\n",
  'lib/clients.ts': "export * from './queue';\nexport { inngest as jobs } from './inngest';\n",
  'lib/format.ts': 'export const format = (n: number) => String(n);\n',
  'lib/jobs.js': "import { Queue } from 'bullmq';\nexport const sweeps = new Queue('sweeps');\n",
  // Deno's: the same queue imported by its npm: specifier, from an npm CDN, and through the import map.
  'lib/deno-queue.ts': "import { Queue } from 'npm:bullmq@5.1';\nexport const denoQueue = new Queue('email');\n",
  'lib/esm-queue.ts': "import { Queue } from \"https://esm.sh/bullmq@5?target=deno\";\nexport const esmQueue = new Queue('email');\n",
  'edge/deno.json': JSON.stringify({ imports: { scheduler: 'npm:node-cron@3', queues: 'npm:bullmq@5' } }),
  'edge/shared.ts': "import { Queue } from 'queues';\nexport const mappedQueue = new Queue('email');\n",
  'edge/rollbacks/new.ts': 'export {};\n',
  // An import map's scopes: the scheduler a folder's files, or one file, get before the map's own imports.
  'scoped/deno.json': JSON.stringify({ imports: { scheduler: './local-scheduler.ts' }, scopes: { './rollbacks/': { scheduler: 'npm:node-cron@3' }, './shared.ts': { queues: 'npm:bullmq@5' } } }),
  'scoped/local-scheduler.ts': 'export default { schedule: (spec: string, run: () => void) => [spec, run] };\n',
  'scoped/shared.ts': "import { Queue } from 'queues';\nexport const scopedQueue = new Queue('email');\n",
  'scoped/rollbacks/new.ts': 'export {};\n',
  'scoped/changes/rollbacks/new.ts': 'export {};\n',
  'rollbacks/new.ts': 'export {};\n',
});
const inApp = app('rollbacks/new.ts');

ruleTester.run('no-background-execution', eslintRule(rule), {
  valid: [
    // A `config` export without a schedule, or a schedule that is not exported, is no scheduled function.
    { code: "export const config = { runtime: 'edge', regions: ['iad1'] };\nconst local = { schedule: '@daily' };\nexport default local;", filename: layer1 },
    // NestJS: a controller's and a service's decorators schedule nothing; a local `Cron` is not the framework's.
    { code: "import { Controller, Get, Injectable } from '@nestjs/common';\n@Controller('status')\nexport class Status {\n  @Get()\n  read() {}\n}\nconst Cron = (spec: string) => (target: object, key: string) => undefined;\n@Injectable()\nexport class Local {\n  @Cron('* * * * *')\n  run() {}\n}", filename: layer1 },
    // Outside the import map's scope that maps it to node-cron, `scheduler` is the project's own file.
    { code: "import cron from 'scheduler';\ncron.schedule('* * * * *', () => undefined);", filename: app('scoped/changes/rollbacks/new.ts') },
    // Layer 0 is neither dormant nor human-only.
    { code: 'setInterval(() => {}, 1000);', filename: at('src/core/new.ts'), settings: settings() },
    { code: "import cron from 'node-cron';", filename: at('src/core/new.ts'), settings: settings() },
    // Files in no layer.
    { code: 'setInterval(() => {}, 1000);', filename: at('src/orphan/new.ts') },
    // One-shot timers that do not schedule themselves again.
    { code: 'setTimeout(() => console.log("done"), 10);', filename: layer1 },
    { code: 'function tick() {}\nsetTimeout(tick, 10);', filename: layer1 },
    { code: 'function tick() { setTimeout(other, 10); }\nfunction other() {}', filename: layer1 },
    { code: 'const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));', filename: layer1 },
    { code: 'clearInterval(handle);', filename: layer1 },
    // Shutdown and diagnostics handlers start no work.
    { code: "process.on('SIGTERM', () => process.exit(0));\nprocess.once('exit', () => {});\nprocess.on('unhandledRejection', console.error);", filename: layer1 },
    { code: "for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));", filename: layer1 },
    { code: 'const codes = { SIGINT: 2, SIGTERM: 15 } as const;\nfor (const signal of Object.keys(codes) as (keyof typeof codes)[]) process.on(signal, () => process.exit(128 + codes[signal]));', filename: layer1 },
    // Only the listed exports of a module count; type-only imports run nothing.
    { code: "import { Job } from 'bullmq';\nimport type { Worker } from 'bullmq';\nimport { type Queue } from 'bullmq';", filename: layer1 },
    { code: "import { isMainThread, parentPort } from 'node:worker_threads';", filename: layer1 },
    { code: "import * as threads from 'node:worker_threads';\nconsole.log(threads.isMainThread);", filename: layer1 },
    { code: "const { isMainThread } = require('worker_threads');", filename: layer1 },
    // Re-exports of names that run nothing, or of types only.
    { code: "export { isMainThread, parentPort } from 'node:worker_threads';", filename: layer1 },
    // Directives of other frameworks, a directive's words anywhere but a function's prologue, and `workflow`'s other exports run nothing by themselves.
    { code: "export async function approve(id: string) {\n  'use server';\n  await save(id);\n}\nfunction later() {\n  run();\n  'use workflow';\n}\n// 'use step' in a comment\nconst words = 'use workflow';\nimport { getRun } from 'workflow/api';\nawait getRun(id);", filename: layer1 },
    // A module of the CDNs or of JSR that merely shares a scheduler's name in its path is not it.
    { code: "import { Job } from 'https://esm.sh/bullmq@5';\nimport { format } from 'https://esm.sh/cron-parser-lite@1';\nimport { schedule } from 'jsr:@std/cron@1';", filename: layer1 },
    { code: "export type { Worker } from 'bullmq';\nexport { type Queue } from 'bullmq';", filename: layer1 },
    { code: "export type * from 'node-cron';", filename: layer1 },
    { code: 'emitter.on("message", () => {});', filename: layer1 },
    // Deno's and Bun's HTTP servers run on requests, not in the background; a local `Deno` is not the runtime's.
    { code: "Deno.serve((request) => new Response('ok'));\nBun.serve({ fetch: () => new Response('ok') });", filename: layer1 },
    { code: "const Deno = { cron: (...args: unknown[]) => args };\nDeno.cron('sweep', '0 * * * *', () => sweep());", filename: layer1 },
    // An active layer whose section demands nothing of a person: Layer 0.
    { code: 'setInterval(() => {}, 1000);', filename: join(active, 'src/layer-0/new.ts') },
    // A replaced list no longer holds the defaults.
    { code: "import cron from 'node-cron';", filename: layer1, options: [{ modules: ['toad-scheduler'] }] },
    // Names are not globals: a React state setter, a parameter, a local `process` or `require`.
    { code: "const { setInterval } = useBillingInterval();\nsetInterval('monthly');\nsetInterval(() => 'yearly');", filename: at('src/incident-response/new.tsx') },
    { code: 'function poll(setTimeout: (f: () => void) => void) {\n  setTimeout(poll);\n}', filename: layer1 },
    { code: "function start(process: NodeJS.EventEmitter) {\n  process.on('message', handle);\n}", filename: layer1 },
    { code: "function load(require: (id: string) => unknown) {\n  return require('node-cron');\n}", filename: layer1 },
    { code: "const setImmediate = (f: () => void) => f();\nfunction tick() { setImmediate(tick); }", filename: layer1 },
    // Array methods and look-alikes are not schedulers: only what comes from a listed module counts.
    { code: 'changes.every((c) => approveChange(c));\nagenda.every(\'1 hour\', \'sweep\');\ncron.schedule(\'* * * * *\', run);', filename: layer1 },
    { code: "const after = (f: () => void) => f();\nafter(() => flush());\nwaitUntil(flush());", filename: layer1 },
    // A listed module's other calls: sending an event, publishing a message, enqueueing one job.
    { code: "import { Inngest } from 'inngest';\nconst inngest = new Inngest({ id: 'app' });\nawait inngest.send({ name: 'booking/created' });", filename: layer1 },
    { code: "import { Client } from '@upstash/qstash';\nconst client = new Client({ token });\nawait client.publishJSON({ url, body });", filename: layer1 },
    { code: "import { NextResponse } from 'next/server';\nexport function GET() { return NextResponse.json({}); }", filename: layer1 },
    { code: "import { emailQueue } from '../lib/queue';\nawait emailQueue.add('welcome', { to });", filename: inApp },
    { code: "import { format } from '@/lib/format';\nformat(1);", filename: inApp },
    // Producing a message, publishing one, a one-shot RxJS timer.
    { code: "import { Kafka } from 'kafkajs';\nconst producer = new Kafka({ brokers }).producer();\nawait producer.send({ topic: 'bookings', messages: [] });", filename: layer1 },
    { code: "import amqp from 'amqplib';\nconst channel = await (await amqp.connect(url)).createChannel();\nchannel.sendToQueue('emails', Buffer.from('x'));", filename: layer1 },
    { code: "import { PubSub } from '@google-cloud/pubsub';\nawait new PubSub().topic('bookings').publishMessage({ data });", filename: layer1 },
    { code: "import { timer, map } from 'rxjs';\ntimer(500).pipe(map(() => 1)).subscribe(show);", filename: layer1 },
    { code: "self.addEventListener('push', (event) => show(event.data));\naddEventListener('fetch', handle);", filename: layer1 },
    { code: "import { WorkerEntrypoint } from 'cloudflare:workers';\nclass Clock { alarm() {} }\nexport class Api extends WorkerEntrypoint { async run() {} alarm() {} }", filename: layer1 },
    // `waitUntil` on something that is not the handler's context or event.
    { code: 'const ctx = context();\nctx.waitUntil(flush());', filename: layer1 },
    // A default export with no background handler.
    { code: 'export default { async fetch(request: Request) { return new Response(request.url); }, scheduled: true };', filename: layer1 },
    { code: "addEventListener('fetch', (event) => event.respondWith(new Response('ok')));", filename: layer1 },
  ],
  invalid: [
    { code: "import { serve } from '@upstash/workflow/nextjs';\nexport const { POST } = serve(async (context) => {\n  await context.sleep('wait', '3d');\n});", filename: layer1, errors: [{ ...background, line: 2 }] },
    // A scheduled function declared in its own file: Netlify's `config.schedule` (and its first API's `schedule()`), a Medusa scheduled job.
    { code: "import type { Config } from '@netlify/functions';\nexport default async () => new Response('ok');\nexport const config: Config = {\n  schedule: '@hourly',\n};", filename: layer1, errors: [{ ...background, line: 4, column: 3 }] },
    { code: "export default async function syncIncidents() {}\nexport const config = { name: 'sync-incidents', schedule: '0 0 * * *' } satisfies { name: string; schedule: string };", filename: layer1, errors: [{ ...background, line: 2 }] },
    { code: "import { schedule } from '@netlify/functions';\nexport const handler = schedule('@daily', async () => ({ statusCode: 200 }));", filename: layer1, errors: [{ ...background, line: 2 }] },
    { code: "import { onSchedule } from 'firebase-functions/v2/scheduler';\nimport { onTaskDispatched } from 'firebase-functions/tasks';\nexport const nightly = onSchedule('every day 03:00', async () => {});\nexport const page = onTaskDispatched({ retryConfig: { maxAttempts: 5 } }, async () => {});", filename: layer1, errors: [{ ...background, line: 3 }, { ...background, line: 4 }] },
    { code: "import * as functions from 'firebase-functions/v1';\nexport const a = functions.region('europe-west1').runWith({ memory: '1GB' }).pubsub.schedule('0 3 * * *').onRun(async () => {});\nexport const b = functions.runWith({ timeoutSeconds: 540 }).region('us-east1').tasks.taskQueue().onDispatch(async () => {});\nexport const c = functions.region('europe-west1').runWith({ memory: '1GB' }).https.onCall(async () => {});", filename: layer1, errors: [{ ...background, line: 2 }, { ...background, line: 3 }] },
    // Azure Functions: a timer trigger and a queue consumer run by themselves; an HTTP function runs on a request.
    { code: "import { app } from '@azure/functions';\napp.timer('sweep', { schedule: '0 */5 * * * *', handler: async () => {} });\napp.storageQueue('emails', { queueName: 'emails', connection: 'Storage', handler: async () => {} });\napp.http('status', { methods: ['GET'], handler: async () => ({ body: 'ok' }) });", filename: layer1, errors: [{ ...background, line: 2 }, { ...background, line: 3 }] },
    // Message brokers' consumers, through the instances and awaited connections they are made from; RxJS's endless `interval`.
    { code: "import { Kafka } from 'kafkajs';\nconst kafka = new Kafka({ brokers: ['b:9092'] });\nconst consumer = kafka.consumer({ groupId: 'bookings' });\nawait consumer.run({ eachMessage: async () => {} });", filename: layer1, errors: [{ ...background, line: 4 }] },
    { code: "import amqp from 'amqplib';\nconst connection = await amqp.connect(url);\nconst channel = await connection.createChannel();\nawait channel.consume('emails', (message) => {});", filename: layer1, errors: [{ ...background, line: 4 }] },
    { code: "import { connect } from 'amqplib';\nconst channel = await (await connect(url)).createConfirmChannel();\nchannel.consume('emails', handle);", filename: layer1, errors: [{ ...background, line: 3 }] },
    { code: "import { Consumer } from 'sqs-consumer';\nConsumer.create({ queueUrl, handleMessage: async () => {} }).start();", filename: layer1, errors: [{ ...background, line: 1 }] },
    { code: "import { PubSub } from '@google-cloud/pubsub';\nconst pubsub = new PubSub();\npubsub.subscription('bookings').on('message', (message) => message.ack());\npubsub.topic('t').subscription('s').on('error', console.error);", filename: layer1, errors: [{ ...background, line: 3 }, { ...background, line: 4 }] },
    { code: "import { interval } from 'rxjs';\ninterval(60_000).subscribe(() => {});", filename: layer1, errors: [{ ...background, line: 2 }] },
    { code: "import * as functions from 'firebase-functions';\nexport const sweep = functions.pubsub.schedule('every 5 minutes').onRun(async () => {});\nexport const eu = functions.region('europe-west1').pubsub.schedule('0 3 * * *').timeZone('Europe/Paris').onRun(async () => {});\nexport const status = functions.https.onRequest((req, res) => res.send('ok'));", filename: layer1, errors: [{ ...background, line: 2 }, { ...background, line: 3 }] },
    {
      code: "import { Injectable } from '@nestjs/common';\nimport { Cron, CronExpression, Interval, Timeout } from '@nestjs/schedule';\n@Injectable()\nexport class Sweeper {\n  @Cron(CronExpression.EVERY_HOUR)\n  sweep() {}\n  @Interval(10_000)\n  poll() {}\n  @Timeout(5_000)\n  once() {}\n}",
      filename: layer1,
      errors: [
        { messageId: 'backgroundExecution', line: 5, data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`@Cron` (`Cron` of `@nestjs/schedule`)' } },
        { ...background, line: 7 },
        { ...background, line: 9 },
      ],
    },
    { code: "import { Processor, WorkerHost } from '@nestjs/bullmq';\n@Processor('incidents')\nexport class Consumer extends WorkerHost {\n  async process() {}\n}", filename: layer1, errors: [{ ...background, line: 2 }] },
    { code: "import { Process, Processor } from '@nestjs/bull';\nimport { EventPattern } from '@nestjs/microservices';\n@Processor('incidents')\nexport class Consumer {\n  @Process('page')\n  page() {}\n  @EventPattern('incident.opened')\n  opened() {}\n}", filename: layer1, errors: [{ ...background, line: 3 }, { ...background, line: 5 }, { ...background, line: 7 }] },
    {
      code: 'setInterval(() => {}, 1000);',
      filename: layer1,
      errors: [
        {
          message:
            'Unexpected `setInterval` in human-only Layer 1 (Incident Response & Learning), expected code that runs only when a person starts it: the contract says "No automation" (docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning).',
          line: 1,
          column: 1,
        },
      ],
    },
    { code: 'globalThis.setInterval(poll, 5);', filename: at('src/rollbacks/new.ts'), errors: [background] },
    { code: 'window.setInterval?.(poll, 5);', filename: at('src/release-confidence/new.ts'), errors: [background] },
    { code: "import { setInterval as every } from 'node:timers';\nevery(poll, 5);", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2 }] },
    { code: "import { setInterval } from 'node:timers/promises';\nfor await (const _ of setInterval(1000)) {}", filename: layer1, errors: [background] },
    // Dormant layers too.
    { code: 'setInterval(() => {}, 1000);', filename: at('src/policy-evolution/new.ts'), errors: [{ messageId: 'backgroundExecution', data: { kind: 'dormant', layer: 4, name: 'Policy Evolution & Guardrail Improvement', words: 'NO automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:90, Layer 4 — Policy Evolution & Guardrail Improvement', what: '`setInterval`' } }] },
    // A layer marked Active whose section still says `❌ NO automation` is human-only: activating a layer lifts none of its prohibitions.
    {
      code: 'setInterval(() => {}, 1000);',
      filename: join(active, 'src/policy-evolution/new.ts'),
      errors: [{ messageId: 'backgroundExecution', data: { kind: 'human-only', layer: 4, name: 'Policy Evolution & Guardrail Improvement', words: 'NO automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:90, Layer 4 — Policy Evolution & Guardrail Improvement', what: '`setInterval`' } }],
    },
    // The same while its section still says `NOT IMPLEMENTED`, a contradiction `valid-settings` reports.
    {
      code: 'setInterval(() => {}, 1000);',
      filename: join(activeButNotImplemented, 'src/policy-evolution/new.ts'),
      errors: [{ messageId: 'backgroundExecution', data: { kind: 'human-only', layer: 4, name: 'Policy Evolution & Guardrail Improvement', words: 'NO automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:90, Layer 4 — Policy Evolution & Guardrail Improvement', what: '`setInterval`' } }],
    },
    // setTimeout that schedules its own function again.
    { code: 'function poll() {\n  setTimeout(poll, 1000);\n}', filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2, column: 3 }] },
    { code: 'const poll = () => { setTimeout(() => poll(), 1000); };', filename: layer1, errors: [background] },
    { code: 'setTimeout(function again() { work(); setTimeout(again, 10); }, 10);', filename: layer1, errors: [background] },
    { code: 'class Watcher { tick() { setTimeout(() => this.tick(), 10); } }', filename: layer1, errors: [background] },
    { code: 'const watcher = { tick() { setTimeout(this.tick, 10); } };', filename: layer1, errors: [background] },
    // Scheduler and queue libraries, in every import form.
    { code: "import cron from 'node-cron';", filename: layer1, errors: [{ messageId: 'backgroundExecution', data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: 'use of the scheduler module `node-cron`' } }] },
    { code: "import 'node-schedule';", filename: layer1, errors: [background] },
    { code: "import { CronJob } from 'cron';", filename: layer1, errors: [background] },
    { code: "const { Cron } = await import('croner');", filename: layer1, errors: [background] },
    { code: "const Agenda = require('agenda');", filename: layer1, errors: [background] },
    { code: "import Bree = require('bree');", filename: layer1, errors: [background] },
    { code: "import { Worker, Job } from 'bullmq';", filename: layer1, errors: [background] },
    { code: "import { Queue } from 'bullmq';", filename: layer1, errors: [background] },
    { code: "import PQueue from 'p-queue';", filename: layer1, errors: [background] },
    { code: "const { default: PQueue } = await import('p-queue');", filename: layer1, errors: [background] },
    { code: "import { Worker } from 'node:worker_threads';", filename: layer1, errors: [background] },
    { code: "const { Worker } = require('worker_threads');", filename: layer1, errors: [background] },
    { code: "import * as threads from 'node:worker_threads';\nnew threads.Worker('./w.js');", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2 }] },
    // Re-exports: whoever imports this module gets the scheduler.
    { code: "export { Worker } from 'node:worker_threads';", filename: layer1, errors: [background] },
    { code: "export { Worker as Thread, isMainThread } from 'worker_threads';", filename: layer1, errors: [background] },
    { code: "export { default as cron } from 'node-cron';", filename: layer1, errors: [background] },
    { code: "export * from 'node-cron';", filename: layer1, errors: [background] },
    { code: "export * as threads from 'node:worker_threads';", filename: layer1, errors: [background] },
    { code: "import { ToadScheduler } from 'toad-scheduler';", filename: layer1, options: [{ extraModules: ['toad-scheduler'] }], errors: [background] },
    { code: "import { Scheduler } from '@acme/jobs';\nimport { x } from '@acme/jobs';", filename: layer1, options: [{ extraModules: [{ name: '@acme/jobs', imports: ['Scheduler'] }] }], errors: [{ messageId: 'backgroundExecution', line: 1 }] },
    // Process handlers that start work.
    { code: "process.on('SIGUSR2', reload);", filename: layer1, errors: [background] },
    { code: "process.once('message', (m) => handle(m));", filename: layer1, errors: [background] },
    { code: "process.on('beforeExit', flush);", filename: layer1, errors: [background] },
    { code: 'process.addListener(eventName, handler);', filename: layer1, errors: [background] },
    { code: "import process from 'node:process';\nprocess.on('message', handle);", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2 }] },
    { code: "globalThis.process.on('SIGUSR2', reload);", filename: layer1, errors: [background] },
    { code: "for (const signal of ['SIGTERM', 'SIGUSR2']) process.on(signal, reload);", filename: layer1, errors: [background] },
    // One-shot timers that schedule their own function again.
    { code: 'function drain() {\n  setImmediate(drain);\n}', filename: layer1, errors: [{ messageId: 'backgroundExecution', data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`setImmediate` that re-schedules its own function `drain`' } }] },
    // Uses through the module object or a `createRequire` require.
    { code: "import * as bullmq from 'bullmq';\nnew bullmq.Worker('moderation', handle);", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2, data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`bullmq.Worker` (`Worker` of `bullmq`)' } }] },
    { code: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst cron = require('node-cron');", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 3 }] },
    // Work after the response: Next.js `after()`, Vercel's `waitUntil`, the handler's `ctx.waitUntil` / `event.waitUntil`.
    {
      code: "import { after } from 'next/server';\nexport async function POST() {\n  after(() => audit());\n}",
      filename: layer1,
      errors: [{ messageId: 'backgroundExecution', line: 3, column: 3, data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`after` (`after` of `next/server`)' } }],
    },
    { code: "import { unstable_after as later } from 'next/server';\nlater(audit());", filename: layer1, errors: [background] },
    { code: "import { waitUntil } from '@vercel/functions';\nwaitUntil(sync());", filename: layer1, errors: [background] },
    {
      code: 'export default {\n  async fetch(request: Request, env: Env, ctx: ExecutionContext) {\n    ctx.waitUntil(sync(env));\n    return new Response();\n  },\n};',
      filename: layer1,
      errors: [{ messageId: 'backgroundExecution', line: 3, data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`ctx.waitUntil` (work that goes on after the response)' } }],
    },
    { code: "self.addEventListener('fetch', (event) => event.waitUntil(sync()));", filename: layer1, errors: [background] },
    { code: 'export function middleware(request: NextRequest, { waitUntil }: NextFetchEvent) {\n  waitUntil(sync());\n}', filename: layer1, errors: [background] },
    // Cloudflare Workers' cron triggers and queue consumers.
    {
      code: 'export default {\n  async scheduled(event: ScheduledEvent, env: Env, ctx: ExecutionContext) {},\n} satisfies ExportedHandler<Env>;',
      filename: layer1,
      errors: [{ messageId: 'backgroundExecution', line: 2, column: 9, data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`scheduled` handler of the default export (run by a cron trigger)' } }],
    },
    { code: 'async function queue(batch: MessageBatch) {}\nconst worker = { queue };\nexport default worker;', filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2 }] },
    { code: "addEventListener('scheduled', (event) => event.waitUntil(sweep()));", filename: layer1, errors: [background, background] },
    // A service worker's Periodic Background Sync: the browser runs the handler on a schedule.
    { code: "self.addEventListener('periodicsync', (event) => { if (event.tag === 'sweep') sweep(); });", filename: layer1, errors: [{ ...background, line: 1, column: 1 }] },
    // Deno Deploy's cron and Supabase Edge Functions' background tasks, runtimes' own globals.
    { code: "Deno.cron('sweep holds', '*/15 * * * *', () => sweep());", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 1, column: 1, data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`Deno.cron` (run by a cron trigger)' } }] },
    { code: "globalThis.Deno.cron('sweep holds', { minute: { every: 15 } }, sweep);", filename: layer1, errors: [background] },
    // Cloudflare's classes whose methods the platform runs by itself: a Durable Object's alarm, a Workflow's run.
    { code: "import { DurableObject, WorkflowEntrypoint } from 'cloudflare:workers';\nexport class Holds extends DurableObject {\n  async fetch() { await this.ctx.storage.setAlarm(Date.now() + 60_000); return new Response('ok'); }\n  async alarm() { await this.release(); }\n}\nexport class Refunds extends WorkflowEntrypoint {\n  async run(event, step) {}\n}", filename: layer1, errors: [{ ...background, line: 4, column: 9 }, { ...background, line: 7, column: 9 }] },
    // A Deno KV queue's consumer runs each message it is handed; enqueueing one is not listed.
    { code: "const kv = await Deno.openKv();\nkv.listenQueue(async (message) => { await handle(message); });\nawait kv.enqueue({ id: 1 });", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2, column: 1, data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`kv.listenQueue` (a Deno KV queue consumer)' } }] },
    { code: "Deno.serve(async (request) => {\n  EdgeRuntime.waitUntil(sync());\n  return new Response('ok');\n});", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2, column: 3, data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`EdgeRuntime.waitUntil` (work that goes on after the response)' } }] },
    // Deno names npm packages `npm:name@version`: the same modules as their plain names.
    { code: "import cron from 'npm:node-cron@3.0.3';", filename: layer1, errors: [background] },
    { code: "import { Worker } from 'npm:bullmq@^5.1';", filename: layer1, errors: [background] },
    { code: "import { Client } from 'npm:@upstash/qstash@2';\nconst client = new Client({ token });\nawait client.schedules.create({ destination, cron: '0 * * * *' });", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 3 }] },
    // The Workflow DevKit: functions marked to run durably by themselves, and `start()`, which runs one in the background.
    {
      code: "import { sleep } from 'workflow';\nexport async function followUp(email: string) {\n  'use workflow';\n  await sleep('3d');\n  await remind(email);\n}\nconst remind = async (email: string) => {\n  'use strict';\n  \"use step\";\n  await send(email);\n};",
      filename: layer1,
      errors: [
        { messageId: 'backgroundExecution', line: 3, column: 3, data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`"use workflow"` function `followUp` (run durably by the Workflow DevKit)' } },
        { messageId: 'backgroundExecution', line: 9, data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`"use step"` function `remind` (a step of a durable workflow)' } },
      ],
    },
    { code: "import { start } from 'workflow/api';\nimport { followUp } from './workflows';\nawait start(followUp, [email]);", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 3 }] },
    // …and from the CDNs that serve npm packages to URL imports.
    { code: "import { Worker } from 'https://esm.sh/bullmq@5.1.0?target=deno';", filename: layer1, errors: [{ messageId: 'backgroundExecution', data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`Worker` from `https://esm.sh/bullmq@5.1.0?target=deno`' } }] },
    { code: "import cron from 'https://cdn.jsdelivr.net/npm/node-cron@3/+esm';\nimport { Cron } from 'https://esm.sh/croner@9';", filename: layer1, errors: [background, background] },
    { code: "import { Queue } from 'https://esm.sh/v135/@upstash/qstash@2';\nimport { Client } from 'https://esm.sh/@upstash/qstash@2';\nawait new Client({ token }).schedules.create({ destination, cron: '0 * * * *' });", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 3 }] },
    // Job and queue frameworks, tracked from their imports through variables and instances.
    { code: "import { QueueScheduler } from 'bullmq';", filename: layer1, errors: [background] },
    { code: "import { Queue } from 'bullmq';\nconst queue = new Queue('sweeps');\nawait queue.add('sweep', {}, { repeat: { every: 60_000 } });\nawait queue.upsertJobScheduler('nightly', { pattern: '0 3 * * *' });", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 1 }, { messageId: 'backgroundExecution', line: 3 }, { messageId: 'backgroundExecution', line: 4 }] },
    {
      code: "import { Inngest } from 'inngest';\nconst inngest = new Inngest({ id: 'booking' });\nexport const digest = inngest.createFunction({ id: 'digest' }, { cron: '0 9 * * 1' }, async () => {});",
      filename: layer1,
      errors: [{ messageId: 'backgroundExecution', line: 3, data: { kind: 'human-only', layer: 1, name: 'Incident Response & Learning', words: 'No automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:30, Layer 1 — Incident Response & Learning', what: '`inngest.createFunction` (`Inngest#createFunction` of `inngest`)' } }],
    },
    { code: "import { task, schedules } from '@trigger.dev/sdk/v3';\nexport const a = task({ id: 'a', run: async () => {} });\nexport const b = schedules.task({ id: 'b', cron: '0 * * * *', run: async () => {} });", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2 }, { messageId: 'backgroundExecution', line: 3 }] },
    { code: "const { schemaTask } = require('@trigger.dev/sdk');\nschemaTask({ id: 'c', schema, run });", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2 }] },
    { code: "import { Client } from '@upstash/qstash';\nconst client = new Client({ token });\nawait client.schedules.create({ destination, cron: '0 * * * *' });", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 3 }] },
    { code: "import { run, makeWorkerUtils } from 'graphile-worker';\nawait run({ taskList });\nconst utils = await makeWorkerUtils({ connectionString });", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2 }, { messageId: 'backgroundExecution', line: 3 }] },
    { code: "import PgBoss from 'pg-boss';\nconst boss = new PgBoss(url);\nawait boss.schedule('nightly', '0 3 * * *');\nawait boss.work('nightly', handle);", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 3 }, { messageId: 'backgroundExecution', line: 4 }] },
    { code: "import { Worker } from '@temporalio/worker';\nconst worker = await Worker.create({ workflowsPath, activities, taskQueue });", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 2 }] },
    { code: "import { Client } from '@temporalio/client';\nconst client = new Client({ connection });\nawait client.schedule.create({ scheduleId, spec, action });", filename: layer1, errors: [{ messageId: 'backgroundExecution', line: 3 }] },
    // Clients made in another file of the project, imported by path or alias, directly or through a re-export.
    { code: "import { emailQueue } from '../lib/queue';\nawait emailQueue.add('digest', {}, { repeat: { pattern: '0 9 * * 1' } });", filename: inApp, errors: [{ messageId: 'backgroundExecution', line: 2 }] },
    { code: "import { inngest } from '@/lib/inngest';\ninngest.createFunction({ id: 'a' }, { cron: '0 * * * *' }, run);", filename: inApp, errors: [{ messageId: 'backgroundExecution', line: 2 }] },
    { code: "import { denoQueue } from '../lib/deno-queue.ts';\nimport { esmQueue } from '../lib/esm-queue.ts';\nawait denoQueue.add('digest', {}, { repeat: { every: 60_000 } });\nawait esmQueue.add('digest', {}, { repeat: { every: 60_000 } });", filename: inApp, errors: [{ messageId: 'backgroundExecution', line: 3 }, { messageId: 'backgroundExecution', line: 4 }] },
    // A Deno import map names the package: `scheduler` is node-cron, `queues` BullMQ.
    { code: "import cron from 'scheduler';\nimport { scopedQueue } from '../shared.ts';\nawait scopedQueue.add('digest', {}, { repeat: { every: 60_000 } });", filename: app('scoped/rollbacks/new.ts'), errors: [{ messageId: 'backgroundExecution', line: 1 }, { messageId: 'backgroundExecution', line: 3 }] },
    { code: "import cron from 'scheduler';\nimport { mappedQueue } from '../shared.ts';\nawait mappedQueue.add('digest', {}, { repeat: { every: 60_000 } });", filename: app('edge/rollbacks/new.ts'), errors: [{ messageId: 'backgroundExecution', line: 1 }, { messageId: 'backgroundExecution', line: 3 }] },
    { code: "import client from '@/lib/inngest';\nimport * as clients from '@/lib/clients';\nclient.createFunction({ id: 'a' }, { event: 'x' }, run);\nclients.jobs.createFunction({ id: 'b' }, { event: 'y' }, run);\nclients.emailQueue.add('x', {}, { repeat });", filename: inApp, errors: [{ messageId: 'backgroundExecution', line: 3 }, { messageId: 'backgroundExecution', line: 4 }, { messageId: 'backgroundExecution', line: 5 }] },
    // Options add modules with the calls that schedule.
    { code: "import { Scheduler } from '@acme/jobs';\nconst scheduler = new Scheduler();\nscheduler.every('1h', sweep);\nscheduler.now(sweep);", filename: layer1, options: [{ extraModules: [{ name: '@acme/jobs', calls: ['Scheduler#every'] }] }], errors: [{ messageId: 'backgroundExecution', line: 3 }] },
  ],
});

jsRuleTester.run('no-background-execution (JavaScript)', eslintRule(rule), {
  valid: [
    { code: 'setTimeout(done, 10);', filename: at('src/incident-response/new.js') },
    { code: 'const { setInterval } = useBillingInterval();\nsetInterval("monthly");', filename: at('src/incident-response/new.jsx'), languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
  ],
  invalid: [
    { code: "const cron = require('node-cron');\ncron.schedule('* * * * *', run);", filename: at('src/incident-response/new.cjs'), languageOptions: { sourceType: 'commonjs' }, errors: [background] },
    { code: "const PgBoss = require('pg-boss');\nconst boss = new PgBoss(url);\nboss.work('q', handle);", filename: at('src/incident-response/new.cjs'), languageOptions: { sourceType: 'commonjs' }, errors: [{ messageId: 'backgroundExecution', line: 3 }] },
    { code: 'setInterval(run, 1000);', filename: at('src/incident-response/new.mjs'), errors: [background] },
    // A queue made in another JavaScript file of the project, read with ESLint's own parser.
    { code: "import { sweeps } from '../lib/jobs.js';\nawait sweeps.add('sweep', {}, { repeat: { every: 60_000 } });", filename: app('rollbacks/new.js'), errors: [{ messageId: 'backgroundExecution', line: 2 }] },
  ],
});

describe('the rule doc', () => {
  it('lists every default module with what counts of it', () => {
    const doc = readFileSync(join(packageRoot, 'docs/rules/no-background-execution.md'), 'utf8');
    const table = doc.slice(doc.indexOf('| Module | Counts |'), doc.indexOf('Sending an event'));
    for (const module of defaultSchedulerModules) {
      if (typeof module === 'string') {
        expect(table).toMatch(new RegExp(`^\\|[^|]*\`${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\`[^|]*\\| any use \\|$`, 'm'));
        continue;
      }
      const row = table.split('\n').find((line) => line.split('|')[1]?.includes(`\`${module.name}\``)) ?? '';
      for (const name of module.imports ?? []) expect(row).toContain(`\`${name}\``);
      for (const call of module.calls ?? []) expect(row).toContain(`\`${typeof call === 'string' ? call : call.path}\``);
    }
  });
});
