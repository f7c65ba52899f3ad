import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadProofStepIds, stepIdsKey } from '../src/load-config.js';

// The repository's .remarkrc.js reads the proof's step ids for the runbook's
// schema; they are kept in the runner's cache folder between runs. A cache that
// could go stale would let the runbook disagree with the proof unnoticed.

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

// A repository without node_modules keeps the cache in the user's cache folder: a temporary one here.
beforeEach(() => {
  const userCache = mkdtempSync(join(tmpdir(), 'proof-step-ids-user-cache-'));
  made.push(userCache);
  vi.stubEnv('XDG_CACHE_HOME', userCache);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const step = (id: string, extra = '') => `{ id: ${id}, title: 'Step', command: ['true'], timeoutSeconds: 60, pass: { exitCode: 0 } }${extra}`;

function config(ids: readonly string[], preamble = ''): string {
  return `import type { ProofConfig } from './tools/proof/src/config.js';\n${preamble}\nexport default {\n  steps: [\n${ids.map((id) => `    ${step(id)},`).join('\n')}\n  ],\n  environment: { allow: ['PATH'] },\n} satisfies ProofConfig;\n`;
}

function repository(source: string, withModules = true): string {
  const root = mkdtempSync(join(tmpdir(), 'proof-step-ids-'));
  made.push(root);
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  if (withModules) mkdirSync(join(root, 'node_modules'));
  writeFileSync(join(root, 'proof.config.ts'), source);
  return root;
}

const cacheFile = (root: string) => join(root, 'node_modules', '.cache', 'bookiji-proof', 'step-ids.json');

describe('the cache of proof step ids', { timeout: 60_000 }, () => {
  it('is written under node_modules/.cache and read back while nothing changed', async () => {
    const root = repository(config(["'one'", "'two'"]));
    expect(await loadProofStepIds(root)).toEqual(['one', 'two']);
    expect(existsSync(cacheFile(root))).toBe(true);
    const entry = JSON.parse(readFileSync(cacheFile(root), 'utf8')) as { key: string; ids: string[] };
    expect(entry).toEqual({ key: stepIdsKey(join(root, 'proof.config.ts')), ids: ['one', 'two'] });
    // Read back: an entry with the right key is used as it is.
    writeFileSync(cacheFile(root), JSON.stringify({ key: entry.key, ids: ['from-cache'] }));
    expect(await loadProofStepIds(root)).toEqual(['from-cache']);
  });

  it('sees a changed configuration at once', async () => {
    const root = repository(config(["'one'", "'two'"]));
    expect(await loadProofStepIds(root)).toEqual(['one', 'two']);
    writeFileSync(join(root, 'proof.config.ts'), config(["'two'", "'one'"]));
    expect(await loadProofStepIds(root)).toEqual(['two', 'one']);
    // One byte is enough, even a comment.
    writeFileSync(join(root, 'proof.config.ts'), `${config(["'two'", "'one'"])}// changed\n`);
    writeFileSync(cacheFile(root), JSON.stringify({ key: 'stale', ids: ['stale'] }));
    expect(await loadProofStepIds(root)).toEqual(['two', 'one']);
  });

  it('sees a changed local module that the configuration imports, however deep', async () => {
    const root = repository(config(['first', 'second'], "import { first } from './ids/first.js';\nimport { second } from './ids/second';"));
    mkdirSync(join(root, 'ids'));
    writeFileSync(join(root, 'ids', 'first.ts'), "export const first = 'alpha';\n");
    writeFileSync(join(root, 'ids', 'second.ts'), "export { second } from './deeper/index.js';\n");
    mkdirSync(join(root, 'ids', 'deeper'));
    writeFileSync(join(root, 'ids', 'deeper', 'index.ts'), "export const second = 'beta';\n");
    expect(await loadProofStepIds(root)).toEqual(['alpha', 'beta']);
    expect(existsSync(cacheFile(root))).toBe(true);
    writeFileSync(join(root, 'ids', 'deeper', 'index.ts'), "export const second = 'gamma';\n");
    expect(await loadProofStepIds(root)).toEqual(['alpha', 'gamma']);
    writeFileSync(join(root, 'ids', 'first.ts'), "export const first = 'delta';\n");
    expect(await loadProofStepIds(root)).toEqual(['delta', 'gamma']);
  });

  it('is never used for a configuration that reads the environment, the clock, files or packages', async () => {
    for (const preamble of [
      "const prefix = process.env.STEP_PREFIX ?? 'x';",
      "const prefix = new Date(0).getTime() === 0 ? 'x' : 'y';",
      "import { readFileSync } from 'node:fs';\nconst prefix = readFileSync ? 'x' : 'y';",
      "const name = './prefix.js';\nconst prefix = ((await import(name)) as { prefix: string }).prefix;",
    ]) {
      const root = repository(config(['`${prefix}-one`'], preamble));
      writeFileSync(join(root, 'prefix.ts'), "export const prefix = 'x';\n");
      expect(stepIdsKey(join(root, 'proof.config.ts'))).toBe(null);
      expect(await loadProofStepIds(root)).toHaveLength(1);
      expect(existsSync(cacheFile(root))).toBe(false);
    }
    const root = repository(config(['`${prefix}-one`'], "const prefix = process.env.STEP_PREFIX ?? 'x';"));
    expect(await loadProofStepIds(root)).toEqual(['x-one']);
    process.env.STEP_PREFIX = 'y';
    try {
      expect(await loadProofStepIds(root)).toEqual(['y-one']);
    } finally {
      delete process.env.STEP_PREFIX;
    }
  });

  it('leaves nothing in a repository without node_modules', async () => {
    const root = repository(config(["'one'"]), false);
    expect(await loadProofStepIds(root)).toEqual(['one']);
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
  });

  it('still fails on a configuration that does not validate, every time', async () => {
    const root = repository("export default { steps: [{ id: 'Not An Id!' }], environment: { allow: [] } };\n");
    await expect(loadProofStepIds(root)).rejects.toThrow(/proof\.config\.ts/u);
    await expect(loadProofStepIds(root)).rejects.toThrow(/proof\.config\.ts/u);
    expect(existsSync(cacheFile(root))).toBe(false);
  });
});
