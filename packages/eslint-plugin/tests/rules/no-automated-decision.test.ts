import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule, { defaultDecisionFunctions } from '../../src/rules/no-automated-decision.js';
import { defaultModelModules, defaultRequestModules } from '../../src/automation/catalog.js';
import { at, jsRuleTester, packageRoot, ruleTester, settings, eslintRule } from '../helpers.js';
import { project } from './support.js';

const layer2 = at('src/rollbacks/new.ts');
const layer1 = at('src/incident-response/new.ts');
const route = at('src/rollbacks/app/api/webhooks/stripe/route.ts');
const decision = { messageId: 'automatedDecision' } as const;
const flag = { messageId: 'humanStepOff' } as const;
const layer2Words = { kind: 'human-only', layer: 2, name: 'Change Management & Rollbacks', words: 'Human-triggered only', section: 'docs/operations/OPERATIONAL_LAYERS.md:51, Layer 2 — Change Management & Rollbacks' } as const;
/** A report of `callee` from `trigger` in Layer 2. */
const from = (callee: string, trigger: string, line?: number) => ({ messageId: 'automatedDecision', ...(line === undefined ? {} : { line }), data: { ...layer2Words, callee, trigger } }) as const;

/** An application whose clients are made in `lib/` (no layer) and used in `rollbacks/` (Layer 2, human-only). */
const app = project({
  'lib/inngest.ts': "import { Inngest } from 'inngest';\nexport const inngest = new Inngest({ id: 'booking' });\n",
  'lib/server.ts': "import express from 'express';\nexport const app = express();\n",
  'lib/moderation.ts': "import OpenAI from 'openai';\nconst openai = new OpenAI();\nexport async function classify(text: string) {\n  const response = await openai.responses.create({ model: 'gpt-4.1-mini', input: text });\n  return response.output_text;\n}\n",
  'lib/retry.ts': "import OpenAI from 'openai';\nexport async function judge(text: string, tries = 3): Promise<string> {\n  if (tries > 1) return judge(text, tries - 1);\n  return (await new OpenAI().responses.create({ input: text })).output_text;\n}\nexport const again = (n: number): number => (n > 0 ? again(n - 1) : 0);\n",
  'lib/mentions.ts': "// Says 'ai' and openai in prose only.\nexport function summary() {\n  return summary();\n}\n",
  'rollbacks/new.ts': 'export {};\n',
  // A Supabase project's fallback import map, for functions with no deno.json of their own.
  'supabase/functions/import_map.json': JSON.stringify({ imports: { server: 'https://deno.land/std@0.168.0/http/server.ts' } }),
  'supabase/functions/rollbacks/index.ts': 'export {};\n',
});
const inApp = app('rollbacks/new.ts');

