import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../src/rules/no-background-execution.js';
import { at, contractText, jsRuleTester, ruleTester, settings, eslintRule, setStatus, tempDir } from '../helpers.js';

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

ruleTester.run('no-background-execution', eslintRule(rule), {
  valid: [
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
    // Only the listed exports of a module count; type-only imports run nothing.
    { code: "import { Job } from 'bullmq';\nimport type { Worker } from 'bullmq';\nimport { type Queue } from 'bullmq';", filename: layer1 },
    { code: "import { isMainThread, parentPort } from 'node:worker_threads';", filename: layer1 },
    { code: "import * as threads from 'node:worker_threads';\nconsole.log(threads.isMainThread);", filename: layer1 },
    { code: "const { isMainThread } = require('worker_threads');", filename: layer1 },
    // Re-exports of names that run nothing, or of types only.
    { code: "export { isMainThread, parentPort } from 'node:worker_threads';", filename: layer1 },
    { code: "export type { Worker } from 'bullmq';\nexport { type Queue } from 'bullmq';", filename: layer1 },
    { code: "export type * from 'node-cron';", filename: layer1 },
    { code: 'emitter.on("message", () => {});', filename: layer1 },
    // An active layer whose section demands nothing of a person: Layer 0.
    { code: 'setInterval(() => {}, 1000);', filename: join(active, 'src/layer-0/new.ts') },
    // A replaced list no longer holds the defaults.
    { code: "import cron from 'node-cron';", filename: layer1, options: [{ modules: ['toad-scheduler'] }] },
  ],
  invalid: [
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
    // The same while its section still says `NOT IMPLEMENTED`, which the contract reports as a contradiction.
    {
      code: 'setInterval(() => {}, 1000);',
      filename: join(activeButNotImplemented, 'src/policy-evolution/new.ts'),
      errors: [{ messageId: 'contractMalformed', line: 1 }, { messageId: 'backgroundExecution', data: { kind: 'human-only', layer: 4, name: 'Policy Evolution & Guardrail Improvement', words: 'NO automation', section: 'docs/operations/OPERATIONAL_LAYERS.md:90, Layer 4 — Policy Evolution & Guardrail Improvement', what: '`setInterval`' } }],
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
  ],
});

jsRuleTester.run('no-background-execution (JavaScript)', eslintRule(rule), {
  valid: [{ code: 'setTimeout(done, 10);', filename: at('src/incident-response/new.js') }],
  invalid: [
    { code: "const cron = require('node-cron');\ncron.schedule('* * * * *', run);", filename: at('src/incident-response/new.cjs'), languageOptions: { sourceType: 'commonjs' }, errors: [background] },
    { code: 'setInterval(run, 1000);', filename: at('src/incident-response/new.mjs'), errors: [background] },
  ],
});
