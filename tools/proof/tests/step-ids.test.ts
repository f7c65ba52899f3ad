import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadProofStepIds } from '../src/step-ids.js';
import { CONFIG_TYPES, SLOW_TEST_TIMEOUT } from './helpers.js';

// The docs linter's .remarkrc.js reads the proof's step ids for the runbook's
// schema: they must always be the configuration's as it is now.

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function config(ids: readonly string[], preamble = ''): string {
  const steps = ids.map((id) => `    { id: ${id}, title: 'Step', command: ['true'], timeoutSeconds: 60, pass: { exitCode: 0 } },`);
  return `import type { ProofConfig } from ${JSON.stringify(CONFIG_TYPES)};\n${preamble}\nexport default {\n  steps: [\n${steps.join('\n')}\n  ],\n  environment: { allow: ['PATH'] },\n} satisfies ProofConfig;\n`;
}

function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'proof-step-ids-'));
  made.push(root);
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('loadProofStepIds', { timeout: SLOW_TEST_TIMEOUT }, () => {
  it('gives the ids in declared order from the nearest configuration, as it is at each call', async () => {
    const root = repository({
      'proof.config.ts': config(['first', 'second'], "import { first } from './ids/first.js';\nimport { second } from './ids/second';"),
      'ids/first.ts': "export const first = 'alpha';\n",
      'ids/second.ts': "export { second } from './deeper/index.js';\n",
      'ids/deeper/index.ts': "export const second = 'beta';\n",
      'src/nested/.keep': '',
    });
    expect(await loadProofStepIds(join(root, 'src', 'nested'))).toEqual(['alpha', 'beta']);
    writeFileSync(join(root, 'ids', 'deeper', 'index.ts'), "export const second = 'gamma';\n");
    expect(await loadProofStepIds(root)).toEqual(['alpha', 'gamma']);
    writeFileSync(join(root, 'proof.config.ts'), config(["'two'", "'one'"]));
    expect(await loadProofStepIds(root)).toEqual(['two', 'one']);
  });

  it('gives what a configuration that reads the environment says now', async () => {
    const root = repository({ 'proof.config.ts': config(['`${prefix}-one`'], "const prefix = process.env.STEP_PREFIX ?? 'x';") });
    expect(await loadProofStepIds(root)).toEqual(['x-one']);
    vi.stubEnv('STEP_PREFIX', 'y');
    try {
      expect(await loadProofStepIds(root)).toEqual(['y-one']);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('throws with the configuration\'s problems, every time', async () => {
    const root = repository({ 'proof.config.ts': "export default { steps: [{ id: 'Not An Id!' }], environment: { allow: [] } };\n" });
    await expect(loadProofStepIds(root)).rejects.toThrow(/proof\.config\.ts: steps\[0\]\.id: Unexpected/u);
    await expect(loadProofStepIds(root)).rejects.toThrow(/proof\.config\.ts: steps\[0\]\.id: Unexpected/u);
  });

  it('throws when no folder at or above holds a configuration', async () => {
    const root = repository({});
    await expect(loadProofStepIds(root)).rejects.toThrow(`No proof.config.ts in ${root} or any folder above it`);
  });

  it('writes nothing, in the repository or in a cache folder', async () => {
    const userCache = mkdtempSync(join(tmpdir(), 'proof-step-ids-user-cache-'));
    made.push(userCache);
    vi.stubEnv('XDG_CACHE_HOME', userCache);
    try {
      const root = repository({ 'proof.config.ts': config(["'one'"]), 'node_modules/.keep': '' });
      expect(await loadProofStepIds(root)).toEqual(['one']);
      expect(readdirSync(root).sort()).toEqual(['node_modules', 'package.json', 'proof.config.ts']);
      expect(readdirSync(join(root, 'node_modules'))).toEqual(['.keep']);
      expect(readdirSync(userCache)).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
