// The editor's path in one long-lived process: a new ESLint instance and a
// lintText with the file's path for every validation. Each file is linted five
// times without the plugin and five times with it, interleaved, and the
// fastest of each five is kept, so a moment of load from other work on a
// shared machine does not count as the plugin's. The very first lint of each
// kind (cold caches) is reported apart. Prints the times (wall and CPU, ms) as JSON.
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { configFor } from './configs.mjs';

const [root, ...files] = process.argv.slice(2);
const repeats = 5;
// Each config is made once, as the server imports eslint.config.js once while the file is unchanged (ESLint keys the import on its modification time).
const configs = { 'typescript-eslint': await configFor('typescript-eslint', root), 'with-bookiji': await configFor('with-bookiji', root) };
async function lintOnce(variant, file, code) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: configs[variant] });
  await eslint.lintText(code, { filePath: file });
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
}
const fastest = (runs) => ({ wall: Math.min(...runs.map((run) => run.wall)), cpu: Math.min(...runs.map((run) => run.cpu)) });
const times = [];
let cold = null;
for (const file of files) {
  const code = readFileSync(file, 'utf8');
  const without = [];
  const withPlugin = [];
  for (let round = 0; round < repeats; round += 1) {
    if (round % 2 === 0) {
      without.push(await lintOnce('typescript-eslint', file, code));
      withPlugin.push(await lintOnce('with-bookiji', file, code));
    } else {
      withPlugin.push(await lintOnce('with-bookiji', file, code));
      without.push(await lintOnce('typescript-eslint', file, code));
    }
  }
  cold ??= { without: without[0], with: withPlugin[0] };
  times.push({ without: fastest(without), with: fastest(withPlugin) });
}
process.stdout.write(JSON.stringify({ cold, times }));
