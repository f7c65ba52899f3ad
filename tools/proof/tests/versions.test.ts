import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { versionOf } from '../src/versions.js';
import { SLOW_TEST_TIMEOUT } from './helpers.js';

describe('toolchain versions', { timeout: SLOW_TEST_TIMEOUT }, () => {
  it('probes a program once per installed version and again after it changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bookiji-proof-versions-'));
    mkdirSync(join(dir, 'node_modules'));
    const program = join(dir, 'tool');
    const calls = join(dir, 'calls');
    writeFileSync(calls, '');
    const install = (version: string): void => {
      writeFileSync(program, `#!/bin/sh\necho probed >> ${JSON.stringify(calls)}\necho v${version}\n`);
      chmodSync(program, 0o755);
    };
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    install('1.2.3');
    expect(await versionOf(program, env, dir)).toBe('1.2.3');
    expect(await versionOf(program, env, dir)).toBe('1.2.3');
    expect(readFileSync(calls, 'utf8')).toBe('probed\n');
    install('1.2.4');
    expect(await versionOf(program, env, dir)).toBe('1.2.4');
    expect(readFileSync(calls, 'utf8')).toBe('probed\nprobed\n');
    appendFileSync(program, 'exit 1\n');
    expect(await versionOf(program, env, dir)).toBe(null);
    expect(await versionOf(null, env, dir)).toBe(null);
  });

  it('keeps its cache in the user cache folder for a repository without node_modules, so it never leaves files there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bookiji-proof-versions-'));
    const userCache = mkdtempSync(join(tmpdir(), 'bookiji-proof-user-cache-'));
    vi.stubEnv('XDG_CACHE_HOME', userCache);
    try {
      const program = join(dir, 'tool');
      const calls = join(dir, 'calls');
      writeFileSync(calls, '');
      writeFileSync(program, `#!/bin/sh\necho probed >> ${JSON.stringify(calls)}\necho v2.0.0\n`);
      chmodSync(program, 0o755);
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
      expect(await versionOf(program, env, dir)).toBe('2.0.0');
      expect(await versionOf(program, env, dir)).toBe('2.0.0');
      expect(readFileSync(calls, 'utf8')).toBe('probed\n');
      expect(readdirSync(dir).sort()).toEqual(['calls', 'tool']);
      expect(readdirSync(join(userCache, 'bookiji-proof'))).toHaveLength(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
