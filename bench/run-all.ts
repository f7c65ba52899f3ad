/**
 * Runs every benchmark under bench/ one after another, so their ratios print in one place.
 * Each runs in a process group of its own; on Ctrl-C, SIGTERM or SIGHUP the group of the one
 * in flight (the benchmark and every process it started) is killed, so nothing is left behind.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== 'run-all.ts')
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();

let current: ChildProcess | null = null;
const signalNumbers = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
for (const signal of Object.keys(signalNumbers) as (keyof typeof signalNumbers)[]) {
  process.on(signal, () => {
    if (current?.pid !== undefined) {
      try {
        process.kill(-current.pid, 'SIGTERM');
      } catch {
        // The group is gone already.
      }
    }
    process.exit(128 + signalNumbers[signal]);
  });
}

function runScript(script: string): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--conditions=@bookiji/source', '--import', 'tsx', join(benchDir, script)], { stdio: 'inherit', detached: true });
    current = child;
    child.on('exit', (code) => {
      current = null;
      done(code ?? 1);
    });
  });
}

let failed = 0;
for (const script of scripts) {
  console.log(`\n# ${script}`);
  if ((await runScript(script)) !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