ruleTester.run('no-automated-decision', eslintRule(rule), {
  valid: [
    // The same exports in files no framework serves requests from, and other exports of route files.
    { code: 'export function action() {\n  approveRefund(1);\n}\nexport function POST() {\n  banUser(1);\n}', filename: at('src/rollbacks/lib/handlers.ts') },
    { code: 'export function helper() {\n  approveRefund(1);\n}\nexport default function Page() { return null; }', filename: at('src/rollbacks/app/routes/billing.tsx') },
    { code: 'export const config = { matcher: ["/admin"] };\nexport function audit() {\n  banUser(1);\n}', filename: at('src/rollbacks/middleware.ts') },
    // A loop over what is not a timer runs as its caller does.
    { code: "import { createReadStream } from 'node:fs';\nimport { createInterface } from 'node:readline';\nfor await (const line of createInterface({ input: createReadStream('queue.txt') })) {\n  await closeIncident(line);\n}", filename: layer2 },
    // Without a schedule in its `config`, an exported handler is not run by a schedule.
    { code: "export default async () => {\n  await cancelSubscription(id);\n};\nexport const config = { path: '/cancel' };", filename: layer2 },
    // A NestJS service method and a parameter decorator run nothing by themselves: a person's request to a handler does.
    { code: "import { Body, Injectable } from '@nestjs/common';\n@Injectable()\nexport class Refunds {\n  approve(@Body() id: string) {\n    return approveRefund(id);\n  }\n}", filename: layer2 },
    // A server action runs when a person submits a form; a directive's words elsewhere mark nothing.
    { code: "export async function approve(id: string) {\n  'use server';\n  await approveRefund(id);\n}\nfunction later() {\n  run();\n  'use workflow';\n  banUser(id);\n}", filename: layer2 },
    // Other modules of Deno's standard library and of JSR handle no requests.
    { code: "import { delay } from 'https://deno.land/std@0.168.0/async/delay.ts';\nimport { retry } from 'jsr:@std/async@1';\nretry(() => approveRefund(id));\ndelay(10).then(() => banUser(id));", filename: layer2 },
    // A person runs this script: the decision is theirs.
    { code: 'approveChange(id);\nrollbackDeploy(release);\nbanUser(id);\nawait stripe.subscriptions.cancel(id);', filename: layer2 },
    { code: "program.command('rollback').action(() => rollbackDeploy(release));", filename: layer2 },
    // Layer 0 is neither dormant nor human-only.
    { code: 'setInterval(() => rollbackDeploy(r), 10);\nconst o = { autoApprove: true };', filename: at('src/core/new.ts'), settings: settings() },
    // Settling a promise from a timer is not a decision.
    { code: "new Promise((resolve, reject) => setTimeout(() => reject(new Error('timeout')), 10));", filename: layer2 },
    // Handlers of a person's own input are that person deciding: clicks, keys, forms, pointers.
    { code: "button.addEventListener('click', () => approveChange(id));\nform.on('submit', () => rejectChange(id));", filename: layer2 },
    {
      code: "for (const type of ['pointerdown', 'pointerup']) el.addEventListener(type, () => approveChange(id));\nel.addEventListener('pointerdown', () => approveChange(id));\nel.addEventListener('pointerup', () => approveChange(id));\nel.addEventListener('pointercancel', () => rejectChange(id));\nel.addEventListener('pointermove', () => mergePullRequest(pr));\nel.addEventListener('touchcancel', () => rejectChange(id));",
      filename: layer2,
    },
    { code: 'setTimeout(() => notify(team), 10);', filename: layer2 },
    // A name that is not the global: a React state setter is no timer.
    { code: 'const { setInterval } = useBillingInterval();\nsetInterval(() => approveChange(id));\nconst onPick = () => setInterval(() => cancelSubscription(id));', filename: at('src/rollbacks/new.tsx') },
    { code: 'function later(setTimeout: (f: () => void) => void) {\n  setTimeout(() => approveChange(id));\n}', filename: layer2 },
    // Array methods and look-alike names are not schedulers: only what comes from a scheduling module counts.
    { code: 'changes.every((c) => approveChange(c));\nchanges.some((c) => banUser(c.author));', filename: layer2 },
    { code: 'const Bun = { serve: (options: unknown) => options };\nBun.serve({ fetch: () => banUser(id) });', filename: layer2 },
    { code: "agenda.every('1 hour', () => approveChange(id));\ncron.schedule('* * * * *', () => rollbackDeploy(r));\nqueue.process(async (job) => updateGuardrail(job.data));\nnew Worker('q', async () => banUser(id));", filename: layer2 },
    { code: "const cron = { schedule: (spec: string, f: () => void) => f() };\ncron.schedule('* * * * *', () => rollbackDeploy(r));", filename: layer2 },
    // Everyday calls that share a verb with a decision.
    {
      code: "setTimeout(() => {\n  closeModal();\n  cancelAnimationFrame(frame);\n  cache.delete(key);\n  queryClient.cancelQueries();\n  mergeConfig(a, b);\n  _.merge(a, b);\n  server.close();\n  stream.cancel();\n  rejectWithValue(error);\n  banner.show();\n  bandwidth();\n  deployments.list();\n  setCookiePolicy;\n}, 10);\nchild.on('close', () => server.close());",
      filename: layer2,
    },
    // Flags that keep the human step.
    { code: 'const options = { autoApprove: false, requireHumanApproval: true, skipHumanApproval: undefined };', filename: layer2 },
    { code: 'config.autoRollback = false;', filename: layer2 },
    { code: 'const humanApproval = await ask();', filename: layer2 },
    { code: "toast('Saved', { autoClose: 3000 });\nawait channel.assertQueue('q', { autoDelete: true });", filename: layer2 },
    // Custom patterns replace the defaults.
    { code: 'setInterval(() => approveChange(id), 10);', filename: layer2, options: [{ decisionFunctions: ['^sign'] }] },
    // Only Next.js route files' exports named after an HTTP method are route handlers.
    { code: 'export async function POST() {\n  await banUser(id);\n}', filename: layer2 },
    { code: 'export async function ban() {\n  await banUser(id);\n}', filename: route },
    // A context left out of `contexts` is not looked in.
    { code: 'export async function POST() {\n  await banUser(id);\n}', filename: route, options: [{ contexts: ['timers', 'background', 'listeners'] }] },
    { code: "import { after } from 'next/server';\nafter(() => approveRefund(id));", filename: layer2, options: [{ contexts: ['timers'] }] },
    // A condition on what a person said, not on a model.
    { code: "const answer = await ask('Ban this user?');\nif (answer === 'yes') ban(user);", filename: layer2 },
    { code: "import OpenAI from 'openai';\nconst openai = new OpenAI();\nconst summary = await openai.responses.create({ input });\nif (reviewer.agrees) ban(user);", filename: layer2 },
    { code: "import OpenAI from 'openai';\nconst verdict = await new OpenAI().responses.create({ input });\nif (verdict.output_text === 'spam') flagForReview(user);", filename: layer2 },
    // Functions that call themselves, here and in another file, are followed without end.
    { code: "import { again } from '@/lib/retry';\nimport { summary } from '@/lib/mentions';\nfunction loop(n: number): number {\n  return n > 0 ? loop(n - 1) : 0;\n}\nif (loop(3) || again(2) || summary()) ban(user);", filename: inApp },
  ],
  invalid: [
    { code: "import { serve } from '@upstash/workflow/hono';\nexport const workflow = serve<{ id: string }>(async (context) => {\n  await context.run('ban', () => banUser(context.requestPayload.id));\n});", filename: layer2, errors: [from('banUser', 'a `serve` callback', 3)] },
    { code: "export default async () => {\n  await cancelSubscription(id);\n};\nexport const config = { schedule: '@daily' };", filename: layer2, errors: [from('cancelSubscription', 'the handler of a scheduled function (`config.schedule`)', 2)] },
    { code: "async function expire() {\n  await deleteUser(id);\n}\nexport default expire;\nexport const config = { name: 'expire', schedule: '0 * * * *' };", filename: layer2, errors: [from('deleteUser', 'the handler of a scheduled function (`config.schedule`)', 2)] },
    { code: "import { schedule } from '@netlify/functions';\nexport const handler = schedule('@daily', async () => {\n  await banUser(id);\n  return { statusCode: 200 };\n});", filename: layer2, errors: [from('banUser', 'a `schedule` callback', 3)] },
    { code: "const { onSchedule } = require('firebase-functions/scheduler');\nexports.cleanup = onSchedule('every day 00:00', async () => {\n  await deleteUser(uid);\n});", filename: layer2, errors: [from('deleteUser', 'an `onSchedule` callback', 3)] },
    { code: "import functions from 'firebase-functions/v1';\nexport const expire = functions.runWith({ memory: '1GB' }).pubsub.schedule('every 1 hours').onRun(async () => {\n  await cancelSubscription(id);\n});", filename: layer2, errors: [{ ...decision, line: 3 }] },
    // NestJS: a controller's route handlers, scheduled methods, queue consumers and event handlers, by their decorators.
    {
      code: "import { Controller, Param, Post } from '@nestjs/common';\n@Controller('refunds')\nexport class RefundsController {\n  @Post(':id/approve')\n  approve(@Param('id') id: string) {\n    return approveRefund(id);\n  }\n}",
      filename: layer2,
      errors: [from('approveRefund', 'a `@Post` route handler', 6)],
    },
    {
      code: "import { Injectable } from '@nestjs/common';\nimport { Cron } from '@nestjs/schedule';\nimport { OnEvent } from '@nestjs/event-emitter';\n@Injectable()\nexport class Moderation {\n  @Cron('0 3 * * *')\n  nightly() {\n    this.sweep();\n  }\n  sweep() {\n    banUser(id);\n  }\n  @OnEvent('payment.failed')\n  failed() {\n    cancelSubscription(id);\n  }\n}",
      filename: layer2,
      errors: [from('banUser', 'a `@Cron` method', 11), from('cancelSubscription', 'an `@OnEvent` event handler', 15)],
    },
    { code: "import { Processor, WorkerHost } from '@nestjs/bullmq';\n@Processor('rollbacks')\nexport class RollbackConsumer extends WorkerHost {\n  async process(job: { data: string }) {\n    await rollbackDeploy(job.data);\n  }\n}", filename: layer2, errors: [from('rollbackDeploy', 'a `@Processor` class', 5)] },
    {
      code: 'setTimeout(() => approveChange(id), 10);',
      filename: layer2,
      errors: [
        {
          message:
            'Unexpected call to `approveChange` from a `setTimeout` callback in human-only Layer 2 (Change Management & Rollbacks), expected a person to make this decision: the contract says "Human-triggered only" (docs/operations/OPERATIONAL_LAYERS.md:51, Layer 2 — Change Management & Rollbacks).',
          line: 1,
          column: 18,
        },
      ],
    },
    { code: 'globalThis.setTimeout(() => approveChange(id), 10);\nqueueMicrotask(() => banUser(id));', filename: layer2, errors: [decision, from('banUser', 'a `queueMicrotask` callback', 2)] },
    { code: "import { setTimeout as later } from 'node:timers';\nlater(() => approveChange(id), 10);", filename: layer2, errors: [from('approveChange', 'a `setTimeout` callback')] },
    // Schedulers, tracked from their imports.
    { code: "import cron from 'node-cron';\ncron.schedule('0 * * * *', async () => { await rollbackDeploy(latest); });", filename: layer2, errors: [from('rollbackDeploy', 'a `cron.schedule` callback')] },
    { code: "import { CronJob } from 'cron';\nnew CronJob('0 * * * *', function () { this.applyPolicyChange(p); });", filename: layer2, errors: [from('applyPolicyChange', 'a `new CronJob` callback')] },
    { code: "import Queue from 'bull';\nconst queue = new Queue('guardrails');\nqueue.process(async (job) => updateGuardrail(job.data));", filename: at('src/policy-evolution/new.ts'), errors: [decision] },
    { code: "import Agenda from 'agenda';\nconst agenda = new Agenda({ db });\nagenda.define('review', async () => approve());\nagenda.every('1 hour', 'review');", filename: layer2, errors: [from('approve', 'an `agenda.define` callback')] },
    // Queue consumers.
    {
      code: "import { Worker } from 'bullmq';\nnew Worker('moderation', async (job) => {\n  const { verdict, userId } = job.data;\n  if (verdict === 'spam') await ban(userId);\n});",
      filename: layer2,
      errors: [from('ban', 'a `new Worker` callback', 4)],
    },
    { code: "import PgBoss from 'pg-boss';\nconst boss = new PgBoss(url);\nawait boss.work('expired', async ([job]) => deleteUser(job.data.id));", filename: layer2, errors: [from('deleteUser', 'a `boss.work` callback')] },
    { code: "import { Inngest } from 'inngest';\nconst inngest = new Inngest({ id: 'app' });\ninngest.createFunction({ id: 'polls' }, { cron: '0 * * * *' }, async ({ step }) => {\n  await step.run('close', () => autoClosePolls());\n});", filename: layer2, errors: [from('autoClosePolls', 'an `inngest.createFunction` callback', 4)] },
    { code: "import { schedules } from '@trigger.dev/sdk/v3';\nschedules.task({ id: 'dunning', cron: '0 3 * * *', run: async () => { await suspendAccount(id); } });", filename: layer2, errors: [from('suspendAccount', 'a `schedules.task` callback')] },
    // Work after the response.
    { code: "import { after } from 'next/server';\nafter(() => approveRefund(id));\nafter(approveRefund(other));", filename: layer2, errors: [from('approveRefund', 'an `after` callback', 2), from('approveRefund', 'an `after` callback', 3)] },
    { code: "import { waitUntil } from '@vercel/functions';\nwaitUntil(cancelSubscription(id));", filename: layer2, errors: [from('cancelSubscription', 'a `waitUntil` callback')] },
    {
      code: 'export default {\n  async fetch(request: Request, env: Env, ctx: ExecutionContext) {\n    ctx.waitUntil(approveRefund(id));\n    return new Response();\n  },\n  async scheduled(event: ScheduledEvent, env: Env) {\n    await escalateIncident(env.open);\n  },\n};',
      filename: layer2,
      errors: [from('approveRefund', 'a `ctx.waitUntil` promise', 3), from('escalateIncident', 'the `scheduled` handler of the default export', 7)],
    },
    { code: "addEventListener('fetch', (event) => {\n  event.waitUntil(closeIncident(id));\n});", filename: layer2, errors: [from('closeIncident', 'an `event.waitUntil` promise')] },
    // Runtimes' own globals: Deno Deploy's cron, Supabase Edge Functions' background tasks, Deno's and Bun's HTTP servers.
    { code: "Deno.cron('close stale', '0 * * * *', () => closeIncident(id));", filename: layer2, errors: [from('closeIncident', 'a `Deno.cron` callback')] },
    { code: "import { DurableObject } from 'cloudflare:workers';\nexport class Subscription extends DurableObject {\n  async alarm() {\n    await cancelSubscription(await this.ctx.storage.get('id'));\n  }\n}", filename: layer2, errors: [from('cancelSubscription', 'the `alarm` method of a `DurableObject`', 4)] },
    { code: "const kv = await Deno.openKv();\nkv.listenQueue((message) => approveRefund(message.id));", filename: layer2, errors: [from('approveRefund', 'a `kv.listenQueue` handler', 2)] },
    { code: 'EdgeRuntime.waitUntil(approveRefund(id));', filename: layer2, errors: [from('approveRefund', 'an `EdgeRuntime.waitUntil` promise')] },
    { code: 'Deno.serve(async (request) => {\n  await approveRefund(id);\n  return new Response();\n});', filename: layer2, errors: [from('approveRefund', 'a `Deno.serve` request handler', 2)] },
    { code: 'Bun.serve({\n  port: 3000,\n  async fetch(request) {\n    await banUser(id);\n    return new Response();\n  },\n});', filename: layer2, errors: [from('banUser', 'a `Bun.serve` request handler', 4)] },
    { code: "import { Queue, Worker } from 'npm:bullmq@5';\nnew Worker('refunds', async (job) => approveRefund(job.data.id));", filename: layer2, errors: [from('approveRefund', 'a `new Worker` callback', 2)] },
    // The Workflow DevKit's durable functions, and the file's own helpers they call.
    {
      code: "export async function moderate(userId: string) {\n  'use workflow';\n  await sleep('1d');\n  await banUser(userId);\n  await sweep();\n}\nasync function closeStale(id: string) {\n  'use step';\n  await closeIncident(id);\n}\nasync function sweep() {\n  await cancelSubscription(id);\n}",
      filename: layer2,
      errors: [from('banUser', 'the `"use workflow"` function `moderate`', 4), from('closeIncident', 'the `"use step"` function `closeStale`', 9), from('cancelSubscription', 'the `"use workflow"` function `moderate`', 12)],
    },
    // Deno's HTTP frameworks by every name Deno gives them: JSR, deno.land/x, npm: and an npm CDN; and the standard library's `serve`.
    { code: "import { Hono } from 'jsr:@hono/hono@^4.6';\nconst app = new Hono();\napp.post('/approve', (c) => approveRefund(c.req.param('id')));", filename: layer2, errors: [from('approveRefund', 'an `app.post` request handler', 3)] },
    { code: "import { Hono } from 'https://deno.land/x/hono@v3.12.11/mod.ts';\nconst app = new Hono();\napp.delete('/users/:id', (c) => deleteUser(c.req.param('id')));", filename: layer2, errors: [from('deleteUser', 'an `app.delete` request handler', 3)] },
    { code: "import { Hono } from 'https://esm.sh/hono@4.6.3?target=deno';\nconst app = new Hono();\napp.post('/ban', (c) => banUser(id));", filename: layer2, errors: [from('banUser', 'an `app.post` request handler', 3)] },
    { code: "import { Application, Router } from 'jsr:@oak/oak@17';\nconst router = new Router();\nrouter.post('/merge', (ctx) => mergePullRequest(ctx.params.pr));", filename: layer2, errors: [from('mergePullRequest', 'a `router.post` request handler', 3)] },
    { code: "import { serve } from 'https://deno.land/std@0.168.0/http/server.ts';\nserve(async (request) => {\n  await cancelSubscription(id);\n  return new Response();\n});", filename: layer2, errors: [from('cancelSubscription', 'a `serve` request handler', 3)] },
    // HTTP and webhook handlers: Next.js route handlers, Pages API routes, Express, Fastify, Hono.
    {
      code: "export async function POST(request: Request) {\n  const event = await verify(request);\n  if (event.type === 'charge.dispute.created') await stripe.subscriptions.cancel(event.data.object.subscription);\n}",
      filename: route,
      errors: [from('subscriptions.cancel', 'the `POST` route handler', 3)],
    },
    { code: 'export const POST = async () => { await deleteUser(id); };\nexport const DELETE = withAuth(async () => { await deleteAccount(id); });', filename: route, errors: [from('deleteUser', 'the `POST` route handler'), from('deleteAccount', 'the `DELETE` route handler')] },
    { code: 'async function handler() {\n  await prisma.user.delete({ where: { id } });\n}\nexport { handler as POST };', filename: route, errors: [from('user.delete', 'the `POST` route handler', 2)] },
    // Other frameworks' request handlers, by their files' conventions: Next.js middleware (`proxy` since Next.js 16),
    // SvelteKit endpoints and hooks, Astro endpoints, Remix and React Router route modules, Nitro and Nuxt server routes.
    { code: "export function middleware(request: Request) {\n  if (request.headers.get('x-spam')) banUser(request.headers.get('x-user'));\n}", filename: at('src/rollbacks/middleware.ts'), errors: [from('banUser', 'the `middleware` request handler', 2)] },
    { code: 'export default function proxy(request: Request) {\n  suspendAccount(request.url);\n}', filename: at('src/rollbacks/proxy.ts'), errors: [from('suspendAccount', 'the request handler', 2)] },
    { code: "export const POST = async ({ request }) => {\n  await approveRefund(await request.json());\n  return new Response(null, { status: 204 });\n};", filename: at('src/rollbacks/routes/api/refunds/+server.ts'), errors: [from('approveRefund', 'the `POST` route handler', 2)] },
    { code: 'export const handle = async ({ event, resolve }) => {\n  if (event.locals.flagged) await banUser(event.locals.user);\n  return resolve(event);\n};', filename: at('src/rollbacks/hooks.server.ts'), errors: [from('banUser', 'the `handle` server hook', 2)] },
    { code: 'export async function POST({ request }) {\n  await deleteUser(await request.text());\n  return new Response(null);\n}', filename: at('src/rollbacks/src/pages/api/users.ts'), errors: [from('deleteUser', 'the `POST` endpoint', 2)] },
    { code: 'export async function action({ request }) {\n  const form = await request.formData();\n  await cancelSubscription(form.get("id"));\n}\nexport default function Page() { return null; }', filename: at('src/rollbacks/app/routes/billing.tsx'), errors: [from('cancelSubscription', 'the `action` route function', 3)] },
    { code: 'export const loader = async () => {\n  await closeIncident(1);\n  return null;\n};', filename: at('src/rollbacks/app/routes/incidents/route.tsx'), errors: [from('closeIncident', 'the `loader` route function', 2)] },
    { code: 'export default defineEventHandler(async (event) => {\n  await approveBooking(getRouterParam(event, "id"));\n});', filename: at('src/rollbacks/server/api/bookings/[id].post.ts'), errors: [from('approveBooking', 'the event handler', 2)] },
    { code: 'export default async function handler(req: NextApiRequest, res: NextApiResponse) {\n  await mergePullRequest(req.body.pr);\n}', filename: at('src/rollbacks/pages/api/merge.ts'), errors: [from('mergePullRequest', 'the API route handler', 2)] },
    // Serverless functions: Azure's timer and HTTP functions, Firebase's HTTPS functions.
    { code: "import { app } from '@azure/functions';\napp.timer('cleanup', { schedule: '0 0 3 * * *', handler: async () => {\n  await deleteUser(uid);\n} });\napp.http('ban', { methods: ['POST'], handler: async (request) => {\n  await banUser(await request.text());\n  return { status: 204 };\n} });", filename: layer2, errors: [from('deleteUser', 'an `app.timer` callback', 3), from('banUser', 'an `app.http` request handler', 6)] },
    { code: "import { setInterval } from 'node:timers/promises';\nfor await (const tick of setInterval(60_000)) {\n  await closeIncident(tick);\n}", filename: layer2, errors: [from('closeIncident', 'a `setInterval` loop', 3)] },
    // A broker's consumer decides with no person to start it: a handler inside the options object, or passed on.
    { code: "import { Kafka } from 'kafkajs';\nconst consumer = new Kafka({ brokers }).consumer({ groupId: 'refunds' });\nawait consumer.run({\n  eachMessage: async ({ message }) => { await approveRefund(String(message.key)); },\n});", filename: layer2, errors: [from('approveRefund', 'a `consumer.run` callback', 4)] },
    { code: "import amqp from 'amqplib';\nconst channel = await (await amqp.connect(url)).createChannel();\nchannel.consume('reports', (message) => banUser(message.content.toString()));", filename: layer2, errors: [from('banUser', 'a `channel.consume` callback', 3)] },
    { code: "import { Consumer } from 'sqs-consumer';\nConsumer.create({ queueUrl, handleMessage: async (message) => { await cancelSubscription(message.Body); } });", filename: layer2, errors: [from('cancelSubscription', 'a `Consumer.create` callback', 2)] },
    { code: "import { onRequest, onCall } from 'firebase-functions/v2/https';\nexport const approve = onRequest(async (req, res) => {\n  await approveRefund(req.body.id);\n  res.sendStatus(204);\n});\nexport const reject = onCall((request) => rejectRefund(request.data.id));", filename: layer2, errors: [from('approveRefund', 'an `onRequest` request handler', 3), from('rejectRefund', 'an `onCall` request handler', 6)] },
    { code: "import express from 'express';\nconst app = express();\nconst router = express.Router();\napp.post('/refunds/:id/approve', (req, res) => approveRefund(req.params.id));\nrouter.delete('/users/:id', async (req) => deleteUser(req.params.id));", filename: layer2, errors: [from('approveRefund', 'an `app.post` request handler', 4), from('deleteUser', 'a `router.delete` request handler', 5)] },
    { code: "import Fastify from 'fastify';\nconst fastify = Fastify();\nfastify.route({ method: 'POST', url: '/deploy', handler: async () => deploy(release) });", filename: layer2, errors: [from('deploy', 'a `fastify.route` request handler')] },
    { code: "import { Hono } from 'hono';\nconst app = new Hono();\napp.post('/webhooks/github', async (c) => {\n  await octokit.rest.pulls.merge({ owner, repo, pull_number });\n  return c.text('ok');\n});", filename: layer2, errors: [from('pulls.merge', 'an `app.post` request handler', 4)] },
    // The file's own functions, called from an automated context.
    { code: "import express from 'express';\nconst app = express();\nfunction sweep() {\n  banUser(id);\n}\nconst handle = () => sweep();\napp.post('/sweep', handle);", filename: layer2, errors: [from('banUser', 'an `app.post` request handler', 4)] },
    // Event listeners a person does not trigger.
    { code: "emitter.on('alert', (alert) => escalateIncident(alert));", filename: layer1, errors: [decision] },
    { code: "bus.subscribe('sev1', (e) => incidents.resolveIncident(e.id));", filename: layer1, errors: [decision] },
    { code: "for (const type of ['click', 'message']) window.addEventListener(type, () => approveChange(id));", filename: layer2, errors: [from('approveChange', "a `window.addEventListener(…)` handler")] },
    { code: "process.on('message', (m) => rollbackDeploy(m.release));\nserver.on('connection', () => suspendAccount(id));\naddEventListener('message', () => deploy(release));", filename: layer2, errors: [decision, decision, decision] },
    { code: "new Worker('decisions', async (job) => { if (job.data.ok) rejectProposal(job.data); });\nimport { Worker } from 'bullmq';", filename: at('src/policy-evolution/new.ts'), errors: [decision] },
    { code: 'setImmediate(() => rollBack());', filename: layer2, errors: [decision] },
    // Callbacks passed by name.
    { code: 'function onTick() {\n  approveChange(id);\n}\nsetInterval(onTick, 1000);', filename: layer2, errors: [{ messageId: 'automatedDecision', line: 2 }] },
    { code: "const handler = async () => { await revertRelease(r); };\nprocess.on('SIGHUP', handler);", filename: layer2, errors: [decision] },
    { code: 'class Sweeper {\n  start() { setInterval(this.sweep, 1000); }\n  sweep() { banUser(id); }\n}', filename: layer2, errors: [{ messageId: 'automatedDecision', line: 3 }] },
    // Nested deeper inside the callback.
    { code: 'setInterval(() => { for (const c of changes) { if (c.ok) { approveChange(c); } } }, 10);', filename: layer2, errors: [decision] },
    // The decisions real applications make, by their names.
    {
      code: 'setInterval(async () => {\n  await banUser(id);\n  await autoClosePolls();\n  await suspendAccount(id);\n  await cancelSubscription(id);\n  await deleteUser(id);\n  await mergePullRequest(pr);\n  await deploy(release);\n  await ban(id);\n  await rollbackRelease(r);\n  await updateCancellationPolicy(p);\n  await relaxGuardrail(g);\n  await escalateIncident(i);\n  await autoApprove(change);\n}, 1000);',
      filename: layer2,
      errors: ['banUser', 'autoClosePolls', 'suspendAccount', 'cancelSubscription', 'deleteUser', 'mergePullRequest', 'deploy', 'ban', 'rollbackRelease', 'updateCancellationPolicy', 'relaxGuardrail', 'escalateIncident', 'autoApprove'].map((callee, i) => from(callee, 'a `setInterval` callback', i + 2)),
    },
    // Decisions on a model's verdict, whatever started the code.
    {
      code: "import OpenAI from 'openai';\nconst openai = new OpenAI();\nexport async function moderate(post: Post) {\n  const result = await openai.moderations.create({ input: post.text });\n  if (result.results[0]?.flagged) await ban(post.author);\n}",
      filename: layer2,
      errors: [{ messageId: 'modelDecision', line: 5, data: { ...layer2Words, callee: 'ban', model: 'openai' } }],
    },
    { code: "import { generateObject } from 'ai';\nconst { object } = await generateObject({ model, schema, prompt });\nswitch (object.verdict) {\n  case 'spam':\n    await suspendAccount(user);\n}", filename: layer2, errors: [{ messageId: 'modelDecision', line: 5 }] },
    { code: "import Anthropic from '@anthropic-ai/sdk';\nconst client = new Anthropic();\nasync function classify(text: string) {\n  return client.messages.create({ model, max_tokens: 5, messages: [{ role: 'user', content: text }] });\n}\nexport async function review(post: Post) {\n  const verdict = await classify(post.text);\n  if (verdict.stop_reason !== 'end_turn') return;\n  ban(post.author);\n}", filename: layer2, errors: [{ messageId: 'modelDecision', line: 9 }] },
    { code: "import { classify } from '@/lib/moderation';\nconst verdict = await classify(text);\nif (verdict === 'spam') ban(user);", filename: inApp, errors: [{ messageId: 'modelDecision', line: 3 }] },
    { code: "import { judge } from '@/lib/retry';\nif ((await judge(text)) === 'spam') ban(user);", filename: inApp, errors: [{ messageId: 'modelDecision', line: 2 }] },
    // Clients made in another file of the project.
    { code: "import { inngest } from '@/lib/inngest';\ninngest.createFunction({ id: 'a' }, { cron: '0 * * * *' }, async () => rollbackDeploy(latest));", filename: inApp, errors: [decision] },
    { code: "import { serve } from 'server';\nserve(async () => {\n  await approveRefund(id);\n  return new Response();\n});", filename: app('supabase/functions/rollbacks/index.ts'), errors: [from('approveRefund', 'a `serve` request handler', 3)] },
    { code: "import { app } from '../lib/server';\napp.post('/approve', (req) => approveChange(req.body.id));", filename: inApp, errors: [decision] },
    // Flags that switch the human step off.
    {
      code: 'const options = { autoApprove: true };',
      filename: layer2,
      errors: [
        {
          message:
            'Unexpected `autoApprove` switching a human step off in human-only Layer 2 (Change Management & Rollbacks), expected a person to decide: the contract says "Human-triggered only" (docs/operations/OPERATIONAL_LAYERS.md:51, Layer 2 — Change Management & Rollbacks).',
          line: 1,
          column: 19,
        },
      ],
    },
    { code: 'deploy({ skipHumanApproval: true });', filename: layer2, errors: [flag] },
    { code: "deploy({ 'auto-rollback': true });", filename: layer2, errors: [flag] },
    { code: 'deploy({ autoRollback });', filename: layer2, errors: [flag] },
    { code: 'config.autoRollback = isNight;', filename: layer2, errors: [flag] },
    { code: 'const AUTO_APPROVE = 1;', filename: layer2, errors: [flag] },
    { code: 'class Pipeline { autoMerge = true; }', filename: layer2, errors: [flag] },
    { code: 'moderation({ autoBan: true, autoSuspend: true });\nrender({ autoDeploy: true });', filename: layer2, errors: [flag, flag, flag] },
    { code: 'deploy({ requireHumanApproval: false, humanApproval: false });', filename: layer2, errors: [flag, flag] },
    { code: 'const el = <Rollout autoApprove />;', filename: at('src/rollbacks/new.tsx'), errors: [flag] },
    { code: 'const el = <Rollout requireApproval={false} />;', filename: at('src/rollbacks/new.tsx'), errors: [flag] },
    // Options: patterns, contexts and modules.
    { code: 'setInterval(() => signOff(id), 10);', filename: layer2, options: [{ decisionFunctions: ['^sign'] }], errors: [decision] },
    { code: 'setInterval(() => refunds.create(charge), 10);', filename: layer2, options: [{ decisionFunctions: ['^refunds\\.create$'] }], errors: [from('refunds.create', 'a `setInterval` callback')] },
    { code: 'deploy({ yolo: true });', filename: layer2, options: [{ automationFlags: ['^yolo$'] }], errors: [flag] },
    { code: 'export async function POST() {\n  setTimeout(() => banUser(id));\n  await banUser(id);\n}', filename: route, options: [{ contexts: ['timers'] }], errors: [from('banUser', 'a `setTimeout` callback', 2)] },
    { code: "import { schedule } from '@acme/jobs';\nschedule('nightly', () => approveChange(id));", filename: layer2, options: [{ extraModules: [{ name: '@acme/jobs', calls: ['schedule'] }] }], errors: [from('approveChange', 'a `schedule` callback')] },
    { code: "import { Router } from '@acme/http';\nconst router = new Router();\nrouter.handle('/approve', () => approveChange(id));", filename: layer2, options: [{ requestModules: ['@acme/http'] }], errors: [from('approveChange', 'a `router.handle` request handler')] },
    { code: "import { judge } from '@acme/llm';\nconst verdict = await judge(post);\nif (verdict.spam) ban(post.author);", filename: layer2, options: [{ modelModules: ['@acme/llm'] }], errors: [{ messageId: 'modelDecision', data: { ...layer2Words, callee: 'ban', model: '@acme/llm' } }] },
  ],
});

