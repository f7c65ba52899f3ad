import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eslintMajor, fixtures } from './helpers.js';

/** A Next.js application with a BullMQ worker, Inngest functions and a Cloudflare Worker, its folders mapped to the contract's layers. */
const app = join(fixtures, 'apps/booking-platform');

interface Message {
  readonly ruleId: string | null;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * Lints the application as its own `npx eslint .` would, through ESLint's
 * Node API from the application's folder, so its own eslint.config.mjs is
 * loaded; in a child process, where the plugin resolves to its sources.
 */
const lintApp = `
const { ESLint } = process.env.BOOKIJI_ESLINT === '10' ? await import('eslint-v10') : await import('eslint');
const eslint = new ESLint({ cwd: process.cwd() });
const results = await eslint.lintFiles(['.']);
const byFile = {};
for (const result of results) {
  byFile[result.filePath.slice(process.cwd().length + 1).split('\\\\').join('/')] = result.messages.map(({ ruleId, line, column, message }) => ({ ruleId, line, column, message }));
}
process.stdout.write(JSON.stringify({ version: ESLint.version, byFile }));
`;

let version = '';
let byFile: Record<string, readonly Message[]> = {};

beforeAll(() => {
  const output = execFileSync(process.execPath, ['--conditions=@bookiji/source', '--import', 'tsx', '--input-type=module', '--eval', lintApp], {
    cwd: app,
    encoding: 'utf8',
    env: { ...process.env, BOOKIJI_ESLINT: String(eslintMajor) },
  });
  ({ version, byFile } = JSON.parse(output) as { version: string; byFile: Record<string, readonly Message[]> });
}, 120_000);

const reports = (file: string): string[] => (byFile[file] ?? []).map((message) => `${message.ruleId}@${message.line}:${message.column}`);
const message = (file: string, ruleId: string, line: number): string => byFile[file]?.find((found) => found.ruleId === ruleId && found.line === line)?.message ?? '';

describe('the booking platform, linted from its own folder', () => {
  it('runs on the ESLint under test', () => {
    expect(version.split('.')[0]).toBe(String(eslintMajor));
  });

  it('reports each piece of background work and each decision taken without a person, and nothing else', () => {
    const reported: Record<string, string[]> = {};
    for (const file of Object.keys(byFile)) if (reports(file).length > 0) reported[file] = reports(file);
    expect(reported).toEqual({
      // Layer 1: a webhook cancels a customer's subscription.
      'app/api/webhooks/stripe/route.ts': ['@bookiji/no-automated-decision@10:11'],
      // Layer 1: a BullMQ worker bans users on a model's verdict, and a repeating job feeds it (the queue is made in lib/queue.ts).
      'workers/moderation.worker.ts': ['@bookiji/no-background-execution@1:1', '@bookiji/no-background-execution@8:7', '@bookiji/no-automated-decision@14:35'],
      // Layer 1: a Cloudflare cron trigger escalates incidents after it returns.
      'edge/incident-digest.ts': [
        '@bookiji/no-background-execution@7:9',
        '@bookiji/no-background-execution@8:5',
        '@bookiji/no-automated-decision@8:19',
        '@bookiji/no-automated-decision@15:43',
      ],
      // Layer 2: a refund request approves itself after the response.
      'app/api/admin/refunds/[id]/route.ts': ['@bookiji/no-background-execution@7:3', '@bookiji/no-automated-decision@7:15'],
      // Layer 4, dormant: an Inngest cron function (its client made in lib/inngest.ts) changes a policy.
      'inngest/tune-cancellation-policy.ts': ['@bookiji/no-dormant-layer-code@1:1', '@bookiji/no-background-execution@6:39', '@bookiji/no-automated-decision@8:24'],
      // Layer 4, dormant: the script .github/workflows/nightly.yml runs.
      'scripts/policy/suggest-guardrails.ts': ['@bookiji/no-dormant-layer-code@1:1'],
      // Layer 5, dormant: the route vercel.json's cron calls.
      'app/api/cron/weekly-reflection/route.ts': ['@bookiji/no-dormant-layer-code@1:1'],
      // In no layer: Inngest's endpoint serves the dormant function.
      'app/api/inngest/route.ts': ['@bookiji/no-dormant-layer-import@3:40'],
    });
  });

  it('says what runs each decision and what each piece of background work is', () => {
    expect(message('app/api/webhooks/stripe/route.ts', '@bookiji/no-automated-decision', 10)).toContain('Unexpected call to `subscriptions.cancel` from the `POST` route handler in human-only Layer 1 (Incident Response & Learning)');
    expect(message('workers/moderation.worker.ts', '@bookiji/no-background-execution', 8)).toContain('Unexpected `moderationQueue.add` (`Queue#add` of `bullmq`) in human-only Layer 1');
    expect(message('workers/moderation.worker.ts', '@bookiji/no-automated-decision', 14)).toContain('Unexpected call to `banUser` from a `new Worker` callback');
    expect(message('edge/incident-digest.ts', '@bookiji/no-background-execution', 7)).toContain('Unexpected `scheduled` handler of the default export (run by a cron trigger)');
    expect(message('edge/incident-digest.ts', '@bookiji/no-automated-decision', 15)).toContain('Unexpected call to `escalateIncident` from a `ctx.waitUntil` promise');
    expect(message('app/api/admin/refunds/[id]/route.ts', '@bookiji/no-background-execution', 7)).toContain('Unexpected `after` (`after` of `next/server`) in human-only Layer 2 (Change Management & Rollbacks)');
    expect(message('app/api/admin/refunds/[id]/route.ts', '@bookiji/no-automated-decision', 7)).toContain('Unexpected call to `approveRefund` from an `after` callback');
    expect(message('inngest/tune-cancellation-policy.ts', '@bookiji/no-background-execution', 6)).toContain('Unexpected `inngest.createFunction` (`Inngest#createFunction` of `inngest`) in dormant Layer 4');
    expect(message('inngest/tune-cancellation-policy.ts', '@bookiji/no-automated-decision', 8)).toContain('Unexpected call to `updateCancellationPolicy` from an `inngest.createFunction` callback');
  });

  it('reports nothing in the files a person drives: a state setter named setInterval, Array#every, a pointerdown handler', () => {
    for (const file of ['app/admin/billing/interval-picker.tsx', 'app/admin/changes/review.ts', 'app/admin/changes/approve-button.tsx', 'app/admin/_lib/changes.ts', 'app/admin/_lib/refunds.ts', 'hooks/use-billing-interval.ts']) {
      expect(byFile[file], file).toEqual([]);
    }
  });
});
