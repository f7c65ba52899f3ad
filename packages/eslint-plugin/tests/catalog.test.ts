import { describe, expect, it } from 'vitest';
import { mentionOf, moduleKey } from '../src/automation/catalog.js';
import { tracking } from '../src/automation/origin.js';

describe('moduleKey', () => {
  it.each([
    ['bullmq', 'bullmq'],
    ['node:worker_threads', 'worker_threads'],
    ['npm:bullmq@5.1', 'bullmq'],
    ['npm:@trigger.dev/sdk@3/v3', '@trigger.dev/sdk/v3'],
    ['https://esm.sh/bullmq@5?target=deno', 'bullmq'],
    ['https://esm.sh/v135/@upstash/qstash@2.7.0', '@upstash/qstash'],
    ['https://esm.sh/*hono@4/cors', 'hono/cors'],
    ['https://cdn.jsdelivr.net/npm/node-cron@3/+esm', 'node-cron'],
    ['https://unpkg.com/croner@9', 'croner'],
    ['https://cdn.skypack.dev/agenda', 'agenda'],
    ['https://ga.jspm.io/npm:bree@9.2.4', 'bree'],
    ['jsr:@hono/hono@^4.6', 'jsr:@hono/hono'],
    ['jsr:@std/http@1/file-server', 'jsr:@std/http/file-server'],
    ['https://deno.land/x/oak@v12.6.1/mod.ts', 'https://deno.land/x/oak/mod.ts'],
    ['https://deno.land/std@0.168.0/http/server.ts', 'https://deno.land/std/http/server.ts'],
    ['https://example.com/bullmq@5', 'https://example.com/bullmq@5'],
  ])('names %s as %s', (specifier, key) => {
    expect(moduleKey(specifier)).toBe(key);
  });

  it('keeps a key written without a version as it is', () => {
    for (const key of ['jsr:@hono/hono', 'https://deno.land/x/hono/mod.ts', 'https://deno.land/std/http/server.ts', '@koa/router']) expect(moduleKey(key)).toBe(key);
  });
});

describe('tracking', () => {
  const { mentions } = tracking(['bullmq', 'jsr:@hono/hono', 'https://deno.land/x/oak/mod.ts'].map(moduleKey));

  it('finds a tracked module however Node or Deno names it in an import', () => {
    for (const text of ["from 'bullmq'", 'from "node:bullmq"', "from 'npm:bullmq@5'", 'from "https://esm.sh/bullmq@5?target=deno"', "from 'jsr:@hono/hono@4'", "from 'https://deno.land/x/oak@v12.6.1/mod.ts'", "from 'bullmq/dist/x'"]) {
      expect(mentions?.test(text), text).toBe(true);
    }
  });

  it('does not take a longer name, or the name in prose, for it', () => {
    for (const text of ["from 'bullmq-pro'", '// uses bullmq', "from 'https://esm.sh/not-bullmq@5'", "from 'jsr:@hono/hono-extras'"]) expect(mentions?.test(text), text).toBe(false);
  });

  it('reads a jsr: or deno.land key as the package its specifiers spell', () => {
    expect(mentionOf('jsr:@hono/hono/jsx')).toBe('@hono/hono/jsx');
    expect(mentionOf('https://deno.land/x/oak/mod.ts')).toBe('deno.land/x/oak');
    expect(mentionOf('https://deno.land/std/http/server.ts')).toBe('deno.land/std');
  });
});
