import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/index.js';
import { CONFIG_TYPES, configSource, node, SLOW_TEST_TIMEOUT } from './helpers.js';

// loadConfig, in this process: the compiler is loaded once for every test
// here, where the CLI loads it cold for each run. How the CLI prints these
// messages and exits is in proof.test.ts.

const made: string[] = [];
const userCache = realpathSync(mkdtempSync(join(tmpdir(), 'bookiji-proof-load-cache-')));
made.push(userCache);
vi.stubEnv('XDG_CACHE_HOME', userCache);
afterAll(() => {
  vi.unstubAllEnvs();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'bookiji-proof-load-')));
  made.push(root);
  for (const [path, content] of Object.entries(files)) writeFileSync(join(root, path), content);
  return root;
}

async function messagesOf(files: Record<string, string>): Promise<readonly string[]> {
  const result = await loadConfig(folder({ 'package.json': '{ "type": "module" }\n', ...files }));
  return result.ok ? [] : result.messages;
}

describe('loadConfig', { timeout: SLOW_TEST_TIMEOUT }, () => {
  it('refuses a default export that is not a ProofConfig even without `satisfies`, at line 1', async () => {
    expect(await messagesOf({ 'proof.config.ts': 'export default { steps: [{ id: "one" }] };\n' })).toEqual([
      expect.stringMatching(/^proof\.config\.ts:1:1: TS\d+ Unexpected default export that is not a `ProofConfig`, expected one \(write it as `export default \{ … \} satisfies ProofConfig`, or with `as const`, so the literal keeps its exact types\): /),
    ]);
  });

  it('refuses a file without a default export', async () => {
    expect(await messagesOf({ 'proof.config.ts': 'export const steps = [];\n' })).toEqual([
      expect.stringMatching(/^proof\.config\.ts:1:1: TS\d+ Unexpected file without a default export, expected the configuration as `export default \{ … \} satisfies ProofConfig`$/),
    ]);
  });

  it('names a problem the type check cannot see, with its path in the configuration', async () => {
    expect(await messagesOf({ 'proof.config.ts': configSource([{ id: 'one', command: node('0') }, { id: 'two', command: node('0') }], [['one', 'three']]) })).toEqual([
      'proof.config.ts: parallel[0][1]: Unexpected unknown step `three`, expected one of `one`, `two`',
    ]);
  });

  it("takes a CommonJS project's `export default` as the configuration, as ES module projects do", async () => {
    const result = await loadConfig(folder({ 'package.json': '{ "name": "old-style" }\n', 'proof.config.ts': configSource([{ id: 'one', command: node('0'), precondition: true }]) }));
    expect(result.ok ? result.loaded.config.steps.map((step) => [step.id, step.precondition]) : result.messages).toEqual([['one', true]]);
  });

  it('allows relative imports without an extension, as tsx loads them', async () => {
    const config = [
      `import type { ProofConfig } from ${JSON.stringify(CONFIG_TYPES)};`,
      "import { steps } from './steps';",
      "export default { steps, environment: { allow: ['PATH'] } } satisfies ProofConfig;",
      '',
    ].join('\n');
    const steps = "export const steps = [{ id: 'one', title: 'One', command: ['true'], timeoutSeconds: 5, pass: { exitCode: 0 } }] as const;\n";
    expect(await messagesOf({ 'proof.config.ts': config, 'steps.ts': steps })).toEqual([]);
  });
});