jsRuleTester.run('no-automated-decision (JavaScript)', eslintRule(rule), {
  valid: [
    { code: 'approveChange(id);', filename: at('src/rollbacks/new.js') },
    { code: "function load(require) {\n  const cron = require('node-cron');\n  cron.schedule('* * * * *', () => approveChange(id));\n}", filename: at('src/rollbacks/new.js') },
  ],
  invalid: [
    { code: 'setInterval(function () { approveChange(id); }, 10);', filename: at('src/rollbacks/new.js'), errors: [decision] },
    { code: "const cron = require('node-cron');\ncron.schedule('* * * * *', () => approveChange(id));", filename: at('src/rollbacks/new.cjs'), languageOptions: { sourceType: 'commonjs' }, errors: [from('approveChange', 'a `cron.schedule` callback')] },
    { code: "const { Worker } = require('bullmq');\nnew Worker('q', async (job) => banUser(job.data.id));", filename: at('src/rollbacks/new.cjs'), languageOptions: { sourceType: 'commonjs' }, errors: [decision] },
  ],
});

describe('the rule doc', () => {
  const doc = readFileSync(join(packageRoot, 'docs/rules/no-automated-decision.md'), 'utf8');

  it('lists the default decision patterns, so a project can repeat them to extend the list', () => {
    const listed = /The default `decisionFunctions`:\n\n```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(JSON.parse(listed ?? 'null')).toEqual(defaultDecisionFunctions);
  });

  it('names every default request and model module', () => {
    for (const name of [...defaultRequestModules, ...defaultModelModules]) expect(doc).toContain(`\`${name}\``);
  });
});
